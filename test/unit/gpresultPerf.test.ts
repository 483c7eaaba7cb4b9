import * as assert from 'node:assert/strict';
import { parseGpresult } from '../../src/parse/gpresult';
import { readFixture, toCrlf } from './fixtures';

// The fast paths of parseGpresult (headings and labels compared in place, lines sliced only where
// kept, `trim()` only for rare white space) must read what the folded, trimmed text says.
const EN = 'gpupdate-gpresult/gpresult-r-dc-admin-user-and-computer-groups.txt';
const FR = 'extra/fr-gpresult-r-banner-computer-and-user-domain-admin.txt';

describe('gpresult fast paths (unit)', () => {
  it('finds the French headings with the typographic apostrophe, the ASCII one, decomposed accents and in upper case', () => {
    const fr = readFixture(FR);
    assert.match(fr, /L’utilisateur fait partie/);
    for (const variant of [fr, fr.replace(/’/g, "'"), fr.normalize('NFD'), fr.toUpperCase(), toCrlf(fr)]) {
      const g = parseGpresult(variant).value;
      assert.equal(g.userGroups.length, 16);
      assert.equal(g.computerGroups.length, 10);
      assert.equal(g.appliedGpos.computer.length, 3);
      assert.equal(g.filteredGpos.length, 2);
      assert.deepEqual(g.filteredGpos.map((f) => f.scope), ['computer', 'user']);
    }
    const g = parseGpresult(fr).value;
    assert.equal(g.user, 'NOVACORP\\Administrateur');
    assert.equal(g.computer, 'CLT01');
    assert.equal(g.userGroups[0], 'Utilisateurs du domaine');
    assert.equal(g.computerGroups[0], 'Administrateurs');
    assert.deepEqual(g.lastApplied, { user: '02/10/2026 à 14:14:42', computer: '02/10/2026 à 14:14:41' });
    assert.equal(g.domain, 'NOVACORP');
    assert.equal(g.userDn, 'CN=Administrateur,CN=Users,DC=novacorp,DC=test');
    assert.deepEqual(g.filteredGpos[0], { name: 'Stratégie de groupe locale', reason: 'Non appliqué (vide)', scope: 'computer' });
  });

  it('reads the upper-cased English output: labels, DN and RSOP line compared without case', () => {
    const g = parseGpresult(readFixture(EN).toUpperCase()).value;
    assert.equal(g.user, 'ACC\\ADMINISTRATOR');
    assert.equal(g.computer, 'DC');
    assert.equal(g.userDn, 'CN=ADMINISTRATOR,CN=USERS,DC=ACC,DC=LAB');
    assert.deepEqual(g.lastApplied, { user: '5/30/2024 AT 8:16:36 AM', computer: '5/30/2024 AT 8:25:21 AM' });
    assert.equal(g.domain, 'ACC');
    assert.deepEqual(g.appliedGpos, { user: [], computer: ['DEFAULT DOMAIN CONTROLLERS POLICY', 'DEFAULT DOMAIN POLICY', 'REMOTE DESKTOP', 'LOCAL GROUP POLICY'] });
    assert.equal(g.userGroups.length, 17);
    assert.equal(g.computerGroups.length, 14);
  });

  it('trims white space other than blanks around an item (ideographic space, NBSP after the indent)', () => {
    const en = readFixture(EN);
    const plain = parseGpresult(en).value;
    assert.equal(plain.userGroups[0], 'Domain Users');
    assert.equal(plain.computerGroups[0], 'BUILTIN\\Administrators');
    // Every group line (8 columns of indent) ends in U+3000, or has an NBSP after its indent.
    const trailing = parseGpresult(en.replace(/^( {8}\S.*)$/gm, '$1\u3000')).value;
    const leading = parseGpresult(en.replace(/^ {8}(?=\S)/gm, '        \u00a0')).value;
    for (const g of [trailing, leading]) {
      assert.deepEqual(g.userGroups, plain.userGroups);
      assert.deepEqual(g.computerGroups, plain.computerGroups);
      assert.deepEqual(g.appliedGpos, plain.appliedGpos);
      assert.deepEqual(g.filteredGpos, [{ name: 'Local Group Policy', reason: 'Not Applied (Empty)', scope: 'user' }]);
    }
  });

  it('does not take a line of dashes with text after it for a heading underline', () => {
    const en = readFixture(EN);
    // The user group list's underline, then the same underline with a word after it: the second one is a group.
    const damaged = en.replace('    ---------------------------------------------------\n        Domain Users', '    ---------------------------------------------------\n        ---x\n        Domain Users');
    assert.notEqual(damaged, en);
    const g = parseGpresult(damaged).value;
    assert.equal(g.userGroups[0], '---x');
    assert.equal(g.userGroups[1], 'Domain Users');
    assert.equal(g.userGroups.length, 18);
  });
});
