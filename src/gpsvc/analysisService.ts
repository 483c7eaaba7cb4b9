/**
 * One analysis per document version, shared by diagnostics, symbols, folding and CodeLens.
 * Computed in chunks (yielding to the event loop) and cancelled when a newer version arrives.
 * A document too large for the editor (setting `tti.gpsvc.largeFileThresholdMB`, or more lines than
 * VS Code tokenizes comfortably) is summarized from the file on disk by the streaming reader.
 */
import * as vscode from 'vscode';
import { Settings } from '../constants';
import { summarizeGpsvcFileInWorker } from '../platform/gpsvcWorkerClient';
import { GpsvcAnalyzer, analysisFromSummary } from './analysis';
import type { GpsvcAnalysis } from './analysis';

/** Lines analyzed between two yields to the event loop. */
export const CHUNK_LINES = 5_000;
/** VS Code turns on its large-file mode (no tokenization, no folding) from 300 000 lines. */
export const LARGE_LINE_COUNT = 300_000;
const MIB = 1024 * 1024;

export interface GpsvcAnalysisResult {
  version: number;
  analysis: GpsvcAnalysis;
  /** `document`: every line was analyzed; `file`: summarized from disk (large file). */
  source: 'document' | 'file';
}

interface Entry {
  version: number;
  cts: vscode.CancellationTokenSource;
  promise: Promise<GpsvcAnalysisResult | undefined>;
}

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export class GpsvcAnalysisService implements vscode.Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  /** Fires when a new analysis of a document is ready. */
  readonly onDidAnalyze = this.changed.event;

  constructor(private readonly log: vscode.LogOutputChannel) {}

  /**
   * The analysis of the document's current version: reused when already computed or running.
   * Resolves undefined when a newer version superseded it (or on failure, which is logged).
   */
  analyze(document: vscode.TextDocument): Promise<GpsvcAnalysisResult | undefined> {
    const key = document.uri.toString();
    const existing = this.entries.get(key);
    if (existing && existing.version === document.version) {
      return existing.promise;
    }
    existing?.cts.cancel();
    existing?.cts.dispose();
    const cts = new vscode.CancellationTokenSource();
    const version = document.version;
    const promise = this.compute(document, cts.token).then(
      (result) => {
        if (result && !cts.token.isCancellationRequested) {
          this.changed.fire(document.uri);
        }
        return result;
      },
      (err: unknown) => {
        if (!cts.token.isCancellationRequested) {
          this.log.error(`[gpsvc] analysis of ${document.uri.toString(true)} failed: ${err instanceof Error ? err.message : String(err)}`);
        }
        return undefined;
      },
    );
    this.entries.set(key, { version, cts, promise });
    return promise;
  }

  /** The analysis of this exact version if it is already computed, without waiting. */
  async peek(document: vscode.TextDocument): Promise<GpsvcAnalysisResult | undefined> {
    const entry = this.entries.get(document.uri.toString());
    return entry && entry.version === document.version ? entry.promise : undefined;
  }

  /** Cancels and forgets a document (closed, or a setting changed). */
  forget(uri: vscode.Uri): void {
    const key = uri.toString();
    const entry = this.entries.get(key);
    entry?.cts.cancel();
    entry?.cts.dispose();
    this.entries.delete(key);
  }

  forgetAll(): void {
    for (const entry of this.entries.values()) {
      entry.cts.cancel();
      entry.cts.dispose();
    }
    this.entries.clear();
  }

  dispose(): void {
    this.forgetAll();
    this.changed.dispose();
  }

  private async compute(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<GpsvcAnalysisResult | undefined> {
    const version = document.version;
    const started = Date.now();
    if (await isLargeOnDisk(document)) {
      const result = await this.fromFile(document, token);
      if (result) {
        this.log.info(`[gpsvc] summarized ${document.uri.fsPath} from disk: ${result.analysis.lineCount} lines [${Date.now() - started}ms]`);
      }
      return result;
    }
    const analyzer = new GpsvcAnalyzer();
    const lineCount = document.lineCount;
    for (let line = 0; line < lineCount; line++) {
      if (line % CHUNK_LINES === 0 && line > 0) {
        await yieldToEventLoop();
        if (token.isCancellationRequested || document.isClosed || document.version !== version) {
          return undefined;
        }
      }
      analyzer.push(document.lineAt(line).text);
    }
    if (token.isCancellationRequested) {
      return undefined;
    }
    const analysis = analyzer.finish();
    this.log.debug(`[gpsvc] analyzed ${document.uri.toString(true)} v${version}: ${lineCount} lines, ${analysis.diagnostics.length} findings [${Date.now() - started}ms]`);
    return { version, analysis, source: 'document' };
  }

  private async fromFile(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<GpsvcAnalysisResult | undefined> {
    const abort = new AbortController();
    const subscription = token.onCancellationRequested(() => abort.abort());
    try {
      const summary = await summarizeGpsvcFileInWorker(document.uri.fsPath, { signal: abort.signal });
      if (token.isCancellationRequested) {
        return undefined;
      }
      const lineCount = document.lineCount;
      const analysis = analysisFromSummary(summary, (line) => (line < lineCount ? document.lineAt(line).text : undefined));
      return { version: document.version, analysis, source: 'file' };
    } catch (err) {
      if (token.isCancellationRequested) {
        return undefined;
      }
      throw err;
    } finally {
      subscription.dispose();
    }
  }
}

/** Threshold of the setting `tti.gpsvc.largeFileThresholdMB`, in bytes. */
export function largeFileThresholdBytes(scope?: vscode.Uri): number {
  const mb = vscode.workspace.getConfiguration(Settings.Section, scope).get<number>(Settings.GpsvcLargeFileThresholdMB, 20);
  return Math.max(1, Number.isFinite(mb) ? mb : 20) * MIB;
}

/**
 * True when the document is better read from disk: a saved local file over the size threshold
 * or with more lines than VS Code tokenizes. A modified document is always read from memory.
 */
export async function isLargeOnDisk(document: vscode.TextDocument): Promise<boolean> {
  if (document.uri.scheme !== 'file' || document.isDirty) {
    return false;
  }
  if (document.lineCount > LARGE_LINE_COUNT) {
    return true;
  }
  try {
    const stat = await vscode.workspace.fs.stat(document.uri);
    return stat.size > largeFileThresholdBytes(document.uri);
  } catch {
    return false;
  }
}
