/** Reports (diagnosis, GPSVC summary) opened as new untitled Markdown documents. */
import * as vscode from 'vscode';

/** Reports opened so far, by name: numbers are never given twice in a session. */
const reportCounts = new Map<string, number>();

/**
 * Opens `markdown` in a new untitled document named `<name>-<n>.md` (Markdown by its extension).
 * Each report gets a name of its own: with VS Code's `Untitled-N`, a report given the name of a
 * closed one showed the closed one's text in the Markdown preview.
 */
export async function openMarkdownReport(name: string, markdown: string): Promise<vscode.TextDocument> {
  const n = (reportCounts.get(name) ?? 0) + 1;
  reportCounts.set(name, n);
  const uri = vscode.Uri.from({ scheme: 'untitled', path: `${name}-${n}.md` });
  const doc = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.insert(uri, new vscode.Position(0, 0), markdown);
  await vscode.workspace.applyEdit(edit);
  return doc;
}
