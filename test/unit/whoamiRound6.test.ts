import * as assert from 'node:assert/strict';
import { parseAuto } from '../../src/parse/auto';
import type { WhoamiResult } from '../../src/parse/whoami';
import { PASTE_FORMS, readFixture } from './fixtures';
import { BASIC, group, parsed, privs, rows } from './whoamiHelpers';

const CS_SYSTEM = 'extra/en-whoami-groups-cobaltstrike-timestamped-double-spaced-system-then-net-user.txt';
const CS_RUN = 'extra/en-whoami-groups-cobaltstrike-run-batch-logon-label-last-cut-padding.txt';
const CS_PRIV = 'extra/en-whoami-priv-cobaltstrike-timestamped-double-spaced-header.txt';
const CS_ZH_USER = 'extra/zh-whoami-user-cobaltstrike-name-longer-than-column.txt';
const NXC_WINRM = 'extra/en-whoami-priv-netexec-winrm-prefix-kali-two-line-prompt-cmd-fallback.txt';
const ACADEMY_PRIV = 'extra/en-whoami-priv-html-to-markdown-heading-collapsed-spaces-blank-between-rows-htb-academy.txt';
const ACADEMY_GROUPS = 'extra/en-whoami-groups-html-to-markdown-heading-collapsed-spaces-blank-between-rows-htb-academy.txt';
const MEDIUM = 'extra/en-whoami-all-medium-export-collapsed-spaces-md-hard-breaks-redelegate.txt';
const SENDAI = 'extra/en-whoami-priv-then-all-medium-export-collapsed-spaces-gmsa-dollar-sendai.txt';
const MS_KB = 'extra/en-whoami-all-ms-support-article-collapsed-spaces-uac-deny-only-excerpt.txt';
const KO = 'extra/ko-whoami-all-english-headers-korean-names-medium-export-collapsed-spaces-uac-escape.txt';
const WEB = 'extra/en-whoami-priv-groups-web-command-injection-pipe-html-collapsed-header-one-line-rows-joined.txt';

describe('whoami round 6: C2 and runner pastes (read right already; pinned)', () => {
  for (const [form, transform] of PASTE_FORMS) {
    it(`Cobalt Strike timestamps, double-spaced rows, SYSTEM label and no Mandatory on Administrators (${form})`, () => {
      const { v, warnings } = parsed(transform(readFixture(CS_SYSTEM)));
      assert.deepEqual(warnings, []);
      assert.equal(v.user, null);
      assert.equal(v.integrityLevel, 'system');
      assert.equal(v.groups.length, 8);
      assert.deepEqual(group(v, 'S-1-16-16384').name, 'Mandatory Label\\System Mandatory Level');
      const admins = group(v, 'S-1-5-32-544');
      assert.deepEqual(admins.attributes, ['enabledByDefault', 'enabled', 'owner']);
      assert.equal(admins.rawAttributes, 'Enabled by default, Enabled group, Group owner');
      // The `net user Administrator` output after it is no whoami row.
      assert.ok(!v.groups.some((g) => g.name.includes('Administrators ')));
    });
  }

  it('Cobalt Strike `run whoami /groups`: batch logon, domain groups, label last with cut padding', () => {
    const { v, warnings } = parsed(readFixture(CS_RUN));
    assert.deepEqual(warnings, []);
    assert.equal(v.groups.length, 13);
    assert.equal(v.integrityLevel, 'high');
    assert.deepEqual(group(v, 'S-1-5-3').name, 'NT AUTHORITY\\BATCH');
    const sql = group(v, 'S-1-5-21-569305411-121244042-2357301523-1113');
    assert.equal(sql.name, 'DEV\\MS SQL Admins');
    assert.equal(sql.type, 'Group');
    assert.deepEqual(group(v, 'S-1-5-32-544').attributes, [...BASIC, 'owner']);
    assert.deepEqual(group(v, 'S-1-18-1').name, 'Authentication authority asserted identity');
  });

  it('Cobalt Strike `whoami /priv` with blank lines inside the header and timestamps before the beacon lines', () => {
    const { v, warnings } = parsed(readFixture(CS_PRIV));
    assert.deepEqual(warnings, []);
    assert.deepEqual(privs(v), [
      ['SeMachineAccountPrivilege', 'Add workstations to domain', 'enabled'],
      ['SeChangeNotifyPrivilege', 'Bypass traverse checking', 'enabled'],
      ['SeIncreaseWorkingSetPrivilege', 'Increase a process working set', 'enabled'],
    ]);
    const sections = parseAuto(readFixture(CS_PRIV)).value.sections;
    assert.deepEqual(sections.map((s) => [s.kind, s.startLine, s.endLine]), [['whoami', 1, 17]]);
  });

  it('zh-CN `whoami /user` through Cobalt Strike: a user name wider than its column', () => {
    const { v, warnings } = parsed(readFixture(CS_ZH_USER));
    assert.deepEqual(warnings, []);
    assert.deepEqual(v.user, { name: 'teamssix\\daniel', sid: 'S-1-5-21-5311978431-183514165-284342044-1000' });
    assert.deepEqual(v.groups, []);
  });

  it('NetExec WINRM columns on every line, after the cmd-shell fallback message', () => {
    const { v, warnings } = parsed(readFixture(NXC_WINRM));
    assert.deepEqual(warnings, []);
    assert.equal(v.privileges.length, 6);
    assert.deepEqual(v.privileges[1], { name: 'SeDebugPrivilege', description: 'Debug programs', state: 'enabled', rawState: 'Enabled', line: 14 });
    assert.deepEqual(v.privileges[3]?.description, 'Remove computer from docking station');
    const sections = parseAuto(readFixture(NXC_WINRM)).value.sections;
    assert.equal(sections.length, 1);
    assert.equal(sections[0]?.kind, 'whoami');
  });

  it('HTB Academy page turned into Markdown: `## ` headings, collapsed spaces, a blank line between rows', () => {
    const p = parsed(readFixture(ACADEMY_PRIV));
    assert.deepEqual(p.warnings, []);
    assert.deepEqual(privs(p.v), [
      ['SeShutdownPrivilege', 'Shut down the system', 'disabled'],
      ['SeChangeNotifyPrivilege', 'Bypass traverse checking', 'enabled'],
      ['SeUndockPrivilege', 'Remove computer from docking station', 'disabled'],
      ['SeIncreaseWorkingSetPrivilege', 'Increase a process working set', 'disabled'],
      ['SeTimeZonePrivilege', 'Change the time zone', 'disabled'],
    ]);
    const g = parsed(readFixture(ACADEMY_GROUPS));
    assert.deepEqual(g.warnings, []);
    assert.equal(g.v.groups.length, 11);
    assert.equal(g.v.integrityLevel, 'medium');
    assert.deepEqual(rows(g.v).slice(0, 3), [
      ['Everyone', 'Well-known group', 'S-1-1-0'],
      ['BUILTIN\\Users', 'Alias', 'S-1-5-32-545'],
      ['BUILTIN\\Performance Log Users', 'Alias', 'S-1-5-32-559'],
    ]);
  });
});

describe('whoami round 6: rows whose column padding a web page collapsed (fixed)', () => {
  for (const [form, transform] of PASTE_FORMS) {
    it(`Medium export (Markdown hard breaks): one-word types are split from the names (${form})`, () => {
      const { v, warnings } = parsed(transform(readFixture(MEDIUM)));
      assert.deepEqual(v.user, { name: 'redelegate\\helen.frost', sid: 'S-1-5-21-4024337825-2033394866-2055507597-1106' });
      assert.equal(v.integrityLevel, 'mediumPlus');
      assert.deepEqual(rows(v), [
        ['Everyone', 'Well-known group', 'S-1-1-0'],
        ['BUILTIN\\Remote Management Users', 'Alias', 'S-1-5-32-580'],
        ['BUILTIN\\Users', 'Alias', 'S-1-5-32-545'],
        ['BUILTIN\\Pre-Windows 2000 Compatible Access', 'Alias', 'S-1-5-32-554'],
        ['NT AUTHORITY\\NETWORK', 'Well-known group', 'S-1-5-2'],
        ['NT AUTHORITY\\Authenticated Users', 'Well-known group', 'S-1-5-11'],
        ['NT AUTHORITY\\This Organization', 'Well-known group', 'S-1-5-15'],
        ['REDELEGATE\\IT', 'Group', 'S-1-5-21-4024337825-2033394866-2055507597-1113'],
        ['NT AUTHORITY\\NTLM Authentication', 'Well-known group', 'S-1-5-64-10'],
        ['Mandatory Label\\Medium Plus Mandatory Level', 'Label', 'S-1-16-8448'],
      ]);
      assert.ok(v.groups.every((g) => g.sid.startsWith('S-1-16-') || g.attributes.join() === BASIC.join()));
      assert.ok(!warnings.some((w) => w.startsWith('Could not separate name and type')), warnings.join('\n'));
      assert.equal(v.privileges.length, 4);
      assert.deepEqual(v.privileges[2]?.description, 'Enable computer and user accounts to be trusted for delegation');
    });
  }

  it('Medium export with `whoami /priv` then `whoami /all`: gMSA-style `$` user, Group and Alias rows', () => {
    const { v, warnings } = parsed(readFixture(SENDAI));
    assert.deepEqual(v.user, { name: 'sendai\\mgtsvc$', sid: 'S-1-5-21-3085872742-570972823-736764132-1130' });
    assert.deepEqual(rows(v)[0], ['SENDAI\\Domain Computers', 'Group', 'S-1-5-21-3085872742-570972823-736764132-515']);
    assert.deepEqual(group(v, 'S-1-5-32-574').name, 'BUILTIN\\Certificate Service DCOM Access');
    assert.deepEqual(group(v, 'S-1-5-32-574').type, 'Alias');
    assert.ok(!warnings.some((w) => w.startsWith('Could not separate name and type')), warnings.join('\n'));
    // Each run on its own through auto.
    const sections = parseAuto(readFixture(SENDAI)).value.sections.filter((s) => s.kind === 'whoami');
    assert.equal(sections.length, 2);
    const all = sections[1]?.result.value as WhoamiResult;
    assert.equal(all.groups.length, 11);
    assert.equal(all.groups.filter((g) => g.type === 'Alias').length, 4);
  });

  it('Microsoft support article sample: the UAC-filtered Administrators row keeps name, type and deny-only', () => {
    const { v, warnings } = parsed(readFixture(MS_KB));
    assert.deepEqual(warnings, []);
    assert.deepEqual(v.user, { name: 'MyDomain\\MyUser', sid: 'S-1-5-21-2146773085-903363285-719344707-326360' });
    const admins = group(v, 'S-1-5-32-544');
    assert.equal(admins.name, 'BUILTIN\\Administrators');
    assert.equal(admins.type, 'Alias');
    assert.deepEqual(admins.attributes, ['denyOnly']);
  });

  it('Korean names under English headers: no state cut inside a word (`Disabl|ed`), Alias rows split', () => {
    const { v, warnings } = parsed(readFixture(KO));
    assert.deepEqual(v.user, { name: 'escape\\admin', sid: 'S-1-5-21-3698417267-3345840482-3422164602-1001' });
    assert.equal(v.integrityLevel, 'medium');
    assert.deepEqual(rows(v).slice(0, 4), [
      ['Everyone', 'Well-known group', 'S-1-1-0'],
      ['NT AUTHORITY\\로컬 계정 및 관리자 그룹 구성원', 'Well-known group', 'S-1-5-114'],
      ['BUILTIN\\Administrators', 'Alias', 'S-1-5-32-544'],
      ['BUILTIN\\Users', 'Alias', 'S-1-5-32-545'],
    ]);
    assert.deepEqual(group(v, 'S-1-5-113').name, 'NT AUTHORITY\\로컬 계정');
    assert.deepEqual(group(v, 'S-1-5-32-544').attributes, ['denyOnly']);
    assert.deepEqual(group(v, 'S-1-16-8192').type, 'Label');
    assert.deepEqual(privs(v), [
      ['SeShutdownPrivilege', 'Shut down the system', 'disabled'],
      ['SeChangeNotifyPrivilege', 'Bypass traverse checking', 'enabled'],
      ['SeUndockPrivilege', 'Remove computer from docking station', 'disabled'],
      ['SeIncreaseWorkingSetPrivilege', 'Increase a process working set', 'disabled'],
      ['SeTimeZonePrivilege', 'Change the time zone', 'disabled'],
    ]);
    assert.ok(!warnings.some((w) => w.startsWith('Could not separate name and type')), warnings.join('\n'));
  });

  it('web command-injection page: header on one line, three privilege rows joined, unnamed `Unknown SID type` row', () => {
    const { v, warnings } = parsed(readFixture(WEB));
    assert.deepEqual(warnings, []);
    assert.deepEqual(privs(v), [
      ['SeAssignPrimaryTokenPrivilege', 'Replace a process level token', 'disabled'],
      ['SeIncreaseQuotaPrivilege', 'Adjust memory quotas for a process', 'disabled'],
      ['SeAuditPrivilege', 'Generate security audits', 'disabled'],
      ['SeChangeNotifyPrivilege', 'Bypass traverse checking', 'enabled'],
      ['SeImpersonatePrivilege', 'Impersonate a client after authentication', 'enabled'],
      ['SeCreateGlobalPrivilege', 'Create global objects', 'enabled'],
      ['SeIncreaseWorkingSetPrivilege', 'Increase a process working set', 'disabled'],
    ]);
    assert.deepEqual(
      v.privileges.map((p) => p.line),
      [4, 5, 6, 6, 6, 7, 8],
    );
    assert.equal(v.integrityLevel, 'high');
    assert.deepEqual(rows(v), [
      ['Mandatory Label\\High Mandatory Level', 'Label', 'S-1-16-12288'],
      ['Everyone', 'Well-known group', 'S-1-1-0'],
      ['BUILTIN\\Users', 'Alias', 'S-1-5-32-545'],
      ['NT AUTHORITY\\SERVICE', 'Well-known group', 'S-1-5-6'],
      ['CONSOLE LOGON', 'Well-known group', 'S-1-2-1'],
      ['NT AUTHORITY\\Authenticated Users', 'Well-known group', 'S-1-5-11'],
      ['NT AUTHORITY\\This Organization', 'Well-known group', 'S-1-5-15'],
      ['BUILTIN\\IIS_IUSRS', 'Alias', 'S-1-5-32-568'],
      ['LOCAL', 'Well-known group', 'S-1-2-0'],
      ['', 'Unknown SID type', 'S-1-5-82-0'],
    ]);
    assert.deepEqual(group(v, 'S-1-5-82-0').attributes, BASIC);
  });
});
