/**
 * The production runner on real processes (this Node binary as the child): what it returns, and
 * each way a run can end short of an exit code. The replay runner stands in for it everywhere
 * else, so these are the tests that see a real spawn, timeout, kill and cancel.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeRun, isCliError } from '../../src/platform/runner';
import type { CliError, RunEvent, RunRequest } from '../../src/platform/runner';
import { SpawnProcessRunner } from '../../src/platform/spawnRunner';

const NODE = process.execPath;

function script(code: string, extra: Partial<RunRequest> = {}): RunRequest {
  return { command: NODE, args: ['-e', code], ...extra };
}

async function failure(promise: Promise<unknown>): Promise<CliError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(isCliError(err), `not a CliError: ${String(err)}`);
    return err;
  }
  assert.fail('the run did not fail');
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('SpawnProcessRunner on real processes (unit)', function () {
  this.timeout(20_000);
  const runner = new SpawnProcessRunner();

  it('returns the exit code and both outputs as bytes, unchanged', async () => {
    const r = await runner.run(script("process.stdout.write('é\\r\\n'); process.stderr.write('warn\\n'); process.exitCode = 3"));
    assert.equal(r.exitCode, 3);
    assert.deepEqual([...r.stdout], [0xc3, 0xa9, 0x0d, 0x0a]);
    assert.equal(Buffer.from(r.stderr).toString(), 'warn\n');
    assert.equal(r.command, NODE);
    assert.ok(r.durationMs > 0);
  });

  it('passes arguments as they are, with no shell between', async () => {
    const args = ['a b', '$HOME', '"q"', '; echo x', '*'];
    const r = await runner.run({ command: NODE, args: ['-e', 'process.stdout.write(JSON.stringify(process.argv.slice(1)))', ...args] });
    assert.deepEqual(JSON.parse(Buffer.from(r.stdout).toString()), args);
  });

  it('adds the given variables to the environment instead of replacing it', async () => {
    const r = await runner.run(script('process.stdout.write(JSON.stringify([process.env.TTI_RUNNER_TEST, process.env.PATH !== undefined]))', { env: { TTI_RUNNER_TEST: 'yes' } }));
    assert.deepEqual(JSON.parse(Buffer.from(r.stdout).toString()), ['yes', true]);
  });

  it('writes the input to stdin and closes it', async () => {
    const r = await runner.run(script("let s = ''; process.stdin.on('data', (d) => (s += d)); process.stdin.on('end', () => process.stdout.write(s.toUpperCase()))", { input: 'klist\n' }));
    assert.equal(Buffer.from(r.stdout).toString(), 'KLIST\n');
  });

  it('keeps a run whose tool exits without reading its input', async () => {
    const r = await runner.run(script('process.exit(0)', { input: 'x'.repeat(1 << 20) }));
    assert.equal(r.exitCode, 0);
  });

  it('a missing tool is not-found', async () => {
    const err = await failure(runner.run({ command: 'tti-no-such-tool-here', args: [] }));
    assert.equal(err.code, 'not-found');
    assert.equal(err.message, 'tti-no-such-tool-here was not found.');
  });

  it('an argument with a NUL byte never starts a process', async () => {
    const err = await failure(runner.run({ command: NODE, args: ['-e', 'a\0b'] }));
    assert.equal(err.code, 'spawn-failed');
  });

  it('stops a run at its timeout (SIGTERM) and says so, with what it printed on stderr', async () => {
    const started = Date.now();
    const err = await failure(runner.run(script("process.stderr.write('working\\n'); setInterval(() => {}, 1000)", { timeoutMs: 1000 })));
    assert.equal(err.code, 'timeout');
    assert.equal(err.stderr, 'working\n');
    assert.ok(Date.now() - started < 2500, `took ${Date.now() - started} ms`);
  });

  it('kills a process that ignores SIGTERM after the grace period', async () => {
    const quick = new SpawnProcessRunner({ forceKillAfterMs: 300 });
    const started = Date.now();
    const r = quick.run(script("process.on('SIGTERM', () => {}); process.stderr.write(String(process.pid)); setInterval(() => {}, 1000)", { timeoutMs: 1000 }));
    const err = await failure(r);
    assert.equal(err.code, 'timeout');
    assert.ok(Date.now() - started >= 1250, 'SIGTERM alone did not end it: SIGKILL came after the grace period');
    assert.equal(isRunning(Number(err.stderr)), false);
  });

  it('the cancelled process does not outlive the run', async () => {
    const abort = new AbortController();
    const events: RunEvent[] = [];
    const watched = new SpawnProcessRunner();
    watched.onDidRun((e) => events.push(e));
    // The child says it runs by writing its pid to a file: cancel only then, however slow its start.
    const pidFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tti-runner-')), 'pid');
    const run = watched.run(script(`require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`, { signal: abort.signal }));
    const deadline = Date.now() + 15_000;
    while (!fs.existsSync(pidFile) || fs.readFileSync(pidFile, 'utf8') === '') {
      assert.ok(Date.now() < deadline, 'the child never started');
      await new Promise((r) => setTimeout(r, 20));
    }
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    assert.ok(isRunning(pid));
    abort.abort();
    const err = await failure(run);
    assert.equal(err.code, 'cancelled');
    assert.equal(isRunning(pid), false);
    assert.equal(events.length, 1);
    assert.equal(events[0]?.error?.code, 'cancelled');
  });

  it('a cancel also stops what the process started (the whole process tree)', async function () {
    if (process.platform === 'win32') {
      this.skip(); // taskkill /T is Windows' own; this test checks the POSIX process group
    }
    const abort = new AbortController();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tti-runner-'));
    const pidFile = path.join(dir, 'grandchild');
    // The child starts a grandchild that would outlive it, and waits.
    const grandchild = `require('node:fs').writeFileSync(${JSON.stringify(pidFile)}, String(process.pid)); setInterval(() => {}, 1000)`;
    const run = runner.run(script(`require('node:child_process').spawn(process.execPath, ['-e', ${JSON.stringify(grandchild)}], { stdio: 'ignore' }); setInterval(() => {}, 1000)`, { signal: abort.signal }));
    const deadline = Date.now() + 15_000;
    while (!fs.existsSync(pidFile) || fs.readFileSync(pidFile, 'utf8') === '') {
      assert.ok(Date.now() < deadline, 'the grandchild never started');
      await new Promise((r) => setTimeout(r, 20));
    }
    const pid = Number(fs.readFileSync(pidFile, 'utf8'));
    assert.ok(isRunning(pid));
    abort.abort();
    assert.equal((await failure(run)).code, 'cancelled');
    // An orphan is reaped by init a moment after it dies.
    const gone = Date.now() + 5000;
    while (isRunning(pid) && Date.now() < gone) {
      await new Promise((r) => setTimeout(r, 20));
    }
    assert.equal(isRunning(pid), false, 'the grandchild survived the cancel');
  });

  it('an already aborted signal starts nothing', async () => {
    const abort = new AbortController();
    abort.abort();
    const events: RunEvent[] = [];
    const watched = new SpawnProcessRunner();
    watched.onDidRun((e) => events.push(e));
    const err = await failure(watched.run(script('process.exit(0)', { signal: abort.signal })));
    assert.equal(err.code, 'cancelled');
    assert.equal(events[0]?.error?.code, 'cancelled');
  });

  it('stops a tool that prints more than the cap', async () => {
    const capped = new SpawnProcessRunner({ maxOutputBytes: 64 * 1024 });
    const err = await failure(capped.run(script("const b = Buffer.alloc(16384, 97); const w = () => process.stdout.write(b, w); w()")));
    assert.equal(err.code, 'output-too-large');
  });

  it('a process killed by a signal is killed, not an exit code', async () => {
    const err = await failure(runner.run(script("process.kill(process.pid, 'SIGKILL')")));
    assert.equal(err.code, 'killed');
    assert.match(err.message, /SIGKILL/);
  });

  it('tells its listeners about every run, success or not', async () => {
    const events: RunEvent[] = [];
    const watched = new SpawnProcessRunner();
    const unsubscribe = watched.onDidRun((e) => events.push(e));
    await watched.run(script('process.exitCode = 1'));
    await failure(watched.run({ command: 'tti-no-such-tool-here', args: ['x'] }));
    unsubscribe();
    await watched.run(script(''));
    assert.deepEqual(events.map((e) => [e.result?.exitCode, e.error?.code]), [[1, undefined], [undefined, 'not-found']]);
    assert.ok(events.every((e) => e.durationMs >= 0));
  });
});

describe('the log line of every run (unit)', function () {
  this.timeout(20_000);

  async function logged(request: RunRequest): Promise<string[]> {
    const runner = new SpawnProcessRunner();
    const lines: string[] = [];
    const unsubscribe = runner.onDidRun((event) => lines.push(describeRun(event)));
    try {
      await runner.run(request);
    } catch {
      // the failure is in the log line
    } finally {
      unsubscribe();
    }
    return lines;
  }

  it('is `> tool args [N ms] exit N`, arguments with blanks or quotes in JSON quotes', async () => {
    const lines = await logged(script('process.exitCode = 3', { args: ['-e', 'process.exitCode = 3', 'a b', 'cifs/files04'] }));
    assert.equal(lines.length, 1);
    assert.match(lines[0] ?? '', /^> \S+ -e "process\.exitCode = 3" "a b" cifs\/files04 \[\d+ ms\] exit 3$/);
  });

  it('names the failure instead of an exit code when the run never finished', async () => {
    const cancel = new AbortController();
    cancel.abort();
    assert.match((await logged(script('setTimeout(() => {}, 10000)', { signal: cancel.signal })))[0] ?? '', /^> \S+ -e "setTimeout\(\(\) => \{\}, 10000\)" \[\d+ ms\] cancelled$/);
    assert.match((await logged({ command: '/nonexistent/klist.exe', args: ['purge'] }))[0] ?? '', /^> \/nonexistent\/klist\.exe purge \[\d+ ms\] not-found$/);
  });

  it('holds the command line only: what the tool printed (a session key) never reaches it', async () => {
    const key = '35 1D E3 98 00 11 22 33';
    // The tool echoes its input, so the key is in what it prints and nowhere in its command line.
    const [line] = await logged(script('process.stdin.pipe(process.stdout)', { input: `Session Key : KeyType 0x12 - AES-256, KeyLength 32 - ${key}` }));
    assert.ok(line?.startsWith('> '));
    assert.ok(!line.includes('KeyLength') && !line.includes('35 1D'), line);
  });
});
