/** The GPSVC language in a real VS Code: detection, diagnostics, symbols, folding, summary. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { encode } from '../../src/parse/encoding';
import { api, fixture } from './helpers';

function logFile(name: string, fixtureName: string, encoding: 'utf8' | 'utf16le-bom' | 'utf16le' = 'utf8'): vscode.Uri {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tti-host-'));
  const file = path.join(dir, name);
  const text = fixture(fixtureName).replace(/\r?\n/g, '\r\n');
  fs.writeFileSync(file, encoding === 'utf8' ? text : encode(text, 'utf16le', encoding === 'utf16le-bom'));
  return vscode.Uri.file(file);
}

async function diagnosticsOf(uri: vscode.Uri, timeoutMs = 10_000): Promise<vscode.Diagnostic[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const d = vscode.languages.getDiagnostics(uri);
    if (d.length > 0 || Date.now() > until) {
      return d;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('GPSVC log language', () => {
  before(async () => {
    await api();
  });
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  for (const encoding of ['utf16le-bom', 'utf16le', 'utf8'] as const) {
    it(`opens gpsvc.log readable as ${encoding}`, async () => {
      const uri = logFile('gpsvc.log', 'gpsvc/gpsvc-msqa-drive-maps-slow-logon-win10.txt', encoding);
      const doc = await vscode.workspace.openTextDocument(uri);
      assert.equal(doc.languageId, 'gpsvc');
      assert.match(doc.lineAt(0).text, /^GPSVC\(5a0\.730\) 15:38:32:999 PolicyApplicationState is False\.$/);
    });
  }

  it('recognises renamed copies such as PC01-gpsvc.log', async () => {
    const doc = await vscode.workspace.openTextDocument(logFile('PC01-gpsvc.log', 'gpsvc/gpsvc-excerpt-streefkerk-blog-2015.txt'));
    assert.equal(doc.languageId, 'gpsvc');
  });

  it('warns on "restoring old security grps" and not on "logging new security grps"', async () => {
    const uri = logFile('gpsvc.log', 'gpsvc/gpsvc-msdocs-vpn-security-grps-restoring-vs-logging.txt');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diagnostics = await diagnosticsOf(uri);
    const stale = diagnostics.filter((d) => d.range.start.line === 0);
    assert.equal(stale.length, 1, JSON.stringify(diagnostics.map((d) => [d.range.start.line, d.message])));
    assert.equal(stale[0]?.severity, vscode.DiagnosticSeverity.Warning);
    assert.equal(doc.getText(stale[0]?.range), 'restoring old security grps');
    assert.equal(diagnostics.filter((d) => d.range.start.line === 4).length, 0, 'the new-groups line is good news');
  });

  it('offers document symbols and folding ranges for a real log', async () => {
    const uri = logFile('gpsvc.log', 'gpsvc/gpsvc-msqa-drive-maps-slow-logon-win10.txt');
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
    assert.ok(symbols.length > 0);
    const names = JSON.stringify(symbols.map((s) => [s.name, s.children.map((c) => c.name)]));
    assert.match(names, /5a0/);
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[]>('vscode.executeFoldingRangeProvider', uri);
    assert.ok(folds.length > 0);
    assert.ok(folds.every((f) => f.end > f.start && f.end < doc.lineCount));
  });

  it('shows the group-refresh summary as a CodeLens on the first line', async () => {
    const uri = logFile('gpsvc.log', 'gpsvc/gpsvc-msdocs-vpn-security-grps-restoring-vs-logging.txt', 'utf16le-bom');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 1);
    const titles = lenses.map((l) => l.command?.title ?? '(unresolved)');
    assert.deepEqual(lenses.map((l) => l.range.start.line), [0]);
    assert.match(titles[0] ?? '', /^2 group refreshes: 1 stale, 1 new; last at 11:56:10/);
    assert.equal(lenses[0]?.command?.command, 'tti.gpsvc.summarize');
  });

  it('summarizes a log into a Markdown report with line links', async () => {
    const uri = logFile('gpsvc.log', 'gpsvc/gpsvc-msdocs-vpn-security-grps-restoring-vs-logging.txt', 'utf16le-bom');
    const result = await vscode.commands.executeCommand<{ markdown: string; summary: { groupRefreshes: { outcome: string; line: number }[] } }>('tti.gpsvc.summarize', uri);
    assert.deepEqual(result.summary.groupRefreshes.map((g) => [g.outcome, g.line]), [['old', 1], ['new', 5]]);
    assert.match(result.markdown, /\*\*2 group refreshes: 1 stale, 1 new; last at 11:56:10\*\*/);
    assert.match(result.markdown, /\[5\]\(file:\/\/.*gpsvc\.log#L5\)/);
  });

  it('opens each report as a Markdown document of its own name, never a closed one\'s', async () => {
    const uri = logFile('gpsvc.log', 'gpsvc/gpsvc-msdocs-vpn-security-grps-restoring-vs-logging.txt', 'utf16le-bom');
    const names: string[] = [];
    for (let i = 0; i < 2; i++) {
      await vscode.commands.executeCommand('tti.gpsvc.summarize', uri);
      const doc = vscode.window.activeTextEditor?.document;
      assert.equal(doc?.uri.scheme, 'untitled');
      assert.equal(doc?.languageId, 'markdown');
      assert.match(doc?.getText() ?? '', /^# GPSVC log summary: gpsvc\.log/);
      names.push(doc?.uri.path ?? '');
      await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
    }
    assert.match(names[0] ?? '', /^gpsvc-summary-\d+\.md$/);
    assert.notEqual(names[1], names[0], 'the second report reused the closed one\'s name');
  });
});

describe('GPSVC log over the size threshold', () => {
  after(async () => {
    await vscode.workspace.getConfiguration('tti.gpsvc').update('largeFileThresholdMB', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('is summarized from disk on a worker thread: a warning per stale group list, the CodeLens counts, no folding', async () => {
    await vscode.workspace.getConfiguration('tti.gpsvc').update('largeFileThresholdMB', 1, vscode.ConfigurationTarget.Global);
    // 2000 copies of the real excerpt (quoted as on the docs page), UTF-16LE like the real file: 1.4 MB.
    const copies = 2000;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tti-host-'));
    const uri = vscode.Uri.file(path.join(dir, 'gpsvc.log'));
    const excerpt = fixture('gpsvc/gpsvc-msdocs-vpn-security-grps-restoring-vs-logging.txt').replace(/\r?\n/g, '\r\n');
    fs.writeFileSync(uri.fsPath, encode(excerpt.repeat(copies), 'utf16le', true));
    assert.ok(fs.statSync(uri.fsPath).size > 1024 * 1024);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc);
    const diagnostics = await diagnosticsOf(uri, 20_000);
    assert.equal(diagnostics.length, copies, 'one warning per "restoring old security grps"');
    assert.deepEqual(diagnostics.slice(0, 2).map((d) => d.range.start.line), [0, 5]);
    assert.ok(diagnostics.every((d) => doc.getText(d.range) === 'restoring old security grps'));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 1);
    assert.match(lenses[0]?.command?.title ?? '', new RegExp(`^${2 * copies} group refreshes: ${copies} stale, ${copies} new`));
    // Folding needs every line; the summary read from disk has none, the in-memory analysis would.
    const folds = await vscode.commands.executeCommand<vscode.FoldingRange[] | undefined>('vscode.executeFoldingRangeProvider', uri);
    assert.equal(folds?.length ?? 0, 0);
  });
});

describe('Open GPSVC Log (live file)', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('opens read-only at the end and follows the file as it grows', async () => {
    const uri = logFile('gpsvc.log', 'gpsvc/gpsvc-msqa-drive-maps-slow-logon-win10.txt', 'utf16le-bom');
    const editor = await vscode.commands.executeCommand<vscode.TextEditor>('tti.gpsvc.open', uri);
    const doc = editor.document;
    assert.equal(doc.languageId, 'gpsvc');
    const before = doc.lineCount;
    const lastVisible = (): number => Math.max(-1, ...(vscode.window.visibleTextEditors.find((e) => e.document === doc)?.visibleRanges.map((r) => r.end.line) ?? []));
    const waitFor = async (ok: () => boolean): Promise<void> => {
      for (const until = Date.now() + 15_000; !ok() && Date.now() < until; ) {
        await new Promise((r) => setTimeout(r, 100));
      }
    };
    // The view scrolls asynchronously after revealRange.
    await waitFor(() => lastVisible() >= before - 2);
    assert.ok(lastVisible() >= before - 2, `opened at the end (last visible ${lastVisible()} of ${before})`);
    // Windows appends to gpsvc.log: add the sample's own lines again, as UTF-16LE like the file.
    fs.appendFileSync(uri.fsPath, encode(fixture('gpsvc/gpsvc-msqa-drive-maps-slow-logon-win10.txt').replace(/\r?\n/g, '\r\n'), 'utf16le'));
    await waitFor(() => doc.lineCount > before);
    assert.ok(doc.lineCount > before, `the document reloaded (${before} → ${doc.lineCount} lines)`);
    await waitFor(() => lastVisible() >= doc.lineCount - 2);
    assert.ok(lastVisible() >= doc.lineCount - 2, `the end stays in view (last visible ${lastVisible()} of ${doc.lineCount})`);
  });
});
