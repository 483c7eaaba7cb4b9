import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAuto } from '../../src/parse/auto';
import { parseGpresult } from '../../src/parse/gpresult';
import { parseGpupdate } from '../../src/parse/gpupdate';
import { parseId } from '../../src/parse/id';
import { parseKlist } from '../../src/parse/klist';
import { parseKlistSessions } from '../../src/parse/klistSessions';
import { parseKlistTgt } from '../../src/parse/klistTgt';
import { cleanLineTexts, runnerColumnsLength, splitLines } from '../../src/parse/text';
import { parseUnixKlist } from '../../src/parse/unixKlist';
import { parseWhoami } from '../../src/parse/whoami';
import { FIXTURES, quoted, readFixture, toCrlf } from './fixtures';

const CME_WHOAMI_ALL = 'extra/en-whoami-all-crackmapexec-smb-columns-vulnnet-roasted-hostname-dash.txt';
const NXC_SSH_ID = 'extra/fr-id-nxc-ssh-x-id-columns-every-line-massap-secarmy.txt';
const TR_NETEXEC = 'extra/tr-whoami-all-netexec-smb-prefix-cp857-mojibake-win7-high.txt';
const NXC_WINRM_PRIV = 'extra/en-whoami-priv-netexec-winrm-prefix-kali-two-line-prompt-cmd-fallback.txt';

/** The pastes in the corpus that really went through NetExec / CrackMapExec. */
const RUNNER_PASTES = new Set([CME_WHOAMI_ALL, NXC_SSH_ID, TR_NETEXEC, NXC_WINRM_PRIV]);


function pad(text: string, width: number): string {
  return text.length >= width ? `${text} ` : text + ' '.repeat(width - text.length);
}

/**
 * A real sample as NetExec prints a command's output: its columns (protocol, target, port, host,
 * each padded to NetExec's widths) before every line, an empty line being the columns alone.
 * Nothing else changes, so the lines keep their numbers.
 */
function throughNetExec(text: string, protocol = 'SMB', target = '10.129.244.174', port = '445', host = 'DC01'): string {
  const columns = pad(protocol, 12) + pad(target, 16) + pad(port, 7) + pad(host, 17);
  return text
    .replace(/\r?\n$/, '')
    .split(/\r?\n/)
    .map((l) => columns + l)
    .join('\n');
}

/** Every fixture file of the corpus, as paths relative to the fixtures folder. */
function allFixtures(): string[] {
  const out: string[] = [];
  for (const dir of fs.readdirSync(FIXTURES)) {
    const full = path.join(FIXTURES, dir);
    if (!fs.statSync(full).isDirectory()) {
      continue;
    }
    for (const f of fs.readdirSync(full)) {
      if (!f.endsWith('.md')) {
        out.push(`${dir}/${f}`);
      }
    }
  }
  return out.sort();
}

describe('NetExec / CrackMapExec columns before every line (round 4)', () => {
  describe('crackmapexec smb -x "whoami /all" (vulnnet-roasted write-up, host name with a dash)', () => {
    const forms: [string, string][] = [
      ['as published', readFixture(CME_WHOAMI_ALL)],
      ['CRLF', toCrlf(readFixture(CME_WHOAMI_ALL))],
      ['quoted', quoted(readFixture(CME_WHOAMI_ALL))],
    ];
    for (const [form, text] of forms) {
      it(`reads the user, 11 groups, 26 privileges and the High label (${form})`, () => {
        const r = parseWhoami(text);
        assert.equal(r.recognized, true);
        assert.deepEqual(r.warnings, []);
        assert.deepEqual(r.value.user, { name: 'vulnnet-rst\\a-whitehat', sid: 'S-1-5-21-1589833671-435344116-4136949213-1105' });
        assert.equal(r.value.groups.length, 11);
        assert.equal(r.value.privileges.length, 26);
        assert.equal(r.value.integrityLevel, 'high');
        assert.equal(r.value.integritySid, 'S-1-16-12288');
        const admins = r.value.groups.find((g) => g.sid === 'S-1-5-32-544');
        assert.equal(admins?.name, 'BUILTIN\\Administrators');
        assert.ok(admins?.attributes.includes('owner'));
        const rodc = r.value.groups.find((g) => g.sid === 'S-1-5-21-1589833671-435344116-4136949213-572');
        assert.equal(rodc?.name, 'VULNNET-RST\\Denied RODC Password Replication Group');
        assert.equal(rodc?.type, 'Alias');
        assert.ok(rodc?.attributes.includes('local'));
        const last = r.value.privileges[r.value.privileges.length - 1];
        assert.equal(last?.name, 'SeDelegateSessionUserImpersonatePrivilege');
        assert.equal(last?.description, 'Obtain an impersonation token for another user in the same session');
        assert.equal(last?.state, 'enabled');
        assert.ok(r.value.privileges.every((p) => p.state === 'enabled'));
      });
    }

    it('is one whoami section in auto', () => {
      const sections = parseAuto(readFixture(CME_WHOAMI_ALL)).value.sections;
      assert.deepEqual(
        sections.map((s) => s.kind),
        ['whoami'],
      );
    });

    it('strips the columns in the shared line cleaning: every line starts with the tool text', () => {
      const lines = cleanLineTexts(readFixture(CME_WHOAMI_ALL));
      assert.equal(lines[0], '[+] Executed command');
      assert.equal(lines[1], 'USER INFORMATION');
      assert.equal(lines[3], '');
      assert.equal(lines[6], 'vulnnet-rst\\a-whitehat S-1-5-21-1589833671-435344116-4136949213-1105');
      assert.equal(lines[65], 'Kerberos support for Dynamic Access Control on this device has been disabled.');
      assert.ok(lines.every((l) => !l.startsWith('SMB ')));
    });
  });

  describe('nxc ssh -x id (Massap / SecArmy write-up)', () => {
    for (const [form, text] of [
      ['as published', readFixture(NXC_SSH_ID)],
      ['CRLF', toCrlf(readFixture(NXC_SSH_ID))],
      ['quoted', quoted(readFixture(NXC_SSH_ID))],
    ] as const) {
      it(`reads uid, gid and groups (${form})`, () => {
        const r = parseId(text);
        assert.equal(r.recognized, true);
        assert.deepEqual(r.warnings, []);
        assert.deepEqual(r.value.uid, { id: 1001, name: 'uno' });
        assert.deepEqual(r.value.gid, { id: 1001, name: 'uno' });
        assert.deepEqual(r.value.groups, [{ id: 1001, name: 'uno' }]);
      });
    }

    it('leaves NetExec status and the columns-only last line out of the id text', () => {
      assert.deepEqual(cleanLineTexts(readFixture(NXC_SSH_ID)), ['[+] Executed command', 'uid=1001(uno) gid=1001(uno) groups=1001(uno)', '', '']);
      const sections = parseAuto(readFixture(NXC_SSH_ID)).value.sections;
      assert.deepEqual(
        sections.map((s) => [s.kind, s.startLine, s.endLine]),
        [['id', 2, 2]],
      );
    });
  });

  it('still reads the Turkish NetExec whoami /all (columns now stripped by text.ts)', () => {
    const r = parseWhoami(readFixture(TR_NETEXEC));
    assert.equal(r.recognized, true);
    assert.equal(r.value.integrityLevel, 'high');
    assert.equal(r.value.privileges.length, 23);
    assert.ok(r.value.privileges.every((p) => p.state === 'enabled'));
  });

  /**
   * The real samples of the other tools, put through NetExec's column layout (no published
   * `nxc ... -x klist|gpresult|gpupdate` output was found): each parser reads exactly what it
   * reads from the sample itself, values, warnings and line numbers alike.
   */
  describe('every parser reads its real sample the same behind NetExec columns', () => {
    const cases: [string, string, (text: string) => unknown][] = [
      ['klist (two runs, AES and RC4 tickets)', 'klist-windows/klist-2-and-3-tickets-aes-rc4-lab-vx.txt', (t) => parseKlist(t)],
      ['klist with tab indentation', 'klist-windows/klist-tabs-non-forwardable-rc4-session-evil-winrm.txt', (t) => parseKlist(t)],
      ['klist sessions (22 sessions)', 'klist-windows/klist-sessions-22-sessions-server.txt', (t) => parseKlistSessions(t)],
      ['klist tgt (zeroed key hex dump)', 'klist-windows/klist-tgt-non-admin-zeroed-key-hexdump.txt', (t) => parseKlistTgt(t)],
      ['gpresult /r', 'gpupdate-gpresult/gpresult-r-dc-admin-user-and-computer-groups.txt', (t) => parseGpresult(t)],
      ['gpupdate failure (gpt.ini)', 'gpupdate-gpresult/gpupdate-fail-gpt-ini-sysvol-msqa.txt', (t) => parseGpupdate(t)],
      ['MIT klist (indented)', 'klist-mit-heimdal/mit-klist-two-tickets-rst-indented.txt', (t) => parseUnixKlist(t)],
      ['id of an AD user', 'linux-id-sssd/id-ad-user-domain-admins-htb.txt', (t) => parseId(t)],
    ];
    for (const [name, fixture, parse] of cases) {
      it(name, () => {
        const original = readFixture(fixture);
        const expected = parse(original);
        assert.deepEqual(parse(throughNetExec(original)), expected);
        assert.deepEqual(parse(throughNetExec(original, 'WINRM', 'dc01.pentestlab.local', '5985', 'DC01')), expected);
        assert.deepEqual(parse(toCrlf(throughNetExec(original, 'SSH', '192.168.56.253', '22', '192.168.56.253'))), expected);
      });
    }

    it('reads the klist tickets behind the columns (values, not only equality)', () => {
      const r = parseKlist(throughNetExec(readFixture('klist-windows/klist-2-and-3-tickets-aes-rc4-lab-vx.txt')));
      assert.equal(r.recognized, true);
      assert.equal(r.value.runs.length, 2);
      assert.ok(r.value.tickets.length > 0);
      assert.ok(r.value.tickets.every((t) => t.client !== null && t.server !== null));
    });

    it('auto finds the same sections, shifted by the NetExec status lines above them', () => {
      const fixture = 'klist-windows/klist-sessions-22-sessions-server.txt';
      const plain = parseAuto(readFixture(fixture)).value.sections.map((s) => [s.kind, s.startLine, s.endLine]);
      const columns = pad('SMB', 12) + pad('10.129.244.174', 16) + pad('445', 7) + pad('DC01', 17);
      const wrapped = `${columns}[+] Executed command via wmiexec\n${throughNetExec(readFixture(fixture))}`;
      const sections = parseAuto(wrapped).value.sections;
      assert.deepEqual(
        sections.map((s) => [s.kind, s.startLine, s.endLine]),
        plain.map(([k, a, b]) => [k, Number(a) + 1, Number(b) + 1]),
      );
      assert.deepEqual(sections[0]?.result.value, parseKlistSessions(readFixture(fixture)).value);
    });
  });

  describe('ordinary pastes are unchanged', () => {
    it('no line of any fixture but the NetExec pastes has runner columns', () => {
      const withColumns = allFixtures().filter((f) =>
        readFixture(f)
          .split(/\r\n|\r|\n/)
          .some((l) => runnerColumnsLength(l) > 0),
      );
      assert.deepEqual(withColumns, [...RUNNER_PASTES].sort());
    });

    it('a klist paste splits into exactly its own lines', () => {
      const text = readFixture('klist-windows/klist-2-and-3-tickets-aes-rc4-lab-vx.txt');
      assert.deepEqual(splitLines(text), text.split('\n'));
    });

    it('strips nothing when fewer than three lines carry the columns (a tool line may start with SMB and an address)', () => {
      const columns = pad('SMB', 12) + pad('10.0.0.5', 16) + pad('445', 7) + pad('DC01', 17);
      const two = `${columns}[+] Executed command\n${columns}corp\\alice\nCached Tickets: (0)`;
      assert.deepEqual(splitLines(two), two.split('\n'));
      const three = `${two}\n${columns}`;
      assert.deepEqual(splitLines(three), ['[+] Executed command', 'corp\\alice', 'Cached Tickets: (0)', '']);
    });

    it('keeps the indentation of the tool text after the columns', () => {
      const columns = pad('SMB', 12) + pad('10.0.0.5', 16) + pad('445', 7) + pad('DC01', 17);
      const text = ['#0>     Client: alice @ CORP.LOCAL', '        Server: krbtgt/CORP.LOCAL @ CORP.LOCAL', '\tSession Key Type: AES-256-CTS-HMAC-SHA1-96'].map((l) => columns + l).join('\n');
      assert.deepEqual(splitLines(text), ['#0>     Client: alice @ CORP.LOCAL', '        Server: krbtgt/CORP.LOCAL @ CORP.LOCAL', '\tSession Key Type: AES-256-CTS-HMAC-SHA1-96']);
    });
  });
});
