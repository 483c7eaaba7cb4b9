// Launches Debian's Chromium through playwright-core (never a Playwright browser download).
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { ensureHarness } from './setup.mjs';
import { runEnv } from './codeServer.mjs';
import { RUN_MARKER, killMarked, registerCleanup } from './procs.mjs';

export const CHROMIUM = process.env.TTI_CHROMIUM ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** playwright-core from the harness's own node_modules (installed by setup.mjs). */
export function loadPlaywright() {
  const { harnessDir } = ensureHarness();
  return createRequire(join(harnessDir, 'package.json'))('playwright-core');
}

/**
 * Starts Chromium with its temp/XDG dirs inside the run folder. Retries a launch once: under CPU
 * load a launch has died without output.
 * @returns {Promise<{browser, context, page, close: () => Promise<void>}>}
 */
export async function launchBrowser(run, { viewport = { width: 1440, height: 900 }, log = defaultLog } = {}) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} not found. Install it: node scripts/ensure-system.mjs chromium`);
  }
  const { chromium } = loadPlaywright();
  const browserMarker = `${run.id}.browser`;
  const options = {
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    // Its own marker: sweeping a failed launch must not kill the code-server of the same run.
    env: { ...runEnv(run), [RUN_MARKER]: browserMarker },
    timeout: 60_000,
    // Our own handlers stop everything (procs.mjs); Playwright's would race them.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  };
  let browser;
  for (let attempt = 1; ; attempt++) {
    try {
      browser = await chromium.launch(options);
      break;
    } catch (error) {
      if (killMarked(browserMarker)) log('killed a half-started browser');
      if (attempt >= 2) throw new Error(`Chromium launch failed twice: ${error.message}`, { cause: error });
      log(`Chromium launch failed (${error.message.split('\n')[0]}); retrying once`);
    }
  }
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    unregister();
    await Promise.race([browser.close().catch(() => {}), new Promise((r) => setTimeout(r, 5000))]);
    killMarked(browserMarker);
  };
  const unregister = registerCleanup({ stop: close, kill: () => killMarked(browserMarker) });
  const context = await browser.newContext({ viewport, deviceScaleFactor: 1 });
  const page = await context.newPage();
  return { browser, context, page, close };
}

function defaultLog(message) {
  process.stderr.write(`[browser] ${message}\n`);
}
