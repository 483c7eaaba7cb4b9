/**
 * Import Evidence: a user's pasted outputs (clipboard, a file, the editor) parsed with `auto`
 * and shown as their own node beside "This machine". Data only: nothing in it is run.
 */
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { decode } from '../parse/encoding';
import type { Inspector } from '../model/inspector';
import { SourceNode } from '../views/nodes';

export interface ImportArgs {
  text: string;
  label?: string;
}

const MAX_EVIDENCE_BYTES = 32 * 1024 * 1024;

async function pickText(): Promise<ImportArgs | undefined> {
  const editor = vscode.window.activeTextEditor;
  type Choice = vscode.QuickPickItem & { id: 'clipboard' | 'file' | 'editor' };
  const choices: Choice[] = [
    { id: 'clipboard', label: `$(clippy) ${vscode.l10n.t('From the Clipboard')}`, detail: vscode.l10n.t('whoami, klist, gpresult, id… as pasted from a ticket') },
    { id: 'file', label: `$(file) ${vscode.l10n.t('From a File…')}`, detail: vscode.l10n.t('UTF-8, UTF-16 or console code page text') },
  ];
  if (editor) {
    choices.push({ id: 'editor', label: `$(edit) ${vscode.l10n.t('From the Active Editor')}`, detail: editor.selection.isEmpty ? vscode.l10n.t('the whole document') : vscode.l10n.t('the selection') });
  }
  const choice = await vscode.window.showQuickPick(choices, { title: vscode.l10n.t('Import Evidence'), placeHolder: vscode.l10n.t('Where is the pasted output?') });
  if (!choice) {
    return undefined;
  }
  if (choice.id === 'clipboard') {
    const text = await vscode.env.clipboard.readText();
    return { text, label: vscode.l10n.t('Clipboard {0}', new Date().toLocaleTimeString()) };
  }
  if (choice.id === 'editor' && editor) {
    const text = editor.selection.isEmpty ? editor.document.getText() : editor.document.getText(editor.selection);
    return { text, label: vscode.workspace.asRelativePath(editor.document.uri) };
  }
  const [uri] = (await vscode.window.showOpenDialog({ canSelectMany: false, openLabel: vscode.l10n.t('Import') })) ?? [];
  if (!uri) {
    return undefined;
  }
  const stat = await vscode.workspace.fs.stat(uri);
  if (stat.size > MAX_EVIDENCE_BYTES) {
    void vscode.window.showErrorMessage(vscode.l10n.t('{0} is too large to import ({1} MB). For GPSVC logs use "Summarize GPSVC Log".', uri.fsPath, Math.round(stat.size / 1048576)));
    return undefined;
  }
  const bytes = await vscode.workspace.fs.readFile(uri);
  return { text: decode(bytes).text, label: uri.path.split('/').pop() ?? uri.toString() };
}

export function registerEvidenceCommands(inspector: Inspector, reveal: (sourceId: string) => void): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Commands.ImportEvidence, async (args?: ImportArgs) => {
      const input = args && typeof args.text === 'string' ? args : await pickText();
      if (!input) {
        return undefined;
      }
      if (input.text.trim() === '') {
        void vscode.window.showWarningMessage(vscode.l10n.t('There is no text to import.'));
        return undefined;
      }
      const { id, source } = inspector.importEvidence(input.text, input.label ?? vscode.l10n.t('Imported evidence'));
      if (source.sessions.length === 0 && !source.logonSessions?.length) {
        void vscode.window.showWarningMessage(vscode.l10n.t('No whoami, klist, gpresult or id output was recognised in this text.'));
      } else {
        reveal(id);
      }
      return id;
    }),
    vscode.commands.registerCommand(Commands.RemoveEvidence, (node?: SourceNode | string) => {
      const id = typeof node === 'string' ? node : node instanceof SourceNode ? node.source.id : undefined;
      if (id) {
        inspector.store.removeEvidence(id);
      }
    }),
  ];
}
