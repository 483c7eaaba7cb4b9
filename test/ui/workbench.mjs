// Helpers that drive the VS Code workbench (code-server) the way a person does: clicks, keys, reading
// what is rendered. Selectors are VS Code 1.139's DOM; keep them here so scenarios stay readable.
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

export const CONTAINER_ID = 'tti';

/** Resolves `%key%` strings of the extension manifest with its package.nls.json (English). */
export function loadManifest(extensionDir) {
  const pkg = JSON.parse(readFileSync(join(extensionDir, 'package.json'), 'utf8'));
  const nlsFile = join(extensionDir, 'package.nls.json');
  const nls = existsSync(nlsFile) ? JSON.parse(readFileSync(nlsFile, 'utf8')) : {};
  const text = (value) => {
    const m = /^%(.+)%$/.exec(value ?? '');
    if (!m) return value;
    const entry = nls[m[1]];
    return typeof entry === 'string' ? entry : (entry?.message ?? value);
  };
  const container = pkg.contributes.viewsContainers.activitybar.find((c) => c.id === CONTAINER_ID);
  const views = Object.fromEntries((pkg.contributes.views[CONTAINER_ID] ?? []).map((v) => [v.id, text(v.name)]));
  const commands = Object.fromEntries(
    (pkg.contributes.commands ?? []).map((c) => [c.command, c.category ? `${text(c.category)}: ${text(c.title)}` : text(c.title)]),
  );
  const languages = Object.fromEntries((pkg.contributes.languages ?? []).map((l) => [l.id, l.aliases?.[0] ?? l.id]));
  return { pkg, id: `${pkg.publisher}.${pkg.name}`, containerTitle: text(container.title), views, commands, languages };
}

export const sel = {
  workbench: '.monaco-workbench',
  container: `[id="workbench.view.extension.${CONTAINER_ID}"]`,
  activityIcon: (title) => `.activitybar [aria-label^="${title}"]`,
  quickInput: '.quick-input-widget .quick-input-box input',
  quickRows: '.quick-input-widget .quick-input-list .monaco-list-row',
  toasts: '.notifications-toasts .notification-toast',
  toastMessage: '.notification-list-item-message',
};

/** Moves the pointer to a neutral spot so hovers do not cover what a screenshot should show. */
export async function parkMouse(page) {
  const vp = page.viewportSize() ?? { width: 1200, height: 800 };
  await page.mouse.move(vp.width - 5, Math.round(vp.height / 2));
}

export async function waitForWorkbench(page, timeout = 60_000) {
  await page.waitForSelector(sel.workbench, { state: 'visible', timeout });
  // The activity bar appears once the workbench has restored its parts.
  await page.waitForSelector('.activitybar .action-item', { state: 'visible', timeout });
}

/** Opens the Token & Ticket Inspector container from the activity bar (no-op when open). */
export async function openContainer(page, title, timeout = 30_000) {
  const container = page.locator(sel.container);
  if (await container.isVisible().catch(() => false)) return container;
  await page.locator(sel.activityIcon(title)).first().click({ timeout });
  await container.waitFor({ state: 'visible', timeout });
  return container;
}

/** The pane of one view inside the container, found by its header title. */
export function viewPane(page, viewName) {
  return page.locator(`${sel.container} .pane`).filter({
    has: page.locator('.pane-header h3.title', { hasText: new RegExp(`^${escapeRegExp(viewName)}$`) }),
  });
}

export async function expandPane(page, viewName, timeout = 15_000) {
  const pane = viewPane(page, viewName);
  const header = pane.locator('.pane-header').first();
  await header.waitFor({ state: 'visible', timeout });
  if ((await header.getAttribute('aria-expanded')) === 'false') await header.click();
  await page.waitForFunction((h) => h.getAttribute('aria-expanded') === 'true', await header.elementHandle(), { timeout });
  return pane;
}

/** Rows currently rendered in a pane's tree: label, description and aria-label (all a screen reader gets). */
async function renderedRows(pane) {
  return pane.locator('.monaco-list-row').evaluateAll((rows) =>
    rows.map((row) => ({
      index: Number(row.getAttribute('data-index')),
      level: Number(row.getAttribute('aria-level')),
      expanded: row.getAttribute('aria-expanded'),
      label: row.querySelector('.label-name')?.textContent?.trim() ?? '',
      description: row.querySelector('.label-description')?.textContent?.trim() ?? '',
      ariaLabel: row.getAttribute('aria-label') ?? '',
    })),
  );
}

/**
 * Reads every row of a view's tree, scrolling through the virtualised list, and expands collapsed
 * nodes down to `expandDepth` first (a collapsed session hides its groups).
 */
export async function readTree(page, viewName, { expandDepth = 2, maxExpand = 40 } = {}) {
  const pane = await expandPane(page, viewName);
  const list = pane.locator('.monaco-list').first();
  for (let n = 0; n < maxExpand; n++) {
    const collapsed = pane.locator('.monaco-list-row[aria-expanded="false"]');
    const count = await collapsed.count();
    let clicked = false;
    for (let i = 0; i < count; i++) {
      const row = collapsed.nth(i);
      const level = Number(await row.getAttribute('aria-level'));
      if (level <= expandDepth) {
        await row.locator('.monaco-tl-twistie').click();
        await page.waitForTimeout(150);
        clicked = true;
        break;
      }
    }
    if (!clicked) break;
  }
  const byIndex = new Map();
  const box = await list.boundingBox();
  for (let step = 0; step < 60; step++) {
    const before = byIndex.size;
    for (const r of await renderedRows(pane)) byIndex.set(r.index, r);
    if (!box) break;
    await page.mouse.move(box.x + box.width / 2, box.y + Math.min(box.height - 2, 20));
    await page.mouse.wheel(0, Math.max(60, box.height - 40));
    await page.waitForTimeout(80);
    if (byIndex.size === before && step > 0) break;
  }
  if (box) await page.mouse.wheel(0, -100_000);
  await parkMouse(page);
  return [...byIndex.values()].sort((a, b) => a.index - b.index);
}

/** Waits until some row matches `predicate` (views fill asynchronously). Returns the rows seen last. */
export async function waitForRows(page, viewName, predicate, { timeout = 20_000, expandDepth = 2 } = {}) {
  const deadline = Date.now() + timeout;
  let rows = [];
  for (;;) {
    rows = await readTree(page, viewName, { expandDepth }).catch(() => rows);
    if (rows.some(predicate)) return rows;
    if (Date.now() > deadline) return rows;
    await page.waitForTimeout(500);
  }
}

/** Text of a view's welcome content (contributes.viewsWelcome), shown instead of an empty tree. */
export async function welcomeText(page, viewName) {
  const pane = viewPane(page, viewName);
  const welcome = pane.locator('.welcome-view-content');
  if (!(await welcome.count())) return '';
  if (!(await welcome.first().isVisible().catch(() => false))) return '';
  return ((await welcome.first().innerText()) ?? '').replace(/\s+/g, ' ').trim();
}

/**
 * Waits until the view's tree rows or its welcome text satisfy `predicate({rows, welcome})`.
 * Returns what was seen last.
 */
export async function waitForView(page, viewName, predicate, { timeout = 20_000, expandDepth = 2 } = {}) {
  const deadline = Date.now() + timeout;
  let seen = { rows: [], welcome: '' };
  for (;;) {
    const rows = await readTree(page, viewName, { expandDepth }).catch(() => seen.rows);
    const welcome = await welcomeText(page, viewName).catch(() => '');
    seen = { rows, welcome };
    if (predicate(seen) || Date.now() > deadline) return seen;
    await page.waitForTimeout(500);
  }
}

export function rowText(row) {
  return `${row.label} ${row.description} ${row.ariaLabel}`;
}

/** Runs a command from the palette (F1) by its full title, e.g. "Token & Ticket Inspector: Refresh". */
export async function runCommand(page, title, timeout = 15_000) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator(sel.quickInput);
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(`>${title}`);
  const row = page.locator(sel.quickRows).filter({ hasText: title }).first();
  try {
    await row.waitFor({ state: 'visible', timeout });
  } catch {
    const seen = await page.locator(sel.quickRows).allTextContents().catch(() => []);
    await page.keyboard.press('Escape');
    throw new Error(`command "${title}" not in the palette (rows: ${JSON.stringify(seen.slice(0, 5))})`);
  }
  // Enter runs the focused (first) row; make sure that is ours.
  const first = (await page.locator(sel.quickRows).first().getAttribute('aria-label')) ?? '';
  if (!first.includes(title)) {
    await row.click();
  } else {
    await page.keyboard.press('Enter');
  }
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout }).catch(() => {});
}

/** Notification toasts on screen: severity from the icon, text from the message. */
export async function notifications(page) {
  return page.locator(sel.toasts).evaluateAll((toasts) =>
    toasts.map((t) => {
      const icon = t.querySelector('.notification-list-item-icon')?.className ?? '';
      const severity = /codicon-error/.test(icon) ? 'error' : /codicon-warning/.test(icon) ? 'warning' : 'info';
      return { severity, message: t.querySelector('.notification-list-item-message')?.textContent?.trim() ?? '' };
    }),
  );
}

/** Quick Open (Ctrl+P) a workspace file by exact name and wait for its editor tab. */
export async function quickOpen(page, fileName, timeout = 20_000) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator(sel.quickInput);
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(fileName);
  const row = page
    .locator(sel.quickRows)
    .filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${escapeRegExp(fileName)}$`) }) })
    .first();
  await row.waitFor({ state: 'visible', timeout });
  await row.click();
  await page.locator(`.tabs-container .tab.active[aria-label^="${fileName}"]`).waitFor({ state: 'visible', timeout });
  await page.locator('.editor-instance .monaco-editor .view-lines').first().waitFor({ state: 'visible', timeout });
}

/** Ctrl+G to a 1-based line of the active editor. */
export async function goToLine(page, line, timeout = 10_000) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+G');
  const input = page.locator(sel.quickInput);
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden', timeout }).catch(() => {});
}

/**
 * The rendered tokens of the visible editor line containing `text`: Monaco draws each token as a
 * span with a class `mtk<N>` (N indexes the theme's colour map; mtk1 is the default foreground).
 */
export async function lineTokens(page, text) {
  return page.locator('.editor-instance .monaco-editor .view-lines').first().evaluate((lines, wanted) => {
    const norm = (s) => s.replace(/\u00a0/g, ' ');
    const line = [...lines.querySelectorAll('.view-line')].find((l) => norm(l.textContent ?? '').includes(wanted));
    if (!line) return null;
    const editorColor = getComputedStyle(lines.closest('.monaco-editor')).color;
    return {
      text: norm(line.textContent ?? ''),
      editorColor,
      tokens: [...line.querySelectorAll('span[class*="mtk"]')].map((s) => ({
        text: norm(s.textContent ?? ''),
        className: [...s.classList].find((c) => /^mtk\d+$/.test(c)) ?? '',
        color: getComputedStyle(s).color,
      })),
    };
  }, text);
}

/** Text of the status bar's language indicator ("Plain Text", "GPSVC Log", ...). */
export async function editorLanguage(page) {
  const item = page.locator('[id="status.editor.mode"]').first();
  await item.waitFor({ state: 'visible', timeout: 10_000 });
  return (await item.textContent())?.trim() ?? '';
}

export function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Waits until a webview (a Markdown preview, say) shows `text`; webviews live in their own frames. */
export async function waitForWebviewText(page, text, timeout = 20_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const frame of page.frames()) {
      if (!frame.url().includes('/webview/')) continue;
      const shown = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
      if (shown.includes(text)) return true;
    }
    await page.waitForTimeout(300);
  }
  return false;
}
