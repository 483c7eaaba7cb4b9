/**
 * Reading other logon sessions needs elevation. One UAC prompt runs a fixed script from the
 * extension's folder (resources/elevated-read.ps1); it writes every output into a file in a
 * private temp directory with a random name that we created, which we read once and delete.
 * The elevated process receives no string from the workspace: only the script path and the
 * output path we made.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { systemTool } from './commands';
import type { WindowsPaths } from './commands';
import { isCliError } from './runner';
import type { ProcessRunner } from './runner';

export type ElevatedOutcome = { ok: true; text: string } | { ok: false; declined: boolean; message: string };

/** PowerShell single-quoted literal. */
function psQuote(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** powershell.exe arguments that run a fixed script of ours elevated (one UAC prompt) and wait for it. */
export function elevatedScriptArgs(powershell: string, script: string, scriptArgs: readonly string[]): string[] {
  const inner = ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-File', script, ...scriptArgs].map((a) => psQuote(a.includes(' ') ? `"${a}"` : a));
  // Start-Process -Verb RunAs is what shows the UAC prompt; -Wait so the caller reads results after.
  return ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command', `Start-Process -FilePath ${psQuote(powershell)} -Verb RunAs -Wait -WindowStyle Hidden -ArgumentList @(${inner.join(',')})`];
}

export function elevatedLaunchArgs(powershell: string, script: string, outFile: string): string[] {
  return elevatedScriptArgs(powershell, script, ['-OutFile', outFile]);
}

export function powershellPath(paths: WindowsPaths): string {
  return systemTool(paths, 'WindowsPowerShell\\v1.0\\powershell.exe');
}

/** The UAC prompt was declined (Start-Process reports the cancellation, Win32 1223). */
export function isUacDeclined(output: string): boolean {
  return /canceled by the user|cancelled by the user|1223/i.test(output);
}

export async function readElevated(runner: ProcessRunner, paths: WindowsPaths, extensionPath: string, signal?: AbortSignal): Promise<ElevatedOutcome> {
  return runElevatedScript(runner, paths, path.join(extensionPath, 'resources', 'elevated-read.ps1'), [], signal);
}

/** The sessions the elevated purge script accepts (its ValidateSet): nothing else reaches it. */
export type ElevatedPurgeTarget = 'current' | '0x3e7' | '0x3e4';

export type ElevatedPurgeOutcome = { ok: true; exitCode: number; text: string } | { ok: false; declined: boolean; message: string };

/**
 * `klist purge` in an elevated process: 'current' is that process's own logon session, the
 * elevated half of a split token, whose ticket cache the limited session cannot reach.
 */
export async function purgeElevated(runner: ProcessRunner, paths: WindowsPaths, extensionPath: string, target: ElevatedPurgeTarget, signal?: AbortSignal): Promise<ElevatedPurgeOutcome> {
  if (target !== 'current' && target !== '0x3e7' && target !== '0x3e4') {
    return { ok: false, declined: false, message: `Refusing to purge "${String(target)}" elevated.` };
  }
  const outcome = await runElevatedScript(runner, paths, path.join(extensionPath, 'resources', 'elevated-purge.ps1'), ['-Target', target], signal);
  if (!outcome.ok) {
    return outcome;
  }
  const m = /^### tti:exit (-?\d+)\r?\n/.exec(outcome.text);
  if (!m) {
    return { ok: false, declined: false, message: 'The elevated helper wrote no exit code.' };
  }
  return { ok: true, exitCode: Number(m[1]), text: outcome.text.slice(m[0].length) };
}

/**
 * Runs one of our fixed scripts elevated with an output file we created (owner-only, random name,
 * in a private temp directory) appended as -OutFile; returns what the script wrote there.
 */
async function runElevatedScript(runner: ProcessRunner, paths: WindowsPaths, script: string, scriptArgs: readonly string[], signal?: AbortSignal): Promise<ElevatedOutcome> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'tti-'));
  try {
    await fs.chmod(dir, 0o700);
    const outFile = path.join(dir, `${randomBytes(16).toString('hex')}.txt`);
    // Created by us, owner-only, before the elevated process writes into it.
    await (await fs.open(outFile, 'wx', 0o600)).close();
    const powershell = powershellPath(paths);
    let exitCode: number;
    let stderr: string;
    try {
      const result = await runner.run({ command: powershell, args: elevatedScriptArgs(powershell, script, [...scriptArgs, '-OutFile', outFile]), timeoutMs: 120_000, ...(signal ? { signal } : {}) });
      exitCode = result.exitCode;
      stderr = Buffer.from(result.stderr).toString('utf8') + Buffer.from(result.stdout).toString('utf8');
    } catch (err) {
      if (isCliError(err)) {
        return { ok: false, declined: false, message: err.message };
      }
      throw err;
    }
    if (exitCode !== 0) {
      const declined = isUacDeclined(stderr);
      return { ok: false, declined, message: declined ? 'The administrator prompt was declined.' : `The elevated helper failed (exit ${exitCode}).` };
    }
    const text = await fs.readFile(outFile, 'utf8');
    if (text.trim() === '') {
      return { ok: false, declined: false, message: 'The elevated helper wrote nothing.' };
    }
    return { ok: true, text };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
