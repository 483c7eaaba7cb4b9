/**
 * The only file that starts processes: Node's own `spawn`, never a shell, every call with a
 * timeout, output capped, cancellable. (execa was used until its fixed cost per launch, about
 * 1 ms of option normalization, stream plumbing and an AbortError per run, made the views'
 * refresh miss its target of 1.3x the raw tool; we use none of what it adds: every Windows tool
 * is an absolute `.exe` path, nothing runs through a shell, a script shim or a pipe.)
 */
import { spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { CliError, DEFAULT_TIMEOUT_MS, MAX_OUTPUT_BYTES, RunListeners } from './runner';
import type { CliErrorCode, ProcessRunner, RunEvent, RunRequest, RunResult } from './runner';

/** After SIGTERM (a timeout or a cancel), a process that is still running gets SIGKILL. */
export const FORCE_KILL_AFTER_MS = 2000;

const WINDOWS = process.platform === 'win32';

/**
 * Stops the process and everything it started: a cancelled gpupdate or a timed-out tool must not
 * leave children behind. POSIX: the child leads its own process group (spawned detached), which
 * gets the signal. Windows: taskkill /T /F ends the tree (TerminateProcess alone ends one process).
 */
function killTree(child: ChildProcess, signal: NodeJS.Signals): void {
  const pid = child.pid;
  if (pid === undefined) {
    return;
  }
  if (WINDOWS) {
    const taskkill = `${process.env.SystemRoot ?? 'C:\\Windows'}\\System32\\taskkill.exe`;
    const killer = spawn(taskkill, ['/T', '/F', '/PID', String(pid)], { shell: false, windowsHide: true, stdio: 'ignore' });
    killer.on('error', () => child.kill(signal));
    return;
  }
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already, or the child never became its leader: signal the child itself.
    child.kill(signal);
  }
}

/** Why the run was stopped by us, if it was. */
type Stop = Extract<CliErrorCode, 'timeout' | 'cancelled' | 'output-too-large'>;

export class SpawnProcessRunner implements ProcessRunner {
  private readonly listeners = new RunListeners();

  constructor(private readonly limits: { maxOutputBytes?: number; forceKillAfterMs?: number } = {}) {}

  onDidRun(listener: (event: RunEvent) => void): () => void {
    return this.listeners.add(listener);
  }

  async run(request: RunRequest): Promise<RunResult> {
    const started = performance.now();
    try {
      const result = await this.launch(request, started);
      this.listeners.fire({ request, result, durationMs: result.durationMs });
      return result;
    } catch (err) {
      const error = err instanceof CliError ? err : new CliError('spawn-failed', request.command, request.args, err instanceof Error ? err.message : String(err));
      this.listeners.fire({ request, error, durationMs: performance.now() - started });
      throw error;
    }
  }

  private launch(request: RunRequest, started: number): Promise<RunResult> {
    const { command, args } = request;
    const maxOutput = this.limits.maxOutputBytes ?? MAX_OUTPUT_BYTES;
    if (request.signal?.aborted) {
      return Promise.reject(new CliError('cancelled', command, args, `${command} was cancelled.`));
    }
    return new Promise<RunResult>((resolve, reject) => {
      let child: ChildProcess;
      try {
        child = spawn(command, [...args], {
          shell: false,
          windowsHide: true,
          // Variables given are added to this process's environment, not put in its place.
          env: request.env ? { ...process.env, ...request.env } : process.env,
          stdio: [request.input !== undefined ? 'pipe' : 'ignore', 'pipe', 'pipe'],
          // Its own process group on POSIX, so a cancel reaches what it started (see killTree);
          // on Windows `detached` would open a console window instead.
          detached: !WINDOWS,
          ...(request.cwd ? { cwd: request.cwd } : {}),
        });
      } catch (err) {
        // Invalid arguments (a NUL byte, say) throw at once instead of emitting 'error'.
        reject(new CliError('spawn-failed', command, args, err instanceof Error ? err.message : String(err)));
        return;
      }
      const stdout: Buffer[] = [];
      const stderr: Buffer[] = [];
      let outputBytes = 0;
      let stop: Stop | undefined;
      let forceKill: NodeJS.Timeout | undefined;
      let settled = false;

      const stopWith = (reason: Stop): void => {
        if (stop !== undefined || child.exitCode !== null || child.signalCode !== null) {
          return;
        }
        stop = reason;
        killTree(child, 'SIGTERM');
        forceKill = setTimeout(() => killTree(child, 'SIGKILL'), this.limits.forceKillAfterMs ?? FORCE_KILL_AFTER_MS);
        forceKill.unref();
      };
      const collect = (into: Buffer[]) => (chunk: Buffer) => {
        outputBytes += chunk.length;
        if (outputBytes > maxOutput) {
          stopWith('output-too-large');
          return;
        }
        into.push(chunk);
      };
      child.stdout?.on('data', collect(stdout));
      child.stderr?.on('data', collect(stderr));

      const timer = setTimeout(() => stopWith('timeout'), request.timeoutMs ?? DEFAULT_TIMEOUT_MS);
      const onAbort = (): void => stopWith('cancelled');
      request.signal?.addEventListener('abort', onAbort, { once: true });

      const finish = (outcome: { exitCode: number | null; signal: NodeJS.Signals | null } | { error: Error }): void => {
        if (settled) {
          return;
        }
        settled = true;
        clearTimeout(timer);
        clearTimeout(forceKill);
        request.signal?.removeEventListener('abort', onAbort);
        const errText = Buffer.concat(stderr).toString('utf8');
        if ('error' in outcome) {
          const code = (outcome.error as NodeJS.ErrnoException).code;
          reject(code === 'ENOENT' ? new CliError('not-found', command, args, `${command} was not found.`) : new CliError('spawn-failed', command, args, outcome.error.message, errText));
          return;
        }
        if (stop === 'timeout') {
          reject(new CliError('timeout', command, args, `${command} did not finish in time and was stopped.`, errText));
        } else if (stop === 'cancelled') {
          reject(new CliError('cancelled', command, args, `${command} was cancelled.`, errText));
        } else if (stop === 'output-too-large') {
          reject(new CliError('output-too-large', command, args, `${command} printed more output than we read.`, errText));
        } else if (outcome.exitCode === null) {
          reject(new CliError('killed', command, args, `${command} was killed (${outcome.signal ?? 'unknown signal'}).`, errText));
        } else {
          resolve({ command, args, exitCode: outcome.exitCode, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr), durationMs: performance.now() - started });
        }
      };
      child.on('error', (error) => {
        // A failed kill() also reports here; only a process that never started ends the run.
        if (child.pid === undefined) {
          finish({ error });
        }
      });
      // 'close' comes after the output streams ended, so nothing printed is lost.
      child.on('close', (exitCode, signal) => finish({ exitCode, signal }));

      if (request.input !== undefined && child.stdin) {
        // A tool that exits without reading its input must not fail the run with EPIPE.
        child.stdin.on('error', () => undefined);
        child.stdin.end(request.input);
      }
    });
  }
}
