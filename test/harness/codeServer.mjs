// Starts a throwaway code-server (real VS Code 1.139.1 server + Node extension host) for tests and demos.
//   const server = await startCodeServer({ extensionDir: '/work/main', workspace, smokeTestDriver: true });
//   ... server.url ...; await server.stop();
// Everything it writes (user data, extensions, logs, temp files, XDG dirs) goes under test/.run/<id>/.
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureHarness } from './setup.mjs';
import { OWNER_MARKER, RUN_MARKER, isAlive, killGroup, killMarked, registerCleanup, sweepOrphans } from './procs.mjs';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const runRoot = join(repoRoot, 'test', '.run');

/** Settings that keep the workbench quiet and offline: no welcome page, no chat, no gallery. */
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'chat.disableAIFeatures': true,
  'chat.commandCenter.enabled': false,
  'security.workspace.trust.enabled': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'update.mode': 'none',
  'telemetry.telemetryLevel': 'off',
  'git.enabled': false,
  'git.openRepositoryInParentFolders': 'never',
  'files.hotExit': 'off',
  'window.restoreWindows': 'none',
};

/**
 * Creates test/.run/<prefix>-<random>/ with the folders a server and browser need.
 * `name` fixes the folder name instead (e.g. 'demo'), reusing it.
 */
export function makeRunDir(prefix = 'run', name) {
  const orphans = sweepOrphans();
  if (orphans) process.stderr.write(`[harness] killed ${orphans} process(es) left by an earlier run that died\n`);
  const id = name ?? `${prefix}-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const dir = join(runRoot, id);
  const dirs = {
    id,
    dir,
    userData: join(dir, 'user-data'),
    extensions: join(dir, 'extensions'),
    tmp: join(dir, 'tmp'),
    xdgConfig: join(dir, 'xdg-config'),
    xdgCache: join(dir, 'xdg-cache'),
    xdgData: join(dir, 'xdg-data'),
    workspace: join(dir, 'workspace'),
  };
  for (const d of Object.values(dirs)) if (d !== id) mkdirSync(d, { recursive: true });
  return dirs;
}

/** Environment for anything the harness starts: temp and XDG dirs inside the run folder, plus the kill marker. */
export function runEnv(run, base = process.env) {
  return {
    ...base,
    TMPDIR: run.tmp,
    XDG_CONFIG_HOME: run.xdgConfig,
    XDG_CACHE_HOME: run.xdgCache,
    XDG_DATA_HOME: run.xdgData,
    [RUN_MARKER]: run.id,
    [OWNER_MARKER]: String(process.pid),
  };
}

/** Asks the kernel for a free port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolvePort(port));
    });
  });
}

/** `publisher.name-version`, the folder name VS Code expects in an extensions dir. */
export function extensionFolderName(extensionDir) {
  const pkg = JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8'));
  return `${pkg.publisher}.${pkg.name}-${pkg.version}`.toLowerCase();
}

function serverEnv(run, paths, extraEnv) {
  const env = runEnv(run, { ...process.env, ...extraEnv });
  // The extension host is forked from the server; keep Node 24 first on PATH for anything it spawns.
  env.PATH = [join(paths.nodeDir, 'bin'), env.PATH ?? ''].join(delimiter);
  // Never inherit a password or a VS Code IPC hook from the caller's shell.
  delete env.PASSWORD;
  delete env.HASHED_PASSWORD;
  delete env.VSCODE_IPC_HOOK_CLI;
  return env;
}

function baseArgs(run, configFile) {
  return ['--config', configFile, '--user-data-dir', run.userData, '--extensions-dir', run.extensions];
}

/** Installs a .vsix into the run's extensions dir with code-server's own CLI. */
export function installVsix(run, vsixPath, { paths = ensureHarness(), configFile, env } = {}) {
  const r = spawnSync(
    paths.nodeBin,
    [paths.codeServerEntry, ...baseArgs(run, configFile), '--force', '--install-extension', resolve(vsixPath)],
    { env: env ?? serverEnv(run, paths, {}), encoding: 'utf8', timeout: 120_000 },
  );
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  if (r.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`installing ${vsixPath} failed (exit ${r.status}):\n${output}`);
  }
  return output.trim();
}

async function waitForHealth(url, child, logFile, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`code-server exited early (${child.exitCode ?? child.signalCode}). Log ${logFile}:\n${tail(logFile)}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) return;
      lastError = `HTTP ${res.status}`;
    } catch (error) {
      lastError = error.cause?.code ?? error.message;
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`code-server did not answer ${url}/healthz within ${timeoutMs / 1000} s (${lastError}). Log:\n${tail(logFile)}`);
}

export function tail(file, lines = 40) {
  try {
    return readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/**
 * Starts code-server on 127.0.0.1.
 * @param {object} o
 * @param {string} [o.extensionDir]   folder of an extension to load (symlinked as publisher.name-version)
 * @param {string} [o.vsixPath]       .vsix to install instead (as a user would)
 * @param {string} [o.workspace]      folder the returned url opens (defaults to run.workspace)
 * @param {number} [o.port]           default: a free port
 * @param {boolean} [o.smokeTestDriver] enable VS Code's smoke-test driver (needed for extensionTestsPath payloads)
 * @param {'none'|'password'} [o.auth] default 'none'; 'password' uses o.password or a random one
 * @param {object} [o.run]            a makeRunDir() result to reuse
 * @param {object} [o.env]            extra environment for the server and the extension host
 * @param {number} [o.startTimeoutMs] default 30 s
 * @returns {Promise<{url: string, folderUrl: string, port: number, password?: string, run: object, logFile: string, pid: number, stop: () => Promise<void>}>}
 */
export async function startCodeServer(o = {}) {
  const paths = ensureHarness();
  const run = o.run ?? makeRunDir(o.smokeTestDriver ? 'host' : 'cs');
  const auth = o.auth ?? 'none';
  const password = auth === 'password' ? (o.password ?? randomBytes(12).toString('base64url')) : undefined;
  const configFile = join(run.dir, 'config.yaml');
  // code-server refuses an empty config file; the flags below override these values anyway.
  writeFileSync(configFile, `auth: ${auth}\ncert: false\n`);
  const settingsDir = join(run.userData, 'User');
  mkdirSync(settingsDir, { recursive: true });
  const settingsFile = join(settingsDir, 'settings.json');
  if (!existsSync(settingsFile)) writeFileSync(settingsFile, `${JSON.stringify({ ...USER_SETTINGS, ...o.settings }, null, 2)}\n`);

  const env = serverEnv(run, paths, o.env);
  if (o.extensionDir) {
    const link = join(run.extensions, extensionFolderName(o.extensionDir));
    rmSync(link, { recursive: true, force: true });
    symlinkSync(resolve(o.extensionDir), link, 'dir');
  }
  if (o.vsixPath) installVsix(run, o.vsixPath, { paths, configFile, env });

  const workspace = resolve(o.workspace ?? run.workspace);
  let lastError;
  // A free port can be taken between the probe and the bind: one more try with a new port.
  for (let attempt = 0; attempt < 2; attempt++) {
    const port = o.port ?? (await freePort());
    const args = [
      paths.codeServerEntry,
      ...baseArgs(run, configFile),
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', auth,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--ignore-last-opened',
    ];
    if (o.smokeTestDriver) args.push('--vscode-option', 'enable-smoke-test-driver');
    const logFile = join(run.dir, `code-server-${port}.log`);
    const logFd = openSync(logFile, 'a');
    const child = spawn(paths.nodeBin, args, {
      cwd: run.dir,
      env: password ? { ...env, PASSWORD: password } : env,
      detached: true, // own process group: stop() kills the server and its extension hosts together
      stdio: ['ignore', logFd, logFd],
    });
    closeSync(logFd);
    const pid = child.pid;
    const kill = () => {
      killGroup(pid, 'SIGKILL');
      killMarked(run.id);
    };
    let stopped = false;
    const stop = async () => {
      if (stopped) return;
      stopped = true;
      unregister();
      killGroup(pid, 'SIGTERM');
      const deadline = Date.now() + 5000;
      while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      killGroup(pid, 'SIGKILL');
      // Extension hosts or helpers that escaped the group still carry the run marker.
      killMarked(run.id);
    };
    const unregister = registerCleanup({ stop, kill });
    const url = `http://127.0.0.1:${port}`;
    try {
      await waitForHealth(url, child, logFile, o.startTimeoutMs ?? 30_000);
    } catch (error) {
      await stop();
      lastError = error;
      if (o.port || !/EADDRINUSE|address already in use/i.test(tail(logFile))) throw error;
      continue;
    }
    const folderUrl = `${url}/?folder=${encodeURIComponent(workspace)}`;
    return { url, folderUrl, port, password, run, workspace, logFile, pid, stop };
  }
  throw lastError;
}
