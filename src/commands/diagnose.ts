/**
 * Diagnose Group Membership: token vs. the directory's current groups, for this machine or an
 * imported ticket, opened as a Markdown report ready to paste into the support ticket.
 */
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { diagnose, diagnosisMarkdown } from '../model/diagnose';
import type { Diagnosis } from '../model/diagnose';
import { diagnosisInputFrom } from '../model/diagnosisInput';
import type { Inspector } from '../model/inspector';
import type { InspectorStore } from '../model/store';
import { windows } from '../platform/commands';
import { isCliError } from '../platform/runner';
import type { Source } from '../model/types';
import { SourceNode } from '../views/nodes';
import type { Prompts } from './prompts';
import { vscodePrompts } from './prompts';
import { openMarkdownReport } from './report';

export interface DiagnoseArgs {
  sourceId?: string;
  /** Pasted directory listing (SIDs, names, Get-ADPrincipalGroupMembership, net user /domain). */
  directoryText?: string;
  open?: boolean;
}

export class DriftSignal implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tti.drift', vscode.StatusBarAlignment.Left, 49);

  constructor() {
    this.item.name = vscode.l10n.t('Group membership drift');
    this.item.command = Commands.Diagnose;
    this.item.backgroundColor = new vscode.ThemeColor('statusBarItem.warningBackground');
  }

  show(d: Diagnosis, label: string): void {
    if (!d.drift) {
      this.item.hide();
      return;
    }
    const count = d.findings.length;
    this.item.text = `$(warning) ${count === 1 ? vscode.l10n.t('1 stale group') : vscode.l10n.t('{0} stale groups', count)}`;
    this.item.tooltip = vscode.l10n.t('{0}: the token does not match the directory. Click to diagnose again.', label);
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}

/**
 * This user's tokenGroups from the directory (Windows, a DC reachable); undefined when it cannot
 * be read, so the caller asks for a pasted listing instead.
 */
export async function readTokenGroups(inspector: Inspector): Promise<string | undefined> {
  const options = inspector.collectOptions();
  const spec = windows.tokenGroups(options.windowsPaths ?? { systemRoot: 'C:\\Windows', wow64: false });
  try {
    const r = await inspector.processRunner.run({ command: spec.command, args: spec.args, ...(spec.timeoutMs ? { timeoutMs: spec.timeoutMs } : {}) });
    const text = Buffer.from(r.stdout).toString('utf8');
    return r.exitCode === 0 && /S-1-5-21-/.test(text) ? text : undefined;
  } catch (err) {
    if (isCliError(err)) {
      return undefined;
    }
    throw err;
  }
}

export async function runDiagnosis(
  store: InspectorStore,
  signal: DriftSignal,
  args: DiagnoseArgs = {},
  prompts: Prompts = vscodePrompts,
  inspector?: Inspector,
): Promise<{ diagnosis: Diagnosis; markdown: string } | undefined> {
  let source: Source | undefined = args.sourceId ? store.find(args.sourceId) : undefined;
  if (!source) {
    const sources = store.sources.filter((s) => s.sessions.some((x) => x.groups !== undefined));
    if (sources.length === 0) {
      void vscode.window.showWarningMessage(vscode.l10n.t('No token to diagnose yet: refresh the views or import a user\'s whoami output.'));
      return undefined;
    }
    source =
      sources.length === 1
        ? sources[0]
        : (await prompts.pick(sources.map((s) => ({ label: s.label, description: s.origin === 'machine' ? s.platform : vscode.l10n.t('imported'), source: s })), { title: vscode.l10n.t('Diagnose which token?') }))?.source;
  }
  if (!source) {
    return undefined;
  }
  let directoryText = args.directoryText;
  const hasDirectory = source.sessions.some((s) => s.kind === 'directory' && s.groups);
  if (directoryText === undefined && !hasDirectory && source.origin === 'machine' && source.platform === 'windows' && inspector) {
    directoryText = await readTokenGroups(inspector);
  }
  if (directoryText === undefined && !hasDirectory && args.open !== false) {
    const editor = vscode.window.activeTextEditor;
    const fromEditor = vscode.l10n.t('From the Active Editor');
    const fromClipboard = vscode.l10n.t('From the Clipboard');
    const without = vscode.l10n.t('Continue Without');
    const answer = await vscode.window.showInformationMessage(
      vscode.l10n.t("Where are the directory's current groups? Open or copy them: Get-ADPrincipalGroupMembership, net user <name> /domain, tokenGroups, or a list of SIDs."),
      ...(editor ? [fromEditor] : []),
      fromClipboard,
      without,
    );
    if (answer === fromEditor && editor) {
      directoryText = editor.selection.isEmpty ? editor.document.getText() : editor.document.getText(editor.selection);
    } else if (answer === fromClipboard) {
      directoryText = await vscode.env.clipboard.readText();
    } else if (answer !== without) {
      return undefined;
    }
  }
  const diagnosis = diagnose(diagnosisInputFrom(source, directoryText));
  const markdown = diagnosisMarkdown(diagnosis, vscode.l10n.t('Group membership diagnosis: {0}', source.label));
  signal.show(diagnosis, source.label);
  if (args.open !== false) {
    const doc = await openMarkdownReport('diagnosis', markdown);
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('markdown.showPreviewToSide', doc.uri);
  }
  return { diagnosis, markdown };
}

export function registerDiagnoseCommand(inspector: Inspector, prompts: () => Prompts): vscode.Disposable[] {
  const signal = new DriftSignal();
  return [
    signal,
    vscode.commands.registerCommand(Commands.Diagnose, (arg?: DiagnoseArgs | SourceNode) =>
      runDiagnosis(inspector.store, signal, arg instanceof SourceNode ? { sourceId: arg.source.id } : (arg ?? {}), prompts(), inspector),
    ),
  ];
}
