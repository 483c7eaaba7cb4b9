/** Localized text of the GPSVC editor features (literal vscode.l10n.t calls, so `l10n-dev export` finds them). */
import * as vscode from 'vscode';
import type { GpsvcEventKind } from '../parse/gpsvc';
import { describeStatusCode } from './analysis';
import type { GpsvcRefreshSummary } from './analysis';
import { lastRefreshWhen } from './analysis';

/** `1355 (ERROR_NO_SUCH_DOMAIN: the domain does not exist or could not be contacted)`, or the bare code. */
export function statusText(status: string): string {
  const info = describeStatusCode(status);
  return info ? vscode.l10n.t({ message: '{0} ({1}: {2})', args: [status, info.name, info.text], comment: ['{0} is a status code as logged, {1} its symbolic name, {2} its meaning'] }) : status;
}

/** Diagnostic message: what the line means and what to do. */
export function diagnosticText(kind: GpsvcEventKind, status: string | null): string {
  switch (kind) {
    case 'groups-old':
      return vscode.l10n.t(
        'Group list not refreshed (stale): this logon kept the security groups stored earlier because no domain controller was reachable, so recent group changes are not in effect and gpresult /r shows the old list. Connect to the domain network (VPN), lock and unlock, then sign out and sign in again.',
      );
    case 'no-connectivity':
      return vscode.l10n.t(
        'No network connectivity: Group Policy found no connection to the domain, so nothing was read from a domain controller. Check the network or VPN, then run gpupdate.',
      );
    case 'nla-not-ready':
      return vscode.l10n.t(
        'Network location not ready: Network Location Awareness had not identified the domain network yet, so the computer was treated as off the intranet. Common at startup and when the VPN connects after sign-in.',
      );
    case 'failure':
      return status !== null
        ? vscode.l10n.t({
            message: 'Group Policy step failed with {0}. Look at the lines just before it for the step that failed.',
            args: [statusText(status)],
            comment: ['{0} is the status code with its meaning when known'],
          })
        : vscode.l10n.t('Group Policy step failed. Look at the lines just before it for the step that failed.');
    case 'groups-new':
      return vscode.l10n.t('Group list refreshed: gpresult /r and WMI show the membership as of this line.');
    case 'processing-start':
      return vscode.l10n.t('Policy processing starts.');
    case 'processing-end':
      return vscode.l10n.t('Policy processing ends.');
  }
}

/** The CodeLens title: "3 group refreshes: 2 stale, 1 new; last at 11:56:10". */
export function summaryText(summary: GpsvcRefreshSummary): string {
  if (summary.total === 0 || summary.last === null) {
    return vscode.l10n.t('No group refreshes logged');
  }
  const when = lastRefreshWhen(summary.last);
  if (summary.total === 1) {
    return when.at !== null
      ? vscode.l10n.t({ message: '1 group refresh: {0} stale, {1} new; last at {2}', args: [summary.stale, summary.fresh, when.at], comment: ['{0} stale (0 or 1), {1} new (0 or 1), {2} its time'] })
      : vscode.l10n.t({ message: '1 group refresh: {0} stale, {1} new; last on line {2}', args: [summary.stale, summary.fresh, when.line], comment: ['{0} stale (0 or 1), {1} new (0 or 1), {2} its line'] });
  }
  if (when.at !== null) {
    return vscode.l10n.t({
      message: '{0} group refreshes: {1} stale, {2} new; last at {3}',
      args: [summary.total, summary.stale, summary.fresh, when.at],
      comment: ['{0} total, {1} stale, {2} new group list refreshes, {3} time of the last one'],
    });
  }
  return vscode.l10n.t({
    message: '{0} group refreshes: {1} stale, {2} new; last on line {3}',
    args: [summary.total, summary.stale, summary.fresh, when.line],
    comment: ['{0} total, {1} stale, {2} new group list refreshes, {3} line of the last one (its time is a placeholder)'],
  });
}
