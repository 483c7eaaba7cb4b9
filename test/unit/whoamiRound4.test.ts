import * as assert from 'node:assert/strict';
import { parseAuto } from '../../src/parse/auto';
import { looksLikeWhoami, mapAttributes, mapPrivilegeState, parseWhoami } from '../../src/parse/whoami';
import type { WhoamiResult } from '../../src/parse/whoami';
import { PASTE_FORMS, readFixture } from './fixtures';
import { BASIC, group, parsed } from './whoamiHelpers';

const PT = 'extra/pt-whoami-groups-uac-filtered-after-invalid-option-net-user-transcript.txt';
const TR_NETEXEC = 'extra/tr-whoami-all-netexec-smb-prefix-cp857-mojibake-win7-high.txt';
const JA_REPR = 'extra/ja-whoami-user-groups-fo-list-python-repr-escaped-newlines-split-katakana.txt';
const IIS = 'extra/en-whoami-all-iis-apppool-unnamed-unknown-sid-type-row-reverse-shell-echo.txt';
const MSSQL = 'extra/en-whoami-all-mssqlclient-xp-cmdshell-null-lines-service-sid-owner.txt';
const MSSQL_PADDED = 'extra/en-whoami-all-xp-cmdshell-212-col-padded-double-spaced-rows.txt';


const FORMS = PASTE_FORMS;

/** The one whoami section `parse auto` finds, with its line range. */
function autoWhoami(text: string): { startLine: number; endLine: number; value: WhoamiResult } {
  const sections = parseAuto(text).value.sections.filter((s) => s.kind === 'whoami');
  assert.equal(sections.length, 1);
  const s = sections[0];
  assert.ok(s);
  return { startLine: s.startLine, endLine: s.endLine, value: s.result.value as WhoamiResult };
}

describe('whoami round 4 fixes (unit)', () => {
  describe('pt-BR whoami /groups (UAC-filtered local admin) inside a cmd transcript', () => {
    for (const [form, transform] of FORMS) {
      it(`maps the Portuguese attribute strings, deny-only included (${form})`, () => {
        const { v, warnings } = parsed(transform(readFixture(PT)));
        assert.deepEqual(warnings, []);
        assert.equal(v.user, null);
        assert.deepEqual(v.formats, ['table']);
        assert.equal(v.groups.length, 12);
        assert.equal(v.integrityLevel, 'medium');
        assert.equal(v.integritySid, 'S-1-16-8192');
        assert.deepEqual(
          v.groups.map((g) => g.sid),
          ['S-1-1-0', 'S-1-5-114', 'S-1-5-32-544', 'S-1-5-32-545', 'S-1-5-4', 'S-1-2-1', 'S-1-5-11', 'S-1-5-15', 'S-1-5-113', 'S-1-2-0', 'S-1-5-64-10', 'S-1-16-8192'],
        );
        const admins = group(v, 'S-1-5-32-544');
        assert.equal(admins.name, 'BUILTIN\\Administradores');
        assert.equal(admins.type, 'Alias');
        assert.deepEqual(admins.attributes, ['denyOnly']);
        assert.equal(admins.rawAttributes, 'Grupo usado apenas para negar');
        const localAdmin = group(v, 'S-1-5-114');
        assert.equal(localAdmin.name, 'AUTORIDADE NT\\Conta local e membro do grupo de Administradores');
        assert.equal(localAdmin.type, 'Grupo bastante conhecido');
        assert.deepEqual(localAdmin.attributes, ['denyOnly']);
        const everyone = group(v, 'S-1-1-0');
        assert.equal(everyone.name, 'Todos');
        assert.deepEqual(everyone.attributes, BASIC);
        assert.deepEqual(everyone.unknownAttributes, []);
        assert.equal(group(v, 'S-1-5-64-10').name, 'AUTORIDADE NT\\Autenticação NTLM');
        const label = group(v, 'S-1-16-8192');
        assert.equal(label.name, 'Rótulo Obrigatório\\Nível Obrigatório Médio');
        assert.equal(label.type, 'Rótulo');
        assert.equal(label.line, 64);
        assert.equal(everyone.line, 53);
      });
    }

    it('parse auto keeps the table apart from net user / net localgroup output', () => {
      const s = autoWhoami(readFixture(PT));
      assert.equal(s.startLine, 47);
      assert.equal(s.endLine, 64);
      assert.equal(s.value.groups.length, 12);
      assert.equal(s.value.integrityLevel, 'medium');
    });

    it('knows the Portuguese owner string of an elevated token', () => {
      assert.deepEqual(mapAttributes('Grupo obrigatório, Ativado por padrão, Grupo ativado, Proprietário do grupo').attributes, [...BASIC, 'owner']);
    });
  });

  describe('tr-TR whoami /all through NetExec (`SMB ip 445 HOST` before every line), cp857 shown as cp437', () => {
    for (const [form, transform] of FORMS) {
      it(`strips the runner columns and reads user, groups and privileges (${form})`, () => {
        const { v, warnings } = parsed(transform(readFixture(TR_NETEXEC)));
        assert.deepEqual(warnings, []);
        assert.deepEqual(v.user, { name: 'always-pc\\backdoor', sid: 'S-1-5-21-381724225-1041572993-564731166-1003' });
        assert.deepEqual(v.formats, ['table']);
        assert.equal(v.groups.length, 10);
        assert.equal(v.integrityLevel, 'high');
        assert.equal(v.integritySid, 'S-1-16-12288');
        const admins = group(v, 'S-1-5-32-544');
        assert.equal(admins.name, 'BUILTIN\\Administrators');
        assert.equal(admins.type, 'Diºer Ad');
        assert.deepEqual(admins.attributes, [...BASIC, 'owner']);
        assert.equal(admins.rawAttributes, 'Zorunlu grup, Varsayìlan olarak etkin, Etkinleƒtirilmiƒ grup, Grup sahibi');
        assert.equal(admins.line, 13);
        const localAdmin = group(v, 'S-1-5-114');
        assert.equal(localAdmin.name, 'NT AUTHORITY\\Yerel hesap ve Administrators grubunun üyesi');
        assert.equal(localAdmin.type, 'ÿyi bilinen grup');
        assert.deepEqual(localAdmin.attributes, BASIC);
        const label = group(v, 'S-1-16-12288');
        assert.equal(label.name, 'Zorunlu Etiket\\Yüksek Zorunlu Düzey');
        assert.equal(label.type, 'Etiket');
        assert.equal(v.privileges.length, 23);
        assert.ok(v.privileges.every((p) => p.state === 'enabled' && p.rawState === 'Etkin'));
        const impersonate = v.privileges.find((p) => p.name === 'SeImpersonatePrivilege');
        assert.deepEqual(impersonate, {
          name: 'SeImpersonatePrivilege',
          description: 'Kimlik doºrulamasìndan sonra istemcinin özelliklerini al',
          state: 'enabled',
          rawState: 'Etkin',
          line: 43,
        });
        assert.equal(v.privileges[0]?.name, 'SeIncreaseQuotaPrivilege');
        assert.equal(v.privileges[22]?.name, 'SeCreateSymbolicLinkPrivilege');
      });
    }

    it('maps the Turkish strings spelled right and as the cp437 mis-decoding shows them', () => {
      assert.deepEqual(mapAttributes('Zorunlu grup, Varsayılan olarak etkin, Etkinleştirilmiş grup, Grup sahibi').attributes, [...BASIC, 'owner']);
      assert.deepEqual(mapAttributes('Zorunlu grup, Varsayìlan olarak etkin, Etkinleƒtirilmiƒ grup').attributes, BASIC);
      assert.equal(mapPrivilegeState('Etkin'), 'enabled');
    });

    it('parse auto finds it as one whoami section', () => {
      const s = autoWhoami(readFixture(TR_NETEXEC));
      assert.equal(s.startLine, 1);
      assert.equal(s.endLine, 47);
      assert.equal(s.value.groups.length, 10);
      assert.equal(s.value.privileges.length, 23);
    });

    it('takes no runner columns off a paste that has none', () => {
      const { v } = parsed(readFixture(PT));
      assert.equal(group(v, 'S-1-1-0').name, 'Todos');
    });
  });

  describe('ja-JP whoami /user and /groups /fo list kept as Python string literals (\\n escapes)', () => {
    for (const [form, transform] of FORMS) {
      it(`decodes the literals and reads the list records (${form})`, () => {
        const r = parseWhoami(transform(readFixture(JA_REPR)));
        assert.equal(r.recognized, true);
        assert.deepEqual(
          r.warnings.map((w) => w.message),
          ['The paste holds whoami output written as a string literal (\\n escapes): decoded.'],
        );
        const v = r.value;
        assert.deepEqual(v.user, { name: 'matsuolab7910pc\\matsuolab7910', sid: 'S-1-5-21-400220949-3334754570-1221178460-1000' });
        assert.deepEqual(v.formats, ['list']);
        assert.equal(v.groups.length, 15);
        assert.equal(v.integrityLevel, 'medium');
        // Lines point into the input: every group comes from the literal on line 5.
        assert.ok(v.groups.every((g) => g.line === 5));
        const localAdmin = group(v, 'S-1-5-114');
        // The blank the copy put inside `グループ` is kept in the name, as printed...
        assert.equal(localAdmin.name, 'NT AUTHORITY\\ローカル アカウントと Administrators グ ループのメンバー');
        assert.equal(localAdmin.type, 'よく知られたグループ');
        assert.deepEqual(localAdmin.attributes, ['denyOnly']);
        // ...and does not stop the attribute from being known.
        const admins = group(v, 'S-1-5-32-544');
        assert.equal(admins.rawAttributes, '拒否のみに使用するグ ループ');
        assert.deepEqual(admins.attributes, ['denyOnly']);
        assert.deepEqual(admins.unknownAttributes, []);
        const docker = group(v, 'S-1-5-21-400220949-3334754570-1221178460-1003');
        assert.equal(docker.name, 'Matsuolab7910PC\\docker-users');
        assert.equal(docker.type, 'エイリアス');
        assert.deepEqual(docker.attributes, BASIC);
        assert.equal(group(v, 'S-1-5-4').type, 'よく知られたグ ループ');
        const label = group(v, 'S-1-16-8192');
        assert.equal(label.name, 'Mandatory Label\\Medium Mandatory Level');
        assert.equal(label.type, 'ラベル');
        assert.equal(label.rawAttributes, '');
      });
    }

    it('parse auto recognizes the literal lines as whoami', () => {
      assert.equal(looksLikeWhoami(readFixture(JA_REPR)), true);
      const s = autoWhoami(readFixture(JA_REPR));
      assert.equal(s.value.groups.length, 15);
      assert.equal(s.value.user?.sid, 'S-1-5-21-400220949-3334754570-1221178460-1000');
    });

    it('does not decode a real DOMAIN\\name that starts with n', () => {
      // The pt-BR table with one account renamed so that `\n` appears in a real row.
      const text = readFixture(PT).replace('BUILTIN\\Usuários                                               Alias', 'PAVILIONHPVS\\nuvem\\nova                                        Alias');
      const { v, warnings } = parsed(text);
      assert.deepEqual(warnings, []);
      assert.equal(group(v, 'S-1-5-32-545').name, 'PAVILIONHPVS\\nuvem\\nova');
    });
  });

  describe('en whoami /all of an IIS app pool: the unnamed `Unknown SID type` row', () => {
    for (const [form, transform] of FORMS) {
      it(`keeps the blank Name column blank (${form})`, () => {
        const { v, warnings } = parsed(transform(readFixture(IIS)));
        assert.deepEqual(warnings, []);
        assert.deepEqual(v.user, { name: 'iis apppool\\defaultapppool', sid: 'S-1-5-82-3006700770-424185619-1745488364-794895919-4004696415' });
        assert.equal(v.groups.length, 10);
        assert.equal(v.integrityLevel, 'high');
        const unnamed = group(v, 'S-1-5-82-0');
        assert.equal(unnamed.name, '');
        assert.equal(unnamed.type, 'Unknown SID type');
        assert.deepEqual(unnamed.attributes, BASIC);
        assert.equal(unnamed.line, 33);
        assert.equal(group(v, 'S-1-5-32-568').name, 'BUILTIN\\IIS_IUSRS');
        assert.equal(v.privileges.length, 10);
        assert.deepEqual(
          v.privileges.filter((p) => p.state === 'enabled').map((p) => p.name),
          ['SeChangeNotifyPrivilege', 'SeImpersonatePrivilege', 'SeCreateGlobalPrivilege'],
        );
      });
    }

    it('parse auto reads the whole /all after the echoed command', () => {
      const s = autoWhoami(readFixture(IIS));
      assert.equal(s.startLine, 9);
      assert.equal(s.endLine, 58);
      assert.equal(group(s.value, 'S-1-5-82-0').type, 'Unknown SID type');
    });
  });

  describe('en whoami /all through mssqlclient xp_cmdshell: empty lines shown as NULL', () => {
    for (const [form, transform] of FORMS) {
      it(`takes NULL lines for blank lines (${form})`, () => {
        const { v, warnings } = parsed(transform(readFixture(MSSQL)));
        assert.deepEqual(warnings, []);
        assert.deepEqual(v.user, { name: 'breach\\svc_mssql', sid: 'S-1-5-21-2330692793-3312915120-706255856-1115' });
        assert.equal(v.groups.length, 11);
        assert.equal(v.integrityLevel, 'high');
        const service = group(v, 'S-1-5-80-3880006512-4290199581-1648723128-3569869737-3631323133');
        assert.equal(service.name, 'NT SERVICE\\MSSQL$SQLEXPRESS');
        assert.equal(service.type, 'Well-known group');
        assert.deepEqual(service.attributes, ['enabledByDefault', 'enabled', 'owner']);
        assert.equal(group(v, 'S-1-18-1').name, 'Authentication authority asserted identity');
        assert.deepEqual(
          v.privileges.map((p) => [p.name, p.state]),
          [
            ['SeAssignPrimaryTokenPrivilege', 'disabled'],
            ['SeIncreaseQuotaPrivilege', 'disabled'],
            ['SeMachineAccountPrivilege', 'disabled'],
            ['SeChangeNotifyPrivilege', 'enabled'],
            ['SeManageVolumePrivilege', 'enabled'],
            ['SeImpersonatePrivilege', 'enabled'],
            ['SeCreateGlobalPrivilege', 'enabled'],
            ['SeIncreaseWorkingSetPrivilege', 'disabled'],
          ],
        );
      });
    }

    it('parse auto reads it as one section', () => {
      const s = autoWhoami(readFixture(MSSQL));
      assert.equal(s.value.groups.length, 11);
      assert.equal(s.value.privileges.length, 8);
    });

    for (const [form, transform] of FORMS) {
      it(`reads a copy padded to 212 columns with an empty line after every row (${form})`, () => {
        const { v, warnings } = parsed(transform(readFixture(MSSQL_PADDED)));
        assert.deepEqual(warnings, []);
        assert.deepEqual(v.user, { name: 'andromeda\\svc_sql', sid: 'S-1-5-21-2119499052-3001082412-882273484-1382' });
        assert.deepEqual(
          v.groups.map((g) => [g.name, g.type, g.sid, g.line]),
          [
            ['Everyone', 'Well-known group', 'S-1-1-0', 32],
            ['BUILTIN\\Users', 'Alias', 'S-1-5-32-545', 34],
            ['BUILTIN\\Performance Monitor Users', 'Alias', 'S-1-5-32-558', 36],
            ['NT AUTHORITY\\SERVICE', 'Well-known group', 'S-1-5-6', 38],
            ['CONSOLE LOGON', 'Well-known group', 'S-1-2-1', 40],
            ['NT AUTHORITY\\Authenticated Users', 'Well-known group', 'S-1-5-11', 42],
            ['NT AUTHORITY\\This Organization', 'Well-known group', 'S-1-5-15', 44],
            ['NT SERVICE\\MSSQLSERVER', 'Well-known group', 'S-1-5-80-3880718306-3832830129-1677859214-2598158968-1052248003', 46],
            ['LOCAL', 'Well-known group', 'S-1-2-0', 48],
            ['Authentication authority asserted identity', 'Well-known group', 'S-1-18-1', 50],
            ['Mandatory Label\\High Mandatory Level', 'Label', 'S-1-16-12288', 52],
          ],
        );
        assert.deepEqual(group(v, 'S-1-5-80-3880718306-3832830129-1677859214-2598158968-1052248003').attributes, ['enabledByDefault', 'enabled', 'owner']);
        assert.deepEqual(group(v, 'S-1-5-11').attributes, BASIC);
        assert.equal(v.integrityLevel, 'high');
        assert.deepEqual(v.privileges, []);
      });
    }
  });
});
