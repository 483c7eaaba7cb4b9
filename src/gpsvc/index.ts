/**
 * The GPSVC log language features: diagnostics, outline, folding, hovers and the summary CodeLens,
 * all reading one shared analysis per document version.
 */
import * as vscode from 'vscode';
import { Settings } from '../constants';
import { GpsvcAnalysisService } from './analysisService';
import { GpsvcCodeLensProvider } from './codeLens';
import { GPSVC_LANGUAGE_ID, GpsvcDiagnostics } from './diagnostics';
import { GpsvcFoldingProvider } from './folding';
import { GpsvcHoverProvider } from './hover';
import { GpsvcSymbolProvider } from './symbols';

export const GPSVC_SELECTOR: vscode.DocumentSelector = { language: GPSVC_LANGUAGE_ID };

export interface GpsvcLanguage extends vscode.Disposable {
  readonly service: GpsvcAnalysisService;
  readonly diagnostics: GpsvcDiagnostics;
}

/** Registers every GPSVC provider; disposing the result unregisters all of them. */
export function registerGpsvcLanguage(_context: vscode.ExtensionContext, log: vscode.LogOutputChannel): GpsvcLanguage {
  const service = new GpsvcAnalysisService(log);
  const diagnostics = new GpsvcDiagnostics(service, log);
  const codeLens = new GpsvcCodeLensProvider(service);
  const disposables = vscode.Disposable.from(
    diagnostics,
    codeLens,
    vscode.languages.registerDocumentSymbolProvider(GPSVC_SELECTOR, new GpsvcSymbolProvider(service), { label: 'GPSVC' }),
    vscode.languages.registerFoldingRangeProvider(GPSVC_SELECTOR, new GpsvcFoldingProvider(service)),
    vscode.languages.registerHoverProvider(GPSVC_SELECTOR, new GpsvcHoverProvider()),
    vscode.languages.registerCodeLensProvider(GPSVC_SELECTOR, codeLens),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(`${Settings.Section}.${Settings.GpsvcLargeFileThresholdMB}`)) {
        diagnostics.refreshAll();
      }
    }),
    service,
  );
  log.debug('[gpsvc] language features registered');
  return {
    service,
    diagnostics,
    dispose: () => {
      disposables.dispose();
    },
  };
}

export { GpsvcAnalysisService } from './analysisService';
export { GpsvcDiagnostics, toDiagnostic } from './diagnostics';
export { gpsvcHoverContent } from './hover';
