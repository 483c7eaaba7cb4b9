#!/usr/bin/env node
// Runs the extension-host test suite (mocha inside VS Code's real Node extension host) in code-server,
// driven by Debian's Chromium through VS Code's smoke-test driver.
//   node test/harness/runHostTests.mjs [--extension DIR] [--tests FILE] [--workspace DIR]
//                                      [--timeout SECONDS] [--keep] [--verbose]
// Defaults: --extension = repo root, --tests = out/test/host/index.js (built by `npm run build`),
// --workspace = test/.run/<id>/workspace filled with corpus samples (gpsvc.log, fixtures/...).
// Prints mocha's output, then `host: N passed, N failed`. Exit code 0 when the suite's run() resolves.
import { existsSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { format, parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { repoRoot, startCodeServer, makeRunDir, tail } from './codeServer.mjs';
import { launchBrowser } from './browser.mjs';
import { prepareFixtureWorkspace } from './workspace.mjs';
import { cleanupAll, withTimeout } from './procs.mjs';

// Workbench start-up messages that reach codeAutomationLog along with the tests' output.
const WORKBENCH_NOISE = [
  /^Resolv(ing|ed) connection token\b/,
  /^Creating a socket \(renderer-/,
  /^\[reconnection-grace-time\]/,
  /^Updating additional builtin extensions cache/,
  /^\[Service Worker\]/,
  /^\[AgentHost\b/,
  /^\[AccountPolicyGate\]/,
  /^Timed out waiting for authentication provider 'github'/,
  // No internet here: the extension gallery lookups fail with a workbench stack trace.
  /^getaddrinfo (ENOTFOUND|EAI_AGAIN) [\w.-]+: Failed/,
];

export function isWorkbenchNoise(text) {
  return WORKBENCH_NOISE.some((re) => re.test(text));
}

/** Counts from mocha's reporter lines ("  3 passing (12ms)", "  1 failing", "  2 pending"). */
export function mochaCounts(lines) {
  const count = (word) => {
    for (let i = lines.length - 1; i >= 0; i--) {
      const m = /^\s*(\d+) (passing|failing|pending)\b/.exec(lines[i]);
      if (m && m[2] === word) return Number(m[1]);
    }
    return undefined;
  };
  return { passed: count('passing'), failed: count('failing'), pending: count('pending') };
}

/**
 * @param {object} o
 * @param {string} [o.extensionDir]  default repo root
 * @param {string} [o.testsPath]     default out/test/host/index.js
 * @param {string} [o.workspace]     default a fresh fixture workspace
 * @param {number} [o.timeoutMs]     default 180 s for the whole run
 * @param {boolean} [o.keep]         keep test/.run/<id> even on success
 * @param {boolean} [o.verbose]      also print the workbench's own log lines (all lines go to <run>/automation.log)
 * @param {(line: string) => void} [o.out] where mocha lines go (default stdout)
 * @returns {Promise<{exitCode: number, passed: number, failed: number, pending: number, durationMs: number, runDir: string}>}
 */
export async function runHostTests(o = {}) {
  const started = Date.now();
  const out = o.out ?? ((line) => process.stdout.write(`${line}\n`));
  const extensionDir = resolve(o.extensionDir ?? repoRoot);
  const testsPath = resolve(o.testsPath ?? resolve(extensionDir, 'out', 'test', 'host', 'index.js'));
  if (!existsSync(testsPath)) throw new Error(`host test bundle not found: ${testsPath} (run \`npm run build\`)`);
  if (!existsSync(resolve(extensionDir, 'package.json'))) throw new Error(`no extension at ${extensionDir}`);

  const run = makeRunDir('host');
  const workspace = resolve(o.workspace ?? prepareFixtureWorkspace(run.workspace));
  const lines = [];
  const automationLog = [];
  let server;
  let browser;
  let exitCode = 1;
  try {
    await withTimeout(
      (async () => {
        // The extension comes from extensionDevelopmentPath, so it is not also installed in the extensions dir.
        server = await startCodeServer({ run, workspace, smokeTestDriver: true, env: o.env });
        browser = await launchBrowser(run);
        const { page } = browser;
        let resolveExit;
        const exited = new Promise((r) => (resolveExit = r));
        // Both must exist before the workbench loads: it looks for them once at startup.
        await page.exposeFunction('codeAutomationLog', (type, args) => {
          const text = format(...(Array.isArray(args) ? args : [args]));
          automationLog.push(`[${type}] ${text}`);
          // The workbench logs through the same channel as the extension host's console; drop its chatter.
          if (!o.verbose && isWorkbenchNoise(text)) return;
          for (const line of text.replace(/\n$/, '').split('\n')) {
            lines.push(line);
            out(line);
          }
        });
        await page.exposeFunction('codeAutomationExit', (code) => resolveExit(Number(code)));
        page.on('pageerror', (error) => process.stderr.write(`[page error] ${error.message}\n`));

        const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
        const payload = [
          ['extensionDevelopmentPath', remote(extensionDir)],
          ['extensionTestsPath', remote(testsPath)],
        ];
        const url = `${server.folderUrl}&payload=${encodeURIComponent(JSON.stringify(payload))}`;
        await page.goto(url, { waitUntil: 'domcontentloaded' });
        exitCode = await exited;
      })(),
      o.timeoutMs ?? 180_000,
      'host test run',
    );
  } catch (error) {
    exitCode = 1;
    process.stderr.write(`[host tests] FAILED: ${error.message}\n`);
    if (server) process.stderr.write(`[host tests] code-server log tail (${server.logFile}):\n${tail(server.logFile, 30)}\n`);
  } finally {
    await browser?.close();
    await server?.stop();
  }
  writeFileSync(join(run.dir, 'automation.log'), `${automationLog.join('\n')}\n`);
  const counts = mochaCounts(lines);
  const failed = counts.failed ?? (exitCode === 0 ? 0 : 1);
  const passed = counts.passed ?? 0;
  const result = { exitCode: exitCode === 0 && failed === 0 ? 0 : 1, passed, failed, pending: counts.pending ?? 0, durationMs: Date.now() - started, runDir: run.dir };
  if (result.exitCode === 0 && !o.keep) rmSync(run.dir, { recursive: true, force: true });
  else process.stderr.write(`[host tests] run folder kept: ${run.dir}\n`);
  return result;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({
    options: {
      extension: { type: 'string' },
      tests: { type: 'string' },
      workspace: { type: 'string' },
      timeout: { type: 'string' },
      keep: { type: 'boolean', default: false },
      verbose: { type: 'boolean', default: false },
    },
  });
  let code = 1;
  try {
    const r = await runHostTests({
      extensionDir: values.extension,
      testsPath: values.tests,
      workspace: values.workspace,
      timeoutMs: values.timeout ? Number(values.timeout) * 1000 : undefined,
      keep: values.keep,
      verbose: values.verbose,
    });
    console.log(`host: ${r.passed} passed, ${r.failed} failed`);
    process.stderr.write(`[host tests] ${(r.durationMs / 1000).toFixed(1)} s\n`);
    code = r.exitCode;
  } catch (error) {
    console.error(`[host tests] ${error.message}`);
    console.log('host: 0 passed, 1 failed');
  }
  await cleanupAll();
  process.exit(code);
}
