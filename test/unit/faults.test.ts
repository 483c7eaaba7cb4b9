/**
 * Faults injected through the runner seam: each ends in a clear problem in the model (what the
 * views show), the rest of the snapshot intact, and nothing thrown.
 */
import * as assert from 'node:assert/strict';
import { ProcessIdMemo, collectMachine } from '../../src/model/collect';
import { ReplayRunner } from '../../src/platform/replayRunner';
import type { Recording } from '../../src/platform/replayRunner';
import { readFixture } from './fixtures';

const WIN = { platform: 'windows' as const, oemCodePage: 437, windowsPaths: { systemRoot: 'C:\\Windows', wow64: false } };
const whoami: Recording = { tool: 'whoami', args: ['/all'], stdout: readFixture('whoami/en-local-admin-uac-filtered-whoami-all-hacktricks.txt') };
const sessions: Recording = { tool: 'klist', args: ['sessions'], stdout: readFixture('klist-windows/klist-sessions-22-sessions-server.txt') };

async function withKlist(klist: Partial<Recording>): Promise<{ kinds: string[]; messages: string[]; groups: number }> {
  const source = await collectMachine(new ReplayRunner([whoami, sessions, { tool: 'klist', args: [], ...klist }]), WIN);
  const s = source.sessions[0];
  return { kinds: s?.problems.map((p) => p.kind) ?? [], messages: s?.problems.map((p) => p.message) ?? [], groups: s?.groups?.length ?? 0 };
}

describe('faults from the process runner (unit)', () => {
  it('a timeout says the tool did not answer, and the token is still shown', async () => {
    const r = await withKlist({ error: 'timeout' });
    assert.deepEqual(r.kinds, ['timeout']);
    assert.match(r.messages[0] ?? '', /klist: C:\\Windows\\System32\\klist\.exe did not answer in time/);
    assert.equal(r.groups, 14);
  });

  it('a killed process is reported as a failure', async () => {
    const r = await withKlist({ error: 'killed' });
    assert.deepEqual(r.kinds, ['failed']);
    assert.match(r.messages[0] ?? '', /^klist: /);
  });

  it('a missing tool says so and how to fix it', async () => {
    const source = await collectMachine(new ReplayRunner([sessions]), WIN);
    const problems = source.sessions[0]?.problems ?? [];
    assert.deepEqual(problems.map((p) => p.kind), ['tool-missing', 'tool-missing']);
    assert.equal(problems[0]?.hint, 'Install the tool or set its path in the settings.');
  });

  it('output that is not klist output leaves an empty cache, not a crash', async () => {
    const r = await withKlist({ stdout: readFixture('klist-windows/klist-usage-10.0.18362.txt'), exitCode: 1 });
    assert.equal(r.groups, 14);
    assert.deepEqual(r.kinds, []);
  });

  it('huge output (20 MB of noise) is read without throwing', async () => {
    const noise = 'x'.repeat(1024).concat('\n').repeat(20 * 1024);
    const r = await withKlist({ stdout: noise });
    assert.equal(r.groups, 14);
  });

  it('a cancelled refresh stops waiting on a slow tool', async () => {
    const abort = new AbortController();
    const runner = new ReplayRunner([whoami, sessions, { tool: 'klist', args: [], delayMs: 10_000, stdout: '' }]);
    const started = Date.now();
    setTimeout(() => abort.abort(), 50);
    const source = await collectMachine(runner, { ...WIN, signal: abort.signal });
    assert.ok(Date.now() - started < 5000);
    assert.deepEqual(source.sessions[0]?.problems.map((p) => p.kind), ['failed']);
    assert.match(source.sessions[0]?.problems[0]?.message ?? '', /cancelled/);
  });

  it('a Linux machine without klist still shows its groups', async () => {
    const source = await collectMachine(new ReplayRunner([{ tool: 'id', args: [], stdout: readFixture('real/linux-id-root-c.txt') }]), { platform: 'linux' });
    assert.ok((source.sessions[0]?.groups?.length ?? 0) > 0);
    assert.deepEqual(source.sessions[0]?.problems.map((p) => p.kind), ['tool-missing']);
  });
});

describe('process id memo (unit)', () => {
  const BEFORE = readFixture('real/linux-id-in-process-started-before-usermod-c.txt');
  const AFTER = readFixture('real/linux-id-in-process-started-after-usermod-c.txt');
  const groupNames = (source: Awaited<ReturnType<typeof collectMachine>>): string[] => source.sessions[0]?.groups?.map((g) => g.name) ?? [];

  it('runs id once while the process credentials stay the same, and again when they change', async () => {
    let credentials = '1000:1000:1000,27';
    const memo = new ProcessIdMemo(() => credentials);
    const runner = new ReplayRunner([{ tool: 'id', args: [], stdout: BEFORE }]);
    const first = await collectMachine(runner, { platform: 'linux', processIdMemo: memo });
    const second = await collectMachine(runner, { platform: 'linux', processIdMemo: memo });
    assert.equal(runner.calls.filter((c) => c.command === 'id').length, 1);
    assert.deepEqual(groupNames(second), groupNames(first));
    assert.ok(groupNames(first).length > 0);

    // A different process (other groups): the remembered text no longer applies.
    credentials = '1000:1000:1000,27,1001';
    const changed = new ReplayRunner([{ tool: 'id', args: [], stdout: AFTER }]);
    const third = await collectMachine(changed, { platform: 'linux', processIdMemo: memo });
    assert.equal(changed.calls.filter((c) => c.command === 'id').length, 1);
    assert.notDeepEqual(groupNames(third), groupNames(first));
  });

  it('remembers nothing without readable credentials, on macOS, or when id failed', async () => {
    const none = new ProcessIdMemo(() => undefined);
    const runner = new ReplayRunner([{ tool: 'id', args: [], stdout: BEFORE }]);
    await collectMachine(runner, { platform: 'linux', processIdMemo: none });
    await collectMachine(runner, { platform: 'linux', processIdMemo: none });
    assert.equal(runner.calls.filter((c) => c.command === 'id').length, 2);

    const memo = new ProcessIdMemo(() => 'same');
    const mac = new ReplayRunner([{ tool: 'id', args: [], stdout: BEFORE }]);
    await collectMachine(mac, { platform: 'macos', processIdMemo: memo });
    await collectMachine(mac, { platform: 'macos', processIdMemo: memo });
    assert.equal(mac.calls.filter((c) => c.command === 'id').length, 2, 'macOS id asks the directory service: always run');

    const failing = new ReplayRunner([{ tool: 'id', args: [], stdout: '', exitCode: 1 }]);
    await collectMachine(failing, { platform: 'linux', processIdMemo: memo });
    await collectMachine(failing, { platform: 'linux', processIdMemo: memo });
    assert.equal(failing.calls.filter((c) => c.command === 'id').length, 2);
  });
});
