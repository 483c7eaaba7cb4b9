/** CodeLens on the first line of a GPSVC log: the group-refresh summary; a click runs the summarize command. */
import * as vscode from 'vscode';
import { Commands } from '../constants';
import type { GpsvcAnalysisService } from './analysisService';
import { summaryText } from './messages';

export class GpsvcCodeLensProvider implements vscode.CodeLensProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeCodeLenses = this.changed.event;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly service: GpsvcAnalysisService) {
    // A lens is resolved from the analysis; a new analysis (after an edit) re-asks for lenses.
    this.subscription = service.onDidAnalyze(() => this.changed.fire());
  }

  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    return document.lineCount > 0 ? [new GpsvcSummaryLens(document, new vscode.Range(0, 0, 0, 0))] : [];
  }

  async resolveCodeLens(lens: vscode.CodeLens, token: vscode.CancellationToken): Promise<vscode.CodeLens | undefined> {
    if (!(lens instanceof GpsvcSummaryLens)) {
      return lens;
    }
    const result = await this.service.analyze(lens.document);
    if (!result || token.isCancellationRequested) {
      return undefined;
    }
    lens.command = {
      title: summaryText(result.analysis.refreshSummary),
      tooltip: vscode.l10n.t('Summarize this GPSVC log'),
      command: Commands.GpsvcSummarize,
      arguments: [lens.document.uri],
    };
    return lens;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

class GpsvcSummaryLens extends vscode.CodeLens {
  constructor(
    readonly document: vscode.TextDocument,
    range: vscode.Range,
  ) {
    super(range);
  }
}
