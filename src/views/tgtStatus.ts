/** KerbTray's idea in the status bar: the current TGT's remaining life at a glance. */
import * as vscode from 'vscode';
import { Views } from '../constants';
import { humanDuration, timeMs } from '../model/present';
import type { InspectorStore } from '../model/store';
import type { TicketEntry } from '../model/types';

export interface TgtStatus {
  text: string;
  tooltip: string;
  state: 'ok' | 'expiring' | 'expired' | 'none' | 'cached' | 'unknown';
}

export function tgtStatus(tgt: TicketEntry | undefined, cachedLogon: boolean, now: number): TgtStatus {
  if (!tgt) {
    return { text: '$(key) No TGT', tooltip: 'No Kerberos ticket-granting ticket in this session.', state: cachedLogon ? 'cached' : 'none' };
  }
  const end = timeMs(tgt.end);
  if (end === undefined) {
    return { text: '$(key) TGT', tooltip: `TGT for ${tgt.client}, ends ${tgt.end.raw}`, state: 'unknown' };
  }
  const left = end - now;
  if (left <= 0) {
    return { text: '$(key) TGT expired', tooltip: `TGT for ${tgt.client} expired at ${tgt.end.raw}`, state: 'expired' };
  }
  return {
    text: `$(key) TGT ${humanDuration(left)}`,
    tooltip: `TGT for ${tgt.client}: ${humanDuration(left)} left (ends ${tgt.end.raw})${cachedLogon ? '\nSigned in with cached credentials.' : ''}`,
    state: cachedLogon ? 'cached' : left < 3_600_000 ? 'expiring' : 'ok',
  };
}

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
    const tgt = (session.caches ?? []).flatMap((c) => c.tickets).find((t) => t.isTgt);
    return tgtStatus(tgt, session.cachedCredentials ?? false, Date.now());
  }

  private update(): void {
    const status = this.current;
    if (!status) {
      this.item.hide();
      return;
    }
    this.item.text = status.text;
    this.item.tooltip = status.tooltip;
    this.item.backgroundColor =
      status.state === 'expired' || status.state === 'cached'
        ? new vscode.ThemeColor('statusBarItem.errorBackground')
        : status.state === 'expiring' || status.state === 'none'
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
