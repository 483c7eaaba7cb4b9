/** Outline of a GPSVC log: process → thread → ProcessGPOs run → key lines. */
import * as vscode from 'vscode';
import type { GpsvcSymbolData, GpsvcSymbolKind } from './analysis';
import type { GpsvcAnalysisService } from './analysisService';

const KIND: Record<GpsvcSymbolKind, vscode.SymbolKind> = {
  process: vscode.SymbolKind.Module,
  thread: vscode.SymbolKind.Function,
  run: vscode.SymbolKind.Event,
  event: vscode.SymbolKind.Constant,
};

export function toDocumentSymbol(document: vscode.TextDocument, data: GpsvcSymbolData): vscode.DocumentSymbol {
  const last = Math.min(data.endLine, document.lineCount - 1);
  const range = new vscode.Range(data.startLine, 0, last, document.lineAt(last).text.length);
  const selection = new vscode.Range(data.selection.line, data.selection.start, data.selection.line, data.selection.end);
  const symbol = new vscode.DocumentSymbol(data.name, data.detail, KIND[data.kind], range, range.contains(selection) ? selection : range.with(undefined, range.start));
  symbol.children = data.children.map((child) => toDocumentSymbol(document, child));
  return symbol;
}

export class GpsvcSymbolProvider implements vscode.DocumentSymbolProvider {
  constructor(private readonly service: GpsvcAnalysisService) {}

  async provideDocumentSymbols(document: vscode.TextDocument, token: vscode.CancellationToken): Promise<vscode.DocumentSymbol[] | undefined> {
    const result = await this.service.analyze(document);
    if (!result || token.isCancellationRequested || result.version !== document.version) {
      return undefined;
    }
    return result.analysis.symbols.map((s) => toDocumentSymbol(document, s));
  }
}
