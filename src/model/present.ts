/**
 * Words and exports for the model, kept free of `vscode` so the CLI, reports and unit tests
 * share them with the views.
 */
import type { TimeValue } from '../parse/types';
import type { CacheEntry, GroupEntry, IntegrityLevel, SessionInfo, TicketEntry } from './types';

export const INTEGRITY_LABELS: Record<IntegrityLevel, string> = {
  low: 'Low',
  medium: 'Medium',
  mediumPlus: 'Medium Plus',
  high: 'High',
  system: 'System',
};

export const ATTRIBUTE_LABELS: Record<string, string> = {
  mandatory: 'Mandatory',
  enabledByDefault: 'Enabled by default',
  enabled: 'Enabled',
  owner: 'Owner',
  denyOnly: 'Deny only',
  local: 'Local group',
  integrity: 'Integrity',
  integrityEnabled: 'Integrity enabled',
  resource: 'Resource',
};

export function timeMs(t: TimeValue | null | undefined): number | undefined {
  if (!t?.iso) {
    return undefined;
  }
  const ms = Date.parse(t.iso);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `3 h`, `2 d`, `45 min`, `20 s`. */
export function humanDuration(ms: number): string {
  const s = Math.round(Math.abs(ms) / 1000);
  if (s < 90) {
    return `${s} s`;
  }
  const min = Math.round(s / 60);
  if (min < 90) {
    return `${min} min`;
  }
  const h = Math.round(min / 60);
  if (h < 36) {
    return `${h} h`;
  }
  return `${Math.round(h / 24)} d`;
}

/** "expires in 3 h" / "expired 2 d ago"; undefined when the end time is not known. */
export function expiryText(ticket: TicketEntry, now: number): string | undefined {
  const end = timeMs(ticket.end);
  if (end === undefined) {
    return undefined;
  }
  return end >= now ? `expires in ${humanDuration(end - now)}` : `expired ${humanDuration(now - end)} ago`;
}

export function issuedText(ticket: TicketEntry, now: number): string | undefined {
  const start = timeMs(ticket.start);
  if (start === undefined) {
    return undefined;
  }
  return start <= now ? `issued ${humanDuration(now - start)} ago` : `starts in ${humanDuration(start - now)}`;
}

/** TGT first, then by server name: the TGT is what a purge or renewal is about. */
export function sortTickets(tickets: readonly TicketEntry[]): TicketEntry[] {
  return [...tickets].sort((a, b) => Number(b.isTgt) - Number(a.isTgt) || a.server.localeCompare(b.server));
}

export function isTgtServer(server: string): boolean {
  return /^krbtgt[/\s]/i.test(server.trim());
}

export function groupStateWords(group: GroupEntry): string[] {
  const words: string[] = [];
  if (group.gid !== undefined) {
    // Unix groups have no Windows attributes: only the primary group is worth a word.
    return group.attributes.includes('primary') ? ['primary group'] : [];
  }
  if (group.attributes.includes('denyOnly')) {
    words.push('deny only');
  } else if (group.attributes.includes('enabled')) {
    words.push('enabled');
  } else if (group.attributes.length > 0) {
    words.push('disabled');
  }
  if (group.attributes.includes('owner')) {
    words.push('owner');
  }
  return words;
}

export interface GroupDifference {
  sid: string;
  name: string;
  limited?: GroupEntry;
  elevated?: GroupEntry;
  summary: string;
}

/** What elevation changes: Administrators deny-only → owner, groups only one side has. */
export function compareTokens(limited: SessionInfo, elevated: SessionInfo): GroupDifference[] {
  const key = (g: GroupEntry): string => (g.sid ?? g.name).toUpperCase();
  const a = new Map((limited.groups ?? []).map((g) => [key(g), g]));
  const b = new Map((elevated.groups ?? []).map((g) => [key(g), g]));
  const diffs: GroupDifference[] = [];
  for (const [k, g] of b) {
    const l = a.get(k);
    if (!l) {
      diffs.push({ sid: g.sid ?? '', name: g.name, elevated: g, summary: 'only in the elevated token' });
    } else if (groupStateWords(l).join(',') !== groupStateWords(g).join(',')) {
      diffs.push({
        sid: g.sid ?? '',
        name: g.name,
        limited: l,
        elevated: g,
        summary: `limited: ${groupStateWords(l).join(', ') || 'no attributes'}; elevated: ${groupStateWords(g).join(', ') || 'no attributes'}`,
      });
    }
  }
  for (const [k, g] of a) {
    if (!b.has(k)) {
      diffs.push({ sid: g.sid ?? '', name: g.name, limited: g, summary: 'only in the limited token' });
    }
  }
  return diffs;
}

function mdEscape(text: string): string {
  return text.replace(/([\\`*_{}[\]<>|])/g, '\\$1');
}

function csvField(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

export function groupsToCsv(groups: readonly GroupEntry[]): string {
  const rows = [['Group Name', 'Type', 'SID', 'Attributes'].map(csvField).join(',')];
  for (const g of groups) {
    rows.push([g.name, g.type ?? '', g.sid ?? (g.gid !== undefined ? String(g.gid) : ''), g.attributes.join(' ')].map(csvField).join(','));
  }
  return rows.join('\r\n') + '\r\n';
}

export function ticketsToCsv(tickets: readonly TicketEntry[]): string {
  const rows = [['Client', 'Server', 'Start', 'End', 'Renew Until', 'Flags', 'Encryption', 'Session Key Type', 'Cache Flags', 'KDC'].map(csvField).join(',')];
  for (const t of tickets) {
    rows.push(
      [t.client, t.server, t.start.raw, t.end.raw, t.renewUntil?.raw ?? '', t.flags.join(' '), t.encryptionType ?? '', t.sessionKeyType ?? '', t.cacheFlags.join(' '), t.kdcCalled ?? '']
        .map(csvField)
        .join(','),
    );
  }
  return rows.join('\r\n') + '\r\n';
}

export function ticketToMarkdown(t: TicketEntry): string {
  const lines = [
    `**${mdEscape(t.server)}**${t.isTgt ? ' (TGT)' : ''}`,
    '',
    '| Field | Value |',
    '|---|---|',
    `| Client | ${mdEscape(t.client)} |`,
    `| Server | ${mdEscape(t.server)} |`,
    `| Start | ${mdEscape(t.start.raw)} |`,
    `| End | ${mdEscape(t.end.raw)} |`,
  ];
  if (t.renewUntil) {
    lines.push(`| Renew until | ${mdEscape(t.renewUntil.raw)} |`);
  }
  lines.push(`| Flags | ${mdEscape(t.flags.join(', ') || '—')} |`);
  if (t.encryptionType) {
    lines.push(`| Ticket encryption | ${mdEscape(t.encryptionType)} |`);
  }
  if (t.sessionKeyType) {
    lines.push(`| Session key type | ${mdEscape(t.sessionKeyType)} |`);
  }
  if (t.cacheFlags.length) {
    lines.push(`| Cache flags | ${mdEscape(t.cacheFlags.join(', '))} |`);
  }
  if (t.kdcCalled) {
    lines.push(`| KDC called | ${mdEscape(t.kdcCalled)} |`);
  }
  return lines.join('\n') + '\n';
}

export function groupsToMarkdown(groups: readonly GroupEntry[]): string {
  const lines = ['| Group | Type | SID | Attributes |', '|---|---|---|---|'];
  for (const g of groups) {
    lines.push(`| ${mdEscape(g.name)} | ${mdEscape(g.type ?? '')} | ${mdEscape(g.sid ?? (g.gid !== undefined ? String(g.gid) : ''))} | ${mdEscape(g.attributes.map((a) => ATTRIBUTE_LABELS[a] ?? a).join(', '))} |`);
  }
  return lines.join('\n') + '\n';
}

export function cacheToMarkdown(cache: CacheEntry): string {
  const parts = [`### Cache ${mdEscape(cache.name)}`, '', `Principal: ${mdEscape(cache.principal ?? 'unknown')}`, ''];
  for (const t of sortTickets(cache.tickets)) {
    parts.push(ticketToMarkdown(t));
  }
  return parts.join('\n');
}

export function sessionToMarkdown(session: SessionInfo): string {
  const parts = [`## ${mdEscape(session.label)}`, ''];
  if (session.user) {
    parts.push(`User: ${mdEscape(session.user.name)}${session.user.sid ? ` (${session.user.sid})` : ''}`);
  }
  if (session.logonId) {
    parts.push(`Logon ID: ${session.logonId}`);
  }
  if (session.logonType) {
    parts.push(`Logon type: ${mdEscape(session.logonType)}${session.cachedCredentials ? ' — token built from cached credentials' : ''}`);
  }
  if (session.integrityLevel) {
    parts.push(`Integrity level: ${INTEGRITY_LABELS[session.integrityLevel]}`);
  }
  parts.push('');
  if (session.groups) {
    parts.push(`### Groups (${session.groups.length})`, '', groupsToMarkdown(session.groups));
  }
  for (const cache of session.caches ?? []) {
    parts.push(cacheToMarkdown(cache));
  }
  for (const p of session.problems) {
    parts.push(`> ${mdEscape(p.message)}${p.hint ? ` — ${mdEscape(p.hint)}` : ''}`, '');
  }
  return parts.join('\n');
}

/** KerbTray's idea: the current TGT's remaining life, for the status bar. */
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
