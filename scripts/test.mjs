#!/usr/bin/env node
// `npm test`: everything a fresh clone needs, then every test layer in order.
// Installs npm packages when missing (and the Debian packages the later layers need, inside
// their own scripts), builds, type-checks, lints, then: unit + grammar tests, real-Kerberos
// integration tests, extension-host tests and UI tests in a real VS Code (code-server).
// Prints one closing line `N passed, N failed` over all layers.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = new Set(process.argv.slice(2));
const only = [...args].find((a) => a.startsWith('--only='))?.slice(7);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const npx = process.platform === 'win32' ? 'npx.cmd' : 'npx';
const totals = { passed: 0, failed: 0, skipped: 0 };
const layers = [];
const started = Date.now();

function log(msg) {
  process.stderr.write(`\n[test] ${msg}\n`);
}

function ensureNpmPackages() {
  const lock = join(root, 'package-lock.json');
  const stamp = join(root, 'node_modules', '.tti-lock-hash');
  const hash = createHash('sha256').update(readFileSync(lock)).digest('hex');
  if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) return;
  log('installing npm packages (npm ci)');
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund'], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('npm ci failed');
  writeFileSync(stamp, hash);
}

function step(name, cmd, cmdArgs, env = {}) {
  log(`${name}: ${cmd} ${cmdArgs.join(' ')}`);
  const r = spawnSync(cmd, cmdArgs, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  layers.push({ name, ok: r.status === 0 });
  if (r.status !== 0) totals.failed++;
  return r.status === 0;
}

/** Runs a test command, echoing its output, and counts `N passing/failing/pending` or `N passed, N failed`. */
function testLayer(name, cmd, cmdArgs, env = {}) {
  log(`${name}: ${cmd} ${cmdArgs.join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(cmd, cmdArgs, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { out += d; process.stderr.write(d); });
    child.on('close', (code) => {
      const count = (re) => [...out.matchAll(re)].reduce((n, m) => n + Number(m[1]), 0);
      // A runner's own closing `N passed, N failed` line (the harness's `vscode:` total) wins; then
      // mocha's `N passing`; then the grammar tool's one line per file (✓ ok, ✗/✘ failed).
      const plain = [...out.matchAll(/^(?:\w+: )?(\d+) passed, (\d+) failed/gm)].pop();
      let passed = count(/^\s*(\d+) passing/gm);
      let failed = count(/^\s*(\d+) failing/gm);
      const skipped = count(/^\s*(\d+) pending/gm);
      if (plain) {
        passed = Number(plain[1]);
        failed = Number(plain[2]);
      } else if (passed === 0 && failed === 0) {
        passed = (out.match(/^✓ /gm) ?? []).length;
        failed = (out.match(/^[✗✘] /gm) ?? []).length;
      }
      if (code !== 0 && failed === 0) failed = 1; // a crash before any test still fails the run
      totals.passed += passed;
      totals.failed += failed;
      totals.skipped += skipped;
      layers.push({ name, ok: code === 0, passed, failed, skipped, failures: failureReport(out) });
      resolve(code === 0);
    });
  });
}

/**
 * What failed, to repeat under the summary: CI keeps only the end of a long log, so a failure
 * reported minutes earlier would otherwise be lost. Mocha's `N failing` section, or the
 * harness's ✖ lines with the indented error text under them.
 */
function failureReport(out) {
  const clean = out.replace(/\x1b\[[0-9;]*m/g, '');
  const mocha = clean.match(/^\s*\d+ failing\n[\s\S]*$/m);
  if (mocha) return mocha[0].split('\n').filter((l) => l.trim() && !/^\s+at /.test(l)).slice(0, 20).join('\n');
  const lines = clean.split('\n');
  const picked = [];
  lines.forEach((line, i) => {
    if (!/^\s*(✖|✗|✘)|FAILED|could not run|PASSED ON RETRY/.test(line)) return;
    picked.push(line, ...lines.slice(i + 1, i + 6).filter((l) => /^\s{4,}/.test(l)));
  });
  return picked.slice(0, 20).join('\n');
}

try {
  ensureNpmPackages();
  const want = (layer) => !only || only.split(',').includes(layer);
  if (want('static')) {
    step('build', 'node', ['esbuild.mjs']);
    step('typecheck', npx, ['tsc', '--noEmit', '-p', '.']);
    step('lint', npx, ['eslint', '--max-warnings', '0', '.']);
    step('manifest', 'node', ['scripts/check-manifest.mjs']);
  }
  if (want('unit')) {
    await testLayer('unit', npx, ['mocha', 'test/unit/**/*.test.ts']);
    await testLayer('grammar', 'node', ['scripts/test-grammar.mjs']);
    await testLayer('cli', npx, ['mocha', 'test/cli/**/*.test.ts']);
  }
  if (want('integration') && existsSync(join(root, 'test', 'integration'))) {
    await testLayer('integration (real MIT KDC, Samba AD DC, Linux groups)', npx, ['mocha', '--timeout', '180000', 'test/integration/**/*.test.ts']);
  }
  if (want('vscode') && existsSync(join(root, 'test', 'harness', 'runAll.mjs'))) {
    await testLayer('extension host + UI (code-server)', 'node', ['test/harness/runAll.mjs']);
  }
} catch (err) {
  totals.failed++;
  console.error(`[test] ${err instanceof Error ? err.message : String(err)}`);
}

console.log('\n[test] summary');
for (const l of layers) {
  console.log(`  ${l.ok ? 'ok  ' : 'FAIL'} ${l.name}${l.passed !== undefined ? ` (${l.passed} passed, ${l.failed} failed${l.skipped ? `, ${l.skipped} skipped` : ''})` : ''}`);
}
for (const l of layers) {
  if (!l.failures) continue;
  console.log(`\n[test] ${l.ok ? 'notes from' : 'failures in'} ${l.name}:\n${l.failures}`);
}
console.log(`  ${Math.round((Date.now() - started) / 1000)} s`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exitCode = totals.failed > 0 ? 1 : 0;
