/** GPSVC commands: open the live log, summarize a huge one, switch debug logging on and off. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { gpsvcSummaryMarkdown } from '../model/gpsvcReport';
import type { Inspector } from '../model/inspector';
import { parseRegDword, windows } from '../platform/commands';
import { elevatedScriptArgs, isUacDeclined, powershellPath } from '../platform/elevated';
import { summarizeGpsvcFileInWorker } from '../platform/gpsvcWorkerClient';
import { isCliError } from '../platform/runner';
import type { Prompts } from './prompts';
import { openMarkdownReport } from './report';
import type { GpsvcSummary } from '../parse/gpsvcSummary';

export function liveGpsvcLogPath(env: NodeJS.ProcessEnv = process.env): string {
  const windir = env.windir ?? env.SystemRoot ?? 'C:\\Windows';
  return `${windir}\\debug\\usermode\\gpsvc.log`;
}

async function pickLog(title: string): Promise<vscode.Uri | undefined> {
  const active = vscode.window.activeTextEditor?.document;
  if (active?.languageId === 'gpsvc' && active.uri.scheme === 'file') {
    return active.uri;
  }
  const [uri] =
    (await vscode.window.showOpenDialog({
      title,
      canSelectMany: false,
      filters: { [vscode.l10n.t('GPSVC logs')]: ['log', 'bak', 'txt'], [vscode.l10n.t('All files')]: ['*'] },
      ...(process.platform === 'win32' ? { defaultUri: vscode.Uri.file(path.win32.dirname(liveGpsvcLogPath())) } : {}),
    })) ?? [];
  return uri;
}

/**
 * Tail mode for logs opened with "Open GPSVC Log": when the file grows on disk (VS Code reloads
 * an unmodified document) and the end was in view, keep the end in view.
 */
export class GpsvcTail implements vscode.Disposable {
  private readonly followed = new Map<string, number>();
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeTextDocument((e) => {
      const key = e.document.uri.toString();
      const previousLines = this.followed.get(key);
      if (previousLines === undefined || e.document.lineCount <= previousLines) {
        return;
      }
      this.followed.set(key, e.document.lineCount);
      for (const editor of vscode.window.visibleTextEditors.filter((ed) => ed.document === e.document)) {
        const lastVisible = Math.max(...editor.visibleRanges.map((r) => r.end.line), -1);
        if (lastVisible >= previousLines - 2) {
          const end = new vscode.Position(e.document.lineCount - 1, 0);
          editor.revealRange(new vscode.Range(end, end), vscode.TextEditorRevealType.Default);
        }
      }
    });
  }

  follow(document: vscode.TextDocument): void {
    this.followed.set(document.uri.toString(), document.lineCount);
  }

  dispose(): void {
    this.subscription.dispose();
    this.followed.clear();
  }
}

export async function openGpsvcLog(uriArg?: vscode.Uri, tail?: GpsvcTail): Promise<vscode.TextEditor | undefined> {
  let uri = uriArg;
  if (!uri && process.platform === 'win32') {
    uri = vscode.Uri.file(liveGpsvcLogPath());
    try {
      await vscode.workspace.fs.stat(uri);
    } catch {
      const enable = vscode.l10n.t('Enable Debug Logging');
      const answer = await vscode.window.showWarningMessage(vscode.l10n.t('There is no GPSVC log at {0}: debug logging is off.', uri.fsPath), enable);
      if (answer === enable) {
        await vscode.commands.executeCommand(Commands.GpsvcEnableLogging);
      }
      return undefined;
    }
  }
  uri ??= await pickLog(vscode.l10n.t('Open GPSVC Log'));
  if (!uri) {
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  const gpsvc = doc.languageId === 'gpsvc' ? doc : await vscode.languages.setTextDocumentLanguage(doc, 'gpsvc');
  const editor = await vscode.window.showTextDocument(gpsvc, { preview: false });
  // A live log is evidence: read-only in this session; VS Code reloads it as it grows, and the
  // tail keeps its end in view.
  await vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession');
  const end = new vscode.Position(Math.max(0, gpsvc.lineCount - 1), 0);
  editor.revealRange(new vscode.Range(end, end), vscode.TextEditorRevealType.Default);
  tail?.follow(gpsvc);
  return editor;
}

export async function summarizeGpsvc(uriArg?: vscode.Uri, open = true): Promise<{ summary: GpsvcSummary; markdown: string } | undefined> {
  const uri = uriArg ?? (await pickLog(vscode.l10n.t('Summarize GPSVC Log')));
  if (!uri) {
    return undefined;
  }
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Summarizing {0}', path.basename(uri.fsPath)), cancellable: true },
    async (progress, token) => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      let reported = 0;
      try {
        return await summarizeGpsvcFileInWorker(uri.fsPath, {
          signal: abort.signal,
          onProgress: (read, total) => {
            const pct = total > 0 ? (read / total) * 100 : 0;
            if (pct - reported >= 1) {
              progress.report({ increment: pct - reported, message: `${Math.round(read / 1048576)} / ${Math.round(total / 1048576)} MB` });
              reported = pct;
            }
          },
        });
      } catch (err) {
        if (abort.signal.aborted) {
          return undefined;
        }
        throw err;
      } finally {
        sub.dispose();
      }
    },
  );
  if (!result) {
    return undefined;
  }
  const markdown = gpsvcSummaryMarkdown(result, path.basename(uri.fsPath), (line) => `${uri.with({ fragment: `L${line}` }).toString()}`);
  if (open) {
    const doc = await openMarkdownReport('gpsvc-summary', markdown);
    await vscode.window.showTextDocument(doc, { preview: false });
  }
  return { summary: result, markdown };
}

export interface GpsvcLoggingDeps {
  inspector: Inspector;
  log: vscode.LogOutputChannel;
  extensionPath: string;
  prompts: () => Prompts;
}

/** Reads GPSvcDebugLevel (no elevation needed); undefined when unknown. */
export async function gpsvcLoggingState(deps: GpsvcLoggingDeps): Promise<'on' | 'off' | 'unknown'> {
  const spec = windows.gpsvcDebugLevel(deps.inspector.collectOptions().windowsPaths ?? { systemRoot: 'C:\\Windows', wow64: false });
  try {
    const r = await deps.inspector.processRunner.run({ command: spec.command, args: spec.args, timeoutMs: 10_000 });
    const level = parseRegDword(Buffer.from(r.stdout).toString('utf8'));
    return level === undefined ? 'off' : level === 0 ? 'off' : 'on';
  } catch (err) {
    if (isCliError(err)) {
      return 'unknown';
    }
    throw err;
  }
}

/** Turns debug logging on or off through one UAC prompt running resources/gpsvc-logging.ps1. */
export async function setGpsvcLogging(deps: GpsvcLoggingDeps, on: boolean): Promise<boolean> {
  const options = deps.inspector.collectOptions();
  if (options.platform !== 'windows') {
    void vscode.window.showInformationMessage(vscode.l10n.t('GPSVC debug logging is a Windows setting. Open a log copied from the endpoint with "Open GPSVC Log".'));
    return false;
  }
  const state = await gpsvcLoggingState(deps);
  const ok = await deps.prompts().confirm(
    on ? vscode.l10n.t('Enable GPSVC debug logging? (now: {0})', state) : vscode.l10n.t('Disable GPSVC debug logging? (now: {0})', state),
    on
      ? vscode.l10n.t('Sets HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Diagnostics GPSvcDebugLevel = 0x30002 and creates %windir%\\debug\\usermode. Windows asks for administrator rights once. Turn it off when you are done: the log grows.')
      : vscode.l10n.t('Sets GPSvcDebugLevel = 0: Group Policy stops writing gpsvc.log. Windows asks for administrator rights once.'),
    on ? vscode.l10n.t('Enable') : vscode.l10n.t('Disable'),
  );
  if (!ok) {
    return false;
  }
  const paths = options.windowsPaths ?? { systemRoot: 'C:\\Windows', wow64: false };
  const powershell = powershellPath(paths);
  const script = path.join(deps.extensionPath, 'resources', 'gpsvc-logging.ps1');
  try {
    const r = await deps.inspector.processRunner.run({ command: powershell, args: elevatedScriptArgs(powershell, script, ['-Mode', on ? 'On' : 'Off']), timeoutMs: 120_000 });
    const output = `${Buffer.from(r.stdout).toString('utf8')}${Buffer.from(r.stderr).toString('utf8')}`;
    if (r.exitCode !== 0) {
      void vscode.window.showWarningMessage(
        isUacDeclined(output) ? vscode.l10n.t('The administrator prompt was declined: GPSVC logging was not changed.') : vscode.l10n.t('Could not change GPSVC logging (exit {0}).', r.exitCode),
      );
      return false;
    }
  } catch (err) {
    if (isCliError(err)) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not change GPSVC logging: {0}', err.message));
      return false;
    }
    throw err;
  }
  const now = await gpsvcLoggingState(deps);
  deps.log.info(`[gpsvc] debug logging ${now}`);
  void vscode.window.showInformationMessage(
    now === 'on' ? vscode.l10n.t('GPSVC debug logging is on: the next policy processing writes %windir%\\debug\\usermode\\gpsvc.log.') : vscode.l10n.t('GPSVC debug logging is {0}.', now),
  );
  return now === (on ? 'on' : 'off');
}

export function registerGpsvcCommands(deps: GpsvcLoggingDeps): vscode.Disposable[] {
  const tail = new GpsvcTail();
  return [
    tail,
    vscode.commands.registerCommand(Commands.GpsvcOpen, (uri?: vscode.Uri) => openGpsvcLog(uri instanceof vscode.Uri ? uri : undefined, tail)),
    vscode.commands.registerCommand(Commands.GpsvcSummarize, (uri?: vscode.Uri) => summarizeGpsvc(uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand(Commands.GpsvcEnableLogging, () => setGpsvcLogging(deps, true)),
    vscode.commands.registerCommand(Commands.GpsvcDisableLogging, () => setGpsvcLogging(deps, false)),
  ];
}
