/**
 * Problems of GPSVC logs: stale group lists, failures, no connectivity, NLA not ready.
 * Recomputed on open and on change (debounced), in chunks and cancellably through the shared
 * analysis service; large saved files are summarized from disk instead of re-reading the document.
 */
import * as vscode from 'vscode';
import type { GpsvcDiagnosticData, GpsvcDiagnosticSeverity } from './analysis';
import type { GpsvcAnalysisService } from './analysisService';
import { diagnosticText } from './messages';

export const GPSVC_LANGUAGE_ID = 'gpsvc';
export const DIAGNOSTIC_SOURCE = 'GPSVC';
/** Delay after the last edit before the document is analyzed again. */
export const CHANGE_DEBOUNCE_MS = 300;

const SEVERITY: Record<GpsvcDiagnosticSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

export function toDiagnostic(data: GpsvcDiagnosticData): vscode.Diagnostic {
  const range = new vscode.Range(data.line, data.start, data.line, Math.max(data.start, data.end));
  const diagnostic = new vscode.Diagnostic(range, diagnosticText(data.kind, data.status), SEVERITY[data.severity]);
  diagnostic.source = DIAGNOSTIC_SOURCE;
  diagnostic.code = data.kind;
  return diagnostic;
}

export class GpsvcDiagnostics implements vscode.Disposable {
  readonly collection: vscode.DiagnosticCollection;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** Resolves when the diagnostics of the latest requested version are published (tests wait on it). */
  private readonly pending = new Map<string, Promise<void>>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(
    private readonly service: GpsvcAnalysisService,
    private readonly log: vscode.LogOutputChannel,
  ) {
    this.collection = vscode.languages.createDiagnosticCollection(GPSVC_LANGUAGE_ID);
    this.subscriptions.push(
      vscode.workspace.onDidOpenTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidChangeTextDocument((e) => this.schedule(e.document, CHANGE_DEBOUNCE_MS)),
      vscode.workspace.onDidSaveTextDocument((doc) => this.schedule(doc, 0)),
      vscode.workspace.onDidCloseTextDocument((doc) => this.clear(doc.uri)),
    );
    for (const doc of vscode.workspace.textDocuments) {
      this.schedule(doc, 0);
    }
  }

  /** Analyzes now (no debounce) and publishes; resolves when done. Ignores other languages. */
  refresh(document: vscode.TextDocument): Promise<void> {
    if (document.languageId !== GPSVC_LANGUAGE_ID) {
      return Promise.resolve();
    }
    const key = document.uri.toString();
    this.cancelTimer(key);
    const run = this.publish(document);
    this.pending.set(key, run);
    return run;
  }

  /** Resolves once the last scheduled or running analysis of `uri` is published (bounded wait). */
  async whenIdle(uri: vscode.Uri): Promise<void> {
    const key = uri.toString();
    for (let round = 0; round < 200; round++) {
      if (this.timers.has(key)) {
        await new Promise((resolve) => setTimeout(resolve, CHANGE_DEBOUNCE_MS / 2));
        continue;
      }
      const run = this.pending.get(key);
      await run;
      if (!this.timers.has(key) && this.pending.get(key) === run) {
        return;
      }
    }
  }

  /** Recomputes every open GPSVC document (e.g. the large-file threshold changed). */
  refreshAll(): void {
    this.service.forgetAll();
    for (const doc of vscode.workspace.textDocuments) {
      this.schedule(doc, 0);
    }
  }

  dispose(): void {
    for (const timer of this.timers.values()) {
      clearTimeout(timer);
    }
    this.timers.clear();
    vscode.Disposable.from(...this.subscriptions).dispose();
    this.collection.dispose();
  }

  private schedule(document: vscode.TextDocument, delayMs: number): void {
    if (document.languageId !== GPSVC_LANGUAGE_ID) {
      return;
    }
    const key = document.uri.toString();
    this.cancelTimer(key);
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        if (!document.isClosed) {
          void this.refresh(document);
        }
      }, delayMs),
    );
  }

  private cancelTimer(key: string): void {
    const timer = this.timers.get(key);
    if (timer !== undefined) {
      clearTimeout(timer);
      this.timers.delete(key);
    }
  }

  private async publish(document: vscode.TextDocument): Promise<void> {
    const result = await this.service.analyze(document);
    // A newer version superseded this one, or the document was closed meanwhile.
    if (!result || document.isClosed || result.version !== document.version) {
      return;
    }
    this.collection.set(document.uri, result.analysis.diagnostics.map(toDiagnostic));
    if (result.analysis.truncated) {
      this.log.info(`[gpsvc] ${document.uri.toString(true)}: only the first findings are listed`);
    }
  }

  private clear(uri: vscode.Uri): void {
    const key = uri.toString();
    this.cancelTimer(key);
    this.pending.delete(key);
    this.service.forget(uri);
    this.collection.delete(uri);
  }
}
