/**
 * Collectors, evidence and presentation on real outputs replayed through the runner seam:
 * what the trees will show, without VS Code.
 */
import * as assert from 'node:assert/strict';
import { errorKindOf } from '../../src/model/build';
import { collectMachine, parseChcp, sessionsFromElevatedBundle } from '../../src/model/collect';
import { sourceFromEvidence } from '../../src/model/evidence';
import { compareTokens, expiryText, groupsToCsv, sessionToMarkdown, sortTickets, tgtStatus, ticketsToCsv } from '../../src/model/present';
import { InspectorStore } from '../../src/model/store';
import { ReplayRunner } from '../../src/platform/replayRunner';
import type { Recording } from '../../src/platform/replayRunner';
import { readFixture } from './fixtures';

const WIN = { platform: 'windows' as const, oemCodePage: 437, windowsPaths: { systemRoot: 'C:\\Windows', wow64: false } };

function windowsRecordings(): Recording[] {
  return [
    { tool: 'whoami', args: ['/all'], stdout: readFixture('whoami/en-local-admin-uac-filtered-whoami-all-hacktricks.txt') },
    { tool: 'klist', args: [], stdout: readFixture('klist-windows/klist-2-and-3-tickets-aes-rc4-lab-vx.txt') },
    { tool: 'klist', args: ['sessions'], stdout: readFixture('klist-windows/klist-sessions-22-sessions-server.txt') },
  ];
}

describe('collectMachine on Windows outputs (unit)', () => {
  it('builds the limited session from whoami /all, klist and klist sessions', async () => {
    const runner = new ReplayRunner(windowsRecordings());
    const source = await collectMachine(runner, WIN);
    const [limited] = source.sessions;
    assert.equal(limited?.kind, 'limited');
    assert.equal(limited?.user?.name, 'desktop-rgfrdxl\\cpolo');
    assert.equal(limited?.integrityLevel, 'medium');
    assert.equal(limited?.groups?.length, 14);
    assert.deepEqual(limited?.groups?.find((g) => g.sid === 'S-1-5-32-544')?.attributes, ['denyOnly']);
    assert.equal(limited?.logonId, '0xa48995');
    assert.equal(limited?.caches?.[0]?.tickets.length, 2, 'the first klist run of the sample');
    assert.equal(limited?.caches?.[0]?.principal, 'mike @ LAB.VX');
    assert.equal(source.logonSessions?.length, 22);
    assert.deepEqual(runner.calls.map((c) => c.command), ['C:\\Windows\\System32\\whoami.exe', 'C:\\Windows\\System32\\klist.exe', 'C:\\Windows\\System32\\klist.exe']);
  });

  it('asks chcp for the console code page when it is not configured', async () => {
    const runner = new ReplayRunner(windowsRecordings());
    await collectMachine(runner, { ...WIN, oemCodePage: undefined });
    assert.equal(runner.calls[0]?.command, 'C:\\Windows\\System32\\chcp.com');
    assert.equal(parseChcp('Page de codes active : 850'), 850);
    assert.equal(parseChcp('Aktive Codepage: 850.'), 850);
  });

  it('uses Sysnative from a 32-bit process on 64-bit Windows', async () => {
    const runner = new ReplayRunner(windowsRecordings());
    await collectMachine(runner, { ...WIN, windowsPaths: { systemRoot: 'D:\\WINDOWS\\', wow64: true } });
    assert.equal(runner.calls[0]?.command, 'D:\\WINDOWS\\Sysnative\\whoami.exe');
  });

  it('turns a missing tool and klist error 1312 into problems, keeping the rest', async () => {
    const runner = new ReplayRunner([
      { tool: 'klist', args: [], stdout: readFixture('klist-windows/klist-error-1312-logon-session-does-not-exist-winrm.txt') },
    ]);
    const source = await collectMachine(runner, WIN);
    const kinds = source.sessions[0]?.problems.map((p) => p.kind);
    assert.deepEqual(kinds, ['tool-missing', 'no-tgt-network-logon']);
    assert.deepEqual(source.sessions[0]?.caches, []);
    assert.equal(source.sessions[0]?.logonId, '0xd50661');
  });

  it('flags the wrong klist.exe (a JDK first on PATH)', async () => {
    const runner = new ReplayRunner([{ tool: 'klist', args: [], stdout: readFixture('klist-windows/java-jdk-klist-shadowing-note.txt') }]);
    const source = await collectMachine(runner, WIN);
    assert.ok(source.sessions[0]?.problems.some((p) => p.kind === 'tool-shadowed'));
  });
});

describe('the elevated helper bundle (unit)', () => {
  const bundle = [
    '### tti:whoami',
    readFixture('whoami/en-elevated-domain-user-high-whoami-all.txt'),
    '### tti:klist:current',
    readFixture('klist-windows/klist-get-li-targeted-logonid-3-tickets.txt'),
    '### tti:klist:0x3e7',
    readFixture('klist-windows/klist-tabs-computer-account-tgt-forwarded.txt'),
    '### tti:klist:0x3e4',
    readFixture('klist-windows/klist-error-1312-logon-session-does-not-exist-winrm.txt'),
    '### tti:klist-sessions',
    readFixture('klist-windows/klist-sessions-22-sessions-server.txt'),
  ].join('\r\n');

  it('gives the elevated, SYSTEM and NETWORK SERVICE sessions', () => {
    const r = sessionsFromElevatedBundle(bundle);
    assert.deepEqual(r.sessions.map((s) => [s.id, s.kind]), [
      ['elevated:current', 'elevated'],
      ['elevated:0x3e7', 'system'],
      ['elevated:0x3e4', 'networkService'],
    ]);
    const elevated = r.sessions[0];
    assert.equal(elevated?.integrityLevel, 'high');
    assert.deepEqual(elevated?.groups?.find((g) => g.sid === 'S-1-5-32-544')?.attributes, ['mandatory', 'enabledByDefault', 'enabled', 'owner']);
    assert.equal(elevated?.logonId, '0x468c4f9');
    assert.equal(elevated?.logonType, 'Interactive');
    assert.equal(elevated?.account, 'TEST\\Administrator');
    assert.equal(r.sessions[1]?.caches?.[0]?.tickets[0]?.server, 'krbtgt/CONTOSO.COM @ CONTOSO.COM');
    assert.equal(r.sessions[2]?.problems[0]?.kind, 'no-tgt-network-logon');
    assert.equal(r.logonSessions?.length, 22);
  });

  it('shows what elevation changes against the limited token', async () => {
    const limited = (await collectMachine(new ReplayRunner(windowsRecordings()), WIN)).sessions[0];
    const elevated = sessionsFromElevatedBundle(bundle).sessions[0];
    assert.ok(limited && elevated);
    const admins = compareTokens(limited, elevated).find((d) => d.sid === 'S-1-5-32-544');
    assert.equal(admins?.summary, 'limited: deny only; elevated: enabled, owner');
  });
});

describe('collectMachine on Linux outputs (unit)', () => {
  const recordings = (): Recording[] => [
    { tool: 'id', args: [], stdout: readFixture('real/linux-id-in-process-started-before-usermod-c.txt') },
    { tool: 'id', args: ['--', 'ttiucap'], stdout: readFixture('real/linux-id-throwaway-user-after-usermod-c.txt') },
    { tool: 'klist', args: ['-A', '-f', '-e'], stdout: readFixture('real/mit-testrealm-klist-A-f-e-dir-collection-2-principals-c.txt') },
  ];

  it('shows the process groups, the fresh lookup, and every cache of the collection', async () => {
    const runner = new ReplayRunner(recordings());
    const source = await collectMachine(runner, { platform: 'linux', userName: 'ttiucap' });
    const [proc, dir] = source.sessions;
    assert.deepEqual(proc?.groups?.map((g) => g.name), ['ttiucap']);
    assert.deepEqual(dir?.groups?.map((g) => g.name), ['ttiucap', 'ttigcap']);
    assert.deepEqual(proc?.caches?.map((c) => c.principal), ['bob@TEST.LOCAL', 'alice@TEST.LOCAL']);
    assert.deepEqual(proc?.caches?.[0]?.tickets.map((t) => [t.server, t.isTgt]), [['krbtgt/TEST.LOCAL@TEST.LOCAL', true], ['HTTP/localhost@TEST.LOCAL', false]]);
    assert.equal(proc?.caches?.[0]?.tickets[0]?.encryptionType, 'aes256-cts-hmac-sha1-96');
    assert.ok(proc?.caches?.[0]?.tickets[0]?.flags.includes('renewable'));
    assert.match(proc?.caches?.[0]?.tickets[0]?.end.iso ?? '', /^20\d\d-\d\d-\d\dT\d\d:\d\d:\d\d$/, 'MM/DD/YY proven by a day above 12');
  });

  it('runs klist in the C locale and reads 12/04/26 month-first, which no day above 12 proves here', async () => {
    const runner = new ReplayRunner([...recordings().slice(0, 2), { tool: 'klist', args: ['-A', '-f', '-e'], stdout: readFixture('real/mit-testrealm-klist-A-f-e-day-and-month-both-below-13-c.txt') }]);
    // No date-order setting: the user's locale may be en_GB, but our klist ran with LC_ALL=C.
    const source = await collectMachine(runner, { platform: 'linux', userName: 'ttiucap', env: { KRB5CCNAME: 'DIR:/tmp/x', LC_ALL: 'de_DE.UTF-8' } });
    const klistRun = runner.calls.find((c) => c.command === 'klist');
    assert.equal(klistRun?.env?.LC_ALL, 'C', 'the C locale wins over the caller\'s');
    assert.equal(klistRun?.env?.KRB5CCNAME, 'DIR:/tmp/x');
    const tgt = source.sessions[0]?.caches?.[0]?.tickets[0];
    assert.equal(tgt?.start.iso, '2026-12-04T14:48:13');
    assert.equal(tgt?.end.iso, '2026-12-05T00:48:13');
  });

  it('treats "no credentials cache" as no tickets, not as an error', async () => {
    const runner = new ReplayRunner([...recordings().slice(0, 2), { tool: 'klist', args: ['-A', '-f', '-e'], exitCode: 1, stderr: readFixture('real/mit-testrealm-klist-after-kdestroy-stderr-c.txt') }]);
    const source = await collectMachine(runner, { platform: 'linux', userName: 'ttiucap' });
    assert.deepEqual(source.sessions[0]?.caches, []);
    assert.deepEqual(source.sessions[0]?.problems, []);
  });

  it('reports klist missing on a machine without Kerberos tools', async () => {
    const source = await collectMachine(new ReplayRunner(recordings().slice(0, 2)), { platform: 'linux', userName: 'ttiucap' });
    assert.equal(source.sessions[0]?.problems[0]?.kind, 'tool-missing');
  });
});

describe('evidence and presentation (unit)', () => {
  it('an id that answered "no such user" is a session with that problem, apart from the next id in the paste', () => {
    // Real docs paste: `id alice` on the host fails, `kubectl exec ... -- id alice` in the container answers.
    const source = sourceFromEvidence(readFixture('extra/id-ko-no-such-user-then-kubectl-exec-id-inline-comments-darak-docs.txt'), 'paste');
    const [host, container, more] = source.sessions;
    assert.equal(more, undefined);
    assert.equal(host?.label, 'alice (id)');
    assert.equal(host?.user, undefined);
    assert.deepEqual(host?.groups, []);
    assert.deepEqual(host?.problems.map((p) => p.kind), ['unknown-user']);
    assert.match(host?.problems[0]?.message ?? '', /^id: 'alice': no such user — the account "alice" does not resolve on that machine/);
    assert.match(host?.problems[0]?.hint ?? '', /sssctl user-checks/);
    assert.deepEqual(container?.user, { name: 'alice', uid: 3001 });
    assert.deepEqual(container?.groups?.map((g) => g.name), ['alice']);
    assert.deepEqual(container?.problems, []);
  });

  it('imports a ticket paste: whoami + klist sessions + klist into one session with its logon type', () => {
    const text = [readFixture('whoami/en-domain-user-whoami-all-htb-university.txt'), readFixture('klist-windows/klist-sessions-22-sessions-server.txt'), readFixture('klist-windows/klist-get-li-targeted-logonid-3-tickets.txt')].join('\n');
    const source = sourceFromEvidence(text, 'paste');
    assert.equal(source.logonSessions?.length, 22);
    const token = source.sessions.find((s) => s.groups);
    assert.equal(token?.user?.name, 'university\\wao');
    const targeted = source.sessions.find((s) => s.logonId === '0x468c4f9');
    assert.equal(targeted?.logonType, 'Interactive');
    assert.equal(targeted?.caches?.[0]?.tickets.length, 3);
  });

  it('a pasted klist get that failed on the encryption type becomes a session problem with what to check', () => {
    const source = sourceFromEvidence(readFixture('extra/en-klist-get-azureadssoacc-etype-error-two-messages-one-line.txt'), 'paste');
    const problems = source.sessions.flatMap((s) => s.problems);
    assert.deepEqual(problems.map((p) => p.kind), ['unsupported-etype']);
    assert.match(problems[0]?.message ?? '', /encryption type both sides allow\. \(.*not supported by the KDC/);
    assert.match(problems[0]?.hint ?? '', /msDS-SupportedEncryptionTypes/);
    assert.equal(errorKindOf('0x80090342', null), 'unsupported-etype');
    assert.equal(errorKindOf('1312', null), 'no-tgt-network-logon');
    assert.equal(errorKindOf('0x51f', '0xc000005e'), 'no-logon-servers');
    assert.equal(errorKindOf(null, '0xC0000022'), 'access-denied');
    assert.equal(errorKindOf('0x8009030e', null), 'other');
  });

  it('evidence with nothing recognisable says so', () => {
    const source = sourceFromEvidence('hello\nworld', 'x');
    assert.deepEqual(source.sessions, []);
    assert.match(source.warnings.join(' '), /Nothing in this text was recognised/);
  });

  it('store: evidence gets stable ids and can be removed', () => {
    const store = new InspectorStore();
    let changes = 0;
    store.onDidChange(() => changes++);
    const a = store.addEvidence(sourceFromEvidence(readFixture('whoami/fr-domain-user-groups-tssr.txt'), 'a'));
    const b = store.addEvidence(sourceFromEvidence(readFixture('whoami/fr-domain-user-groups-tssr.txt'), 'b'));
    assert.deepEqual([a, b], ['evidence:1', 'evidence:2']);
    assert.equal(store.removeEvidence(a), true);
    assert.deepEqual(store.sources.map((s) => s.label), ['b']);
    assert.equal(changes, 3);
  });

  it('sorts the TGT first and says when tickets expire', () => {
    const session = sourceFromEvidence(readFixture('klist-windows/klist-zero-tickets-then-two-after-net-use.txt'), 'x').sessions[0];
    const tickets = sortTickets(session?.caches?.[0]?.tickets ?? []);
    const tgt = tickets[0];
    assert.ok(tgt?.isTgt);
    const end = Date.parse(tgt.end.iso ?? '');
    assert.ok(!Number.isNaN(end));
    assert.equal(expiryText(tgt, end - 3 * 3_600_000), 'expires in 3 h');
    assert.equal(expiryText(tgt, end + 2 * 86_400_000), 'expired 2 d ago');
  });

  it('exports groups and tickets as CSV and Markdown without key material', () => {
    const source = sourceFromEvidence(`${readFixture('whoami/fr-domain-user-groups-tssr.txt')}\n${readFixture('klist-windows/klist-tabs-service-ticket-aes128-session-key-beacon.txt')}`, 'x');
    const session = source.sessions[0];
    assert.ok(session?.groups);
    const csv = groupsToCsv(session.groups);
    assert.match(csv, /^"Group Name","Type","SID","Attributes"\r\n/);
    assert.match(csv, /"TSSR-MEN\\GG-ADMINISTRATIF","Groupe","S-1-5-21-3751794092-3013587998-2465217153-1113","mandatory enabledByDefault enabled"/);
    const tcsv = ticketsToCsv(session.caches?.[0]?.tickets ?? []);
    assert.equal(tcsv.split('\r\n').length, 3);
    const md = sessionToMarkdown(session);
    assert.match(md, /\| TSSR-MEN\\\\GG-ADMINISTRATIF \| Groupe \| S-1-5-21-3751794092-3013587998-2465217153-1113 \|/);
    assert.doesNotMatch(md + csv + tcsv, /Session Key\s*:|KeyLength/);
  });
});

describe('collectMachine on macOS outputs (unit)', () => {
  it('reads Heimdal klist (API: cache) beside the process groups', async () => {
    const runner = new ReplayRunner([
      { tool: 'id', args: [], stdout: readFixture('real/linux-id-root-c.txt') },
      { tool: 'klist', args: [], stdout: readFixture('klist-mit-heimdal/heimdal-macos-klist-api-uid-2017.txt') },
    ]);
    const source = await collectMachine(runner, { platform: 'macos' });
    assert.deepEqual(runner.calls.map((c) => [c.command, ...c.args].join(' ')).sort(), ['id', 'klist'], 'Heimdal has no -A: plain klist');
    const [proc] = source.sessions;
    assert.equal(proc?.caches?.[0]?.name, 'API:501');
    assert.ok((proc?.caches?.[0]?.tickets.length ?? 0) > 0);
    assert.ok(proc?.caches?.[0]?.tickets.some((t) => t.isTgt));
  });
});

describe('TGT status (unit)', () => {
  const tgt = sourceFromEvidence(readFixture('klist-windows/klist-zero-tickets-then-two-after-net-use.txt'), 'x').sessions[0]?.caches?.[0]?.tickets.find((t) => t.isTgt);

  it('counts down the remaining life and warns in the last hour', () => {
    assert.ok(tgt);
    const end = Date.parse(tgt.end.iso ?? '');
    assert.deepEqual([tgtStatus(tgt, false, end - 5 * 3_600_000).text, tgtStatus(tgt, false, end - 5 * 3_600_000).state], ['$(key) TGT 5 h', 'ok']);
    assert.equal(tgtStatus(tgt, false, end - 30 * 60_000).state, 'expiring');
    assert.equal(tgtStatus(tgt, false, end + 1000).state, 'expired');
  });

  it('has distinct states for no TGT and a cached-credentials logon', () => {
    assert.equal(tgtStatus(undefined, false, 0).state, 'none');
    assert.equal(tgtStatus(undefined, true, 0).state, 'cached');
    assert.ok(tgt);
    assert.equal(tgtStatus(tgt, true, Date.parse(tgt.end.iso ?? '') - 5 * 3_600_000).state, 'cached');
  });
});

describe('evidence with two tokens (unit)', () => {
  it('a limited and an elevated whoami pasted together become two sessions, the elevated one marked', () => {
    const text = `${readFixture('whoami/en-local-admin-uac-filtered-whoami-all-hacktricks.txt')}\n${readFixture('whoami/en-elevated-domain-user-high-whoami-all.txt')}`;
    const source = sourceFromEvidence(text, 'two');
    assert.deepEqual(source.sessions.map((s) => [s.kind, s.integrityLevel, s.groups?.length]), [
      ['imported', 'medium', 14],
      ['elevated', 'high', source.sessions[1]?.groups?.length],
    ]);
    const [limited, elevated] = source.sessions;
    assert.ok(limited && elevated);
    assert.equal(compareTokens(limited, elevated).find((d) => d.sid === 'S-1-5-32-544')?.summary, 'limited: deny only; elevated: enabled, owner');
  });
});

describe('klist sessions without elevation (unit)', () => {
  it('says how many sessions need elevation, and keeps the readable one', async () => {
    const runner = new ReplayRunner([
      { tool: 'whoami', args: ['/all'], stdout: readFixture('whoami/en-local-admin-uac-filtered-whoami-all-hacktricks.txt') },
      { tool: 'klist', args: ['sessions'], stdout: readFixture('extra/klist-sessions-non-admin-access-denied-mist-htb.txt'), exitCode: 1 },
    ]);
    const source = await collectMachine(runner, WIN);
    assert.deepEqual(source.problems.map((p) => [p.kind, p.message]), [['access-denied', '9 other logon sessions could not be read without elevation (access denied).']]);
    assert.deepEqual(source.logonSessions?.map((r) => r.account), ['MIST\\Brandon.Keywarp']);
  });
});
