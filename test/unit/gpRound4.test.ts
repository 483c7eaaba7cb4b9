import * as assert from 'node:assert/strict';
import { parseAuto } from '../../src/parse/auto';
import { decode, encode } from '../../src/parse/encoding';
import { looksLikeGpresult, parseGpresult } from '../../src/parse/gpresult';
import { looksLikeGpupdate, parseGpupdate } from '../../src/parse/gpupdate';
import type { Gpupdate } from '../../src/parse/gpupdate';
import { PASTE_FORMS, readFixture, toCrlf } from './fixtures';
import { assertOneGpupdateSection } from './gpHelpers';

// Round 4 samples (sources in test/fixtures/extra/SOURCES.md).
const XP_LINES = 'extra/en-gpupdate-force-winxp-refreshing-policy-refresh-has-completed-ko-security-guide.txt';
const XP_ONE_LINE = 'extra/en-gpupdate-force-winxp-one-line-reflowed-gt-entity-doubled-backslashes-zhtw-security-guide.txt';
const FR_FAIL = 'extra/fr-gpupdate-force-fail-no-dc-connectivity-then-user-ldap-bind-no-blank-between-halves-incident-report.txt';
const FR_SUCCESS = 'extra/fr-gpupdate-force-success-both-halves-after-secure-channel-repair-incident-report.txt';
const Z_DC2012R2 = 'extra/en-gpresult-z-dc2012r2-resultant-set-privileges-user-rights-msqa.txt';
const WIN11_USER = 'extra/en-gpresult-r-win11-22h2-user-only-medium-fenced-info-list-indent-6-sase-vpn-doc-fr.txt';
const ANNOTATED = 'extra/en-gpresult-r-computer-section-only-author-arrow-annotation-with-stars-on-gpo-lab.txt';


const FORMS = PASTE_FORMS;

/** What Windows XP / Server 2003 print for a run where both halves succeeded. */
const XP_SUCCESS: Gpupdate = {
  computer: { outcome: 'success', messages: [] },
  user: { outcome: 'success', messages: [] },
  messages: ['Refreshing Policy...', 'To check for errors in policy processing, review the event log.'],
};

const FR_COMPUTER_ERROR =
  "Échec du traitement de la stratégie de groupe en raison d'une absence de connectivité réseau vers un contrôleur de domaine. Il peut s'agir d'un problème temporaire. Un message de réussite est généré une fois que l'ordinateur est connecté au contrôleur de domaine et que la stratégie de groupe est correctement traitée. Si aucun message de réussite ne s'affiche pendant plusieurs heures, contactez votre administrateur.";
const FR_USER_ERROR =
  "Échec du traitement de la stratégie de groupe. Windows n'a pas pu s'authentifier auprès du service Active Directory d'un contrôleur de domaine. (Échec de l'appel de fonction de liaison LDAP). Consultez l'onglet des détails pour plus d'informations sur le code d'erreur et la description.";
const FR_DIAGNOSE =
  'Pour diagnostiquer la panne, ouvrez le journal des événements ou exécutez GPRESULT /H GPReport.html depuis la ligne de commande pour accéder aux résultats de la stratégie de groupe.';

describe('gpupdate round 4: Windows XP / Server 2003 wording (unit)', () => {
  for (const [form, transform] of FORMS) {
    it(`reads "Refreshing Policy..." and both "Policy Refresh has completed." lines, prompts skipped (${form})`, () => {
      const r = parseGpupdate(transform(readFixture(XP_LINES)));
      assert.equal(r.recognized, true);
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(r.value, XP_SUCCESS);
    });
  }

  it('is found by looksLikeGpupdate and parse auto, not by looksLikeGpresult', () => {
    assertOneGpupdateSection(readFixture(XP_LINES), XP_SUCCESS);
  });

  for (const [form, transform] of FORMS) {
    it(`splits the one-line reflow (prompt with &gt;, doubled backslashes) into the same lines (${form})`, () => {
      const r = parseGpupdate(transform(readFixture(XP_ONE_LINE)));
      assert.equal(r.recognized, true);
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(r.value, XP_SUCCESS);
    });
  }

  it('finds the one-line reflow with looksLikeGpupdate and parse auto', () => {
    const text = readFixture(XP_ONE_LINE);
    assert.equal(looksLikeGpupdate(text), true);
    const sections = parseAuto(text).value.sections.filter((s) => s.kind === 'gpupdate');
    assert.equal(sections.length, 1);
    assert.deepEqual(sections[0]?.result.value, XP_SUCCESS);
  });

  it('splits a line only when it holds two whole status lines: one quoted in prose stays prose', () => {
    const prose = parseGpupdate('It said User Policy Refresh has completed. and then nothing happened on the client');
    assert.equal(prose.recognized, false);
    assert.equal(prose.value.user, null);
    // Quotes an author put around the run-together lines are not kept as a message.
    const inQuotes = parseGpupdate('"Refreshing Policy... User Policy Refresh has completed. Computer Policy Refresh has completed."');
    assert.deepEqual(inQuotes.value, {
      computer: { outcome: 'success', messages: [] },
      user: { outcome: 'success', messages: [] },
      messages: ['Refreshing Policy...'],
    });
  });
});

describe('gpupdate round 4: French (unit)', () => {
  const FR_FAILED: Gpupdate = {
    computer: { outcome: 'failure', messages: [FR_COMPUTER_ERROR] },
    user: { outcome: 'failure', messages: [FR_USER_ERROR] },
    messages: ['Mise à jour de la stratégie...', FR_DIAGNOSE],
  };

  for (const [form, transform] of FORMS) {
    it(`reads both failing halves: no DC connectivity, then the user's LDAP bind, with no blank line between (${form})`, () => {
      const r = parseGpupdate(transform(readFixture(FR_FAIL)));
      assert.equal(r.recognized, true);
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(r.value, FR_FAILED);
    });
  }

  it('reads the same from the console bytes (cp850) and with typographic apostrophes', () => {
    const text = readFixture(FR_FAIL);
    const bytes = encode(toCrlf(text), 'cp850');
    assert.deepEqual(parseGpupdate(decode(bytes, { encoding: 'cp850' }).text).value, FR_FAILED);
    const curly = parseGpupdate(text.replace(/'/g, '\u2019')).value;
    assert.equal(curly.computer?.outcome, 'failure');
    assert.equal(curly.user?.outcome, 'failure');
    assert.deepEqual(curly.user?.messages, [FR_USER_ERROR.replace(/'/g, '\u2019')]);
  });

  it('is found by looksLikeGpupdate and parse auto', () => {
    assertOneGpupdateSection(readFixture(FR_FAIL), FR_FAILED);
  });

  for (const [form, transform] of FORMS) {
    it(`reads the French success of both halves (${form})`, () => {
      const text = transform(readFixture(FR_SUCCESS));
      const r = parseGpupdate(text);
      assert.equal(r.recognized, true);
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(r.value, {
        computer: { outcome: 'success', messages: [] },
        user: { outcome: 'success', messages: [] },
        messages: ['Mise à jour de la stratégie...'],
      });
      assert.equal(looksLikeGpupdate(text), true);
    });
  }

  it('reads the success lines with typographic apostrophes', () => {
    const r = parseGpupdate(readFixture(FR_SUCCESS).replace(/'/g, '\u2019'));
    assert.equal(r.value.computer?.outcome, 'success');
    assert.equal(r.value.user?.outcome, 'success');
  });
});

describe('gpresult round 4 samples (unit)', () => {
  for (const [form, transform] of FORMS) {
    it(`reads gpresult /z on a 2012 R2 DC: groups end before the privileges and the Resultant Set sections (${form})`, () => {
      const r = parseGpresult(transform(readFixture(Z_DC2012R2)));
      assert.equal(r.recognized, true);
      assert.deepEqual(r.warnings, []);
      const g = r.value;
      assert.equal(g.user, 'DOMAIN\\firstname.lastname');
      assert.equal(g.computer, 'DC1');
      assert.equal(g.domain, 'DOMAIN');
      assert.equal(g.computerDn, 'CN=DC1,OU=Domain Controllers,DC=domain,DC=local');
      assert.equal(g.userDn, 'CN=Firstname Lastname,OU=IT Admins,OU=Domain Users,DC=domain,DC=local');
      assert.deepEqual(g.lastApplied, { computer: '11/5/2020 at 7:33:05 PM', user: '11/5/2020 at 7:17:08 PM' });
      assert.deepEqual(g.appliedGpos, {
        computer: ['Default Domain Controllers Policy', 'Default Domain Policy', 'ADAuditPlusMSPolicy', 'Manage Engine'],
        user: ['Redirected Folders - Domain-Users', 'Drive Mapping', 'Printers', 'Default Domain Policy'],
      });
      assert.equal(g.computerGroups.length, 17);
      assert.deepEqual(g.computerGroups.slice(0, 2), ['BUILTIN\\Administrators', 'Everyone']);
      assert.ok(g.computerGroups.includes('DC1$'));
      assert.ok(g.computerGroups.includes('NT AUTHORITY\\ENTERPRISE DOMAIN CONTROLLERS'));
      assert.equal(g.computerGroups[16], 'System Mandatory Level');
      assert.equal(g.userGroups.length, 21);
      assert.deepEqual(g.userGroups.slice(0, 3), ['Domain Users', 'Everyone', 'Event Log Readers']);
      assert.ok(g.userGroups.includes('Domain Admins'));
      assert.ok(g.userGroups.includes('Enterprise Admins'));
      assert.equal(g.userGroups[20], 'High Mandatory Level');
      // The privilege list and the user-rights settings are no groups.
      assert.ok(!g.userGroups.includes('Bypass traverse checking'));
      assert.ok(!g.computerGroups.includes('Server Operators'));
      assert.ok(!g.computerGroups.includes('N/A'));
      assert.deepEqual(g.filteredGpos, [
        { name: 'ADAuditPlusPolicy', reason: 'Denied (Security)', scope: 'computer' },
        { name: 'Allow Remote Management', reason: 'Denied (Security)', scope: 'computer' },
        { name: 'Local Group Policy', reason: 'Not Applied (Empty)', scope: 'computer' },
        { name: 'Production Printer', reason: 'Denied (Security)', scope: 'user' },
        { name: 'Local Group Policy', reason: 'Not Applied (Empty)', scope: 'user' },
        { name: 'Printers - Finance', reason: 'Denied (Security)', scope: 'user' },
      ]);
      assert.equal(g.noRsopData, null);
    });
  }

  it('reads the /z sample from the console bytes (cp437) and finds it with parse auto', () => {
    const text = readFixture(Z_DC2012R2);
    const expected = parseGpresult(text).value;
    assert.deepEqual(parseGpresult(decode(encode(toCrlf(text), 'cp437'), { encoding: 'cp437' }).text).value, expected);
    assert.equal(looksLikeGpresult(text), true);
    assert.equal(looksLikeGpupdate(text), false);
    const sections = parseAuto(text).value.sections.filter((s) => s.kind === 'gpresult');
    assert.equal(sections.length, 1);
    assert.deepEqual(sections[0]?.result.value, expected);
  });

  for (const [form, transform] of FORMS) {
    it(`reads a non-elevated Windows 11 22H2 run: user half only, no DN, deep list indent, info-tagged fence (${form})`, () => {
      const r = parseGpresult(transform(readFixture(WIN11_USER)));
      assert.equal(r.recognized, true);
      assert.deepEqual(r.warnings, []);
      const g = r.value;
      assert.equal(g.user, 'ISOLATIONCORP\\mathias');
      assert.equal(g.computer, 'MATHIAS-PC');
      assert.equal(g.domain, 'ISOLATIONCORP');
      assert.equal(g.userDn, null);
      assert.equal(g.computerDn, null);
      assert.deepEqual(g.lastApplied, { user: '11/30/2023 at 2:17:40 PM', computer: null });
      assert.deepEqual(g.appliedGpos, { user: [], computer: [] });
      assert.deepEqual(g.computerGroups, []);
      assert.deepEqual(g.userGroups, [
        'Domain Users',
        'Everyone',
        'BUILTIN\\Users',
        'NT AUTHORITY\\INTERACTIVE',
        'CONSOLE LOGON',
        'NT AUTHORITY\\Authenticated Users',
        'This Organization',
        'LOCAL',
        'Developers',
        'NetworkIsolation',
        'System Administrators',
        'Authentication authority asserted identity',
        'Medium Mandatory Level',
      ]);
      assert.deepEqual(g.filteredGpos, [{ name: 'Local Group Policy', reason: 'Not Applied (Empty)', scope: 'user' }]);
    });
  }

  for (const [form, transform] of FORMS) {
    it(`cuts the author's "-> RIGHT HERE****" note off an applied GPO, with a warning (${form})`, () => {
      const r = parseGpresult(transform(readFixture(ANNOTATED)));
      assert.equal(r.recognized, true);
      const g = r.value;
      assert.deepEqual(g.appliedGpos, { computer: ['Default Domain Policy', 'Origin-Logging'], user: [] });
      assert.equal(r.warnings.length, 1);
      assert.equal(r.warnings[0]?.line, 13);
      assert.match(r.warnings[0]?.message ?? '', /^"-> RIGHT HERE\*+" after "Origin-Logging" looks like the author's note/);
      assert.equal(g.computerDn, 'CN=DESKTOP-APE8POJ,CN=Computers,DC=origin,DC=lab');
      assert.equal(g.domain, 'ORIGIN');
      assert.deepEqual(g.lastApplied, { computer: '9/20/2026 at 5:33:12 PM', user: null });
      assert.equal(g.user, null);
      assert.equal(g.computer, null);
      assert.equal(g.computerGroups.length, 10);
      assert.equal(g.computerGroups[6], 'DESKTOP-APE8POJ$');
      assert.equal(g.computerGroups[9], 'System Mandatory Level');
      assert.deepEqual(g.userGroups, []);
      assert.deepEqual(g.filteredGpos, [{ name: 'Local Group Policy', reason: 'Not Applied (Empty)', scope: 'computer' }]);
    });
  }

  it('cuts an arrow note off a group too, and keeps an arrow inside a name', () => {
    const text = readFixture(ANNOTATED)
      .replace('        Domain Computers', '        Domain Computers   <-- this one')
      .replace('        Default Domain Policy', '        Site->Branch Policy');
    const r = parseGpresult(text);
    assert.equal(r.value.computerGroups[7], 'Domain Computers');
    assert.equal(r.value.appliedGpos.computer[0], 'Site->Branch Policy');
    assert.equal(r.warnings.length, 2);
    assert.match(r.warnings[1]?.message ?? '', /^"<-- this one" after "Domain Computers"/);
  });
});
