// UI scenarios run in order against one code-server + Chromium session (see test/harness/runUiTests.mjs).
// Each is { name, run(page, ctx) } and throws (node:assert) on failure. Add scenarios by appending to
// the array; later ones may rely on earlier ones (the workbench is loaded, the container is open).
// `always: true` marks a scenario that --grep never skips (the one that opens the workbench).
// ctx: { server, workspace, extensionDir, manifest (loadManifest()), screenshot(fileName),
//        screenshotElement(locator, fileName), log(message) }
import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  editorLanguage,
  goToLine,
  lineTokens,
  notifications,
  openContainer,
  parkMouse,
  quickOpen,
  readTree,
  rowText,
  runCommand,
  sel,
  waitForRows,
  waitForView,
  viewPane,
  waitForWebviewText,
  waitForWorkbench,
} from './workbench.mjs';

const GPSVC_PHRASE = 'restoring old security grps';

/** What this machine's own tools say, to compare the views with. */
function machineFacts(ctx) {
  const primaryGroup = execFileSync('id', ['-gn'], { encoding: 'utf8' }).trim();
  // The same Kerberos environment the server (and so the extension) got from the test realm.
  const klist = spawnSync('klist', [], { encoding: 'utf8', env: { ...process.env, ...(ctx?.kerberosEnv ?? {}) } });
  const principal = klist.status === 0 ? /^Default principal:\s*(\S+)/m.exec(klist.stdout)?.[1] : undefined;
  return { primaryGroup, klistFound: !klist.error, klistStatus: klist.status, principal };
}

/**
 * Opens a workspace copy of the VPN GPSVC sample, jumps to the "restoring old security grps" line and
 * checks the editor coloured it: some token span has a class other than mtk1 (the default
 * foreground) and a colour different from the editor's text colour.
 */
async function checkGpsvcColouring(page, ctx, fileName, screenshotName) {
  const bytes = readFileSync(join(ctx.workspace, fileName));
  const utf16 = fileName.includes('utf16le');
  const text = utf16 ? bytes.toString('utf16le').replace(/^\uFEFF/, '') : bytes.toString('utf8');
  const lineNumber = text.split(/\r?\n/).findIndex((l) => l.includes(GPSVC_PHRASE)) + 1;
  assert.ok(lineNumber > 0, `sample has no "${GPSVC_PHRASE}" line`);
  await quickOpen(page, fileName);
  await goToLine(page, lineNumber);
  assert.equal(await editorLanguage(page), ctx.manifest.languages.gpsvc, `language mode of ${fileName}`);
  // Tokenisation is asynchronous (the TextMate grammar loads on first use): wait for a coloured token.
  let line = null;
  const deadline = Date.now() + 15_000;
  const coloured = (l) => l?.tokens.some((t) => t.className && t.className !== 'mtk1' && t.color !== l.editorColor);
  while (Date.now() < deadline) {
    line = await lineTokens(page, GPSVC_PHRASE);
    if (coloured(line)) break;
    await page.waitForTimeout(300);
  }
  await parkMouse(page);
  await ctx.screenshot(screenshotName);
  const encoding = await page.locator('[id="status.editor.encoding"]').first().textContent().catch(() => '?');
  assert.ok(line, `${fileName}: no rendered line contains "${GPSVC_PHRASE}" (status bar encoding: ${encoding?.trim()}; a wrong encoding shows the text as garbage)`);
  ctx.log(`${fileName} tokens: ${JSON.stringify(line.tokens.map((t) => [t.text, t.className]))}`);
  assert.ok(coloured(line), `line "${line.text}" has no coloured token: ${JSON.stringify(line.tokens)}`);
}

/**
 * Brings gpsvc.log forward: the log is open in a tab from the colouring scenario (Quick Open lists
 * several gpsvc*.log files and can re-sort under the pointer); opens it only if it is not there.
 */
async function showGpsvcLogTab(page) {
  const tab = page.locator('.tabs-container .tab[aria-label^="gpsvc.log"]').first();
  if ((await tab.count()) > 0) {
    await tab.click();
    await page.locator('.tabs-container .tab.active[aria-label^="gpsvc.log"]').waitFor({ state: 'visible', timeout: 10_000 });
  } else {
    await quickOpen(page, 'gpsvc.log');
  }
}

export const scenarios = [
  {
    name: 'workbench loads with the workspace folder',
    always: true, // navigates to the workbench: kept when --grep selects other scenarios
    async run(page, ctx) {
      await page.goto(ctx.server.folderUrl, { waitUntil: 'domcontentloaded' });
      await waitForWorkbench(page);
      const title = await page.title();
      assert.match(title, /workspace|Code/, `page title: ${title}`);
      // The extension contributes an activity-bar icon once the workbench has read its manifest.
      await page.locator(sel.activityIcon(ctx.manifest.containerTitle)).first().waitFor({ state: 'visible', timeout: 30_000 });
      await parkMouse(page);
      await ctx.screenshot('00-workbench.png');
    },
  },
  {
    name: 'activity-bar container "Token & Ticket Inspector" opens with its views',
    async run(page, ctx) {
      const container = await openContainer(page, ctx.manifest.containerTitle);
      const headerTitles = await container.locator('.pane-header h3.title').allTextContents();
      for (const id of ['tti.groups', 'tti.kerberos', 'tti.sessions']) {
        assert.ok(headerTitles.includes(ctx.manifest.views[id]), `view ${id} ("${ctx.manifest.views[id]}") missing; headers: ${headerTitles.join(', ')}`);
      }
      const composite = await page.locator('.sidebar .composite.title h2, .sidebar .title-label h2').first().textContent();
      assert.match(composite ?? '', new RegExp(ctx.manifest.containerTitle.replace(/[&]/g, '.'), 'i'));
      await parkMouse(page);
      await ctx.screenshot('01-container.png');
    },
  },
  {
    name: 'groups view lists the current user\'s primary group (id -gn)',
    async run(page, ctx) {
      const { primaryGroup } = machineFacts(ctx);
      await openContainer(page, ctx.manifest.containerTitle);
      const viewName = ctx.manifest.views['tti.groups'];
      const hasGroup = (r) => r.label === primaryGroup || rowText(r).split(/[\s\\,()]+/).includes(primaryGroup);
      const rows = await waitForRows(page, viewName, hasGroup);
      ctx.log(`groups rows: ${JSON.stringify(rows.map((r) => r.label))}`);
      await ctx.screenshotElement(viewPane(page, viewName), '02-groups.png');
      assert.ok(rows.some(hasGroup), `primary group "${primaryGroup}" not in the ${viewName} tree: ${JSON.stringify(rows.map(rowText))}`);
    },
  },
  {
    name: 'kerberos view shows this machine\'s ticket cache state (klist)',
    async run(page, ctx) {
      const facts = machineFacts(ctx);
      await openContainer(page, ctx.manifest.containerTitle);
      const viewName = ctx.manifest.views['tti.kerberos'];
      const allText = (v) => `${v.rows.map(rowText).join(' | ')} | ${v.welcome}`;
      // With tickets, the default principal must be listed. Without (klist: "No credentials cache
      // found"), the view must say there are none: rows or welcome text, and no ticket rows.
      const expected = facts.principal
        ? (v) => v.rows.some((r) => rowText(r).includes(facts.principal))
        : (v) => /\bno\b/i.test(allText(v)) && /ticket|credential|cache|TGT/i.test(allText(v));
      const seen = await waitForView(page, viewName, expected);
      ctx.log(`kerberos rows: ${JSON.stringify(seen.rows.map((r) => r.label))}, welcome: "${seen.welcome}" (klist exit ${facts.klistStatus}, principal ${facts.principal ?? 'none'})`);
      await ctx.screenshotElement(viewPane(page, viewName), '03-kerberos.png');
      if (facts.principal) {
        assert.ok(expected(seen), `default principal ${facts.principal} not in the ${viewName} view: ${allText(seen)}`);
      } else {
        assert.ok(expected(seen), `klist has no tickets here but the ${viewName} view does not say so: "${allText(seen)}"`);
        assert.ok(!seen.rows.some((r) => /krbtgt\//i.test(rowText(r))), `tickets shown although klist has none: ${allText(seen)}`);
      }
    },
  },
  {
    name: 'GPSVC log (UTF-8 copy named gpsvc.log) opens in the gpsvc language with coloured tokens',
    run: (page, ctx) => checkGpsvcColouring(page, ctx, 'gpsvc.log', '04-gpsvc-log.png'),
  },
  {
    name: 'GPSVC log as Windows writes it (UTF-16LE with BOM) opens in the gpsvc language with coloured tokens',
    run: (page, ctx) => checkGpsvcColouring(page, ctx, 'gpsvc-utf16le.gpsvc.log', '04b-gpsvc-utf16le.png'),
  },
  {
    name: 'GPSVC log in UTF-16LE without BOM opens in the gpsvc language with coloured tokens',
    run: (page, ctx) => checkGpsvcColouring(page, ctx, 'gpsvc-utf16le-nobom.gpsvc.log', '04c-gpsvc-utf16le-nobom.png'),
  },
  {
    name: 'GPSVC log shows the group-refresh summary as a CodeLens above the first line',
    async run(page, ctx) {
      await showGpsvcLogTab(page);
      await page.locator('.editor-instance .monaco-editor .view-lines').first().click();
      await page.keyboard.press('Control+Home');
      const lens = page.locator('.monaco-editor .codelens-decoration').filter({ hasText: 'group refreshes' }).first();
      await lens.waitFor({ state: 'visible', timeout: 15_000 });
      const text = (await lens.textContent()) ?? '';
      await parkMouse(page);
      await ctx.screenshot('04d-gpsvc-codelens.png');
      assert.match(text, /2 group refreshes: 1 stale, 1 new; last at 11:56:10/);
    },
  },
  {
    name: 'clicking that CodeLens summarizes the log (read on a worker thread) into a Markdown report',
    async run(page, ctx) {
      await showGpsvcLogTab(page);
      const lens = page.locator('.monaco-editor .codelens-decoration').filter({ hasText: 'group refreshes' }).first();
      await lens.waitFor({ state: 'visible', timeout: 15_000 });
      await lens.locator('a').first().click();
      // The report opens as a new untitled Markdown editor of its own name, the active tab.
      await page.locator('.tabs-container .tab.active[aria-label^="gpsvc-summary-"]').waitFor({ state: 'visible', timeout: 20_000 });
      const lines = page.locator('.editor-group-container.active .monaco-editor .view-lines').first();
      await page.waitForFunction(
        (el) => (el?.textContent ?? '').replace(/\u00a0/g, ' ').includes('group refreshes'),
        await lines.elementHandle(),
        { timeout: 10_000 },
      );
      const text = ((await lines.textContent()) ?? '').replace(/\u00a0/g, ' ');
      const errors = (await notifications(page)).filter((n) => n.severity === 'error');
      await parkMouse(page);
      await ctx.screenshot('04e-gpsvc-summary.png');
      assert.deepEqual(errors, [], `error notification after the summary: ${JSON.stringify(errors)}`);
      assert.match(text, /\*\*2 group refreshes: 1 stale, 1 new; last at 11:56:10\*\*/);
      // Closed before the diagnosis scenario: when reports were `Untitled-N`, the diagnosis got the
      // freed name and its Markdown preview showed this report's text (reports now have names of
      // their own, src/commands/report.ts).
      await runCommand(page, 'View: Revert and Close Editor');
    },
  },
  {
    name: 'palette command "Refresh" runs without an error notification',
    async run(page, ctx) {
      await openContainer(page, ctx.manifest.containerTitle);
      await runCommand(page, ctx.manifest.commands['tti.refresh']);
      await page.waitForTimeout(3000);
      const errors = (await notifications(page)).filter((n) => n.severity === 'error');
      await parkMouse(page);
      await ctx.screenshot('05-after-refresh.png');
      assert.deepEqual(errors, [], `error notification after Refresh: ${JSON.stringify(errors)}`);
      // The views still show data after a refresh.
      const rows = await readTree(page, ctx.manifest.views['tti.groups']);
      assert.ok(rows.length > 0, 'groups view empty after Refresh');
    },
  },
  {
    name: 'status bar shows the TGT\'s remaining life and opens the Kerberos view on click',
    async run(page, ctx) {
      const facts = machineFacts(ctx);
      const item = page.locator('.statusbar-item').filter({ hasText: /\bTGT\b/ }).first();
      await item.waitFor({ state: 'visible', timeout: 20_000 });
      const text = ((await item.textContent()) ?? '').trim();
      ctx.log(`status bar: "${text}" (principal ${facts.principal ?? 'none'})`);
      if (!facts.principal) {
        assert.equal(text, 'No TGT');
        return;
      }
      // The default cache's TGT as klist prints it (C locale: MM/DD/YY HH:MM:SS).
      const klist = spawnSync('klist', [], { encoding: 'utf8', env: { ...process.env, ...(ctx.kerberosEnv ?? {}), LANG: 'C', LC_ALL: 'C' } });
      const row = /^(\d\d)\/(\d\d)\/(\d\d)\s+\S+\s+(\d\d)\/(\d\d)\/(\d\d)\s+(\d\d:\d\d:\d\d)\s+krbtgt\//m.exec(klist.stdout);
      assert.ok(row, `no TGT row in klist output: ${klist.stdout}`);
      const end = new Date(`20${row[6]}-${row[4]}-${row[5]}T${row[7]}`).getTime();
      const hoursLeft = (end - Date.now()) / 3_600_000;
      const shown = /^TGT (\d+) h$/.exec(text);
      assert.ok(shown, `status bar text "${text}" is not "TGT <n> h" for a TGT with ${hoursLeft.toFixed(2)} h left`);
      assert.ok(Math.abs(Number(shown[1]) - hoursLeft) <= 1, `status bar says ${shown[1]} h, klist says ${hoursLeft.toFixed(2)} h left`);
      // Clicking it brings the Kerberos view forward from another container.
      await runCommand(page, 'View: Show Explorer');
      await page.locator(sel.container).waitFor({ state: 'hidden', timeout: 10_000 });
      await item.click();
      const viewName = ctx.manifest.views['tti.kerberos'];
      const seen = await waitForView(page, viewName, (v) => v.rows.some((r) => rowText(r).includes(facts.principal)));
      assert.ok(seen.rows.length > 0, 'Kerberos view empty after the status bar click');
      await item.hover();
      await page.locator('.monaco-hover, .workbench-hover').filter({ hasText: 'Click to show the Kerberos view.' }).first().waitFor({ state: 'visible', timeout: 10_000 });
      await ctx.screenshot('05b-tgt-status-bar.png');
      await parkMouse(page);
    },
  },
  {
    name: 'walkthrough "Refresh Group Membership" opens with its steps and action buttons',
    async run(page, ctx) {
      const nls = JSON.parse(readFileSync(join(ctx.extensionDir, 'package.nls.json'), 'utf8'));
      await runCommand(page, 'Welcome: Open Walkthrough...');
      await pickQuickItem(page, nls['walkthrough.title']);
      const editor = page.locator('.gettingStartedContainer').first();
      await editor.waitFor({ state: 'visible', timeout: 20_000 });
      await editor.locator('.step-title').first().waitFor({ state: 'visible', timeout: 10_000 });
      const titles = (await editor.locator('.getting-started-step .step-title').allTextContents()).map((t) => t.trim()).filter(Boolean);
      ctx.log(`walkthrough steps: ${JSON.stringify(titles)}`);
      // gpupdate is Windows-only (when: isWindows): five steps here, in the supported order.
      assert.deepEqual(titles, ['diagnose', 'vpn', 'purge', 'signout', 'verify'].map((id) => nls[`walkthrough.${id}.title`]));
      // The expanded first step offers its action as a button.
      const button = editor.locator('.getting-started-step.expanded .monaco-button, .getting-started-step.expanded a.button-link').filter({ hasText: 'Diagnose Group Membership' }).first();
      await button.waitFor({ state: 'visible', timeout: 10_000 });
      await page.waitForTimeout(800);
      await parkMouse(page);
      await ctx.screenshot('05c-walkthrough.png');
      await runCommand(page, 'View: Close Editor');
    },
  },
  {
    name: 'a pasted French whoami /groups is imported from the editor and shown as evidence',
    async run(page, ctx) {
      await quickOpen(page, 'fr-domain-user-groups-tssr.txt');
      await runCommand(page, ctx.manifest.commands['tti.evidence.import']);
      await pickQuickItem(page, 'From the Active Editor');
      await openContainer(page, ctx.manifest.containerTitle);
      const viewName = ctx.manifest.views['tti.groups'];
      const rows = await waitForRows(page, viewName, (r) => r.label === 'TSSR-MEN\\GG-ADMINISTRATIF', { expandDepth: 3 });
      await parkMouse(page);
      await ctx.screenshot('06-evidence.png');
      assert.ok(rows.some((r) => r.label === 'fr-domain-user-groups-tssr.txt' || r.label.endsWith('fr-domain-user-groups-tssr.txt')), `no evidence node: ${JSON.stringify(rows.map((r) => r.label))}`);
      const group = rows.find((r) => r.label === 'TSSR-MEN\\GG-ADMINISTRATIF');
      assert.match(rowText(group), /S-1-5-21-3751794092-3013587998-2465217153-1113/);
    },
  },
  {
    name: 'the diagnosis of the imported token against a directory listing reports the drift',
    async run(page, ctx) {
      // directory-groups.txt (see test/harness/workspace.mjs): the user's SIDs now, one group added.
      await quickOpen(page, 'directory-groups.txt');
      await runCommand(page, ctx.manifest.commands['tti.diagnose']);
      await pickQuickItem(page, 'fr-domain-user-groups-tssr.txt');
      const button = page.locator(`${sel.toasts} .monaco-button`).filter({ hasText: 'From the Active Editor' }).first();
      await button.waitFor({ state: 'visible', timeout: 15_000 });
      await button.click();
      const report = page.locator('.monaco-editor .view-lines').filter({ hasText: 'Drift found' }).first();
      await report.waitFor({ state: 'visible', timeout: 15_000 });
      // The rendered report beside it: a webview, shown once VS Code's markdown extension has activated.
      const previewShown = await waitForWebviewText(page, 'Drift found: 1 group change not yet in the token.');
      await page.waitForTimeout(500);
      await parkMouse(page);
      await ctx.screenshot('07-diagnosis.png');
      const text = await report.textContent();
      assert.match((text ?? '').replace(/\s+/g, ' '), /Drift found: 1 group change not yet in the token/);
      assert.ok(previewShown, 'the Markdown preview of the report never showed its text');
      // The status bar keeps the finding in sight after the report is closed: one group, singular.
      const drift = page.locator('.statusbar-item').filter({ hasText: /stale group/ }).first();
      await drift.waitFor({ state: 'visible', timeout: 10_000 });
      assert.equal((await drift.textContent())?.trim(), '1 stale group');
    },
  },
];

/** Picks the row of the open quick pick whose text contains `text`. */
async function pickQuickItem(page, text, timeout = 15_000) {
  const row = page.locator(sel.quickRows).filter({ hasText: text }).first();
  await row.waitFor({ state: 'visible', timeout });
  await row.click();
}
