// Process bookkeeping for the harness: every server and browser it starts is stopped on success,
// failure, timeout, Ctrl+C or crash, so no code-server or chromium outlives a run.
// Each child gets TTI_HARNESS_RUN=<runId> in its environment; the last-resort sweep kills any
// process still carrying that marker (descendants inherit it even when they leave our process group).
import { readdirSync, readFileSync } from 'node:fs';

export const RUN_MARKER = 'TTI_HARNESS_RUN';
/** PID of the harness process that started a child: a child whose owner is dead is an orphan. */
export const OWNER_MARKER = 'TTI_HARNESS_OWNER';

/** Exit codes used after a signal stopped everything; `npm start` sets SIGINT to 0 (Ctrl+C is its normal end). */
export const signalExitCodes = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 };

const asyncCleanups = new Set();
const syncCleanups = new Set();
let handlersInstalled = false;
let stopping = false;

/** True once a signal asked the harness to stop: loops should end instead of starting more work. */
export function stopRequested() {
  return stopping;
}

function procEntries() {
  try {
    return readdirSync('/proc');
  } catch {
    return []; // not Linux: only the process-group kills apply
  }
}

/** PIDs of live processes whose environment holds RUN_MARKER=<runId> (Linux /proc). */
export function pidsWithMarker(runId) {
  const needle = Buffer.from(`${RUN_MARKER}=${runId}\0`);
  const pids = [];
  const entries = procEntries();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`);
      if (environ.includes(needle)) pids.push(Number(entry));
    } catch {
      // gone or not readable
    }
  }
  return pids;
}

/**
 * Kills code-server/chromium processes left by a harness process that died without cleaning up
 * (SIGKILL, OOM, a closed terminal). Returns how many it killed.
 */
export function sweepOrphans() {
  const prefix = Buffer.from(`${OWNER_MARKER}=`);
  let killed = 0;
  const entries = procEntries();
  for (const entry of entries) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    let environ;
    try {
      environ = readFileSync(`/proc/${entry}/environ`);
    } catch {
      continue;
    }
    const at = environ.indexOf(prefix);
    if (at < 0) continue;
    const end = environ.indexOf(0, at);
    const owner = Number(environ.subarray(at + prefix.length, end < 0 ? undefined : end).toString());
    if (!Number.isInteger(owner) || owner <= 0 || owner === process.pid || isAlive(owner)) continue;
    try {
      process.kill(Number(entry), 'SIGKILL');
      killed++;
    } catch {
      // already gone
    }
  }
  return killed;
}

/** SIGKILLs every process carrying the run marker. Synchronous: usable from an 'exit' handler. */
export function killMarked(runId) {
  const pids = pidsWithMarker(runId);
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return pids.length;
}

/** Sends a signal to a whole process group (the child was spawned detached, so pgid == pid). */
export function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false;
  }
}

export function isAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Registers a cleanup: `stop` (async, graceful) runs on SIGINT/SIGTERM/uncaught errors,
 * `kill` (sync) runs on process exit. Returns an unregister function.
 */
export function registerCleanup({ stop, kill }) {
  installHandlers();
  if (stop) asyncCleanups.add(stop);
  if (kill) syncCleanups.add(kill);
  return () => {
    if (stop) asyncCleanups.delete(stop);
    if (kill) syncCleanups.delete(kill);
  };
}

/** Runs every registered graceful cleanup (bounded to 10 s), then the synchronous ones. */
export async function cleanupAll() {
  const stops = [...asyncCleanups];
  asyncCleanups.clear();
  await Promise.race([
    Promise.allSettled(stops.map((s) => s())),
    new Promise((resolve) => setTimeout(resolve, 10_000).unref()),
  ]);
  runSyncCleanups();
}

function runSyncCleanups() {
  const kills = [...syncCleanups];
  syncCleanups.clear();
  for (const k of kills) {
    try {
      k();
    } catch {
      // keep going: the others must still run
    }
  }
}

function installHandlers() {
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.on('exit', runSyncCleanups);
  const onSignal = (signal) => {
    if (stopping) {
      // Second Ctrl+C: no more waiting, kill now ('exit' runs the synchronous kills).
      process.exit(signalExitCodes[signal]);
    }
    stopping = true;
    process.stderr.write(`\n[harness] ${signal}: stopping code-server and chromium\n`);
    cleanupAll().finally(() => process.exit(signalExitCodes[signal]));
  };
  for (const signal of Object.keys(signalExitCodes)) process.on(signal, () => onSignal(signal));
  process.on('uncaughtException', (error) => {
    process.stderr.write(`[harness] uncaught exception: ${error?.stack ?? error}\n`);
    cleanupAll().finally(() => process.exit(1));
  });
  process.on('unhandledRejection', (error) => {
    process.stderr.write(`[harness] unhandled rejection: ${error?.stack ?? error}\n`);
    cleanupAll().finally(() => process.exit(1));
  });
}

/** Runs `fn` with a deadline; on expiry rejects with a message naming what timed out. */
export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} timed out after ${Math.round(ms / 1000)} s`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
