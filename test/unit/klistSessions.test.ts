import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { LOGON_TYPE_NUMBERS, looksLikeKlistSessions, parseKlistSessions } from '../../src/parse/klistSessions';
import type { KlistSession } from '../../src/parse/klistSessions';
import { decode, encode } from '../../src/parse/encoding';
import { listFixtures, readFixture, toCrlf } from './fixtures';
import { WINDOWS_TOOL_FRAGMENTS, mutate, mutationOps } from '../support/mutate';

const SAMPLE = 'klist-windows/klist-sessions-22-sessions-server.txt';

// Random damage of the kind pastes suffer: deletions, insertions, truncation, shuffled lines.
const opArb = mutationOps(WINDOWS_TOOL_FRAGMENTS);

describe('klist sessions (unit)', () => {
  const text = readFixture(SAMPLE);
  const r = parseKlistSessions(text);
  const s = r.value;
  const row = (i: number): KlistSession => {
    const found = s.sessions[i];
    assert.ok(found, `row ${i}`);
    return found;
  };

  it('reads the current logon id and all 22 sessions in order', () => {
    assert.equal(r.recognized, true);
    assert.deepEqual(r.warnings, []);
    assert.equal(s.currentLogonId, '0x468c4f9');
    assert.equal(s.currentLogonIdRaw, '0:0x468c4f9');
    assert.equal(s.sessions.length, 22);
    assert.deepEqual(s.sessions.map((x) => x.index), Array.from({ length: 22 }, (_, i) => i));
    assert.deepEqual(s.errors, []);
    assert.equal(s.error, null);
  });

  it('reads row [0] completely', () => {
    assert.deepEqual(row(0), {
      index: 0,
      session: 0,
      logonId: '0x46931ff',
      logonIdRaw: '0:0x46931ff',
      account: 'TEST\\test',
      authPackage: 'Kerberos',
      logonType: 'Network',
      logonTypeNumber: 3,
      cachedCredentials: false,
      line: 4,
    });
  });

  it('reads Negotiate:(0) of SYSTEM as logon type 0', () => {
    const system = row(10);
    assert.equal(system.logonId, '0x3e7');
    assert.equal(system.account, 'TEST\\SQL01$');
    assert.equal(system.authPackage, 'Negotiate');
    assert.equal(system.logonType, '0');
    assert.equal(system.logonTypeNumber, 0);
    assert.equal(system.cachedCredentials, false);
  });

  it('reads the anonymous account "\\" of row [14]', () => {
    const anon = row(14);
    assert.equal(anon.account, '\\');
    assert.equal(anon.logonId, '0xd8bb');
    assert.equal(anon.authPackage, 'NTLM');
    assert.equal(anon.logonTypeNumber, 0);
  });

  it('keeps accounts that contain spaces', () => {
    assert.equal(row(5).account, 'Window Manager\\DWM-1');
    assert.equal(row(5).session, 1);
    assert.equal(row(6).account, 'Font Driver Host\\UMFD-0');
    assert.equal(row(21).account, 'NT AUTHORITY\\LOCAL SERVICE');
    assert.equal(row(21).logonId, '0x3e5');
    assert.equal(row(21).logonType, 'Service');
    assert.equal(row(21).logonTypeNumber, 5);
  });

  it('maps RemoteInteractive, Interactive, Service and Network and counts packages', () => {
    assert.equal(row(4).logonType, 'RemoteInteractive');
    assert.equal(row(4).logonTypeNumber, 10);
    assert.equal(row(4).session, 2);
    assert.equal(row(1).account, 'TEST\\Administrator');
    assert.equal(row(1).logonTypeNumber, 2);
    assert.equal(row(13).logonId, '0x3e4');
    assert.equal(row(13).logonTypeNumber, 5);
    const count = (p: string): number => s.sessions.filter((x) => x.authPackage === p).length;
    assert.deepEqual([count('Kerberos'), count('NTLM'), count('Negotiate')], [6, 3, 13]);
    assert.equal(s.sessions.filter((x) => x.cachedCredentials).length, 0);
  });

  it('knows the logon type numbers', () => {
    assert.deepEqual(
      [...LOGON_TYPE_NUMBERS].filter(([name]) => name !== 'proxy'),
      [
        ['interactive', 2],
        ['network', 3],
        ['batch', 4],
        ['service', 5],
        ['unlock', 7],
        ['networkcleartext', 8],
        ['newcredentials', 9],
        ['remoteinteractive', 10],
        ['cachedinteractive', 11],
        ['cachedremoteinteractive', 12],
        ['cachedunlock', 13],
      ],
    );
  });

  it('flags cached-credential sign-ins by name or by number (row [1] of the real sample re-typed)', () => {
    for (const type of ['CachedInteractive', '(11)', 'CachedRemoteInteractive', '(13)']) {
      const edited = text.replace('TEST\\Administrator Kerberos:Interactive', `TEST\\Administrator Kerberos:${type}`);
      assert.notEqual(edited, text);
      const p = parseKlistSessions(edited);
      const admin = p.value.sessions[1];
      assert.ok(admin);
      assert.equal(admin.cachedCredentials, true, type);
      assert.ok([11, 12, 13].includes(admin.logonTypeNumber ?? -1), type);
      assert.equal(p.warnings.length, 1);
      assert.match(p.warnings[0]?.message ?? '', /cached credentials/);
    }
  });

  it('reads the shared klist error lines (WinRM 1312)', () => {
    const e = parseKlistSessions(readFixture('klist-windows/klist-error-1312-logon-session-does-not-exist-winrm.txt'));
    assert.equal(e.recognized, false);
    assert.equal(e.value.error?.code, 1312);
    assert.equal(e.value.error?.kind, 'no-tgt-network-logon');
    assert.deepEqual(e.value.errors, []);
  });

  it('gives the same result for CRLF, Markdown quoting and cp437 bytes', () => {
    assert.deepEqual(parseKlistSessions(toCrlf(text)), r);
    assert.deepEqual(parseKlistSessions(text.split('\n').map((l) => `>     ${l}`).join('\n')), r);
    assert.deepEqual(parseKlistSessions(decode(encode(text, 'cp437'), { encoding: 'cp437' }).text), r);
  });

  it('only claims klist sessions output', () => {
    assert.equal(looksLikeKlistSessions(text), true);
    for (const f of listFixtures('klist-windows').filter((f) => f !== SAMPLE)) {
      assert.equal(looksLikeKlistSessions(readFixture(f)), false, f);
      assert.equal(parseKlistSessions(readFixture(f)).value.sessions.length, 0, f);
    }
  });

  it('stays fast on 1 MB hostile lines', () => {
    for (const h of ['a'.repeat(1_000_000), `[0] Session 0 0:0x1 ${'x '.repeat(500_000)}`, `[1] ${'0:0x1 '.repeat(160_000)} error`, `${'['.repeat(1_000_000)}`]) {
      const started = Date.now();
      assert.equal(typeof parseKlistSessions(h).recognized, 'boolean');
      looksLikeKlistSessions(h);
      assert.ok(Date.now() - started < 1500);
    }
  });

  it('never throws on 1000 mutated samples and answers recognized as a boolean', () => {
    const samples = listFixtures('klist-windows').map(readFixture);
    fc.assert(
      fc.property(fc.constantFrom(...samples, text, text), fc.array(opArb, { maxLength: 8 }), (sample, ops) => {
        const m = parseKlistSessions(mutate(sample, ops));
        assert.equal(m.kind, 'klist-sessions');
        assert.equal(typeof m.recognized, 'boolean');
        assert.deepEqual(JSON.parse(JSON.stringify(m)), m);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('klist sessions without elevation (unit, real sample outside the corpus)', () => {
  const sample = readFixture('extra/klist-sessions-non-admin-access-denied-mist-htb.txt');

  it('reads the one readable session and every access-denied line with its logon id', () => {
    const r = parseKlistSessions(sample);
    assert.equal(r.recognized, true);
    assert.equal(r.value.currentLogonId, '0x977a31');
    assert.deepEqual(r.value.sessions.map((s) => [s.index, s.logonId, s.account, s.authPackage, s.logonType, s.logonTypeNumber]), [[3, '0x977a31', 'MIST\\Brandon.Keywarp', 'Kerberos', 'Batch', 4]]);
    assert.deepEqual(
      r.value.errors.map((e) => [e.logonId, e.code]),
      ['0x11943', '0xaca9', '0x3e4', '0x3e5', '0xacd6', '0x64ec', '0x64cc', '0x6032', '0x3e7'].map((id) => [id, '0x5']),
    );
    assert.equal(r.value.error?.status, '0xc0000022');
  });
});

describe('klist sessions pasted from notes (unit, real samples outside the corpus)', () => {
  it('warns that the paste elides sessions [3]-[11]', () => {
    const r = parseKlistSessions(readFixture('extra/win-klist-sessions-elided-trailing-spaces-then-li-0x3e7.txt'));
    assert.equal(r.recognized, true);
    assert.equal(r.value.currentLogonId, '0xa54c6');
    assert.deepEqual(
      r.value.sessions.map((x) => [x.index, x.logonId, x.account, x.authPackage, x.logonType]),
      [
        [0, '0xa5996', 'CORP\\offsec', 'Negotiate', 'RemoteInteractive'],
        [1, '0xa54c6', 'CORP\\offsec', 'Kerberos', 'RemoteInteractive'],
        [2, '0xa06a5', 'Window Manager\\DWM-2', 'Negotiate', 'Interactive'],
        [12, '0x3e7', 'CORP\\CLIENT03$', 'Negotiate', '0'],
      ],
    );
    // One warning, at the `...` line; the `...` under the later ticket list is not about sessions.
    assert.deepEqual(r.warnings, [{ line: 7, message: 'The paste leaves out session(s) [3]-[11]: the list is not complete.' }]);
  });

  it('does not warn about a complete list', () => {
    assert.deepEqual(parseKlistSessions(readFixture(SAMPLE)).warnings.filter((w) => /leaves out|elides/.test(w.message)), []);
  });

  it('reads the 10 sessions listed as SYSTEM (LUMON), with `\\ NTLM:(0)`', () => {
    const r = parseKlistSessions(readFixture('extra/win-klist-sessions-as-system-lumon.txt'));
    assert.equal(r.recognized, true);
    assert.deepEqual(r.warnings, []);
    assert.equal(r.value.currentLogonId, '0x3e7');
    assert.equal(r.value.sessions.length, 10);
    assert.deepEqual(
      r.value.sessions.map((x) => x.logonId),
      ['0x15d6ed', '0x154333', '0x3e5', '0x11ad7', '0x11a78', '0x3e4', '0xb248', '0xb23d', '0xa748', '0x3e7'],
    );
    const anonymous = r.value.sessions[8];
    assert.equal(anonymous?.account, '\\');
    assert.equal(anonymous?.authPackage, 'NTLM');
    assert.equal(anonymous?.logonTypeNumber, 0);
    assert.equal(r.value.sessions[2]?.account, 'NT AUTHORITY\\LOCAL SERVICE');
    assert.equal(r.value.sessions[2]?.logonType, 'Service');
    assert.equal(r.value.sessions[9]?.account, 'LUMON\\jotter-pc$');
    assert.equal(r.value.sessions[9]?.logonType, '0');
    assert.equal(r.value.sessions[1]?.authPackage, 'Kerberos');
  });
});
