#!/usr/bin/env node
// UI tests: the extension installed in code-server (no smoke-test driver), driven by Debian's Chromium
// like a person: clicks, palette, Quick Open, reading rendered trees and editor tokens.
//   node test/harness/runUiTests.mjs [--vsix FILE | --extension DIR] [--grep TEXT] [--repeat N] [--keep]
// Default: the repo's token-ticket-inspector-<version>.vsix when no source changed since it was packaged,
// else a symlink to the repo folder (after `npm run build`). Screenshots go to test/screenshots/ (git-ignored).
// Prints `ui: N passed, N failed` and exits non-zero on any failure.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { spawn } from 'node:child_process';
import { repoRoot, startCodeServer, makeRunDir, tail } from './codeServer.mjs';
import { launchBrowser } from './browser.mjs';
import { prepareFixtureWorkspace } from './workspace.mjs';
import { cleanupAll, stopRequested, withTimeout } from './procs.mjs';

export const screenshotDir = join(repoRoot, 'test', 'screenshots');

/** Newest modification time among the files a .vsix is built from. */
function newestSourceMtime(extensionDir) {
  let newest = 0;
  const visit = (p) => {
    const st = statSync(p, { throwIfNoEntry: false });
    if (!st) return;
    if (st.isDirectory()) {
      for (const name of readdirSync(p)) visit(join(p, name));
    } else {
      newest = Math.max(newest, st.mtimeMs);
    }
  };
  for (const p of ['src', 'syntaxes', 'package.json', 'package.nls.json', 'language-configuration.json']) visit(join(extensionDir, p));
  return newest;
}

/** The packaged extension for the repo's current version, unless a source changed after packaging. */
export function defaultVsix(extensionDir = repoRoot) {
  const pkg = JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8'));
  const vsix = join(extensionDir, `${pkg.name}-${pkg.version}.vsix`);
  if (!existsSync(vsix)) return undefined;
  if (newestSourceMtime(extensionDir) > statSync(vsix).mtimeMs) return undefined;
  return vsix;
}

/**
 * One UI run: fresh server and browser, every scenario in order.
 * @param {object} o
 * @param {string} [o.vsixPath]      install this .vsix (as a user would)
 * @param {string} [o.extensionDir]  or load this folder via a symlink (default repo root)
 * @param {string} [o.grep]          run only scenarios whose name contains this text
 * @param {boolean} [o.keep]
 * @param {number} [o.scenarioTimeoutMs] default 90 s each
 * @param {number} [o.timeoutMs]     default 300 s for the run
 * @returns {Promise<{passed: number, failed: number, results: {name: string, ok: boolean, error?: string, ms: number}[], durationMs: number}>}
 */
export async function runUiTests(o = {}) {
  const started = Date.now();
  const { scenarios } = await import(pathToFileURL(join(repoRoot, 'test', 'ui', 'scenarios.mjs')).href);
  const { loadManifest } = await import(pathToFileURL(join(repoRoot, 'test', 'ui', 'workbench.mjs')).href);
  const extensionDir = resolve(o.extensionDir ?? repoRoot);
  const vsixPath = o.vsixPath ?? (o.extensionDir ? undefined : defaultVsix(extensionDir));
  const selected = scenarios.filter((s) => !o.grep || s.always || s.name.includes(o.grep));
  const results = [];
  const run = makeRunDir('ui');
  mkdirSync(screenshotDir, { recursive: true });
  const log = (message) => process.stderr.write(`    ${message}\n`);
  let server;
  let browser;
  let realm;
  try {
    process.stderr.write(`[ui] extension from ${vsixPath ? `vsix ${vsixPath}` : `folder ${extensionDir}`}\n`);
    const workspace = prepareFixtureWorkspace(run.workspace);
    // A real MIT realm whose tickets the Kerberos view must show (skipped with a reason where it cannot run).
    realm = await startUiRealm();
    if (realm.skipped) log(`[kerberos] SKIPPED real tickets: ${realm.skipped}`);
    const kerberosEnv = realm.env ? { ...realm.env, LANG: 'C', LC_ALL: 'C' } : undefined;
    server = await startCodeServer({ run, workspace, smokeTestDriver: false, ...(kerberosEnv ? { env: kerberosEnv } : {}), ...(vsixPath ? { vsixPath } : { extensionDir }) });
    browser = await launchBrowser(run);
    const { page } = browser;
    page.on('pageerror', (error) => log(`[page error] ${error.message}`));
    const ctx = {
      kerberosEnv,
      server,
      workspace,
      extensionDir,
      // What is really installed: the .vsix's manifest when one was installed.
      manifest: loadManifest(vsixPath ? installedExtensionDir(run.extensions) : extensionDir),
      screenshot: (name) => page.screenshot({ path: join(screenshotDir, name) }),
      screenshotElement: (locator, name) => locator.first().screenshot({ path: join(screenshotDir, name) }),
      log,
    };
    const deadline = started + (o.timeoutMs ?? 300_000);
    for (const scenario of selected) {
      if (stopRequested()) break;
      const t0 = Date.now();
      const remaining = deadline - t0;
      // One retry per scenario, reported as such: a UI driven through a real browser can lose a
      // click to a re-rendering list; a real defect fails both attempts.
      let firstError;
      for (let attempt = 1; attempt <= 2; attempt++) {
        try {
          if (deadline - Date.now() <= 0) throw new Error('UI run timed out before this scenario');
          await withTimeout(scenario.run(page, ctx), Math.min(o.scenarioTimeoutMs ?? 90_000, deadline - Date.now()), `scenario "${scenario.name}"`);
          results.push({ name: scenario.name, ok: true, ms: Date.now() - t0, retried: attempt > 1 });
          console.log(`  ✔ ${scenario.name} (${Date.now() - t0} ms)${attempt > 1 ? ` — PASSED ON RETRY; first attempt: ${String(firstError?.message).split('\n')[0]}` : ''}`);
          break;
        } catch (error) {
          await page.screenshot({ path: join(screenshotDir, `failed-${slug(scenario.name)}${attempt > 1 ? '' : '-attempt1'}.png`) }).catch(() => {});
          if (attempt === 1 && remaining > 0 && !stopRequested()) {
            firstError = error;
            log(`[retry] ${scenario.name}: ${String(error.message).split('\n')[0]}`);
            await page.keyboard.press('Escape').catch(() => {});
            continue;
          }
          results.push({ name: scenario.name, ok: false, error: error.message, ms: Date.now() - t0 });
          console.log(`  ✘ ${scenario.name}\n      ${String(error.message).split('\n').join('\n      ')}`);
        }
      }
    }
  } catch (error) {
    results.push({ name: 'start code-server and Chromium', ok: false, error: error.message, ms: Date.now() - started });
    console.log(`  ✘ start code-server and Chromium\n      ${error.message}`);
    if (server) process.stderr.write(`[ui] code-server log tail:\n${tail(server.logFile, 30)}\n`);
  } finally {
    await browser?.close();
    await server?.stop();
    realm?.stop();
  }
  const failed = results.filter((r) => !r.ok).length;
  const retried = results.filter((r) => r.retried).map((r) => r.name);
  if (retried.length) process.stderr.write(`[ui] passed only on retry (${retried.length}): ${retried.join('; ')}\n`);
  if (failed === 0 && !o.keep) rmSync(run.dir, { recursive: true, force: true });
  else process.stderr.write(`[ui] run folder kept: ${run.dir}\n`);
  return { passed: results.length - failed, failed, results, durationMs: Date.now() - started };
}

/** Starts test/kerberos/uiRealm.ts; resolves with its environment (or a skip reason) and a stop(). */
function startUiRealm() {
  return new Promise((resolveRealm) => {
    const tsx = join(repoRoot, 'node_modules', '.bin', 'tsx');
    const child = spawn(tsx, [join(repoRoot, 'test', 'kerberos', 'uiRealm.ts')], { cwd: repoRoot, stdio: ['pipe', 'pipe', 'inherit'] });
    const stop = () => {
      child.stdin.end();
      setTimeout(() => child.kill('SIGTERM'), 3000).unref();
    };
    let buffered = '';
    const timer = setTimeout(() => resolveRealm({ skipped: 'the realm did not start within 300 s', stop }), 300_000);
    child.stdout.on('data', (d) => {
      buffered += d;
      const nl = buffered.indexOf('\n');
      if (nl < 0) return;
      clearTimeout(timer);
      try {
        const line = JSON.parse(buffered.slice(0, nl));
        resolveRealm({ ...(line.env ? { env: line.env } : { skipped: line.skipped ?? 'no environment printed' }), stop });
      } catch (error) {
        resolveRealm({ skipped: `unreadable realm output: ${error.message}`, stop });
      }
    });
    child.on('error', (error) => {
      clearTimeout(timer);
      resolveRealm({ skipped: error.message, stop: () => {} });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolveRealm({ skipped: `realm process exited (${code})`, stop: () => {} });
    });
  });
}

/** The folder code-server unpacked the .vsix into (publisher.name-version). */
function installedExtensionDir(extensionsDir) {
  const dirs = readdirSync(extensionsDir, { withFileTypes: true }).filter((d) => d.isDirectory() && !d.name.startsWith('.'));
  if (dirs.length !== 1) throw new Error(`expected one installed extension in ${extensionsDir}, found: ${dirs.map((d) => d.name).join(', ')}`);
  return join(extensionsDir, dirs[0].name);
}

function slug(s) {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      vsix: { type: 'string' },
      extension: { type: 'string' },
      grep: { type: 'string' },
      repeat: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
    },
  });
  let passed = 0;
  let failed = 0;
  const repeat = Math.max(1, Number(values.repeat) || 1);
  for (let i = 1; i <= repeat && !stopRequested(); i++) {
    if (repeat > 1) console.log(`UI run ${i}/${repeat}`);
    const r = await runUiTests({ vsixPath: values.vsix, extensionDir: values.extension, grep: values.grep, keep: values.keep });
    process.stderr.write(`[ui] run ${i}: ${r.passed} passed, ${r.failed} failed in ${(r.durationMs / 1000).toFixed(1)} s\n`);
    passed += r.passed;
    failed += r.failed;
  }
  console.log(`ui: ${passed} passed, ${failed} failed`);
  await cleanupAll();
  process.exit(failed === 0 && passed > 0 ? 0 : 1);
}
