#!/usr/bin/env node
// `npm start`: Token & Ticket Inspector in a real VS Code, with a demo workspace of real samples.
//   npm start                  build, install into code-server, print URL + password, run until Ctrl+C
//   npm start -- --check       same, but stop once the server answers and the password logs in (for tests)
//   npm start -- --port 8080   choose the port (default 8080, or a free one when taken)
//   npm start -- --desktop     on a desktop with `code` on PATH and a DISPLAY: open VS Code itself
//   npm start -- --no-build    use the existing dist/ (linked, not packaged)
//   npm start -- --extension DIR   link another built extension folder instead of this repo
// code-server binds to 127.0.0.1 only, with password authentication (a new random password each start).
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ensureSystemPackages } from './ensure-system.mjs';
import { ensureHarness, isHarnessInstalled } from '../test/harness/setup.mjs';
import { freePort, makeRunDir, repoRoot, startCodeServer } from '../test/harness/codeServer.mjs';
import { prepareDemoWorkspace } from '../test/harness/workspace.mjs';
import { cleanupAll, signalExitCodes } from '../test/harness/procs.mjs';

const { values } = parseArgs({
  options: {
    check: { type: 'boolean', default: false },
    port: { type: 'string' },
    desktop: { type: 'boolean', default: false },
    'no-build': { type: 'boolean', default: false },
    extension: { type: 'string' },
  },
});

const log = (m) => process.stderr.write(`[start] ${m}\n`);

function npm(args) {
  log(`$ npm ${args.join(' ')}`);
  const r = spawnSync('npm', args, { cwd: repoRoot, stdio: ['ignore', 2, 2] });
  if (r.status !== 0) throw new Error(`npm ${args.join(' ')} failed (exit ${r.status})`);
}

/** Builds the bundle and, when the project has a `package` script, the .vsix. Returns the vsix path or undefined. */
export function buildExtension() {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
  if (!pkg.scripts?.package) {
    npm(['run', 'build']);
    return undefined;
  }
  // vsce runs vscode:prepublish, which builds the production bundle.
  try {
    npm(['run', 'package']);
  } catch (error) {
    log(`${error.message}: linking the built folder instead of installing a .vsix`);
    npm(['run', 'build']);
    return undefined;
  }
  const vsix = join(repoRoot, `${pkg.name}-${pkg.version}.vsix`);
  return existsSync(vsix) ? vsix : undefined;
}

async function portToUse() {
  if (values.port) return Number(values.port);
  // A fixed port keeps the browser tab's address between restarts; fall back when it is taken.
  const preferred = 8080;
  const probe = await fetch(`http://127.0.0.1:${preferred}/`, { signal: AbortSignal.timeout(500) }).then(
    () => true,
    (e) => e.cause?.code !== 'ECONNREFUSED',
  );
  return probe ? freePort() : preferred;
}

/** Logs in with the password like the login form does; true when the workbench page is then served. */
async function passwordWorks(server) {
  const login = await fetch(`${server.url}/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ password: server.password }),
    redirect: 'manual',
  });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  if (!cookie) return false;
  const page = await fetch(server.folderUrl, { headers: { cookie }, redirect: 'manual' });
  const html = await page.text();
  return page.status === 200 && html.includes('workbench');
}

async function main() {
  const workspaceRun = makeRunDir('demo', 'demo');
  const workspace = prepareDemoWorkspace(workspaceRun.workspace);

  if (values.desktop && !values.check) {
    const hasCode = spawnSync('which', ['code']).status === 0;
    if (!hasCode || !process.env.DISPLAY) throw new Error('--desktop needs `code` on PATH and a DISPLAY');
    if (!values['no-build']) npm(['run', 'build']);
    log(`opening VS Code with the extension from ${repoRoot}`);
    spawn('code', [`--extensionDevelopmentPath=${repoRoot}`, workspace], { stdio: 'inherit', detached: true }).unref();
    return 0;
  }

  // Building code-server's native modules needs these (only when the harness is not installed yet).
  if (!isHarnessInstalled()) ensureSystemPackages(['libkrb5-dev', 'pkg-config']);
  ensureHarness();
  const extensionDir = values.extension ?? repoRoot;
  const vsixPath = values['no-build'] || values.extension ? undefined : buildExtension();
  if (!existsSync(join(extensionDir, 'dist', 'extension.js'))) throw new Error(`${extensionDir}/dist/extension.js missing: run \`npm run build\``);

  const password = randomBytes(12).toString('base64url');
  const server = await startCodeServer({
    run: workspaceRun,
    workspace,
    auth: 'password',
    password,
    port: await portToUse(),
    ...(vsixPath ? { vsixPath } : { extensionDir }),
  });
  const ok = await passwordWorks(server);
  process.stdout.write(
    [
      '',
      'Token & Ticket Inspector is running in VS Code (code-server 4.139.1).',
      `  URL:       ${server.folderUrl}`,
      `  Password:  ${password}`,
      `  Workspace: ${workspace}`,
      `  Extension: ${vsixPath ? `installed from ${vsixPath}` : `linked from ${extensionDir}`}`,
      `  Server log: ${server.logFile}`,
      '',
    ].join('\n') + '\n',
  );
  if (!ok) throw new Error('code-server started but the password login did not reach the workbench');
  if (values.check) {
    process.stdout.write('start --check: server answered /healthz and the password login works\n');
    await server.stop();
    return 0;
  }
  process.stdout.write('Press Ctrl+C to stop.\n');
  signalExitCodes.SIGINT = 0; // Ctrl+C is how a demo ends: not a failure for npm
  signalExitCodes.SIGTERM = 0;
  setInterval(() => {}, 1 << 30); // stay alive until a signal; procs.mjs then stops the server
  await new Promise(() => {});
  return 0;
}

try {
  const code = await main();
  await cleanupAll();
  process.exit(code);
} catch (error) {
  process.stderr.write(`[start] ${error.message}\n`);
  await cleanupAll();
  process.exit(1);
}
