/** Folding of a GPSVC log: each ProcessGPOs run and each block of consecutive lines of one pid.tid. */
import * as vscode from 'vscode';
import type { GpsvcFoldingData } from './analysis';
import type { GpsvcAnalysisService } from './analysisService';

export function toFoldingRange(data: GpsvcFoldingData): vscode.FoldingRange {
  return new vscode.FoldingRange(data.start, data.end, data.kind === 'run' ? vscode.FoldingRangeKind.Region : undefined);
}

export class GpsvcFoldingProvider implements vscode.FoldingRangeProvider {
  constructor(private readonly service: GpsvcAnalysisService) {}

  async provideFoldingRanges(
    document: vscode.TextDocument,
    _context: vscode.FoldingContext,
    token: vscode.CancellationToken,
  ): Promise<vscode.FoldingRange[] | undefined> {
    const result = await this.service.analyze(document);
    if (!result || token.isCancellationRequested || result.version !== document.version) {
      return undefined;
    }
    return result.analysis.folding.map(toFoldingRange);
  }
}
