/**
 * Replays recorded tool outputs instead of running processes: how Windows behaviour is
 * exercised on Linux (tests, demo) with real captured output, and how faults are injected.
 */
import { CliError, RunListeners } from './runner';
import type { CliErrorCode, ProcessRunner, RunEvent, RunRequest, RunResult } from './runner';

export interface Recording {
  /** Tool name without folder or `.exe`, compared case-insensitively (`klist`, `whoami`). */
  tool: string;
  args: readonly string[];
  stdout?: string | Uint8Array;
  stderr?: string;
  exitCode?: number;
  /** Simulate a process that never got to an exit code. */
  error?: CliErrorCode;
  /** Wait this long (honouring cancellation) before answering. */
  delayMs?: number;
  /** Matches instead of `args` when the arguments hold generated values (temp paths). */
  matchArgs?: (args: readonly string[]) => boolean;
  /** What the real program would have done besides printing (write its output file...). */
  sideEffect?: (request: RunRequest) => Promise<void> | void;
}

export function toolName(command: string): string {
  const base = command.split(/[\\/]/).pop() ?? command;
  return base.replace(/\.exe$/i, '').toLowerCase();
}

function sameArgs(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((v, i) => v.toLowerCase() === (b[i] ?? '').toLowerCase());
}

export class ReplayRunner implements ProcessRunner {
  private readonly listeners = new RunListeners();
  /** Every request, in order: tests assert exact argument vectors. */
  readonly calls: RunRequest[] = [];

  constructor(private recordings: Recording[] = []) {}

  onDidRun(listener: (event: RunEvent) => void): () => void {
    return this.listeners.add(listener);
  }

  setRecordings(recordings: Recording[]): void {
    this.recordings = recordings;
  }

  add(recording: Recording): void {
    this.recordings.unshift(recording);
  }

  async run(request: RunRequest): Promise<RunResult> {
    this.calls.push(request);
    const started = performance.now();
    const tool = toolName(request.command);
    const rec = this.recordings.find((r) => r.tool.toLowerCase() === tool && (r.matchArgs ? r.matchArgs(request.args) : sameArgs(r.args, request.args)));
    const fail = (code: CliErrorCode, message: string): never => {
      const error = new CliError(code, request.command, request.args, message, rec?.stderr ?? '');
      this.listeners.fire({ request, error, durationMs: performance.now() - started });
      throw error;
    };
    if (!rec) {
      return fail('not-found', `${request.command} was not found.`);
    }
    if (rec.delayMs) {
      await delay(rec.delayMs, request.signal);
    }
    if (request.signal?.aborted) {
      return fail('cancelled', `${request.command} was cancelled.`);
    }
    if (rec.sideEffect) {
      await rec.sideEffect(request);
    }
    if (rec.error) {
      return fail(rec.error, `${request.command}: ${rec.error}`);
    }
    const result: RunResult = {
      command: request.command,
      args: request.args,
      exitCode: rec.exitCode ?? 0,
      stdout: typeof rec.stdout === 'string' ? Buffer.from(rec.stdout, 'utf8') : (rec.stdout ?? new Uint8Array()),
      stderr: Buffer.from(rec.stderr ?? '', 'utf8'),
      durationMs: performance.now() - started,
    };
    this.listeners.fire({ request, result, durationMs: result.durationMs });
    return result;
  }
}

function delay(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    }
    signal?.addEventListener('abort', done, { once: true });
  });
}
