/** The only file that imports execa. `shell: false`, always; every call has a timeout. */

/** Set by esbuild: the bundles load execa from its own file (dist/execa.js), on first use. */
declare const __EXECA_MODULE__: string | undefined;
const EXECA_MODULE = typeof __EXECA_MODULE__ === 'string' ? __EXECA_MODULE__ : 'execa';

async function loadExeca(): Promise<typeof Execa> {
  return (await import(EXECA_MODULE)) as typeof Execa;
}
import type * as Execa from 'execa';
import { CliError, DEFAULT_TIMEOUT_MS, MAX_OUTPUT_BYTES, RunListeners } from './runner';
import type { ProcessRunner, RunEvent, RunRequest, RunResult } from './runner';

export class ExecaProcessRunner implements ProcessRunner {
  private readonly listeners = new RunListeners();

  onDidRun(listener: (event: RunEvent) => void): () => void {
    return this.listeners.add(listener);
  }

  async run(request: RunRequest): Promise<RunResult> {
    const started = performance.now();
    const { command, args } = request;
    try {
      // Loaded on first use: keeps activation cheap, and execa is ESM-only (plain CJS tests can still load this file).
      const { execa } = await loadExeca();
      const child = await execa(command, [...args], {
        shell: false,
        reject: false,
        encoding: 'buffer',
        stripFinalNewline: false,
        timeout: request.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        forceKillAfterDelay: 2000,
        maxBuffer: MAX_OUTPUT_BYTES,
        windowsHide: true,
        extendEnv: true,
        ...(request.env ? { env: request.env } : {}),
        ...(request.signal ? { cancelSignal: request.signal } : {}),
        ...(request.input !== undefined ? { input: request.input } : { stdin: 'ignore' as const }),
        ...(request.cwd ? { cwd: request.cwd } : {}),
      });
      const durationMs = performance.now() - started;
      const failure = classify(child, command, args);
      if (failure) {
        this.listeners.fire({ request, error: failure, durationMs });
        throw failure;
      }
      const result: RunResult = {
        command,
        args,
        exitCode: child.exitCode ?? -1,
        stdout: child.stdout,
        stderr: child.stderr,
        durationMs,
      };
      this.listeners.fire({ request, result, durationMs });
      return result;
    } catch (err) {
      if (err instanceof CliError) {
        throw err;
      }
      const error = new CliError('spawn-failed', command, args, err instanceof Error ? err.message : String(err));
      this.listeners.fire({ request, error, durationMs: performance.now() - started });
      throw error;
    }
  }
}

interface ExecaOutcome {
  exitCode?: number;
  timedOut: boolean;
  isCanceled: boolean;
  isMaxBuffer: boolean;
  signal?: string;
  code?: string;
  stderr: Uint8Array;
  message?: string;
}

function classify(child: ExecaOutcome, command: string, args: readonly string[]): CliError | undefined {
  const stderr = Buffer.from(child.stderr).toString('utf8');
  if (child.code === 'ENOENT') {
    return new CliError('not-found', command, args, `${command} was not found.`);
  }
  if (child.timedOut) {
    return new CliError('timeout', command, args, `${command} did not finish in time and was stopped.`, stderr);
  }
  if (child.isCanceled) {
    return new CliError('cancelled', command, args, `${command} was cancelled.`, stderr);
  }
  if (child.isMaxBuffer) {
    return new CliError('output-too-large', command, args, `${command} printed more output than we read.`, stderr);
  }
  if (child.exitCode === undefined) {
    if (child.signal) {
      return new CliError('killed', command, args, `${command} was killed (${child.signal}).`, stderr);
    }
    return new CliError('spawn-failed', command, args, child.message ?? `${command} could not be started.`, stderr);
  }
  return undefined;
}
