/**
 * Tree nodes: small classes with stable ids (so reveal and expansion state survive refreshes)
 * that turn model objects into TreeItems. They never run tools.
 */
import * as vscode from 'vscode';
import { ContextValues } from '../constants';
import { ATTRIBUTE_LABELS, INTEGRITY_LABELS, expiryText, groupStateWords, issuedText, sortTickets, timeMs } from '../model/present';
import type { CacheEntry, GroupEntry, LogonSessionRow, SessionInfo, SessionProblem, Source, TicketEntry } from '../model/types';

export abstract class TreeNode {
  constructor(
    readonly id: string,
    readonly parent: TreeNode | undefined,
  ) {}
  abstract getTreeItem(): vscode.TreeItem;
  getChildren(): TreeNode[] {
    return [];
  }
}

function item(node: TreeNode, label: string | vscode.TreeItemLabel, collapsible: vscode.TreeItemCollapsibleState): vscode.TreeItem {
  const ti = new vscode.TreeItem(label, collapsible);
  ti.id = node.id;
  return ti;
}

export class SourceNode extends TreeNode {
  constructor(
    readonly source: Source,
    private readonly children: (node: SourceNode) => TreeNode[],
    view: string,
  ) {
    super(`${view}/${source.id}`, undefined);
  }

  getTreeItem(): vscode.TreeItem {
    const ti = item(this, this.source.label, vscode.TreeItemCollapsibleState.Expanded);
    ti.contextValue = this.source.origin === 'machine' ? ContextValues.SourceMachine : ContextValues.SourceEvidence;
    ti.iconPath = new vscode.ThemeIcon(this.source.origin === 'machine' ? 'vm' : 'file-text');
    ti.description = this.source.origin === 'machine' ? this.source.platform : vscode.l10n.t('imported');
    ti.tooltip = new vscode.MarkdownString(
      [`**${this.source.label}**`, '', vscode.l10n.t('Read at {0}', this.source.readAt), ...this.source.warnings.map((w) => `- ${w}`)].join('\n'),
    );
    return ti;
  }

  override getChildren(): TreeNode[] {
    return this.children(this);
  }
}

export class ProblemNode extends TreeNode {
  constructor(
    id: string,
    parent: TreeNode | undefined,
    readonly problem: SessionProblem,
  ) {
    super(id, parent);
  }

  getTreeItem(): vscode.TreeItem {
    const ti = item(this, this.problem.message, vscode.TreeItemCollapsibleState.None);
    ti.iconPath = new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'));
    ti.contextValue = ContextValues.Problem;
    ti.description = this.problem.hint ?? '';
    ti.tooltip = new vscode.MarkdownString(`$(warning) ${this.problem.message}${this.problem.hint ? `\n\n${this.problem.hint}` : ''}`, true);
    return ti;
  }
}

function sessionIcon(session: SessionInfo): vscode.ThemeIcon {
  switch (session.kind) {
    case 'elevated':
      return new vscode.ThemeIcon('shield');
    case 'system':
    case 'networkService':
      return new vscode.ThemeIcon('server-environment');
    case 'directory':
      return new vscode.ThemeIcon('organization');
    default:
      return new vscode.ThemeIcon('account');
  }
}

/** A logon session in either tree; what it shows below depends on the view. */
export class SessionNode extends TreeNode {
  constructor(
    parent: TreeNode,
    readonly source: Source,
    readonly session: SessionInfo,
    private readonly view: 'groups' | 'kerberos',
    private readonly differences?: ReadonlyMap<string, string>,
  ) {
    super(`${parent.id}/${session.id}`, parent);
  }

  getTreeItem(): vscode.TreeItem {
    const s = this.session;
    const ti = item(this, s.label, vscode.TreeItemCollapsibleState.Expanded);
    ti.contextValue = `${ContextValues.Session}:${s.kind}${this.source.origin === 'evidence' ? ':evidence' : ''}`;
    ti.iconPath = s.cachedCredentials ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground')) : sessionIcon(s);
    const parts: string[] = [];
    if (this.view === 'groups') {
      if (s.integrityLevel) {
        parts.push(INTEGRITY_LABELS[s.integrityLevel]);
      }
      if (s.groups) {
        parts.push(s.groups.length === 1 ? vscode.l10n.t('1 group') : vscode.l10n.t('{0} groups', s.groups.length));
      }
    } else {
      const tickets = (s.caches ?? []).reduce((n, c) => n + c.tickets.length, 0);
      if (s.caches) {
        parts.push(tickets === 1 ? vscode.l10n.t('1 ticket') : vscode.l10n.t('{0} tickets', tickets));
      }
    }
    if (s.logonId) {
      parts.push(s.logonId);
    }
    if (s.cachedCredentials) {
      parts.push(vscode.l10n.t('cached logon'));
    }
    ti.description = parts.join(' · ');
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${s.label}**\n\n`);
    if (s.user) {
      md.appendMarkdown(`${vscode.l10n.t('User')}: \`${s.user.name}\`${s.user.sid ? ` — \`${s.user.sid}\`` : ''}\n\n`);
    }
    if (s.logonType) {
      md.appendMarkdown(`${vscode.l10n.t('Logon type')}: ${s.logonType}\n\n`);
    }
    if (s.kind === 'process') {
      md.appendMarkdown(`${vscode.l10n.t('The groups this process (VS Code and what it starts) got at login: like a Windows token, they do not change until a new login session.')}\n\n`);
    } else if (s.kind === 'directory') {
      md.appendMarkdown(`${vscode.l10n.t('A fresh lookup of the account (NSS: files, SSSD, winbind): the groups a new login would get.')}\n\n`);
    }
    if (s.cachedCredentials) {
      md.appendMarkdown(
        `$(warning) ${vscode.l10n.t('This sign-in used cached credentials (no domain controller was reachable, e.g. the VPN came up after sign-in). The token keeps the group list from the logon cache until the user signs out and in again while connected.')}\n\n`,
      );
    }
    ti.tooltip = md;
    return ti;
  }

  override getChildren(): TreeNode[] {
    const problems = this.session.problems.map((p, i) => new ProblemNode(`${this.id}/problem/${i}`, this, p));
    if (this.view === 'groups') {
      const groups = (this.session.groups ?? []).map((g, i) => new GroupNode(this, g, i, this.differences?.get((g.sid ?? g.name).toUpperCase())));
      return [...problems, ...groups];
    }
    const caches = this.session.caches ?? [];
    if (caches.length === 1 && caches[0]) {
      // One cache per Windows logon session: skip a level nobody needs.
      return [...problems, ...CacheNode.ticketNodes(this, caches[0])];
    }
    return [...problems, ...caches.map((c) => new CacheNode(this, c))];
  }
}

export class GroupNode extends TreeNode {
  constructor(
    parent: SessionNode,
    readonly group: GroupEntry,
    index: number,
    readonly difference?: string,
  ) {
    super(`${parent.id}/g/${group.sid ?? group.gid ?? group.name}/${index}`, parent);
  }

  getTreeItem(): vscode.TreeItem {
    const g = this.group;
    const ti = item(this, g.name || g.sid || '?', vscode.TreeItemCollapsibleState.None);
    const isLabel = g.sid?.startsWith('S-1-16-') ?? false;
    const state = groupStateWords(g);
    const denyOnly = g.attributes.includes('denyOnly');
    ti.contextValue = `${ContextValues.Group}${denyOnly ? ':denyOnly' : ''}${isLabel ? ':label' : ''}${g.sid ? ':sid' : ''}`;
    ti.iconPath = isLabel
      ? new vscode.ThemeIcon('symbol-key')
      : denyOnly
        ? new vscode.ThemeIcon('circle-slash', new vscode.ThemeColor('list.warningForeground'))
        : g.attributes.includes('owner')
          ? new vscode.ThemeIcon('star-full')
          : g.attributes.includes('enabled') || g.attributes.length === 0 || g.gid !== undefined
            ? new vscode.ThemeIcon('pass')
            : new vscode.ThemeIcon('circle-large-outline');
    const desc = [g.sid ?? (g.gid !== undefined ? `gid ${g.gid}` : ''), state.join(', ')].filter(Boolean);
    if (this.difference) {
      desc.push(`≠ ${this.difference}`);
    }
    ti.description = desc.join(' · ');
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escapeMd(g.name)}**\n\n`);
    md.appendMarkdown(`| | |\n|---|---|\n`);
    if (g.type) {
      md.appendMarkdown(`| ${vscode.l10n.t('Type')} | ${escapeMd(g.type)} |\n`);
    }
    if (g.sid) {
      md.appendMarkdown(`| SID | \`${g.sid}\` |\n`);
    }
    if (g.gid !== undefined) {
      md.appendMarkdown(`| GID | ${g.gid} |\n`);
    }
    for (const a of g.attributes) {
      md.appendMarkdown(`| ${vscode.l10n.t('Attribute')} | ${ATTRIBUTE_LABELS[a] ?? a} |\n`);
    }
    for (const a of g.unknownAttributes ?? []) {
      md.appendMarkdown(`| ${vscode.l10n.t('Attribute (as printed)')} | ${escapeMd(a)} |\n`);
    }
    if (g.rawAttributes) {
      md.appendMarkdown(`| ${vscode.l10n.t('Printed')} | ${escapeMd(g.rawAttributes)} |\n`);
    }
    if (this.difference) {
      md.appendMarkdown(`\n$(diff) ${vscode.l10n.t('Differs between the limited and elevated tokens')}: ${escapeMd(this.difference)}\n`);
    }
    if (denyOnly) {
      md.appendMarkdown(`\n${vscode.l10n.t('Deny only: this group can deny access but never grants it in this token (UAC filtered token).')}\n`);
    }
    ti.tooltip = md;
    return ti;
  }
}

export class CacheNode extends TreeNode {
  constructor(
    parent: TreeNode,
    readonly cache: CacheEntry,
  ) {
    super(`${parent.id}/c/${cache.name}`, parent);
  }

  static ticketNodes(parent: TreeNode, cache: CacheEntry): TicketNode[] {
    return sortTickets(cache.tickets).map((t, i) => new TicketNode(parent, cache, t, i));
  }

  getTreeItem(): vscode.TreeItem {
    const ti = item(this, this.cache.principal ?? this.cache.name, vscode.TreeItemCollapsibleState.Expanded);
    ti.contextValue = `${ContextValues.Cache}${this.cache.isDefault ? ':default' : ''}`;
    ti.iconPath = new vscode.ThemeIcon('key');
    ti.description = `${this.cache.name} · ${this.cache.tickets.length === 1 ? vscode.l10n.t('1 ticket') : vscode.l10n.t('{0} tickets', this.cache.tickets.length)}${this.cache.isDefault ? ` · ${vscode.l10n.t('default')}` : ''}`;
    ti.tooltip = new vscode.MarkdownString(`**${escapeMd(this.cache.principal ?? '')}**\n\n${vscode.l10n.t('Cache')}: \`${this.cache.name}\``);
    return ti;
  }

  override getChildren(): TreeNode[] {
    return CacheNode.ticketNodes(this, this.cache);
  }
}

export class TicketNode extends TreeNode {
  constructor(
    parent: TreeNode,
    readonly cache: CacheEntry,
    readonly ticket: TicketEntry,
    index: number,
  ) {
    super(`${parent.id}/t/${index}/${ticket.server}`, parent);
  }

  getTreeItem(): vscode.TreeItem {
    const t = this.ticket;
    const now = Date.now();
    const ti = item(this, t.server, vscode.TreeItemCollapsibleState.None);
    ti.contextValue = `${ContextValues.Ticket}${t.isTgt ? ':tgt' : ''}`;
    const end = timeMs(t.end);
    const expired = end !== undefined && end < now;
    ti.iconPath = t.isTgt
      ? new vscode.ThemeIcon('verified-filled', expired ? new vscode.ThemeColor('list.errorForeground') : undefined)
      : new vscode.ThemeIcon('tag', expired ? new vscode.ThemeColor('list.errorForeground') : undefined);
    const when = [expiryText(t, now), issuedText(t, now)].filter(Boolean).join(', ');
    ti.description = [t.isTgt ? 'TGT' : '', when || t.end.raw, t.encryptionType ?? ''].filter(Boolean).join(' · ');
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escapeMd(t.server)}**${t.isTgt ? ' — TGT' : ''}\n\n| | |\n|---|---|\n`);
    const rows: [string, string][] = [
      [vscode.l10n.t('Client'), t.client],
      [vscode.l10n.t('Start'), t.start.raw],
      [vscode.l10n.t('End'), `${t.end.raw}${when ? ` (${when})` : ''}`],
      [vscode.l10n.t('Renew until'), t.renewUntil?.raw ?? '—'],
      [vscode.l10n.t('Flags'), t.flags.join(', ') || '—'],
      [vscode.l10n.t('Ticket encryption'), t.encryptionType ?? '—'],
      [vscode.l10n.t('Session key type'), t.sessionKeyType ?? '—'],
      [vscode.l10n.t('Cache flags'), t.cacheFlags.join(', ') || '—'],
      [vscode.l10n.t('KDC called'), t.kdcCalled || '—'],
    ];
    for (const [k, v] of rows) {
      md.appendMarkdown(`| ${k} | ${escapeMd(v)} |\n`);
    }
    if (t.isTgt) {
      md.appendMarkdown(`\n${vscode.l10n.t('The TGT carries the group list from when it was issued; service tickets copy it. Purge to get one with the current groups.')}\n`);
    }
    ti.tooltip = md;
    return ti;
  }
}

export class LogonSessionNode extends TreeNode {
  constructor(
    parent: TreeNode | undefined,
    idPrefix: string,
    readonly row: LogonSessionRow,
  ) {
    super(`${idPrefix}/ls/${row.logonId}/${row.index}`, parent);
  }

  getTreeItem(): vscode.TreeItem {
    const r = this.row;
    const ti = item(this, r.account || '\\', vscode.TreeItemCollapsibleState.None);
    ti.contextValue = `${ContextValues.LogonSession}${r.cachedCredentials ? ':cached' : ''}`;
    ti.iconPath = r.cachedCredentials
      ? new vscode.ThemeIcon('warning', new vscode.ThemeColor('list.warningForeground'))
      : new vscode.ThemeIcon(r.logonId === '0x3e7' || r.logonId === '0x3e4' || r.logonId === '0x3e5' ? 'server-environment' : 'person');
    // klist prints unnamed logon types as `(n)`: show them as klist does.
    const type = /^\d+$/.test(r.logonType) ? `(${r.logonType})` : r.logonType;
    ti.description = `${r.logonId} · ${r.authPackage}:${type} · ${vscode.l10n.t('session {0}', r.session)}`;
    const md = new vscode.MarkdownString(undefined, true);
    md.appendMarkdown(`**${escapeMd(r.account)}**\n\n${vscode.l10n.t('Logon ID')}: \`${r.logonId}\`\n\n${vscode.l10n.t('Logon type')}: ${r.logonType}${r.logonTypeNumber !== null ? ` (${r.logonTypeNumber})` : ''}\n\n`);
    if (r.cachedCredentials) {
      md.appendMarkdown(`$(warning) ${vscode.l10n.t('Signed in with cached credentials: the token was built from the logon cache, so it holds the groups from the last online sign-in.')}\n`);
    }
    ti.tooltip = md;
    return ti;
  }
}

function escapeMd(text: string): string {
  return text.replace(/([\\`*_{}[\]<>|])/g, '\\$1');
}
