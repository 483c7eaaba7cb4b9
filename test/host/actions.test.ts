/**
 * Commands that change state: exact argument vectors (no shell), confirmation gates (cancel runs
 * nothing), cancel of a running gpupdate, and result messages from real outputs.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Prompts } from '../../src/commands/prompts';
import { encode } from '../../src/parse/encoding';
import { ReplayRunner } from '../../src/platform/replayRunner';
import type { Recording } from '../../src/platform/replayRunner';
import { api, fixture } from './helpers';
import { WINDOWS_OPTIONS, limitedRecordings, writeOutFile } from './replay';

function answering(confirm: boolean, picks: number[] = [0], pickMany: number[][] = [[0]]): Prompts & { asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    confirm: (message) => {
      asked.push(message);
      return Promise.resolve(confirm);
    },
    pick: (items) => Promise.resolve(items[picks.shift() ?? 0]),
    pickMany: (items) => Promise.resolve((pickMany.shift() ?? [0]).map((i) => items[i]).filter((x) => x !== undefined)),
    input: () => Promise.resolve(undefined),
  };
}

describe('Purge and gpupdate', () => {
  afterEach(async () => {
    const tti = await api();
    tti.usePrompts(undefined);
    tti.useRunner(undefined);
  });

  it('purges nothing when the confirmation is cancelled', async () => {
    const tti = await api();
    const runner = new ReplayRunner([...limitedRecordings(), { tool: 'klist', args: ['purge'], stdout: fixture('klist-windows/klist-purge-msdocs-sql-bdc.txt') }]);
    tti.useRunner(runner, WINDOWS_OPTIONS);
    await tti.refreshNow('command');
    const prompts = answering(false);
    tti.usePrompts(prompts);
    const before = runner.calls.length;
    assert.equal(await vscode.commands.executeCommand('tti.kerberos.purge'), false);
    assert.equal(prompts.asked.length, 1);
    assert.match(prompts.asked[0] ?? '', /^Purge the Kerberos tickets of This logon session\?$/);
    assert.equal(runner.calls.length, before, 'nothing ran');
  });

  it('purges the chosen session with the exact argument vector', async () => {
    const tti = await api();
    const runner = new ReplayRunner([
      ...limitedRecordings(),
      { tool: 'klist', args: ['-li', '0x3e7', 'purge'], stdout: fixture('klist-windows/klist-li-0x3e4-0x3e7-purge-then-gpupdate-remote-job-indented.txt') },
    ]);
    tti.useRunner(runner, WINDOWS_OPTIONS);
    await tti.refreshNow('command');
    tti.usePrompts(answering(true, [2]));
    const before = runner.calls.length;
    assert.equal(await vscode.commands.executeCommand('tti.kerberos.purge'), true);
    const purge = runner.calls[before];
    assert.equal(purge?.command, 'C:\\Windows\\System32\\klist.exe');
    assert.deepEqual(purge?.args, ['-li', '0x3e7', 'purge']);
    assert.ok(runner.calls.length > before + 1, 'the views were refreshed after the purge');
  });

  /** The elevated purge script's launch: writes the exit code and real klist output where the script would, or is declined. */
  function elevatedPurgeRecording(target: string, outcome: { exitCode: number; output: string } | 'declined'): Recording {
    return {
      tool: 'powershell',
      args: [],
      matchArgs: (args) => args.some((a) => a.includes('elevated-purge.ps1') && a.includes(`'-Target','${target}'`)),
      ...(outcome === 'declined'
        ? { exitCode: 1, stderr: 'Start-Process : This command cannot be run due to the error: The operation was canceled by the user.' }
        : {
            exitCode: 0,
            sideEffect: (request) => writeOutFile(request, `### tti:exit ${outcome.exitCode}\r\n${outcome.output}`),
          }),
    };
  }

  function confirming(...answers: boolean[]): Prompts & { asked: string[] } {
    const prompts = answering(true, [0]);
    prompts.confirm = (message) => {
      prompts.asked.push(message);
      return Promise.resolve(answers.shift() ?? false);
    };
    return prompts;
  }

  it('purges the elevated session through the helper: its own cache, one administrator prompt (real output)', async () => {
    const tti = await api();
    const runner = new ReplayRunner([...limitedRecordings(), elevatedPurgeRecording('current', { exitCode: 0, output: fixture('klist-windows/klist-purge-msdocs-sql-bdc.txt') })]);
    tti.useRunner(runner, WINDOWS_OPTIONS);
    await tti.refreshNow('command');
    const prompts = answering(true, [1]);
    tti.usePrompts(prompts);
    const before = runner.calls.length;
    assert.equal(await vscode.commands.executeCommand('tti.kerberos.purge'), true);
    assert.deepEqual(prompts.asked, ['Purge the Kerberos tickets of Elevated session (administrator)?']);
    const launch = runner.calls[before];
    assert.equal(launch?.command, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    const command = launch?.args[launch.args.length - 1] ?? '';
    assert.match(command, /^Start-Process -FilePath '[^']+powershell\.exe' -Verb RunAs -Wait -WindowStyle Hidden -ArgumentList @\(.*'-File','[^']*resources[\\/]elevated-purge\.ps1','-Target','current','-OutFile','[^']+'\)$/);
    assert.equal(runner.calls.filter((c) => c.command.endsWith('klist.exe') && c.args.includes('purge')).length, 0, 'no unelevated purge ran');
  });

  it('offers the administrator prompt when SYSTEM refuses an unelevated purge, and runs nothing more when that is declined', async () => {
    const tti = await api();
    const systemPurge = { tool: 'klist', args: ['-li', '0x3e7', 'purge'], stdout: fixture('klist-windows/klist-li-0x3e4-0x3e7-purge-then-gpupdate-remote-job-indented.txt'), exitCode: 1 };
    let runner = new ReplayRunner([...limitedRecordings(), systemPurge, elevatedPurgeRecording('0x3e7', { exitCode: 0, output: fixture('klist-windows/klist-li-0x3e4-0x3e7-purge-then-gpupdate-remote-job-indented.txt') })]);
    tti.useRunner(runner, WINDOWS_OPTIONS);
    await tti.refreshNow('command');
    let prompts = confirming(true, false);
    prompts.pick = (items) => Promise.resolve(items[2]);
    tti.usePrompts(prompts);
    assert.equal(await vscode.commands.executeCommand('tti.kerberos.purge'), false);
    assert.deepEqual(prompts.asked, ['Purge the Kerberos tickets of SYSTEM (computer account, 0x3e7)?', 'Purging SYSTEM (computer account, 0x3e7) needs administrator rights.']);
    assert.equal(runner.calls.filter((c) => c.command.endsWith('powershell.exe')).length, 0, 'declined: no elevated run');

    // Accepted: the helper purges SYSTEM elevated and its exit code decides.
    runner = new ReplayRunner([...limitedRecordings(), systemPurge, elevatedPurgeRecording('0x3e7', { exitCode: 0, output: fixture('klist-windows/klist-li-0x3e4-0x3e7-purge-then-gpupdate-remote-job-indented.txt') })]);
    tti.useRunner(runner, WINDOWS_OPTIONS);
    await tti.refreshNow('command');
    prompts = confirming(true, true);
    prompts.pick = (items) => Promise.resolve(items[2]);
    tti.usePrompts(prompts);
    assert.equal(await vscode.commands.executeCommand('tti.kerberos.purge'), true);
    assert.equal(runner.calls.filter((c) => c.command.endsWith('powershell.exe')).length, 1);
  });

  it('reports a declined administrator prompt for the elevated session as not purged', async () => {
    const tti = await api();
    const runner = new ReplayRunner([...limitedRecordings(), elevatedPurgeRecording('current', 'declined')]);
    tti.useRunner(runner, WINDOWS_OPTIONS);
    await tti.refreshNow('command');
    tti.usePrompts(answering(true, [1]));
    assert.equal(await vscode.commands.executeCommand('tti.kerberos.purge'), false);
  });

  it('purges with a German klist in the console code page (real German output)', async () => {
    const tti = await api();
    const german = encode(fixture('extra/klist-purge-de-oracle-kerberos-notes.txt').replace(/\r?\n/g, '\r\n'), 'cp850');
    const runner = new ReplayRunner([...limitedRecordings(), { tool: 'klist', args: ['purge'], stdout: german }]);
    tti.useRunner(runner, { ...WINDOWS_OPTIONS, oemCodePage: 850 });
    await tti.refreshNow('command');
    tti.usePrompts(answering(true, [0]));
    assert.equal(await vscode.commands.executeCommand('tti.kerberos.purge'), true);
  });

  it('judges a purge by its exit code, not its text', async () => {
    const tti = await api();
    const runner = new ReplayRunner([...limitedRecordings(), { tool: 'klist', args: ['purge'], stdout: fixture('klist-windows/klist-purge-msdocs-sql-bdc.txt'), exitCode: 5 }]);
    tti.useRunner(runner, WINDOWS_OPTIONS);
    await tti.refreshNow('command');
    tti.usePrompts(answering(true, [0]));
    assert.equal(await vscode.commands.executeCommand('tti.kerberos.purge'), false);
  });

  it('asks before gpupdate /logoff and runs nothing when cancelled', async () => {
    const tti = await api();
    const runner = new ReplayRunner(limitedRecordings());
    tti.useRunner(runner, WINDOWS_OPTIONS);
    const prompts = answering(false);
    tti.usePrompts(prompts);
    const result = await vscode.commands.executeCommand('tti.gpupdate', { target: 'both', force: true, logoff: true });
    assert.equal(result, undefined);
    assert.match(prompts.asked[0] ?? '', /sign the user out/);
    assert.equal(runner.calls.filter((c) => c.command.endsWith('gpupdate.exe')).length, 0);
  });

  it('cancels a running gpupdate: the process is stopped and the outcome says so', async () => {
    const tti = await api();
    const runner = new ReplayRunner([...limitedRecordings(), { tool: 'gpupdate', args: ['/target:computer', '/force'], delayMs: 20_000, stdout: '' }]);
    tti.useRunner(runner, WINDOWS_OPTIONS);
    const cancel = new AbortController();
    const started = Date.now();
    setTimeout(() => cancel.abort(), 200);
    const outcome = await vscode.commands.executeCommand<{ cancelled: boolean; exitCode: number | null }>('tti.gpupdate', { target: 'computer', force: true, cancel: cancel.signal });
    assert.equal(outcome.cancelled, true);
    assert.equal(outcome.exitCode, null);
    assert.ok(Date.now() - started < 10_000, 'did not wait for gpupdate to finish');
    assert.ok(runner.calls.find((c) => c.command.endsWith('gpupdate.exe'))?.signal?.aborted, 'the run got the abort signal');
  });

  it('reports a real gpupdate success (both halves) from the ZeroNetworks sample', async () => {
    const tti = await api();
    const runner = new ReplayRunner([...limitedRecordings(), { tool: 'gpupdate', args: ['/force'], stdout: fixture('klist-windows/klist-li-0x3e4-0x3e7-purge-then-gpupdate-remote-job-indented.txt'), exitCode: 0 }]);
    tti.useRunner(runner, WINDOWS_OPTIONS);
    const outcome = await vscode.commands.executeCommand<{ exitCode: number; parsed: { computer: { outcome: string } | null; user: { outcome: string } | null } }>('tti.gpupdate', { target: 'both', force: true });
    assert.equal(outcome.exitCode, 0);
    assert.equal(outcome.parsed.computer?.outcome, 'success');
    assert.equal(outcome.parsed.user?.outcome, 'success');
  });

  it('reports a real gpupdate run with warnings: each warning as its own message, the user told', async () => {
    const tti = await api();
    // A user's paste in a public issue (test/fixtures/extra/SOURCES.md), exit code 0 as gpupdate returns for warnings.
    const runner = new ReplayRunner([...limitedRecordings(), { tool: 'gpupdate', args: ['/force'], stdout: fixture('extra/gpupdate-force-warnings-stig-script-issue.txt'), exitCode: 0 }]);
    tti.useRunner(runner, WINDOWS_OPTIONS);
    const outcome = await vscode.commands.executeCommand<{ exitCode: number; parsed: { computer: { outcome: string; messages: string[] } | null; user: { outcome: string; messages: string[] } | null }; message: { severity: string; text: string } }>('tti.gpupdate', { target: 'both', force: true });
    assert.equal(outcome.exitCode, 0);
    assert.equal(outcome.parsed.computer?.outcome, 'warning');
    assert.deepEqual(
      outcome.parsed.computer?.messages.map((m) => /^Windows failed to apply the (.+?) settings\./.exec(m)?.[1]),
      ['Group Policy Registry', 'Software Installation', '{FC491EF1-C4AA-4CE1-B329-414B101DB823}'],
    );
    assert.equal(outcome.parsed.user?.outcome, 'warning');
    assert.equal(outcome.parsed.user?.messages.length, 1);
    assert.equal(outcome.message.severity, 'warning');
    assert.match(outcome.message.text, /^Group Policy updated with warnings\. Windows failed to apply the Group Policy Registry settings\./);
    assert.match(outcome.message.text, /gpupdate does not refresh the group list gpresult \/r shows/);
  });

  it('runs gpupdate /force and reports a real failure with its messages', async () => {
    const tti = await api();
    const runner = new ReplayRunner([...limitedRecordings(), { tool: 'gpupdate', args: ['/force'], stdout: fixture('gpupdate-gpresult/gpupdate-fail-gpt-ini-sysvol-msqa.txt'), exitCode: 1 }]);
    tti.useRunner(runner, WINDOWS_OPTIONS);
    const outcome = await vscode.commands.executeCommand<{ exitCode: number; parsed: { computer: { outcome: string } | null } }>('tti.gpupdate', { target: 'both', force: true });
    assert.equal(outcome.exitCode, 1);
    assert.equal(outcome.parsed.computer?.outcome, 'failure');
    const call = runner.calls.find((c) => c.command.endsWith('gpupdate.exe'));
    assert.deepEqual(call?.args, ['/force']);
    assert.equal(call?.timeoutMs, 720_000, 'the timeout follows /wait (600 s default)');
  });
});

describe('Get a fresh service ticket', () => {
  afterEach(async () => {
    const tti = await api();
    tti.usePrompts(undefined);
    tti.useRunner(undefined);
  });

  type Outcome = { ok: boolean; severity: string; text: string } | undefined;

  it('runs `klist get <spn>` and reports the ticket klist printed (real output)', async () => {
    const tti = await api();
    const runner = new ReplayRunner([...limitedRecordings(), { tool: 'klist', args: ['get', 'host/dc01.test.local'], stdout: fixture('klist-windows/klist-asc-cache-flag-renew-time-zero-and-klist-get.txt') }]);
    tti.useRunner(runner, WINDOWS_OPTIONS);
    const before = runner.calls.length;
    const outcome = await vscode.commands.executeCommand<Outcome>('tti.kerberos.getTicket', 'host/dc01.test.local');
    const get = runner.calls[before];
    assert.equal(get?.command, 'C:\\Windows\\System32\\klist.exe');
    assert.deepEqual(get?.args, ['get', 'host/dc01.test.local']);
    assert.equal(outcome?.ok, true);
    assert.equal(outcome?.severity, 'info');
    assert.match(outcome?.text ?? '', /^Got a fresh ticket for host\/dc01\.test\.local \(AES-256-CTS-HMAC-SHA1-96, until 9\/2\/2025 21:56:31\)\. It carries the groups of the TGT it came from/);
    assert.ok(runner.calls.length > before + 1, 'the views were refreshed after the request');
  });

  it('explains an encryption-type failure from the parsed error, not the raw text (real output)', async () => {
    const tti = await api();
    const runner = new ReplayRunner([
      ...limitedRecordings(),
      { tool: 'klist', args: ['get', 'AZUREADSSOACC'], stdout: fixture('extra/en-klist-get-azureadssoacc-etype-error-two-messages-one-line.txt'), exitCode: 1 },
    ]);
    tti.useRunner(runner, WINDOWS_OPTIONS);
    const outcome = await vscode.commands.executeCommand<Outcome>('tti.kerberos.getTicket', 'AZUREADSSOACC');
    assert.equal(outcome?.ok, false);
    assert.equal(outcome?.severity, 'error');
    assert.equal(
      outcome?.text,
      'Could not get a ticket for AZUREADSSOACC: The encryption type requested is not supported by the KDC. The domain controller cannot issue this ticket with an encryption type both sides allow: compare the account\'s supported encryption types with the Kerberos encryption type policy.',
    );
  });

  it('says to connect the VPN when no domain controller answers (real 0x51f output)', async () => {
    const tti = await api();
    const runner = new ReplayRunner([
      ...limitedRecordings(),
      { tool: 'klist', args: ['get', 'cifs/files04.contoso.com'], stdout: fixture('klist-windows/klist-get-error-0x51f-azure-files-indented.txt'), exitCode: 1 },
    ]);
    tti.useRunner(runner, WINDOWS_OPTIONS);
    const outcome = await vscode.commands.executeCommand<Outcome>('tti.kerberos.getTicket', 'cifs/files04.contoso.com');
    assert.equal(outcome?.ok, false);
    assert.equal(outcome?.text, 'No domain controller could be reached to get a ticket for cifs/files04.contoso.com. Connect the VPN and try again.');
  });

  it('runs nothing for a service name that is not a plain SPN', async () => {
    const tti = await api();
    const runner = new ReplayRunner(limitedRecordings());
    tti.useRunner(runner, WINDOWS_OPTIONS);
    const before = runner.calls.length;
    const outcome = await vscode.commands.executeCommand<Outcome>('tti.kerberos.getTicket', 'cifs/files04 & calc.exe');
    assert.equal(outcome?.ok, false);
    assert.equal(runner.calls.length, before, 'nothing ran');
  });
});

describe('TGT status bar', () => {
  afterEach(async () => {
    const tti = await api();
    tti.useRunner(undefined);
  });

  it('shows the limited session\'s TGT from a real klist: this capture\'s TGT has long expired', async () => {
    const tti = await api();
    tti.useRunner(new ReplayRunner(limitedRecordings()), WINDOWS_OPTIONS);
    await tti.refreshNow('command');
    const status = tti.tgtStatus();
    assert.equal(status?.text, '$(key) TGT expired');
    assert.equal(status?.state, 'expired');
    assert.match(status?.tooltip ?? '', /^TGT for mike @ LAB\.VX expired at 4\/16\/2022 19:53:54 \(local\)$/);
  });
});

describe('GPSVC debug logging', () => {
  afterEach(async () => {
    const tti = await api();
    tti.usePrompts(undefined);
    tti.useRunner(undefined);
  });

  it('asks first and runs nothing when cancelled', async () => {
    const tti = await api();
    const runner = new ReplayRunner([]);
    tti.useRunner(runner, WINDOWS_OPTIONS);
    const prompts = answering(false);
    tti.usePrompts(prompts);
    assert.equal(await vscode.commands.executeCommand('tti.gpsvc.enableLogging'), false);
    assert.match(prompts.asked[0] ?? '', /^Enable GPSVC debug logging\? \(now: unknown\)$/);
    assert.equal(runner.calls.filter((c) => c.command.endsWith('powershell.exe')).length, 0);
  });

  it('runs the fixed script elevated with -Mode On, and reports a declined prompt', async () => {
    const tti = await api();
    const runner = new ReplayRunner([{ tool: 'powershell', args: [], matchArgs: (a) => a.includes('-Command'), exitCode: 1, stderr: 'Start-Process : This command cannot be run due to the error: The operation was canceled by the user.' }]);
    tti.useRunner(runner, WINDOWS_OPTIONS);
    tti.usePrompts(answering(true));
    assert.equal(await vscode.commands.executeCommand('tti.gpsvc.enableLogging'), false);
    const call = runner.calls.find((c) => c.command.endsWith('powershell.exe'));
    assert.equal(call?.command, 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe');
    const command = call?.args[call.args.length - 1] ?? '';
    assert.match(command, /-Verb RunAs -Wait/);
    assert.match(command, /resources[\\/]gpsvc-logging\.ps1','-Mode','On'\)$/);
  });
});
