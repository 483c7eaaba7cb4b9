import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { decode, encode } from '../../src/parse/encoding';
import { displayWidth, sliceByWidth } from '../../src/parse/text';
import { looksLikeWhoami, mapAttributes, mapPrivilegeState, parseWhoami } from '../../src/parse/whoami';
import type { WhoamiGroup, WhoamiResult } from '../../src/parse/whoami';
import { listFixtures, readFixture, toCrlf } from './fixtures';
import { mutate, mutationOps } from '../support/mutate';

const UNIVERSITY = 'whoami/en-domain-user-whoami-all-htb-university.txt';
const FRENCH = 'whoami/fr-domain-user-groups-tssr.txt';
const UAC = 'whoami/en-local-admin-uac-filtered-whoami-all-hacktricks.txt';
const ELEVATED = 'whoami/en-elevated-domain-user-high-whoami-all.txt';
const LOCAL_GROUP = 'whoami/en-domain-admin-local-group-attribute-whoami-all-groups.txt';

const BASIC = ['mandatory', 'enabledByDefault', 'enabled'];

function parse(path: string): WhoamiResult {
  const r = parseWhoami(readFixture(path));
  assert.equal(r.kind, 'whoami');
  assert.equal(r.recognized, true);
  return r.value;
}

function group(v: WhoamiResult, sid: string): WhoamiGroup {
  const g = v.groups.find((x) => x.sid === sid);
  assert.ok(g, `group ${sid} present`);
  return g;
}

/** What matters of a group for comparing two readings of the same output. */
function essentials(groups: WhoamiGroup[]): { name: string; type: string; sid: string; attributes: string[]; rawAttributes: string }[] {
  return groups.map((g) => ({ name: g.name, type: g.type, sid: g.sid, attributes: g.attributes, rawAttributes: g.rawAttributes }));
}

describe('whoami parser (unit)', () => {
  describe('English whoami /all (HTB University, domain user over a reverse shell)', () => {
    const v = parse(UNIVERSITY);

    it('reads the user name and SID', () => {
      assert.deepEqual(v.user, { name: 'university\\wao', sid: 'S-1-5-21-2056245889-740706773-2266349663-1106' });
    });

    it('reads the 12 groups with names that contain spaces, and Medium integrity', () => {
      assert.equal(v.groups.length, 12);
      assert.equal(group(v, 'S-1-5-32-554').name, 'BUILTIN\\Pre-Windows 2000 Compatible Access');
      assert.equal(group(v, 'S-1-5-32-580').name, 'BUILTIN\\Remote Management Users');
      const dev = group(v, 'S-1-5-21-2056245889-740706773-2266349663-1129');
      assert.equal(dev.name, 'UNIVERSITY\\Web Developers');
      assert.equal(dev.type, 'Group');
      assert.deepEqual(dev.attributes, BASIC);
      assert.equal(dev.rawAttributes, 'Mandatory group, Enabled by default, Enabled group');
      assert.equal(group(v, 'S-1-18-2').type, 'Well-known group');
      assert.equal(v.integrityLevel, 'medium');
      assert.equal(v.integritySid, 'S-1-16-8192');
      const label = group(v, 'S-1-16-8192');
      assert.equal(label.name, 'Mandatory Label\\Medium Mandatory Level');
      assert.equal(label.type, 'Label');
      assert.deepEqual(label.attributes, []);
      assert.equal(label.rawAttributes, '');
    });

    it('reads the privileges with their states', () => {
      assert.deepEqual(
        v.privileges.map((p) => [p.name, p.description, p.state]),
        [
          ['SeMachineAccountPrivilege', 'Add workstations to domain', 'disabled'],
          ['SeChangeNotifyPrivilege', 'Bypass traverse checking', 'enabled'],
          ['SeIncreaseWorkingSetPrivilege', 'Increase a process working set', 'disabled'],
        ],
      );
      assert.equal(v.privileges[0]?.rawState, 'Disabled');
    });

    it('reads the table form without warnings and finds no logon SID', () => {
      assert.deepEqual(v.formats, ['table']);
      assert.equal(v.logonId, null);
      assert.deepEqual(parseWhoami(readFixture(UNIVERSITY)).warnings, []);
    });
  });

  describe('UAC-filtered local admin (HackTricks)', () => {
    const v = parse(UAC);

    it('marks Administrators and S-1-5-114 deny-only at Medium integrity', () => {
      assert.deepEqual(group(v, 'S-1-5-32-544').attributes, ['denyOnly']);
      assert.equal(group(v, 'S-1-5-32-544').rawAttributes, 'Group used for deny only');
      assert.deepEqual(group(v, 'S-1-5-114').attributes, ['denyOnly']);
      assert.equal(group(v, 'S-1-5-114').name, 'NT AUTHORITY\\Local account and member of Administrators group');
      assert.equal(v.integrityLevel, 'medium');
    });

    it('reads user, 14 groups (label first), the long Microsoft account SID and 5 privileges', () => {
      assert.deepEqual(v.user, { name: 'desktop-rgfrdxl\\cpolo', sid: 'S-1-5-21-3359511372-53430657-2078432294-1001' });
      assert.equal(v.groups.length, 14);
      assert.equal(v.groups[0]?.sid, 'S-1-16-8192');
      const msa = group(v, 'S-1-11-96-3623454863-58364-18864-2661722203-1597581903-3158937479-2778085403-3651782251-2842230462-2314292098');
      assert.equal(msa.name, 'MicrosoftAccount\\cpolop@outlook.com');
      assert.equal(msa.type, 'User');
      assert.deepEqual(msa.attributes, BASIC);
      assert.equal(v.privileges.length, 5);
      assert.deepEqual(
        v.privileges.filter((p) => p.state === 'enabled').map((p) => p.name),
        ['SeChangeNotifyPrivilege'],
      );
      assert.equal(v.privileges.find((p) => p.name === 'SeUndockPrivilege')?.description, 'Remove computer from docking station');
    });
  });

  describe('elevated domain user (High)', () => {
    const v = parse(ELEVATED);

    it('marks Administrators as group owner at High integrity', () => {
      assert.deepEqual(group(v, 'S-1-5-32-544').attributes, [...BASIC, 'owner']);
      assert.equal(v.integrityLevel, 'high');
      assert.deepEqual(v.user, { name: 'lab-enterprise\\john', sid: 'S-1-5-21-2168718921-3906202695-65158103-1120' });
      assert.equal(v.groups.length, 10);
      assert.equal(group(v, 'S-1-18-1').name, 'Authentication authority asserted identity');
      assert.deepEqual(v.privileges, []);
    });
  });

  describe('domain admin with a "Local Group" attribute (groups + privileges only)', () => {
    const v = parse(LOCAL_GROUP);

    it('maps Local Group and keeps the domain-local alias name', () => {
      const denied = group(v, 'S-1-5-21-1589833671-435344116-4136949213-572');
      assert.equal(denied.name, 'VULNNET-RST\\Denied RODC Password Replication Group');
      assert.equal(denied.type, 'Alias');
      assert.deepEqual(denied.attributes, [...BASIC, 'local']);
      assert.deepEqual(denied.unknownAttributes, []);
      assert.deepEqual(group(v, 'S-1-5-32-544').attributes, [...BASIC, 'owner']);
      assert.equal(group(v, 'S-1-5-21-1589833671-435344116-4136949213-512').name, 'VULNNET-RST\\Domain Admins');
    });

    it('has no user section, 11 groups, High integrity and 2 enabled privileges', () => {
      assert.equal(v.user, null);
      assert.equal(v.groups.length, 11);
      assert.equal(v.integrityLevel, 'high');
      assert.deepEqual(
        v.privileges.map((p) => [p.name, p.state]),
        [
          ['SeIncreaseQuotaPrivilege', 'enabled'],
          ['SeMachineAccountPrivilege', 'enabled'],
        ],
      );
    });
  });

  describe('French whoami /groups (TSSR lab)', () => {
    const result = parseWhoami(readFixture(FRENCH));
    const v = result.value;

    it('maps every French attribute to canonical keys with no unknowns or warnings', () => {
      assert.equal(v.groups.length, 10);
      for (const g of v.groups) {
        assert.deepEqual(g.unknownAttributes, [], g.name);
        if (g.sid !== 'S-1-16-8192') {
          assert.deepEqual(g.attributes, BASIC, g.name);
          assert.equal(g.rawAttributes, 'Groupe obligatoire, Activé par défaut, Groupe activé');
        }
      }
      assert.deepEqual(result.warnings, []);
    });

    it('reads translated names and types and Medium integrity from the label SID', () => {
      assert.equal(v.integrityLevel, 'medium');
      const label = group(v, 'S-1-16-8192');
      assert.equal(label.name, 'Étiquette obligatoire\\Niveau obligatoire moyen');
      assert.equal(label.type, 'Nom');
      assert.deepEqual(label.attributes, []);
      assert.equal(group(v, 'S-1-1-0').name, 'Tout le monde');
      assert.equal(group(v, 'S-1-1-0').type, 'Groupe bien connu');
      assert.equal(group(v, 'S-1-5-11').name, 'AUTORITE NT\\Utilisateurs authentifiés');
      assert.equal(group(v, 'S-1-18-1').name, 'Identité déclarée par une autorité d’authentification');
      assert.equal(group(v, 'S-1-5-21-3751794092-3013587998-2465217153-1113').name, 'TSSR-MEN\\GG-ADMINISTRATIF');
      assert.equal(group(v, 'S-1-5-21-3751794092-3013587998-2465217153-1113').type, 'Groupe');
      assert.equal(v.user, null);
      assert.deepEqual(v.privileges, []);
    });

    it('gives the same result for the CRLF version', () => {
      assert.deepEqual(parseWhoami(toCrlf(readFixture(FRENCH))), result);
    });

    it('gives the same result for OEM (cp850) bytes decoded with the OEM code page', () => {
      const text = readFixture(FRENCH);
      const decoded = decode(encode(toCrlf(text), 'cp850'), { oemCodePage: 850 });
      assert.equal(decoded.encoding, 'cp850');
      // cp850 has no U+2019: the console would print another character there.
      const expected = parseWhoami(text.replace('d’authentification', 'd?authentification'));
      assert.deepEqual(parseWhoami(decoded.text).value, expected.value);
      assert.equal(group(parseWhoami(decoded.text).value, 'S-1-5-11').name, 'AUTORITE NT\\Utilisateurs authentifiés');
    });

    it('reads /fo csv built from this real sample (every field quoted, header row first)', () => {
      // Derived: the French table re-written as `whoami /groups /fo csv` prints it.
      const q = (s: string): string => `"${s}"`;
      const rows = v.groups.map((g) => [g.name, g.type, g.sid, g.rawAttributes].map(q).join(','));
      const csv = [['Nom du groupe', 'Type', 'SID', 'Attributs'].map(q).join(','), ...rows].join('\r\n');
      const parsed = parseWhoami(csv);
      assert.equal(parsed.recognized, true);
      assert.deepEqual(parsed.value.formats, ['csv']);
      assert.deepEqual(essentials(parsed.value.groups), essentials(v.groups));
      assert.equal(parsed.value.integrityLevel, 'medium');
      // `/fo csv /nh`: the same rows without the header row.
      assert.deepEqual(essentials(parseWhoami(rows.join('\r\n')).value.groups), essentials(v.groups));
    });

    it('reads /fo list built from this real sample', () => {
      // Derived: one "Key: value" block per group, as `whoami /groups /fo list` prints them.
      const blocks = v.groups.map((g) =>
        [`Nom du groupe: ${g.name}`, `Type:          ${g.type}`, `SID:           ${g.sid}`, `Attributs:     ${g.rawAttributes}`].join('\n'),
      );
      const parsed = parseWhoami(`\nInformations de groupe\n----------------------\n\n${blocks.join('\n\n')}\n`);
      assert.deepEqual(parsed.value.formats, ['list']);
      assert.deepEqual(essentials(parsed.value.groups), essentials(v.groups));
      assert.equal(parsed.value.integrityLevel, 'medium');
      // Blank lines lost in the paste: records are still found by where the SID sits.
      const packed = parseWhoami(blocks.join('\n'));
      assert.deepEqual(essentials(packed.value.groups), essentials(v.groups));
    });

    it('reads /fo table /nh (no header, no ==== line) taken from this sample', () => {
      // Derived: the sample without its header and separator lines.
      const lines = readFixture(FRENCH).split('\n');
      const sep = lines.findIndex((l) => l.startsWith('====='));
      const nh = [...lines.slice(0, sep - 1), ...lines.slice(sep + 1)].join('\n');
      const parsed = parseWhoami(nh);
      assert.deepEqual(essentials(parsed.value.groups), essentials(v.groups));
      assert.equal(parsed.value.integrityLevel, 'medium');
    });

    it('slices by display width when a name has Korean (double-width) characters', () => {
      // Derived row: the real TSSR-MEN\GG-ADMINISTRATIF row with the name replaced by a Korean
      // one, padded by display width as whoami pads it (the corpus has no Korean sample).
      const text = readFixture(FRENCH);
      const original = 'TSSR-MEN\\GG-ADMINISTRATIF';
      const korean = 'TSSR-MEN\\관리자';
      const row = text.split('\n').find((l) => l.startsWith(original)) ?? '';
      const nameWidth = 53; // the first ==== run of this sample
      const derived = row.replace(original.padEnd(nameWidth), korean + ' '.repeat(nameWidth - displayWidth(korean)));
      assert.equal(displayWidth(derived), displayWidth(row));
      assert.equal(sliceByWidth(derived, 54, 71).trim(), 'Groupe');
      assert.notEqual(derived.slice(54, 71).trim(), 'Groupe'); // character offsets would be wrong
      const parsed = parseWhoami(text.replace(row, derived));
      const g = group(parsed.value, 'S-1-5-21-3751794092-3013587998-2465217153-1113');
      assert.equal(g.name, korean);
      assert.equal(g.type, 'Groupe');
      assert.deepEqual(g.attributes, BASIC);
      assert.equal(parsed.value.groups.length, 10);
    });
  });

  describe('pasted input', () => {
    it('reads a Markdown-quoted, indented copy of a real sample the same way', () => {
      const quoted = readFixture(ELEVATED)
        .split('\n')
        .map((l) => `>     ${l}   `)
        .join('\n');
      const parsed = parseWhoami(quoted);
      assert.deepEqual(essentials(parsed.value.groups), essentials(parse(ELEVATED).groups));
      assert.deepEqual(parsed.value.user, parse(ELEVATED).user);
    });

    it('reads every sample identically with CRLF line ends', () => {
      for (const path of listFixtures('whoami')) {
        const text = readFixture(path);
        assert.deepEqual(parseWhoami(toCrlf(text)), parseWhoami(text), path);
      }
    });

    it('keeps an unknown attribute string raw and warns', () => {
      // Derived: a real row whose last attribute is altered to a string no table knows.
      const text = readFixture(ELEVATED).replace('Enabled group, Group owner', 'Enabled group, Group sponsor');
      const parsed = parseWhoami(text);
      const admins = group(parsed.value, 'S-1-5-32-544');
      assert.deepEqual(admins.attributes, BASIC);
      assert.deepEqual(admins.unknownAttributes, ['Group sponsor']);
      assert.equal(admins.rawAttributes, 'Mandatory group, Enabled by default, Enabled group, Group sponsor');
      assert.match(parsed.warnings.map((w) => w.message).join('\n'), /Group sponsor/);
    });
  });

  describe('attribute and state tables', () => {
    it('maps German and Spanish strings, case- and accent-tolerantly', () => {
      assert.deepEqual(mapAttributes('Verbindliche Gruppe, Standardmäßig aktiviert, Aktivierte Gruppe, Gruppenbesitzer').attributes, [...BASIC, 'owner']);
      assert.deepEqual(mapAttributes('Gruppe wird nur zum Verweigern verwendet, Lokale Gruppe').attributes, ['denyOnly', 'local']);
      assert.deepEqual(mapAttributes('Grupo obligatorio, Habilitado de manera predeterminada, Grupo habilitado').attributes, BASIC);
      assert.deepEqual(mapAttributes('Grupo usado solo para denegar').attributes, ['denyOnly']);
      assert.deepEqual(mapAttributes('groupe obligatoire, ACTIVE PAR DEFAUT, Groupe activé').attributes, BASIC);
      assert.deepEqual(mapAttributes('Propriétaire du groupe, Groupe utilisé pour le refus uniquement, Groupe local').attributes, ['owner', 'denyOnly', 'local']);
    });

    it('maps mis-decoded accents (cp850 read as cp1252, UTF-8 read as ANSI)', () => {
      const bytes = encode('Activé par défaut', 'cp850');
      assert.deepEqual(mapAttributes(decode(bytes, { encoding: 'windows-1252' }).text).attributes, ['enabledByDefault']);
      const utf8AsAnsi = decode(Buffer.from('Groupe activé', 'utf8'), { encoding: 'windows-1252' }).text;
      assert.deepEqual(mapAttributes(utf8AsAnsi).attributes, ['enabled']);
    });

    it('maps privilege states in several languages and keeps unknown ones raw', () => {
      assert.equal(mapPrivilegeState('Activé'), 'enabled');
      assert.equal(mapPrivilegeState('Désactivé'), 'disabled');
      assert.equal(mapPrivilegeState('Aktiviert'), 'enabled');
      assert.equal(mapPrivilegeState('Deaktiviert'), 'disabled');
      assert.equal(mapPrivilegeState('Habilitada'), 'enabled');
      assert.equal(mapPrivilegeState('Removed'), 'Removed');
    });
  });

  describe('detection', () => {
    it('recognizes every whoami sample and rejects every other sample of the corpus', () => {
      for (const path of listFixtures('whoami')) {
        assert.equal(looksLikeWhoami(readFixture(path)), true, path);
      }
      for (const folder of ['klist-mit-heimdal', 'linux-id-sssd', 'klist-windows', 'gpupdate-gpresult', 'gpsvc']) {
        for (const path of listFixtures(folder)) {
          assert.equal(looksLikeWhoami(readFixture(path)), false, path);
          assert.equal(parseWhoami(readFixture(path)).recognized, false, path);
        }
      }
      assert.equal(parseWhoami('').recognized, false);
    });
  });

  describe('robustness', () => {
    it('never throws on 1000 mutations of each real sample', () => {
      for (const path of listFixtures('whoami')) {
        const sample = readFixture(path);
        fc.assert(
          fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 8 }), (ops) => {
            const r = parseWhoami(mutate(sample, ops));
            return typeof r.recognized === 'boolean' && Array.isArray(r.value.groups) && Array.isArray(r.warnings);
          }),
          { numRuns: 1000 },
        );
      }
    });

    it('stays fast on a 1 MB line of random text', () => {
      const big = 'S-1-5-21 ==== "a", Se' + 'x'.repeat(1 << 20);
      const t0 = Date.now();
      parseWhoami(big);
      looksLikeWhoami(big);
      parseWhoami(`${'='.repeat(1 << 19)} ${'='.repeat(1 << 19)}\n${' S-1-1-0'.repeat(1 << 16)}`);
      assert.ok(Date.now() - t0 < 3000);
    });
  });
});

// ---- mutation helpers (random edits of a real sample) ----

const mutationArb = mutationOps(['\t', '\r\n', '\n', '\n\n', '====', '=== ===', ' ', '"', '","', ':', 'S-1-16-', 'S-1-5-5-0-1', '관리자', 'é', '> ', 'PS C:\\> ']);
