#!/usr/bin/env node
// Real-VS-Code tests, called by `npm test` after the unit tests:
//   1. Debian packages (chromium, libkrb5-dev, pkg-config), installed when missing
//   2. the harness (code-server 4.139.1, Node 24, playwright-core) in test/harness/node_modules, cached
//   3. `npm run package` (.vsix) when that script exists, then `npm run build` (bundle + out/test/host/index.js)
//   4. extension-host tests (mocha inside VS Code's extension host)
//   5. UI tests (Chromium clicking through the workbench), `--repeat N` times
// Options: --repeat N (UI runs, default 1), --only host|ui, --no-build, --tests FILE, --extension DIR
// Prints `host: …`, `ui: …` and a last line `vscode: N passed, N failed`; exits 1 when anything failed.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { ensureSystemPackages } from '../../scripts/ensure-system.mjs';
import { ensureHarness } from './setup.mjs';
import { repoRoot, runRoot } from './codeServer.mjs';
import { runHostTests } from './runHostTests.mjs';
import { runUiTests } from './runUiTests.mjs';
import { cleanupAll } from './procs.mjs';

const log = (m) => process.stderr.write(`[vscode tests] ${m}\n`);

function npm(args) {
  log(`$ npm ${args.join(' ')}`);
  const r = spawnSync('npm', args, { cwd: repoRoot, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed (exit ${r.status})`);
}

/** Removes run folders of earlier runs older than a day (failed runs are kept for a look, not forever). */
function pruneOldRuns(maxAgeMs = 24 * 3600 * 1000) {
  if (!existsSync(runRoot)) return;
  for (const name of readdirSync(runRoot)) {
    if (name === 'demo') continue;
    const dir = join(runRoot, name);
    try {
      if (Date.now() - statSync(dir).mtimeMs > maxAgeMs) rmSync(dir, { recursive: true, force: true });
    } catch {
      // another run may be removing it
    }
  }
}

export async function runAll(o = {}) {
  const t0 = Date.now();
  const timings = {};
  ensureSystemPackages(['chromium', 'libkrb5-dev', 'pkg-config']);
  let t = Date.now();
  ensureHarness();
  timings.setup = Date.now() - t;
  pruneOldRuns();

  let vsixPath;
  let packageFailure;
  if (!o.noBuild && !o.extensionDir) {
    t = Date.now();
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    if (pkg.scripts?.package) {
      // Packaging runs vscode:prepublish (production bundle); the dev build after it restores
      // dist/ with source maps for readable host-test stacks and writes out/test/host/index.js.
      try {
        npm(['run', 'package']);
        const candidate = join(repoRoot, `${pkg.name}-${pkg.version}.vsix`);
        if (existsSync(candidate)) vsixPath = candidate;
        else throw new Error(`npm run package wrote no ${candidate}`);
      } catch (error) {
        // A broken package is a failure, but the tests still say something with the folder linked.
        packageFailure = error.message;
        console.log(`  ✘ packaging the .vsix: ${error.message} (UI tests use the folder instead)`);
      }
    }
    npm(['run', 'build']);
    timings.build = Date.now() - t;
  }

  const summary = { host: { passed: 0, failed: 0 }, ui: { passed: 0, failed: 0 } };
  if (o.only !== 'ui') {
    t = Date.now();
    console.log('Extension-host tests (mocha in code-server\'s extension host)');
    try {
      const r = await runHostTests({ extensionDir: o.extensionDir, testsPath: o.testsPath });
      summary.host = { passed: r.passed, failed: r.failed + (r.exitCode !== 0 && r.failed === 0 ? 1 : 0) };
    } catch (error) {
      console.log(`  host tests could not run: ${error.message}`);
      summary.host = { passed: 0, failed: 1 };
    }
    console.log(`host: ${summary.host.passed} passed, ${summary.host.failed} failed`);
    timings.host = Date.now() - t;
  }
  if (o.only !== 'host') {
    const repeat = Math.max(1, o.repeat ?? 1);
    for (let i = 1; i <= repeat; i++) {
      t = Date.now();
      console.log(`UI tests (Chromium + code-server${vsixPath ? ', extension installed from .vsix' : ''})${repeat > 1 ? ` run ${i}/${repeat}` : ''}`);
      const r = await runUiTests({ vsixPath, extensionDir: o.extensionDir });
      summary.ui.passed += r.passed;
      summary.ui.failed += r.failed;
      timings[`ui${repeat > 1 ? i : ''}`] = Date.now() - t;
    }
    console.log(`ui: ${summary.ui.passed} passed, ${summary.ui.failed} failed`);
  }
  const passed = summary.host.passed + summary.ui.passed;
  const failed = summary.host.failed + summary.ui.failed + (packageFailure ? 1 : 0);
  log(`timings (s): ${Object.entries(timings).map(([k, v]) => `${k} ${(v / 1000).toFixed(1)}`).join(', ')}; total ${((Date.now() - t0) / 1000).toFixed(1)}`);
  return { passed, failed, summary };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      repeat: { type: 'string', default: '1' },
      only: { type: 'string' },
      'no-build': { type: 'boolean', default: false },
      tests: { type: 'string' },
      extension: { type: 'string' },
    },
  });
  let code = 1;
  try {
    const r = await runAll({
      repeat: Number(values.repeat) || 1,
      only: values.only,
      noBuild: values['no-build'],
      testsPath: values.tests,
      extensionDir: values.extension,
    });
    console.log(`vscode: ${r.passed} passed, ${r.failed} failed`);
    code = r.failed === 0 && r.passed > 0 ? 0 : 1;
  } catch (error) {
    console.error(`[vscode tests] ${error.message}`);
    console.log('vscode: 0 passed, 1 failed');
  }
  await cleanupAll();
  process.exit(code);
}
