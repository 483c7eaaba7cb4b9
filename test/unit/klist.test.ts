import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { classifyKlistError, KLIST_ERRORS, looksLikeKlist, parseKlist } from '../../src/parse/klist';
import { parseAuto } from '../../src/parse/auto';
import type { Klist, KlistTicket } from '../../src/parse/klist';
import { decode, encode } from '../../src/parse/encoding';
import { listFixtures, readFixture, toCrlf } from './fixtures';
import { WINDOWS_TOOL_FRAGMENTS, mutate, mutationOps } from '../support/mutate';

const DIR = 'klist-windows';
const read = (name: string): string => readFixture(`${DIR}/${name}`);
const parse = (name: string): Klist => parseKlist(read(name)).value;

function ticket(k: { tickets: KlistTicket[] }, i: number): KlistTicket {
  const t = k.tickets[i];
  assert.ok(t, `ticket #${i} missing`);
  return t;
}

// Random damage of the kind pastes suffer: deletions, insertions, truncation, shuffled lines.
const opArb = mutationOps(WINDOWS_TOOL_FRAGMENTS);

describe('klist tickets (unit)', () => {
  describe('before/after paste with two runs (lab.vx)', () => {
    const k = parse('klist-2-and-3-tickets-aes-rc4-lab-vx.txt');

    it('puts the first run at top level and both runs in runs[]', () => {
      assert.equal(k.currentLogonId, '0xa48995');
      assert.equal(k.currentLogonIdRaw, '0:0xa48995');
      assert.equal(k.targetedLogonId, null);
      assert.equal(k.cachedTicketCount, 2);
      assert.equal(k.tickets.length, 2);
      assert.equal(k.command, 'klist');
      assert.equal(k.runs.length, 2);
      assert.equal(k.runs[1]?.cachedTicketCount, 3);
      assert.deepEqual(
        k.runs[1]?.tickets.map((t) => t.server),
        ['krbtgt/LAB.VX @ LAB.VX', 'MSSQLSvc/SVR.lab.vx:1433 @ LAB.VX', 'ldap/DC.lab.vx/lab.vx @ LAB.VX'],
      );
    });

    it('reads every field of the TGT block', () => {
      const t = ticket(k, 0);
      assert.equal(t.index, 0);
      assert.equal(t.client, 'mike @ LAB.VX');
      assert.equal(t.clientName, 'mike');
      assert.equal(t.clientRealm, 'LAB.VX');
      assert.equal(t.server, 'krbtgt/LAB.VX @ LAB.VX');
      assert.equal(t.serverName, 'krbtgt/LAB.VX');
      assert.equal(t.serverRealm, 'LAB.VX');
      assert.equal(t.encryptionType, 'AES-256-CTS-HMAC-SHA1-96');
      assert.equal(t.flagsHex, '0x40e10000');
      assert.deepEqual(t.flags, ['forwardable', 'renewable', 'initial', 'pre_authent', 'name_canonicalize']);
      assert.deepEqual(t.startTime, { raw: '4/16/2022 9:53:54 (local)', iso: '2022-04-16T09:53:54' });
      assert.deepEqual(t.endTime, { raw: '4/16/2022 19:53:54 (local)', iso: '2022-04-16T19:53:54' });
      assert.deepEqual(t.renewTime, { raw: '4/23/2022 9:53:54 (local)', iso: '2022-04-23T09:53:54' });
      assert.equal(t.sessionKeyType, 'AES-256-CTS-HMAC-SHA1-96');
      assert.equal(t.cacheFlagsHex, '0x1');
      assert.deepEqual(t.cacheFlags, ['PRIMARY']);
      assert.equal(t.kdcCalled, 'DC.lab.vx');
    });

    it('reads the RC4 service ticket and the ok_as_delegate flag', () => {
      const run = k.runs[1];
      assert.ok(run);
      const sql = ticket(run, 1);
      assert.equal(sql.serverName, 'MSSQLSvc/SVR.lab.vx:1433');
      assert.equal(sql.encryptionType, 'RSADSI RC4-HMAC(NT)');
      assert.equal(sql.sessionKeyType, 'RSADSI RC4-HMAC(NT)');
      assert.equal(sql.flagsHex, '0x40a10000');
      assert.equal(sql.cacheFlagsHex, '0');
      assert.deepEqual(sql.cacheFlags, []);
      assert.ok(ticket(run, 2).flags.includes('ok_as_delegate'));
    });

    it('ignores the PowerShell object output between the runs', () => {
      assert.deepEqual(parseKlist(read('klist-2-and-3-tickets-aes-rc4-lab-vx.txt')).warnings, []);
      assert.equal(k.runs[0]?.tickets.length, 2);
    });
  });

  describe('ASC cache flag, Renew Time 0 and klist get', () => {
    const k = parse('klist-asc-cache-flag-renew-time-zero-and-klist-get.txt');

    it('keeps Renew Time 0 as raw 0, ASC and an empty Kdc Called', () => {
      const t = ticket(k, 0);
      assert.equal(t.server, 'host/sql01.test.local @ TEST.LOCAL');
      assert.deepEqual(t.renewTime, { raw: '0' });
      assert.equal(t.cacheFlagsHex, '0x8');
      assert.deepEqual(t.cacheFlags, ['ASC']);
      assert.equal(t.kdcCalled, '');
    });

    it('gives no iso for 9/2/2025 unless the date order is known', () => {
      assert.deepEqual(ticket(k, 0).startTime, { raw: '9/2/2025 11:51:58 (local)' });
      const mdy = parseKlist(read('klist-asc-cache-flag-renew-time-zero-and-klist-get.txt'), { dateOrder: 'MDY' }).value;
      assert.equal(ticket(mdy, 0).startTime?.iso, '2025-09-02T11:51:58');
      const dmy = parseKlist(read('klist-asc-cache-flag-renew-time-zero-and-klist-get.txt'), { dateOrder: 'DMY' }).value;
      assert.equal(ticket(dmy, 0).startTime?.iso, '2025-02-09T11:51:58');
    });

    it('captures the klist get success line in the second run', () => {
      assert.equal(k.runs.length, 2);
      const get = k.runs[1];
      assert.ok(get);
      assert.equal(get.command, 'klist get host/dc01.test.local');
      assert.deepEqual(get.getResults, [{ spn: 'host/dc01.test.local', line: 21 }]);
      assert.equal(get.cachedTicketCount, 2);
      assert.equal(ticket(get, 0).client, 'Administrator @ TEST.LOCAL');
      assert.equal(ticket(get, 0).kdcCalled, 'DC01.test.local');
      assert.equal(ticket(get, 1).server, 'host/dc01.test.local @ TEST.LOCAL');
    });
  });

  it('reads the Targeted LogonId of klist get -li', () => {
    const k = parse('klist-get-li-targeted-logonid-3-tickets.txt');
    assert.equal(k.currentLogonId, '0x475955a');
    assert.equal(k.targetedLogonId, '0x468c4f9');
    assert.equal(k.targetedLogonIdRaw, '0:0x468c4f9');
    assert.deepEqual(k.getResults.map((g) => g.spn), ['LDAP/dc01.test.local']);
    assert.equal(k.cachedTicketCount, 3);
    assert.deepEqual(
      k.tickets.map((t) => t.serverName),
      ['krbtgt/TEST.LOCAL', 'LDAP/dc01.test.local', 'host/dc01.test.local'],
    );
    assert.equal(ticket(k, 2).startTime?.raw, '9/2/2025 12:30:28 (local)');
  });

  describe('errors', () => {
    it('reads ShowTickets substatus 1312 / 0xc000005f of a WinRM shell', () => {
      const k = parse('klist-error-1312-logon-session-does-not-exist-winrm.txt');
      assert.equal(k.currentLogonId, '0xd50661');
      assert.equal(k.tickets.length, 0);
      assert.equal(k.cachedTicketCount, null);
      assert.ok(k.error);
      assert.equal(k.error.code, 1312);
      assert.equal(k.error.codeRaw, '1312');
      assert.equal(k.error.status, '0xc000005f');
      assert.equal(k.error.api, 'LsaCallAuthenticationPackage');
      assert.equal(k.error.operation, 'ShowTickets');
      assert.equal(k.error.message, 'A specified logon session does not exist. It may already have been terminated.');
      assert.equal(k.error.kind, 'no-tgt-network-logon');
    });

    it('reads GetTicket substatus 0x51f / 0xc000005e from an indented paste', () => {
      const r = parseKlist(read('klist-get-error-0x51f-azure-files-indented.txt'));
      assert.equal(r.recognized, true);
      const k = r.value;
      assert.equal(k.command, 'klist get cifs/<storageaccount>.file.preprod.core.windows.net');
      assert.equal(k.currentLogonId, '0xc1323');
      assert.ok(k.error);
      assert.equal(k.error.code, 0x51f);
      assert.equal(k.error.codeRaw, '0x51f');
      assert.equal(k.error.status, '0xc000005e');
      assert.equal(k.error.operation, 'GetTicket');
      assert.equal(k.error.message, '');
      assert.equal(k.error.kind, 'no-logon-servers');
    });

    it('maps codes and statuses to kinds with a sentence for the UI', () => {
      assert.equal(classifyKlistError(1312, null).kind, 'no-tgt-network-logon');
      assert.equal(classifyKlistError(null, '0xC000005F').kind, 'no-tgt-network-logon');
      assert.equal(classifyKlistError(5, null).kind, 'access-denied');
      assert.equal(classifyKlistError(null, '0xc0000022').kind, 'access-denied');
      assert.equal(classifyKlistError(0x51f, null).kind, 'no-logon-servers');
      assert.equal(classifyKlistError(null, '0xc000005e').kind, 'no-logon-servers');
      assert.equal(classifyKlistError(null, '0x8009030e').kind, 'other');
      assert.deepEqual(KLIST_ERRORS.map((e) => e.kind), ['no-tgt-network-logon', 'access-denied', 'no-logon-servers', 'unsupported-etype']);
      for (const e of KLIST_ERRORS) {
        assert.match(e.explanation, /^[A-Z].{20,200}\.$/);
      }
    });

    it('does not take the beacon ERROR_ACCESS_DENIED of ls for a klist error', () => {
      assert.equal(parse('klist-tabs-computer-account-tgt-forwarded.txt').error, null);
    });
  });

  describe('TAB-indented pastes with trailing spaces', () => {
    it('reads the forwarded computer-account TGT (beacon, no LogonId line)', () => {
      const k = parse('klist-tabs-computer-account-tgt-forwarded.txt');
      assert.equal(k.command, 'klist');
      assert.equal(k.currentLogonId, null);
      assert.equal(k.cachedTicketCount, 1);
      const t = ticket(k, 0);
      assert.equal(t.client, 'LON-DC-1$ @ CONTOSO.COM');
      assert.equal(t.clientName, 'LON-DC-1$');
      assert.equal(t.clientRealm, 'CONTOSO.COM');
      assert.equal(t.flagsHex, '0x60a10000');
      assert.deepEqual(t.flags, ['forwardable', 'forwarded', 'renewable', 'pre_authent', 'name_canonicalize']);
      assert.deepEqual(t.cacheFlags, ['PRIMARY']);
      assert.equal(t.kdcCalled, '');
      // 2/21 proves month-first for the whole output
      assert.deepEqual(t.startTime, { raw: '2/21/2025 10:39:21 (local)', iso: '2025-02-21T10:39:21' });
    });

    it('reads the non-forwardable TGT with an RC4 session key (Evil-WinRM)', () => {
      const k = parse('klist-tabs-non-forwardable-rc4-session-evil-winrm.txt');
      assert.equal(k.currentLogonId, '0x34e262');
      const t = ticket(k, 0);
      assert.equal(t.server, 'krbtgt/sequel.htb @ SEQUEL.HTB');
      assert.equal(t.flagsHex, '0xe10000');
      assert.deepEqual(t.flags, ['renewable', 'initial', 'pre_authent', 'name_canonicalize']);
      assert.equal(t.encryptionType, 'AES-256-CTS-HMAC-SHA1-96');
      assert.equal(t.sessionKeyType, 'RSADSI RC4-HMAC(NT)');
      assert.equal(t.kdcCalled, '');
      assert.equal(t.renewTime?.iso, '2023-03-16T11:24:37');
    });

    it('reads the AES-128 session key of an AES-256 service ticket', () => {
      const k = parse('klist-tabs-service-ticket-aes128-session-key-beacon.txt');
      assert.equal(k.command, null);
      assert.equal(k.currentLogonId, '0x119ed4');
      const t = ticket(k, 0);
      assert.equal(t.server, 'cifs/lon-fs-1 @ CONTOSO.COM');
      assert.equal(t.encryptionType, 'AES-256-CTS-HMAC-SHA1-96');
      assert.equal(t.sessionKeyType, 'AES-128-CTS-HMAC-SHA1-96');
      assert.equal(t.cacheFlagsHex, '0');
      assert.deepEqual(t.cacheFlags, []);
      assert.equal(t.kdcCalled, '');
      assert.deepEqual(t.endTime, { raw: '12/8/2025 7:58:39 (local)', iso: '2025-12-08T07:58:39' });
    });
  });

  it('reads Cached Tickets: (0) and the second run after net use', () => {
    const k = parse('klist-zero-tickets-then-two-after-net-use.txt');
    assert.equal(k.cachedTicketCount, 0);
    assert.deepEqual(k.tickets, []);
    assert.equal(k.runs.length, 2);
    const after = k.runs[1];
    assert.ok(after);
    assert.equal(after.currentLogonId, '0x264151');
    assert.deepEqual(after.tickets.map((t) => t.server), ['krbtgt/CORP.COM @ CORP.COM', 'cifs/files04 @ CORP.COM']);
    assert.equal(ticket(after, 0).sessionKeyType, 'RSADSI RC4-HMAC(NT)');
    assert.equal(ticket(after, 0).encryptionType, 'AES-256-CTS-HMAC-SHA1-96');
    assert.equal(ticket(after, 1).kdcCalled, 'DC1.corp.com');
  });

  it('reads a paste with blank lines stripped, skipping the purge run before it', () => {
    const r = parseKlist(read('klist-purge-then-get-no-blank-lines-cn-notes.txt'));
    const k = r.value;
    assert.equal(k.runs.length, 1);
    assert.equal(k.command, 'klist get mongodb/MBSINFOAS11-DIT.dev.hk');
    assert.equal(k.currentLogonId, '0x591258a');
    assert.deepEqual(k.getResults.map((g) => g.spn), ['mongodb/MBSINFOAS11-DIT.dev.hk']);
    assert.equal(k.cachedTicketCount, 2);
    assert.equal(k.tickets.length, 1); // the excerpt ends inside the listing
    const t = ticket(k, 0);
    assert.equal(t.server, 'krbtgt/DEV.HK @ DEV.HK');
    assert.equal(t.kdcCalled, '');
    assert.equal(t.endTime?.iso, '2024-08-24T02:07:32');
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0]?.message ?? '', /announced 2 cached ticket\(s\) but 1/);
  });

  it('flags the Java JDK klist shadowing the Windows one', () => {
    const r = parseKlist(read('java-jdk-klist-shadowing-note.txt'));
    assert.equal(r.recognized, true);
    assert.equal(r.value.shadowedBy, 'jdk');
    assert.ok(r.warnings.some((w) => /Java JDK klist/.test(w.message) && /System32\\klist\.exe/.test(w.message)));
    // the Windows klist the author ran afterwards
    assert.equal(r.value.currentLogonId, '0x47dc3');
    assert.equal(r.value.cachedTicketCount, 0);
  });

  it('flags MIT klist output (KfW first on PATH) and is not fooled by Heimdal', () => {
    for (const f of listFixtures('klist-mit-heimdal')) {
      const text = readFixture(f);
      assert.equal(looksLikeKlist(text), false, f);
      const r = parseKlist(text);
      assert.deepEqual(r.value.tickets, [], f);
      if (f.includes('/mit-klist-') && /Ticket cache:|No credentials cache found/.test(text)) {
        assert.equal(r.value.shadowedBy, 'mit', f);
        assert.ok(r.warnings.some((w) => /MIT Kerberos for Windows/.test(w.message)), f);
      }
      if (f.includes('/heimdal-')) {
        assert.equal(r.value.shadowedBy, null, f);
      }
    }
  });

  it('reads unknown (e.g. localized) labels by position in the block', () => {
    // The real sample with every label replaced by a neutral one: only the order is left.
    const text = read('klist-tabs-non-forwardable-rc4-session-evil-winrm.txt');
    let n = 0;
    const relabelled = text
      .replace(/^(\t|#0>\t)(Client|Server|KerbTicket Encryption Type|Start Time|End Time|Renew Time|Session Key Type|Cache Flags|Kdc Called):/gm, (_m, lead: string) => `${lead}Feld${++n}:`)
      .replace('Ticket Flags 0xe10000', 'Ticketkennzeichen 0xe10000');
    assert.equal(n, 9);
    const original = ticket(parseKlist(text).value, 0);
    const byPosition = ticket(parseKlist(relabelled).value, 0);
    assert.deepEqual(byPosition, original);
  });

  it('does not take a lone LogonId line for a ticket listing', () => {
    const r = parseKlist('Current LogonId is 0:0x47dc3');
    assert.equal(r.recognized, false);
  });

  it('shadowedBy is null for genuine Windows output', () => {
    for (const f of listFixtures(DIR).filter((f) => !f.includes('java-jdk'))) {
      assert.equal(parseKlist(readFixture(f)).value.shadowedBy, null, f);
    }
  });

  it('does not claim usage text or the other klist commands', () => {
    const usage = parseKlist(read('klist-usage-10.0.18362.txt'));
    assert.equal(usage.recognized, false);
    assert.match(usage.warnings[0]?.message ?? '', /usage text/);
    for (const f of [
      'klist-sessions-22-sessions-server.txt',
      'klist-tgt-non-admin-zeroed-key-hexdump.txt',
      'klist-purge-msdocs-sql-bdc.txt',
      'klist-li-0x3e4-0x3e7-purge-then-gpupdate-remote-job-indented.txt',
    ]) {
      assert.equal(parseKlist(read(f)).recognized, false, f);
    }
    assert.equal(parseKlist(readFixture('gpupdate-gpresult/gpresult-r-dc-admin-user-and-computer-groups.txt')).recognized, false);
  });

  it('looksLikeKlist picks the ticket-list and error forms only', () => {
    const yes = [
      'klist-2-and-3-tickets-aes-rc4-lab-vx.txt',
      'klist-asc-cache-flag-renew-time-zero-and-klist-get.txt',
      'klist-error-1312-logon-session-does-not-exist-winrm.txt',
      'klist-get-error-0x51f-azure-files-indented.txt',
      'klist-get-li-targeted-logonid-3-tickets.txt',
      'klist-tabs-computer-account-tgt-forwarded.txt',
      'klist-zero-tickets-then-two-after-net-use.txt',
    ];
    const no = ['klist-sessions-22-sessions-server.txt', 'klist-tgt-non-admin-zeroed-key-hexdump.txt', 'klist-purge-msdocs-sql-bdc.txt', 'klist-usage-10.0.18362.txt'];
    for (const f of yes) {
      assert.equal(looksLikeKlist(read(f)), true, f);
    }
    for (const f of no) {
      assert.equal(looksLikeKlist(read(f)), false, f);
    }
  });

  describe('paste variants derived from the real samples', () => {
    it('CRLF gives the same result for every sample', () => {
      for (const f of listFixtures(DIR)) {
        const text = readFixture(f);
        assert.deepEqual(parseKlist(toCrlf(text)), parseKlist(text), f);
      }
    });

    it('Markdown quoting and 4-space code indentation give the same result', () => {
      for (const f of listFixtures(DIR)) {
        const text = readFixture(f);
        const quoted = text.split('\n').map((l) => `> ${l}`).join('\n');
        const indented = text.split('\n').map((l) => `    ${l}`).join('\n');
        assert.deepEqual(parseKlist(quoted).value, parseKlist(text).value, `${f} quoted`);
        assert.deepEqual(parseKlist(indented).value, parseKlist(text).value, `${f} indented`);
      }
    });

    it('blank lines stripped keep both runs and every ticket', () => {
      const text = read('klist-2-and-3-tickets-aes-rc4-lab-vx.txt').split('\n').filter((l) => l.trim() !== '').join('\n');
      const k = parseKlist(text).value;
      assert.deepEqual(k.runs.map((r) => r.tickets.length), [2, 3]);
      assert.deepEqual(k.runs[1]?.tickets.map((t) => t.kdcCalled), ['DC.lab.vx', 'DC.lab.vx', 'DC.lab.vx']);
    });

    it('survives a cp437 (OEM code page) round trip', () => {
      const text = read('klist-tabs-computer-account-tgt-forwarded.txt');
      const bytes = encode(text, 'cp437');
      assert.equal(decode(bytes, { encoding: 'cp437' }).text, text);
      assert.equal(decode(bytes, { oemCodePage: 437 }).text, text);
      assert.deepEqual(parseKlist(decode(bytes, { encoding: 'cp437' }).text), parseKlist(text));
    });
  });

  describe('robustness', () => {
    it('stays fast on 1 MB hostile lines', () => {
      const mb = 1_000_000;
      const hostile = [
        'a'.repeat(mb),
        `Error calling API ${'L'.repeat(mb)}`,
        `#0>${' '.repeat(mb)}x`,
        `Current LogonId is ${'0'.repeat(mb)}:0x1`,
        `klist failed with 0x${'c'.repeat(mb)}`,
        `${'Ticket Flags '.repeat(mb / 13)}0x1 ->`,
        `PS ${'C:\\'.repeat(mb / 3)}> klist`,
        `#0> Client: ${'a @ '.repeat(mb / 4)}`,
      ];
      for (const h of hostile) {
        const started = Date.now();
        const r = parseKlist(h);
        looksLikeKlist(h);
        assert.equal(typeof r.recognized, 'boolean');
        assert.ok(Date.now() - started < 1500, `slow on ${h.slice(0, 30)}`);
      }
    });

    it('never throws on 1000 mutated samples and answers recognized as a boolean', () => {
      const samples = listFixtures(DIR).map(readFixture);
      fc.assert(
        fc.property(fc.constantFrom(...samples), fc.array(opArb, { maxLength: 8 }), (sample, ops) => {
          const r = parseKlist(mutate(sample, ops));
          assert.equal(r.kind, 'klist');
          assert.equal(typeof r.recognized, 'boolean');
          assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
        }),
        { numRuns: 1000 },
      );
    });

  });
});

describe('localized klist tickets (unit, real samples outside the corpus)', () => {
  const FR7 = 'extra/win-klist-fr-7-tickets-fence-per-ticket.txt';
  const FR_MIMIKATZ = 'extra/win-klist-fr-mimikatz-ptc-rc4-no-cacheflags.txt';
  const ES = 'extra/win-klist-es-2-tickets-ps-prompt.txt';

  it('reads French labels by position although `Client :` matches the English label', () => {
    const r = parseKlist(readFixture(FR7));
    assert.equal(r.recognized, true);
    assert.deepEqual(r.warnings, []);
    const k = r.value;
    assert.equal(k.currentLogonId, '0x12b14cd');
    assert.equal(k.cachedTicketCount, 7);
    assert.equal(k.tickets.length, 7);
    assert.equal(k.runs.length, 1);
    const t = ticket(k, 0);
    assert.equal(t.client, 'claire.durand @ NOVACORP.TEST');
    assert.equal(t.server, 'krbtgt/NOVACORP.TEST @ NOVACORP.TEST');
    assert.equal(t.serverName, 'krbtgt/NOVACORP.TEST');
    assert.equal(t.encryptionType, 'AES-256-CTS-HMAC-SHA1-96');
    assert.equal(t.flagsHex, '0x60a10000');
    assert.deepEqual(t.flags, ['forwardable', 'forwarded', 'renewable', 'pre_authent', 'name_canonicalize']);
    assert.equal(t.startTime?.raw, '10/1/2026 16:46:25 (Local)');
    assert.equal(t.endTime?.raw, '10/2/2026 2:46:25 (Local)');
    assert.equal(t.renewTime?.raw, '10/8/2026 16:46:25 (Local)');
    assert.equal(t.sessionKeyType, 'AES-256-CTS-HMAC-SHA1-96');
    assert.equal(t.cacheFlagsHex, '0x2');
    assert.deepEqual(t.cacheFlags, ['DELEGATION']);
    assert.equal(t.kdcCalled, 'DC02.novacorp.test');
    assert.equal(ticket(k, 1).kdcCalled, 'DC02');
    assert.deepEqual(ticket(k, 1).cacheFlags, ['PRIMARY']);
    assert.deepEqual(
      k.tickets.map((x) => x.server),
      [
        'krbtgt/NOVACORP.TEST @ NOVACORP.TEST',
        'krbtgt/NOVACORP.TEST @ NOVACORP.TEST',
        'cifs/SRV01.novacorp.test @ NOVACORP.TEST',
        'ldap/DC01.novacorp.test @ NOVACORP.TEST',
        'cifs/DC01.novacorp.test/novacorp.test @ NOVACORP.TEST',
        'ldap/DC01.novacorp.test/novacorp.test @ NOVACORP.TEST',
        'LDAP/DC02.novacorp.test/novacorp.test @ NOVACORP.TEST',
      ],
    );
    assert.ok(k.tickets.every((x) => x.kdcCalled !== null && x.sessionKeyType === 'AES-256-CTS-HMAC-SHA1-96'));
  });

  it('keeps every ticket when the fence lines around each ticket are blank lines', () => {
    const text = readFixture(FR7);
    const blanked = text.replace(/^```.*$/gm, '');
    assert.notEqual(blanked, text);
    assert.deepEqual(parseKlist(blanked).value, parseKlist(text).value);
  });

  it('parse auto finds the French listings as klist sections', () => {
    for (const [f, count] of [
      [FR7, 7],
      [FR_MIMIKATZ, 1],
    ] as const) {
      assert.equal(looksLikeKlist(readFixture(f)), true, f);
      const sections = parseAuto(readFixture(f)).value.sections;
      assert.deepEqual(
        sections.map((s) => s.kind),
        ['klist'],
        f,
      );
      assert.equal((sections[0]?.result.value as Klist).tickets.length, count, f);
    }
  });

  it('reads the older French build without Cache Flags / Kdc Called lines (mimikatz ptc)', () => {
    const r = parseKlist(readFixture(FR_MIMIKATZ));
    assert.deepEqual(r.warnings, []);
    assert.equal(r.value.command, 'klist.exe');
    assert.equal(r.value.currentLogonId, '0x897d99');
    assert.equal(r.value.cachedTicketCount, 1);
    const t = ticket(r.value, 0);
    assert.equal(t.client, 'jdupond @ domain.local');
    assert.equal(t.server, 'krbtgt/domain.local @ domain.local');
    assert.equal(t.encryptionType, 'RSADSI RC4-HMAC(NT)');
    assert.equal(t.flagsHex, '0x50a00000');
    assert.deepEqual(t.flags, ['forwardable', 'proxiable', 'renewable', 'pre_authent']);
    // 1/24 and 1/31 prove month-first.
    assert.deepEqual(t.startTime, { raw: '1/24/2018 18:26:00 (Local)', iso: '2018-01-24T18:26:00' });
    assert.deepEqual(t.endTime, { raw: '1/25/2018 4:26:00 (Local)', iso: '2018-01-25T04:26:00' });
    assert.deepEqual(t.renewTime, { raw: '1/31/2018 18:26:00 (Local)', iso: '2018-01-31T18:26:00' });
    assert.equal(t.sessionKeyType, 'RSADSI RC4-HMAC(NT)');
    assert.equal(t.cacheFlagsHex, null);
    assert.deepEqual(t.cacheFlags, []);
    assert.equal(t.kdcCalled, null);
  });

  it('reads the Spanish listing (PowerShell prompt, empty `KDC llamado:`)', () => {
    const r = parseKlist(readFixture(ES));
    assert.deepEqual(r.warnings, []);
    const k = r.value;
    assert.equal(k.command, 'klist');
    assert.equal(k.currentLogonId, '0x25e7d');
    assert.equal(k.cachedTicketCount, 2);
    const t0 = ticket(k, 0);
    assert.equal(t0.client, 'm.lovegod @ ABSOLUTE.HTB');
    assert.equal(t0.server, 'krbtgt/absolute.htb @ ABSOLUTE.HTB');
    assert.equal(t0.flagsHex, '0xe10000');
    assert.deepEqual(t0.flags, ['renewable', 'initial', 'pre_authent', 'name_canonicalize']);
    assert.equal(t0.startTime?.raw, '11/7/2023 18:17:04 (local)');
    assert.equal(t0.endTime?.raw, '11/7/2023 22:17:04 (local)');
    assert.deepEqual(t0.cacheFlags, ['PRIMARY']);
    assert.equal(t0.kdcCalled, '');
    const t1 = ticket(k, 1);
    assert.equal(t1.server, 'cifs/dc.absolute.htb @ ABSOLUTE.HTB');
    assert.deepEqual(t1.flags, ['renewable', 'pre_authent', 'ok_as_delegate', 'name_canonicalize']);
    assert.equal(t1.startTime?.raw, '11/7/2023 18:17:58 (local)');
    assert.equal(t1.cacheFlagsHex, '0');
    assert.equal(t1.kdcCalled, 'dc.absolute.htb');
  });

  it('reads the ticket list after an elided klist sessions paste (-li 0x3e7, 6 announced, 1 shown)', () => {
    const r = parseKlist(readFixture('extra/win-klist-sessions-elided-trailing-spaces-then-li-0x3e7.txt'));
    assert.equal(r.value.targetedLogonId, '0x3e7');
    assert.equal(r.value.cachedTicketCount, 6);
    assert.equal(ticket(r.value, 0).kdcCalled, 'dc01.corp.com');
    assert.ok(r.warnings.some((w) => /announced 6 cached ticket\(s\) but 1/.test(w.message)));
  });
});

describe('zh-CN and remoting klist pastes (unit, real samples outside the corpus)', () => {
  const ZERO_SESSIONS = 'extra/zh-klist-zero-then-sessions-ntlm-network.txt';
  const ZH3 = 'extra/zh-klist-3-tickets-jzfz-ps-prompt.txt';
  const ZH7 = 'extra/zh-klist-li-system-7-tickets-tabs-trailing-spaces-delegation.txt';
  const PSSESSION = 'extra/en-klist-enter-pssession-prompt-zero-then-one-indented-comments.txt';

  it('detects a localized zero-ticket listing by its logon id line and `label: (N)` count line', () => {
    const text = readFixture(ZERO_SESSIONS);
    const listing = text.split('\n').slice(0, 5).join('\n');
    assert.equal(looksLikeKlist(listing), true);
    assert.equal(looksLikeKlist(toCrlf(listing)), true);
    // The klist sessions part alone has a logon id line but no count line.
    assert.equal(looksLikeKlist(text.split('\n').slice(6).join('\n')), false);
    // klist tgt has a logon id line and no count line either.
    assert.equal(looksLikeKlist(readFixture('extra/zh-klist-tgt-jzfz-zero-key-hexdump-cut.txt')), false);
  });

  it('parse auto finds the zero-ticket klist before klist sessions', () => {
    const sections = parseAuto(readFixture(ZERO_SESSIONS)).value.sections;
    assert.deepEqual(
      sections.map((s) => [s.kind, s.startLine, s.endLine]),
      [
        ['klist', 1, 5],
        ['klist-sessions', 7, 11],
      ],
    );
    const k = sections[0]?.result.value as Klist;
    assert.equal(k.command, 'klist');
    assert.equal(k.currentLogonId, '0x73218');
    assert.equal(k.cachedTicketCount, 0);
    assert.equal(k.tickets.length, 0);
  });

  it('reads the zh-CN 3-ticket listing (PS prompt, `(本地)` times proven month-first by 8/14/2026)', () => {
    const r = parseKlist(readFixture(ZH3));
    assert.deepEqual(r.warnings, []);
    const k = r.value;
    assert.equal(k.command, 'klist');
    assert.equal(k.currentLogonId, '0x13d0ec');
    assert.equal(k.cachedTicketCount, 3);
    assert.deepEqual(
      k.tickets.map((t) => [t.server, t.flagsHex, t.cacheFlagsHex, t.kdcCalled]),
      [
        ['krbtgt/JZFZ.LOCAL @ JZFZ.LOCAL', '0x40e10000', '0x1', 'jzfzdc9.jzfz.local'],
        ['cifs/jzfz15 @ JZFZ.LOCAL', '0x40a10000', '0', 'jzfzdc9.jzfz.local'],
        ['LDAP/JZFZDC10.jzfz.local/jzfz.local @ JZFZ.LOCAL', '0x40a50000', '0', 'jzfzdc9.jzfz.local'],
      ],
    );
    const t0 = ticket(k, 0);
    assert.equal(t0.client, 'chengongyi @ JZFZ.LOCAL');
    assert.equal(t0.encryptionType, 'AES-256-CTS-HMAC-SHA1-96');
    assert.deepEqual(t0.flags, ['forwardable', 'renewable', 'initial', 'pre_authent', 'name_canonicalize']);
    assert.deepEqual(t0.startTime, { raw: '8/7/2026 10:02:54 (本地)', iso: '2026-08-07T10:02:54' });
    assert.deepEqual(t0.endTime, { raw: '8/7/2026 20:02:54 (本地)', iso: '2026-08-07T20:02:54' });
    assert.deepEqual(t0.renewTime, { raw: '8/14/2026 10:02:54 (本地)', iso: '2026-08-14T10:02:54' });
    assert.equal(t0.sessionKeyType, 'AES-256-CTS-HMAC-SHA1-96');
    assert.deepEqual(t0.cacheFlags, ['PRIMARY']);
    assert.deepEqual(ticket(k, 2).flags, ['forwardable', 'renewable', 'pre_authent', 'ok_as_delegate', 'name_canonicalize']);
    assert.equal(ticket(k, 1).startTime?.iso, '2026-08-07T10:23:08');
  });

  it('reads the zh-CN SYSTEM listing (TABs, trailing spaces, 0x2 -> DELEGATION, no provable date order)', () => {
    const r = parseKlist(readFixture(ZH7));
    assert.deepEqual(r.warnings, []);
    const k = r.value;
    assert.equal(k.command, null);
    assert.equal(k.currentLogonId, '0x3e7');
    assert.equal(k.cachedTicketCount, 7);
    assert.equal(k.tickets.length, 7);
    const t0 = ticket(k, 0);
    assert.equal(t0.client, 'mssqlserver$ @ XIAORANG.LAB');
    assert.equal(t0.server, 'krbtgt/XIAORANG.LAB @ XIAORANG.LAB');
    assert.equal(t0.flagsHex, '0x60a10000');
    assert.deepEqual(t0.flags, ['forwardable', 'forwarded', 'renewable', 'pre_authent', 'name_canonicalize']);
    assert.equal(t0.cacheFlagsHex, '0x2');
    assert.deepEqual(t0.cacheFlags, ['DELEGATION']);
    assert.equal(t0.kdcCalled, 'DC.xiaorang.lab');
    // 3/4, 3/5 and 3/11: every day is <= 12, so no ISO date is guessed.
    assert.deepEqual(t0.startTime, { raw: '3/4/2026 21:09:59 (本地)' });
    assert.deepEqual(t0.renewTime, { raw: '3/11/2026 19:32:33 (本地)' });
    assert.deepEqual(ticket(k, 1).cacheFlags, ['PRIMARY']);
    assert.equal(ticket(k, 2).cacheFlagsHex, '0');
    assert.deepEqual(ticket(k, 2).cacheFlags, []);
    assert.equal(ticket(k, 5).server, 'MSSQLSERVER$ @ XIAORANG.LAB');
    assert.ok(k.tickets.every((t) => t.kdcCalled === 'DC.xiaorang.lab' && t.startTime?.iso === undefined));
  });

  it('reads both klist runs of an Enter-PSSession paste with comments between them', () => {
    const text = readFixture(PSSESSION);
    const r = parseKlist(text);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(
      r.value.runs.map((run) => [run.command, run.currentLogonId, run.cachedTicketCount, run.tickets.length]),
      [
        ['klist', '0xb3f385b', 0, 0],
        ['klist', '0xb4157aa', 1, 1],
      ],
    );
    const t = ticket(r.value.runs[1] ?? { tickets: [] }, 0);
    assert.equal(t.client, 'administrator @ 505CAV.BDE');
    assert.equal(t.server, 'krbtgt/505CAV.BDE @ 505CAV.BDE');
    assert.deepEqual(t.endTime, { raw: '1/25/2024 4:19:38 (local)', iso: '2024-01-25T04:19:38' });
    assert.equal(t.kdcCalled, 'DC-1');
    assert.deepEqual(
      parseAuto(text).value.sections.map((s) => [s.kind, (s.result.value as Klist).currentLogonId]),
      [
        ['klist', '0xb3f385b'],
        ['klist', '0xb4157aa'],
      ],
    );
  });
});
