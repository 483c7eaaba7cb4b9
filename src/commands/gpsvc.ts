/** GPSVC commands: open the live log, summarize a huge one, switch debug logging on and off. */
import * as path from 'node:path';
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { gpsvcSummaryMarkdown } from '../model/gpsvcReport';
import { summarizeGpsvcFile } from '../platform/readGpsvcFile';
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

export async function openGpsvcLog(uriArg?: vscode.Uri): Promise<vscode.TextEditor | undefined> {
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
  // A live log is evidence: read-only in this session, and VS Code reloads it as it grows.
  await vscode.commands.executeCommand('workbench.action.files.setActiveEditorReadonlyInSession');
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
        return await summarizeGpsvcFile(uri.fsPath, {
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
    const doc = await vscode.workspace.openTextDocument({ language: 'markdown', content: markdown });
    await vscode.window.showTextDocument(doc, { preview: false });
  }
  return { summary: result, markdown };
}

export function registerGpsvcCommands(context: vscode.ExtensionContext, log: vscode.LogOutputChannel): vscode.Disposable[] {
  const notWindows = (): boolean => {
    if (process.platform !== 'win32') {
      void vscode.window.showInformationMessage(vscode.l10n.t('GPSVC debug logging is a Windows setting. Open a log copied from the endpoint with "Open GPSVC Log".'));
      return true;
    }
    return false;
  };
  const script = path.join(context.extensionPath, 'resources', 'gpsvc-logging.ps1');
  const setLogging = async (on: boolean): Promise<void> => {
    if (notWindows()) {
      return;
    }
    const ok = await vscode.window.showWarningMessage(
      on ? vscode.l10n.t('Enable GPSVC debug logging?') : vscode.l10n.t('Disable GPSVC debug logging?'),
      {
        modal: true,
        detail: on
          ? vscode.l10n.t('Sets HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Diagnostics GPSvcDebugLevel = 0x30002 and creates %windir%\\debug\\usermode. Windows asks for administrator rights once. Turn it off when you are done: the log grows.')
          : vscode.l10n.t('Sets GPSvcDebugLevel = 0. Windows asks for administrator rights once.'),
      },
      on ? vscode.l10n.t('Enable') : vscode.l10n.t('Disable'),
    );
    if (!ok) {
      return;
    }
    log.info(`[gpsvc] ${on ? 'enable' : 'disable'} logging via ${script}`);
    await vscode.commands.executeCommand(Commands.ShowLog);
    void vscode.window.showInformationMessage(vscode.l10n.t('Run this in an elevated PowerShell: {0}', `& '${script}' -Mode ${on ? 'On' : 'Off'}`));
  };
  return [
    vscode.commands.registerCommand(Commands.GpsvcOpen, (uri?: vscode.Uri) => openGpsvcLog(uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand(Commands.GpsvcSummarize, (uri?: vscode.Uri) => summarizeGpsvc(uri instanceof vscode.Uri ? uri : undefined)),
    vscode.commands.registerCommand(Commands.GpsvcEnableLogging, () => setLogging(true)),
    vscode.commands.registerCommand(Commands.GpsvcDisableLogging, () => setLogging(false)),
  ];
}
