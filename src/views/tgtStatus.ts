/** KerbTray's idea in the status bar: the current TGT's remaining life at a glance. */
import * as vscode from 'vscode';
import { Views } from '../constants';
import { tgtStatus } from '../model/present';
import type { TgtStatus } from '../model/present';
import type { InspectorStore } from '../model/store';

export class TgtStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('tti.tgt', vscode.StatusBarAlignment.Left, 50);
  private readonly timer: NodeJS.Timeout;
  private readonly unsubscribe: () => void;

  constructor(private readonly store: InspectorStore) {
    this.item.name = vscode.l10n.t('Kerberos TGT');
    this.item.command = `${Views.Kerberos}.focus`;
    this.unsubscribe = store.onDidChange(() => this.update());
    this.timer = setInterval(() => this.update(), 60_000);
    this.update();
  }

  get current(): TgtStatus | undefined {
    const machine = this.store.machineSource;
    if (!machine) {
      return undefined;
    }
    const session = machine.sessions.find((s) => s.caches !== undefined);
    if (!session) {
      return undefined;
    }
    // The default cache is the one new connections use (klist -A lists it first, but say so).
    const caches = [...(session.caches ?? [])].sort((a, b) => Number(b.isDefault ?? false) - Number(a.isDefault ?? false));
    const tgt = caches.flatMap((c) => c.tickets).find((t) => t.isTgt);
    return tgtStatus(tgt, session.cachedCredentials ?? false, Date.now());
  }

  private update(): void {
    const status = this.current;
    if (!status) {
      this.item.hide();
      return;
    }
    this.item.text = status.text;
    this.item.tooltip = `${status.tooltip}\n${vscode.l10n.t('Click to show the Kerberos view.')}`;
    this.item.backgroundColor =
      status.state === 'expired' || status.state === 'cached'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : status.state === 'expiring'
          ? new vscode.ThemeColor('statusBarItem.warningBackground')
          : undefined;
    this.item.show();
  }

  dispose(): void {
    clearInterval(this.timer);
    this.unsubscribe();
    this.item.dispose();
  }
}
