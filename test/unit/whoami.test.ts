import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { parseAuto } from '../../src/parse/auto';
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

  describe('extra real samples (test/fixtures/extra)', () => {
    const RUSSIAN = 'extra/ru-whoami-groups-msa-long-sid-label-first-trailing-spaces.txt';
    const REDACTED = 'extra/en-whoami-groups-redacted-sids-truncated-eventghost-pr.txt';
    const GSUDO = 'extra/en-whoami-all-system-gsudo-trailing-spaces-truncated-issue.txt';
    const SWITCHPRIV = 'extra/en-whoami-priv-then-findstr-level-rows-switchpriv-readme.txt';
    const SPANISH = 'extra/es-whoami-groups-evilwinrm-mojibake-medium-plus.txt';
    const SAUNA = 'extra/en-whoami-all-fo-list-medium-plus-claims-sauna.txt';
    const MSYS2 = 'extra/en-whoami-groups-msys2-double-slash-truncated-issue.txt';
    const ZH_DOMAIN = 'extra/zh-whoami-all-domain-cjk-group-names-ps-prompt.txt';
    const ZH_TWO_RUNS = 'extra/zh-whoami-groups-uac-filtered-then-elevated-two-pastes.txt';
    const ZH_WRAPPED = 'extra/zh-whoami-all-console-wrapped-rows-msa-long-sid.txt';
    const JA_ONE_ROW = 'extra/ja-whoami-groups-select-string-one-row-ps-continuation-prompts.txt';
    const ALL = [RUSSIAN, REDACTED, GSUDO, SWITCHPRIV, SPANISH, SAUNA, MSYS2, ZH_DOMAIN, ZH_TWO_RUNS, ZH_WRAPPED, JA_ONE_ROW];

    describe('Chinese whoami /all (domain user, CJK group names, elevated, stopped after groups)', () => {
      const result = parseWhoami(readFixture(ZH_DOMAIN));
      const v = result.value;

      it('maps the zh-CN attribute strings, owner on Administrators, without warnings', () => {
        assert.deepEqual(v.user, { name: 'jzfz\\chengongyi', sid: 'S-1-5-21-3977539503-3587586693-2971573549-279405' });
        assert.equal(v.groups.length, 11);
        const admins = group(v, 'S-1-5-32-544');
        assert.deepEqual([admins.name, admins.type], ['BUILTIN\\Administrators', '别名']);
        assert.deepEqual(admins.attributes, [...BASIC, 'owner']);
        assert.equal(admins.rawAttributes, '必需的组, 启用于默认, 启用的组, 组的所有者');
        for (const g of v.groups.filter((x) => x.sid !== 'S-1-5-32-544')) {
          assert.deepEqual(g.attributes, BASIC, g.sid);
          assert.deepEqual(g.unknownAttributes, [], g.sid);
        }
        assert.equal(group(v, 'S-1-1-0').type, '已知组');
        assert.equal(v.integrityLevel, null);
        assert.deepEqual(v.privileges, []);
        assert.deepEqual(result.warnings, []);
      });

      it('reads the domain groups whose names hold CJK characters (padded by display width)', () => {
        assert.deepEqual(
          v.groups.filter((g) => g.type === '组').map((g) => [g.name, g.sid]),
          [
            ['JZFZ\\CD-2013388_建筑', 'S-1-5-21-3977539503-3587586693-2971573549-24272'],
            ['JZFZ\\节点入库-正式', 'S-1-5-21-3977539503-3587586693-2971573549-472641'],
            ['JZFZ\\20260410-S001_设总', 'S-1-5-21-3977539503-3587586693-2971573549-553488'],
          ],
        );
      });

      it('reads /nh (header and ==== line removed from this sample) the same way', () => {
        const lines = readFixture(ZH_DOMAIN).split('\n');
        const header = lines.findIndex((l) => l.startsWith('组名'));
        const nh = [...lines.slice(0, header), ...lines.slice(header + 2)].join('\n');
        const r = parseWhoami(nh);
        assert.deepEqual(essentials(r.value.groups), essentials(v.groups));
        assert.deepEqual(r.warnings, []);
      });
    });

    describe('Chinese whoami /groups twice in one paste (UAC-filtered, then elevated)', () => {
      const text = readFixture(ZH_TWO_RUNS);
      const result = parseWhoami(text);
      const v = result.value;

      it('reads only the first run, with deny-only Administrators and Medium, and warns about the second', () => {
        assert.equal(v.groups.length, 12);
        assert.equal(new Set(v.groups.map((g) => g.sid)).size, 12);
        assert.equal(v.integrityLevel, 'medium');
        assert.equal(v.integritySid, 'S-1-16-8192');
        for (const sid of ['S-1-5-114', 'S-1-5-32-544']) {
          assert.deepEqual(group(v, sid).attributes, ['denyOnly'], sid);
          assert.equal(group(v, sid).rawAttributes, '只用于拒绝的组', sid);
        }
        assert.equal(group(v, 'S-1-5-114').name, 'NT AUTHORITY\\本地帐户和管理员组成员');
        assert.equal(group(v, 'S-1-5-113').name, 'NT AUTHORITY\\本地帐户');
        assert.deepEqual([group(v, 'S-1-16-8192').type, group(v, 'S-1-16-8192').rawAttributes], ['标签', '']);
        assert.equal(result.warnings.length, 1);
        assert.equal(result.warnings[0]?.line, 31);
        assert.match(result.warnings[0]?.message ?? '', /several whoami outputs/);
      });

      it('parse auto still gives two sections: Medium deny-only, then High with Administrators owner', () => {
        const sections = parseAuto(text).value.sections;
        assert.deepEqual(sections.map((s) => s.kind), ['whoami', 'whoami']);
        const [first, second] = sections.map((s) => s.result.value as WhoamiResult);
        assert.ok(first && second);
        assert.equal(first.integrityLevel, 'medium');
        assert.equal(second.integrityLevel, 'high');
        assert.equal(second.integritySid, 'S-1-16-12288');
        assert.equal(second.groups.length, 12);
        assert.deepEqual(group(second, 'S-1-5-32-544').attributes, [...BASIC, 'owner']);
        assert.deepEqual(group(second, 'S-1-5-114').attributes, BASIC);
        assert.deepEqual(sections.map((s) => s.result.warnings), [[], []]);
      });
    });

    describe('Chinese whoami /all wrapped by the console (Microsoft account SID, 107-wide SID column)', () => {
      const result = parseWhoami(readFixture(ZH_WRAPPED));
      const v = result.value;
      const MSA = 'S-1-11-96-3623454863-58364-18864-2661722203-1597581903-396989860-1997158695-468722874-3650037168-2631757137';

      it('reads each wrapped row\'s attributes from the next line, across the blank wrapped label line', () => {
        assert.deepEqual(v.user, { name: 'raingray\\gbb', sid: 'S-1-5-21-3024751843-2535029458-3924619718-1001' });
        assert.equal(v.groups.length, 14);
        for (const sid of ['S-1-5-114', 'S-1-5-32-544']) {
          assert.deepEqual(group(v, sid).attributes, ['denyOnly'], sid);
        }
        for (const g of v.groups.filter((x) => !['S-1-5-114', 'S-1-5-32-544', 'S-1-16-8192'].includes(x.sid))) {
          assert.deepEqual(g.attributes, BASIC, g.sid);
          assert.equal(g.rawAttributes, '必需的组, 启用于默认, 启用的组', g.sid);
        }
        assert.deepEqual(result.warnings, []);
      });

      it('keeps the columns right: names, zh types, the MSA SID, Medium from the label row', () => {
        assert.deepEqual(
          v.groups.slice(0, 4).map((g) => [g.name, g.type, g.sid, g.line]),
          [
            ['Mandatory Label\\Medium Mandatory Level', '标签', 'S-1-16-8192', 17],
            ['Everyone', '已知组', 'S-1-1-0', 19],
            ['NT AUTHORITY\\本地帐户和管理员组成员', '已知组', 'S-1-5-114', 21],
            ['BUILTIN\\Administrators', '别名', 'S-1-5-32-544', 23],
          ],
        );
        assert.deepEqual([group(v, MSA).name, group(v, MSA).type], ['MicrosoftAccount\\jiaegbb@gmail.com', '用户']);
        assert.equal(group(v, 'S-1-5-64-36').name, 'NT AUTHORITY\\云帐户身份验证');
        assert.equal(v.integrityLevel, 'medium');
        assert.deepEqual(group(v, 'S-1-16-8192').attributes, []);
      });

      it('maps the zh privilege states 已启用 / 已禁用', () => {
        assert.deepEqual(
          v.privileges.map((p) => [p.name, p.description, p.state, p.rawState]),
          [
            ['SeShutdownPrivilege', '关闭系统', 'disabled', '已禁用'],
            ['SeChangeNotifyPrivilege', '绕过遍历检查', 'enabled', '已启用'],
            ['SeUndockPrivilege', '从扩展坞上取下计算机', 'disabled', '已禁用'],
            ['SeIncreaseWorkingSetPrivilege', '增加进程工作集', 'disabled', '已禁用'],
            ['SeTimeZonePrivilege', '更改时区', 'disabled', '已禁用'],
          ],
        );
      });
    });

    describe('Japanese whoami /groups | Select-String: one headerless row', () => {
      const text = readFixture(JA_ONE_ROW);

      it('maps the ja-JP attributes of Administrators (owner) and reads the type エイリアス', () => {
        const r = parseWhoami(text);
        assert.deepEqual(
          r.value.groups.map((g) => [g.name, g.type, g.sid, g.attributes, g.line]),
          [['BUILTIN\\Administrators', 'エイリアス', 'S-1-5-32-544', [...BASIC, 'owner'], 26]],
        );
        assert.equal(r.value.groups[0]?.rawAttributes, '固定グループ, 既定で有効, 有効なグループ, グループ所有者');
        assert.deepEqual(r.warnings, []);
      });

      it('is found by the detector (a SID followed by known attributes, no ==== line)', () => {
        assert.equal(looksLikeWhoami(text), true);
        assert.deepEqual(parseAuto(text).value.sections.map((s) => s.kind), ['whoami']);
      });
    });

    describe('Russian whoami /groups (Microsoft account, label first, trailing spaces)', () => {
      const result = parseWhoami(readFixture(RUSSIAN));
      const v = result.value;
      const DENY_ONLY = ['S-1-5-114', 'S-1-5-32-544'];

      it('maps every Russian attribute, the deny-only string with its comma as ONE attribute', () => {
        assert.equal(v.groups.length, 13);
        for (const sid of DENY_ONLY) {
          assert.deepEqual(group(v, sid).attributes, ['denyOnly'], sid);
          assert.equal(group(v, sid).rawAttributes, 'Группа, используемая только для запрета');
        }
        const basic = v.groups.filter((g) => !DENY_ONLY.includes(g.sid) && g.sid !== 'S-1-16-8192');
        assert.equal(basic.length, 10);
        for (const g of basic) {
          assert.deepEqual(g.attributes, BASIC, g.sid);
          assert.equal(g.rawAttributes, 'Обязательная группа, Включены по умолчанию, Включенная группа');
        }
        assert.deepEqual(v.groups.flatMap((g) => g.unknownAttributes), []);
        assert.deepEqual(result.warnings, []);
      });

      it('reads translated names and types, the 110-character MSA SID and Medium from the first row', () => {
        assert.equal(v.groups[0]?.sid, 'S-1-16-8192');
        assert.equal(v.groups[0]?.name, 'Обязательная метка\\Средний обязательный уровень');
        assert.equal(v.groups[0]?.type, 'Метка');
        assert.equal(v.integrityLevel, 'medium');
        const admins = group(v, 'S-1-5-32-544');
        assert.equal(admins.name, 'BUILTIN\\Администраторы');
        assert.equal(admins.type, 'Псевдоним');
        assert.equal(group(v, 'S-1-5-114').name, 'NT AUTHORITY\\Локальная учетная запись и член группы "Администраторы"');
        assert.equal(group(v, 'S-1-5-114').type, 'Хорошо известная группа');
        const msa = group(v, 'S-1-11-96-3623454863-58364-18864-2661722203-1597581903-2115156820-4294215291-1466442587-2335343980-3061770256');
        assert.equal(msa.name, 'MicrosoftAccount\\volodinmaxim1995@gmail.com');
        assert.equal(msa.type, 'Пользователь');
        assert.equal(group(v, 'S-1-5-64-36').name, 'NT AUTHORITY\\Проверка подлинности учетной записи в облаке');
        assert.deepEqual(v.formats, ['table']);
      });

      it('reads /nh (header and ==== line removed from this sample) the same way', () => {
        const lines = readFixture(RUSSIAN).split('\n');
        const sep = lines.findIndex((l) => l.startsWith('====='));
        const parsed = parseWhoami([...lines.slice(0, sep - 1), ...lines.slice(sep + 1)].join('\n'));
        assert.deepEqual(essentials(parsed.value.groups), essentials(v.groups));
        assert.deepEqual(parsed.warnings, []);
      });

      it('prefers a known attribute containing a comma over splitting at it, in any position', () => {
        assert.deepEqual(mapAttributes('Группа, используемая только для запрета'), { attributes: ['denyOnly'], unknown: [] });
        assert.deepEqual(mapAttributes('Обязательная группа, Группа, используемая только для запрета').attributes, ['mandatory', 'denyOnly']);
        assert.deepEqual(mapAttributes('Группа,используемая только для запрета, Group owner').attributes, ['denyOnly', 'owner']);
        // The part before the comma alone is no attribute.
        assert.deepEqual(mapAttributes('Группа, Включенная группа'), { attributes: ['enabled'], unknown: ['Группа'] });
      });
    });

    describe('redacted SIDs, truncated (EventGhost PR)', () => {
      const result = parseWhoami(readFixture(REDACTED));
      const v = result.value;
      const REDACTED_SID = 'S-1-5-21-**********-**********-**********-1007';

      it('keeps the row whose SID the user redacted with *, and warns that it is redacted', () => {
        assert.equal(v.groups.length, 6);
        const g = group(v, REDACTED_SID);
        assert.equal(g.name, '*********\\HelpLibraryUpdaters');
        assert.equal(g.type, 'Alias');
        assert.deepEqual(g.attributes, BASIC);
        assert.equal(g.line, 4);
        assert.deepEqual(group(v, 'S-1-5-32-544').attributes, [...BASIC, 'owner']);
        assert.equal(group(v, 'S-1-5-32-559').name, 'BUILTIN\\Performance Log Users');
        const messages = result.warnings.map((w) => `${w.line}: ${w.message}`);
        assert.equal(messages.length, 2);
        assert.match(messages[0] ?? '', /^4: .*S-1-5-21-\*{10}-\*{10}-\*{10}-1007 is redacted/);
        assert.match(messages[1] ?? '', /^9: .*cut off.*CONSOLE LOGON$/);
        assert.doesNotMatch(messages.join('\n'), /HelpLibraryUpdaters/);
      });
    });

    describe('whoami /all as SYSTEM via gsudo, truncated mid-row', () => {
      const result = parseWhoami(readFixture(GSUDO));
      const v = result.value;
      const CUT = { name: 'SeTcbPrivilege', description: 'Act as part of the operating s', state: null, rawState: '' };

      it('reads SYSTEM, Administrators without "Mandatory group" and System integrity', () => {
        assert.deepEqual(v.user, { name: 'nt authority\\system', sid: 'S-1-5-18' });
        assert.equal(v.groups.length, 4);
        assert.deepEqual(group(v, 'S-1-5-32-544').attributes, ['enabledByDefault', 'enabled', 'owner']);
        assert.equal(v.integrityLevel, 'system');
        assert.equal(group(v, 'S-1-16-16384').name, 'Mandatory Label\\System Mandatory Level');
      });

      it('gives the cut last privilege row its whole description, no state, and a cut-off warning', () => {
        assert.deepEqual(
          v.privileges.map((p) => ({ name: p.name, description: p.description, state: p.state, rawState: p.rawState })),
          [
            { name: 'SeAssignPrimaryTokenPrivilege', description: 'Replace a process level token', state: 'disabled', rawState: 'Disabled' },
            { name: 'SeIncreaseQuotaPrivilege', description: 'Adjust memory quotas for a process', state: 'disabled', rawState: 'Disabled' },
            CUT,
          ],
        );
        assert.equal(result.warnings.length, 1);
        assert.equal(result.warnings[0]?.line, 29);
        assert.match(result.warnings[0]?.message ?? '', /cut off.*SeTcbPrivilege/);
      });

      it('takes a state cut inside its word (the same rows cut after "Disa") as no state', () => {
        // Derived: the real sample cut four characters into the second row's state.
        const text = readFixture(GSUDO);
        const cut = text.slice(0, text.indexOf('Disabled', text.indexOf('SeIncreaseQuotaPrivilege')) + 4);
        const p = parseWhoami(cut).value.privileges;
        assert.equal(p.length, 2);
        assert.deepEqual([p[1]?.description, p[1]?.state, p[1]?.rawState], ['Adjust memory quotas for a process', null, 'Disa']);
        assert.equal(p[0]?.state, 'disabled');
      });

      it('finds the same cut row in /priv /nh (header and ==== line removed from this sample)', () => {
        const lines = readFixture(GSUDO).split('\n');
        const header = lines.findIndex((l) => l.startsWith('Privilege Name'));
        const parsed = parseWhoami(lines.slice(header + 2).join('\n'));
        assert.deepEqual(
          parsed.value.privileges.map((p) => [p.name, p.description, p.state]),
          [
            ['SeAssignPrimaryTokenPrivilege', 'Replace a process level token', 'disabled'],
            ['SeIncreaseQuotaPrivilege', 'Adjust memory quotas for a process', 'disabled'],
            [CUT.name, CUT.description, null],
          ],
        );
        assert.match(parsed.warnings.map((w) => w.message).join('\n'), /cut off/);
      });
    });

    describe('whoami /priv then two `findstr level` rows, in a README with Markdown fences', () => {
      const result = parseWhoami(readFixture(SWITCHPRIV));
      const v = result.value;

      it('reads the 4 enabled privileges (7-wide State column), both label rows, no warnings', () => {
        assert.deepEqual(
          v.privileges.map((p) => [p.name, p.description, p.state]),
          [
            ['SeShutdownPrivilege', 'Shut down the system', 'enabled'],
            ['SeChangeNotifyPrivilege', 'Bypass traverse checking', 'enabled'],
            ['SeUndockPrivilege', 'Remove computer from docking station', 'enabled'],
            ['SeIncreaseWorkingSetPrivilege', 'Increase a process working set', 'enabled'],
          ],
        );
        assert.deepEqual(v.groups.map((g) => [g.name, g.type, g.sid]), [
          ['Mandatory Label\\Medium Mandatory Level', 'Label', 'S-1-16-8192'],
          ['Mandatory Label\\Low Mandatory Level', 'Label', 'S-1-16-4096'],
        ]);
        // The ``` fence under the table is no privilege row.
        assert.deepEqual(result.warnings, []);
      });
    });

    describe('samples that already parse right (kept right)', () => {
      it('Spanish /groups over Evil-WinRM with mis-decoded OEM text, Medium Plus', () => {
        const r = parseWhoami(readFixture(SPANISH));
        const v = r.value;
        assert.equal(v.groups.length, 11);
        assert.equal(v.integrityLevel, 'mediumPlus');
        assert.equal(v.integritySid, 'S-1-16-8448');
        assert.equal(group(v, 'S-1-16-8448').name, 'Etiqueta obligatoria\\Nivel obligatorio medio alto');
        assert.equal(group(v, 'S-1-16-8448').type, 'Etiqueta');
        assert.equal(group(v, 'S-1-5-32-580').name, 'BUILTIN\\Usuarios de administraci¢n remota');
        assert.equal(group(v, 'S-1-5-15').name, 'NT AUTHORITY\\Esta compa¤¡a');
        assert.equal(group(v, 'S-1-5-32-554').name, 'BUILTIN\\Acceso compatible con versiones anteriores de Windows 2000');
        assert.equal(group(v, 'S-1-5-32-554').type, 'Alias');
        const dev = group(v, 'S-1-5-21-842165252-2479896602-2762773115-1126');
        assert.deepEqual([dev.name, dev.type], ['LICORDEBELLOTA\\Developers', 'Grupo']);
        for (const g of v.groups.filter((x) => x.sid !== 'S-1-16-8448')) {
          assert.deepEqual(g.attributes, BASIC, g.sid);
        }
        assert.deepEqual(r.warnings, []);
      });

      it('English /all /fo list (Sauna): user, 9 groups, empty label attributes, 3 privileges', () => {
        const r = parseWhoami(readFixture(SAUNA));
        const v = r.value;
        assert.deepEqual(v.formats, ['list']);
        assert.deepEqual(v.user, { name: 'egotisticalbank\\fsmith', sid: 'S-1-5-21-2966785786-3096785034-1186376766-1105' });
        assert.equal(v.groups.length, 9);
        assert.equal(group(v, 'S-1-5-64-10').name, 'NT AUTHORITY\\NTLM Authentication');
        assert.deepEqual(group(v, 'S-1-5-32-580').attributes, BASIC);
        const label = group(v, 'S-1-16-8448');
        assert.deepEqual([label.name, label.type, label.rawAttributes], ['Mandatory Label\\Medium Plus Mandatory Level', 'Label', '']);
        assert.equal(v.integrityLevel, 'mediumPlus');
        assert.deepEqual(
          v.privileges.map((p) => [p.name, p.description, p.state]),
          [
            ['SeMachineAccountPrivilege', 'Add workstations to domain', 'enabled'],
            ['SeChangeNotifyPrivilege', 'Bypass traverse checking', 'enabled'],
            ['SeIncreaseWorkingSetPrivilege', 'Increase a process working set', 'enabled'],
          ],
        );
        assert.deepEqual(r.warnings, []);
      });

      it('English /groups from MSYS2 (`WHOAMI //GROUPS`), UAC deny-only, last row cut off', () => {
        const r = parseWhoami(readFixture(MSYS2));
        const v = r.value;
        assert.equal(v.groups.length, 6);
        assert.deepEqual(group(v, 'S-1-5-114').attributes, ['denyOnly']);
        assert.equal(group(v, 'S-1-5-114').name, 'NT AUTHORITY\\Local account and member of Administrators group');
        assert.deepEqual(group(v, 'S-1-5-32-544').attributes, ['denyOnly']);
        assert.deepEqual(group(v, 'S-1-2-1').attributes, BASIC);
        assert.equal(group(v, 'S-1-2-1').name, 'CONSOLE LOGON');
        assert.equal(v.integrityLevel, null);
        assert.equal(r.warnings.length, 1);
        assert.equal(r.warnings[0]?.line, 14);
        assert.match(r.warnings[0]?.message ?? '', /NT AUTHORITY\\Authenticated Users$/);
      });
    });

    it('recognizes each, and reads each identically with CRLF line ends', () => {
      for (const path of ALL) {
        const text = readFixture(path);
        assert.equal(looksLikeWhoami(text), true, path);
        assert.deepEqual(parseWhoami(toCrlf(text)), parseWhoami(text), path);
      }
    });

    it('never throws on 300 mutations of each', () => {
      for (const path of ALL) {
        const sample = readFixture(path);
        fc.assert(
          fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 8 }), (ops) => {
            const r = parseWhoami(mutate(sample, ops));
            return typeof r.recognized === 'boolean' && Array.isArray(r.value.privileges) && Array.isArray(r.warnings);
          }),
          { numRuns: 300 },
        );
      }
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
