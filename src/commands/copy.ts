/** Copy actions of the tree items: SID, name, a ticket, a session, as Markdown or CSV. */
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { cacheToMarkdown, groupsToCsv, groupsToMarkdown, sessionToMarkdown, sortTickets, ticketToMarkdown, ticketsToCsv } from '../model/present';
import { CacheNode, GroupNode, LogonSessionNode, SessionNode, SourceNode, TicketNode } from '../views/nodes';
import type { TreeNode } from '../views/nodes';

export function markdownOf(node: TreeNode): string | undefined {
  if (node instanceof GroupNode) {
    return groupsToMarkdown([node.group]);
  }
  if (node instanceof TicketNode) {
    return ticketToMarkdown(node.ticket);
  }
  if (node instanceof CacheNode) {
    return cacheToMarkdown(node.cache);
  }
  if (node instanceof SessionNode) {
    return sessionToMarkdown(node.session);
  }
  if (node instanceof SourceNode) {
    return [`# ${node.source.label}`, '', ...node.source.sessions.map(sessionToMarkdown)].join('\n');
  }
  if (node instanceof LogonSessionNode) {
    const r = node.row;
    return `| Logon ID | Account | Package | Logon type |\n|---|---|---|---|\n| ${r.logonId} | ${r.account} | ${r.authPackage} | ${r.logonType} |\n`;
  }
  return undefined;
}

export function csvOf(node: TreeNode): string | undefined {
  if (node instanceof GroupNode) {
    return groupsToCsv([node.group]);
  }
  if (node instanceof TicketNode) {
    return ticketsToCsv([node.ticket]);
  }
  if (node instanceof CacheNode) {
    return ticketsToCsv(sortTickets(node.cache.tickets));
  }
  if (node instanceof SessionNode) {
    return node.session.groups ? groupsToCsv(node.session.groups) : ticketsToCsv((node.session.caches ?? []).flatMap((c) => sortTickets(c.tickets)));
  }
  return undefined;
}

async function copy(text: string | undefined, what: string): Promise<void> {
  if (text === undefined) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Nothing to copy here.'));
    return;
  }
  await vscode.env.clipboard.writeText(text);
  vscode.window.setStatusBarMessage(vscode.l10n.t('Copied {0}', what), 2500);
}

export function registerCopyCommands(): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Commands.CopySid, (node: TreeNode) => copy(node instanceof GroupNode ? node.group.sid : node instanceof SessionNode ? node.session.user?.sid : undefined, 'SID')),
    vscode.commands.registerCommand(Commands.CopyName, (node: TreeNode) =>
      copy(
        node instanceof GroupNode ? node.group.name : node instanceof TicketNode ? node.ticket.server : node instanceof SessionNode ? (node.session.user?.name ?? node.session.label) : node instanceof LogonSessionNode ? node.row.account : undefined,
        vscode.l10n.t('name'),
      ),
    ),
    vscode.commands.registerCommand(Commands.CopyMarkdown, (node: TreeNode) => copy(markdownOf(node), 'Markdown')),
    vscode.commands.registerCommand(Commands.CopyCsv, (node: TreeNode) => copy(csvOf(node), 'CSV')),
  ];
}
