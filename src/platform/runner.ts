/**
 * The one seam through which every process runs. Views and commands never spawn: they ask a
 * collector, which asks a ProcessRunner. Tests replay real Windows outputs through the same
 * interface (ReplayRunner), production uses SpawnProcessRunner (the only file that starts processes).
 */

export interface RunRequest {
  /** Absolute path or bare tool name; never a shell string. */
  command: string;
  args: readonly string[];
  /** Every call has one; defaults to DEFAULT_TIMEOUT_MS. */
  timeoutMs?: number;
  signal?: AbortSignal;
  env?: Readonly<Record<string, string>>;
  input?: string;
  cwd?: string;
}

export interface RunResult {
  command: string;
  args: readonly string[];
  exitCode: number;
  stdout: Uint8Array;
  stderr: Uint8Array;
  durationMs: number;
}

export type CliErrorCode = 'not-found' | 'timeout' | 'cancelled' | 'killed' | 'spawn-failed' | 'output-too-large';

/** A process that could not run to an exit code. Non-zero exits are results, not errors. */
export class CliError extends Error {
  constructor(
    readonly code: CliErrorCode,
    readonly command: string,
    readonly args: readonly string[],
    message: string,
    readonly stderr = '',
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/**
 * Duck-typed check: the extension and its tests are separate bundles, so a CliError made by a
 * test's runner is not an `instanceof` the extension's class.
 */
export function isCliError(err: unknown): err is CliError {
  return err instanceof Error && err.name === 'CliError' && typeof (err as { code?: unknown }).code === 'string';
}

export interface RunEvent {
  request: RunRequest;
  result?: RunResult;
  error?: CliError;
  durationMs: number;
}

export interface ProcessRunner {
  run(request: RunRequest): Promise<RunResult>;
  /** Called after every run (for the log channel); returns an unsubscribe function. */
  onDidRun(listener: (event: RunEvent) => void): () => void;
}

export const DEFAULT_TIMEOUT_MS = 30_000;
/** Output above this is cut off: a tool printing 64 MB is misbehaving. */
export const MAX_OUTPUT_BYTES = 64 * 1024 * 1024;

/** Listener bookkeeping shared by runner implementations. */
export class RunListeners {
  private readonly listeners = new Set<(event: RunEvent) => void>();

  add(listener: (event: RunEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  fire(event: RunEvent): void {
    for (const l of this.listeners) {
      try {
        l(event);
      } catch {
        // a faulty listener must not break the run
      }
    }
  }
}

/** `> tool args [123 ms] exit 0` — what the log channel shows for each run. */
export function describeRun(event: RunEvent): string {
  const cmd = [event.request.command, ...event.request.args].map(quoteForDisplay).join(' ');
  const ms = `[${Math.round(event.durationMs)} ms]`;
  if (event.error) {
    return `> ${cmd} ${ms} ${event.error.code}`;
  }
  return `> ${cmd} ${ms} exit ${event.result?.exitCode ?? '?'}`;
}

function quoteForDisplay(arg: string): string {
  return /^[\w@%+=:,./\\-]+$/.test(arg) ? arg : JSON.stringify(arg);
}
