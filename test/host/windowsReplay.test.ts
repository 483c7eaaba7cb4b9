/**
 * The trees, fed by real Windows outputs through a replaying runner: limited (UAC-filtered
 * admin), elevated and SYSTEM sessions, logon sessions, and the klist error forms.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, byLabel, fixture, rows } from './helpers';
import { WINDOWS_OPTIONS, elevatedRecording, limitedRecordings, windowsRunner } from './replay';

describe('Windows sessions replayed from real outputs', () => {
  afterEach(async () => {
    const tti = await api();
    tti.useRunner(undefined);
  });

  it('shows the limited session: UAC-filtered Administrators is deny-only at Medium', async () => {
    const tti = await api();
    const runner = windowsRunner();
    tti.useRunner(runner, WINDOWS_OPTIONS);
    await tti.refreshNow('command');

    const [machine] = await rows(tti.providers.groups);
    assert.equal(machine?.label, 'This machine');
    assert.equal(machine?.contextValue, 'tti:source:machine');
    const sessions = await rows(tti.providers.groups, machine?.node);
    const session = byLabel(sessions, 'This session');
    assert.equal(session.contextValue, 'tti:session:limited');
    assert.match(session.description, /^Medium · 14 groups · 0xa48995$/);
    const groups = await rows(tti.providers.groups, session.node);
    assert.equal(groups.length, 14);
    const admins = byLabel(groups, 'BUILTIN\\Administrators');
    assert.equal(admins.contextValue, 'tti:group:denyOnly:sid');
    assert.equal(admins.description, 'S-1-5-32-544 · deny only');
    const label = byLabel(groups, 'Mandatory Label\\Medium Mandatory Level');
    assert.equal(label.contextValue, 'tti:group:label:sid');
    // The exact argument vectors: full System32 paths, no shell.
    assert.deepEqual(
      runner.calls.map((c) => [c.command, ...c.args].join(' ')).sort(),
      ['C:\\Windows\\System32\\klist.exe', 'C:\\Windows\\System32\\klist.exe sessions', 'C:\\Windows\\System32\\whoami.exe /all'],
    );
  });

  it('lists the limited session\'s tickets, TGT first, with real times and flags', async () => {
    const tti = await api();
    tti.useRunner(windowsRunner(), WINDOWS_OPTIONS);
    await tti.refreshNow('command');
    const [machine] = await rows(tti.providers.kerberos);
    const [session] = await rows(tti.providers.kerberos, machine?.node);
    assert.equal(session?.label, 'This session');
    assert.match(session?.description ?? '', /^2 tickets · 0xa48995$/);
    const tickets = await rows(tti.providers.kerberos, session?.node);
    assert.deepEqual(
      tickets.map((t) => t.label),
      ['krbtgt/LAB.VX @ LAB.VX', 'ldap/DC.lab.vx/lab.vx @ LAB.VX'],
    );
    assert.equal(tickets[0]?.contextValue, 'tti:ticket:tgt');
    assert.match(tickets[0]?.description ?? '', /^TGT · expired \d+ d ago, issued \d+ d ago · AES-256-CTS-HMAC-SHA1-96$/);
    assert.equal(tickets[1]?.contextValue, 'tti:ticket');
  });

  it('shows every logon session of klist sessions with its logon type', async () => {
    const tti = await api();
    tti.useRunner(windowsRunner(), WINDOWS_OPTIONS);
    await tti.refreshNow('command');
    const [machine] = await rows(tti.providers.sessions);
    const list = await rows(tti.providers.sessions, machine?.node);
    assert.equal(list.length, 22);
    const system = list.find((r) => r.description.startsWith('0x3e7 '));
    assert.equal(system?.label, 'TEST\\SQL01$');
    assert.equal(system?.description, '0x3e7 · Negotiate:(0) · session 0');
    const rdp = list.find((r) => r.description.startsWith('0x14d465 '));
    assert.equal(rdp?.description, '0x14d465 · Kerberos:RemoteInteractive · session 2');
    assert.ok(list.every((r) => r.contextValue === 'tti:logonSession'), 'no session of this server used cached credentials');
  });

  it('reads the elevated and SYSTEM sessions through one elevated run and shows the differences', async () => {
    const tti = await api();
    const runner = windowsRunner([...limitedRecordings(), elevatedRecording('ok')]);
    tti.useRunner(runner, WINDOWS_OPTIONS);
    await tti.refreshNow('command');
    assert.equal(await vscode.commands.executeCommand('tti.sessions.readElevated'), true);
    assert.equal(runner.calls.filter((c) => c.command.endsWith('powershell.exe')).length, 1, 'one UAC prompt');

    const [machine] = await rows(tti.providers.groups);
    const sessions = await rows(tti.providers.groups, machine?.node);
    const elevated = byLabel(sessions, 'Elevated session');
    assert.equal(elevated.contextValue, 'tti:session:elevated');
    assert.match(elevated.description, /^High · \d+ groups · 0x468c4f9$/);
    const groups = await rows(tti.providers.groups, elevated.node);
    const admins = byLabel(groups, 'BUILTIN\\Administrators');
    assert.equal(admins.contextValue, 'tti:group:sid');
    assert.equal(admins.description, 'S-1-5-32-544 · enabled, owner · ≠ limited: deny only; elevated: enabled, owner');

    const [kMachine] = await rows(tti.providers.kerberos);
    const kSessions = await rows(tti.providers.kerberos, kMachine?.node);
    const system = byLabel(kSessions, 'SYSTEM (computer account, 0x3e7)');
    assert.equal(system.contextValue, 'tti:session:system');
    const systemTickets = await rows(tti.providers.kerberos, system.node);
    assert.deepEqual(systemTickets.map((t) => t.label), ['krbtgt/CONTOSO.COM @ CONTOSO.COM']);
    const elevatedTickets = await rows(tti.providers.kerberos, byLabel(kSessions, 'Elevated session').node);
    assert.equal(elevatedTickets.length, 3);
  });

  it('keeps the view when the administrator prompt is declined', async () => {
    const tti = await api();
    tti.useRunner(windowsRunner([...limitedRecordings(), elevatedRecording('declined')]), WINDOWS_OPTIONS);
    await tti.refreshNow('command');
    assert.equal(await vscode.commands.executeCommand('tti.sessions.readElevated'), false);
    const [machine] = await rows(tti.providers.groups);
    const sessions = await rows(tti.providers.groups, machine?.node);
    assert.deepEqual(sessions.map((s) => s.label), ['This session']);
  });

  it('shows access denied for the sessions a non-elevated klist sessions may not read', async () => {
    const tti = await api();
    const recordings = limitedRecordings().map((r) => (r.tool === 'klist' && r.args[0] === 'sessions' ? { ...r, stdout: fixture('extra/klist-sessions-non-admin-access-denied-mist-htb.txt'), exitCode: 1 } : r));
    tti.useRunner(windowsRunner(recordings), WINDOWS_OPTIONS);
    await tti.refreshNow('command');
    const [machine] = await rows(tti.providers.sessions);
    const list = await rows(tti.providers.sessions, machine?.node);
    assert.equal(list[0]?.contextValue, 'tti:problem');
    assert.equal(list[0]?.label, '9 other logon sessions could not be read without elevation (access denied).');
    assert.match(list[0]?.description ?? '', /Read Other Sessions \(Elevated\)/);
    assert.deepEqual(list.slice(1).map((r) => [r.label, r.description]), [['MIST\\Brandon.Keywarp', '0x977a31 · Kerberos:Batch · session 0']]);
  });

  it('explains klist error 1312 of a network logon instead of showing an empty cache', async () => {
    const tti = await api();
    tti.useRunner(windowsRunner(limitedRecordings('klist-windows/klist-error-1312-logon-session-does-not-exist-winrm.txt')), WINDOWS_OPTIONS);
    await tti.refreshNow('command');
    const [machine] = await rows(tti.providers.kerberos);
    const [session] = await rows(tti.providers.kerberos, machine?.node);
    const children = await rows(tti.providers.kerberos, session?.node);
    assert.equal(children.length, 1);
    assert.equal(children[0]?.contextValue, 'tti:problem');
    assert.match(children[0]?.label ?? '', /network logon/);
    assert.match(children[0]?.label ?? '', /0xc000005f|1312|logon session does not exist/i);
  });

  it('reports a missing klist as a problem and keeps the token groups', async () => {
    const tti = await api();
    tti.useRunner(windowsRunner(limitedRecordings().filter((r) => !(r.tool === 'klist' && r.args.length === 0))), WINDOWS_OPTIONS);
    await tti.refreshNow('command');
    const [machine] = await rows(tti.providers.groups);
    const [session] = await rows(tti.providers.groups, machine?.node);
    const children = await rows(tti.providers.groups, session?.node);
    assert.equal(children[0]?.contextValue, 'tti:problem');
    assert.match(children[0]?.label ?? '', /klist: C:\\Windows\\System32\\klist\.exe was not found/);
    assert.equal(children.filter((c) => c.contextValue.startsWith('tti:group')).length, 14);
  });
});

describe('Diagnosis on Windows, with the directory read through ADSI', () => {
  afterEach(async () => {
    const tti = await api();
    tti.useRunner(undefined);
  });

  it('reads tokenGroups with the user\'s own credentials and reports the group the token lacks', async () => {
    const tti = await api();
    const added = 'S-1-5-21-3359511372-53430657-2078432294-1105';
    // Our fixed ADSI script prints one SID per line (its own format, not a Windows tool's).
    const runner = windowsRunner([
      ...limitedRecordings(),
      { tool: 'powershell', args: [], matchArgs: (a) => a.some((x) => x.includes("RefreshCache(@('tokenGroups'))")), stdout: `S-1-5-32-545\r\n${added}\r\n` },
    ]);
    tti.useRunner(runner, WINDOWS_OPTIONS);
    await tti.refreshNow('command');
    const result = await vscode.commands.executeCommand<{ diagnosis: { drift: boolean; findings: { kind: string; group: { sid?: string } }[]; evidence: { used: string[] } } }>('tti.diagnose', { open: false });
    assert.equal(result.diagnosis.drift, true);
    assert.deepEqual(result.diagnosis.findings.map((f) => [f.kind, f.group.sid]), [['added', added]]);
    const call = runner.calls.find((c) => c.command.endsWith('powershell.exe'));
    assert.deepEqual(call?.args.slice(0, 3), ['-NoProfile', '-NonInteractive', '-Command']);
  });

  it('asks for a pasted listing when no domain controller answers (no drift claimed)', async () => {
    const tti = await api();
    tti.useRunner(windowsRunner(limitedRecordings()), WINDOWS_OPTIONS);
    await tti.refreshNow('command');
    const result = await vscode.commands.executeCommand<{ diagnosis: { drift: boolean; evidence: { missing: string[] } } }>('tti.diagnose', { open: false });
    assert.equal(result.diagnosis.drift, false);
    assert.ok(result.diagnosis.evidence.missing.some((m) => /directory's current groups/.test(m)));
  });
});
