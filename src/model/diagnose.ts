/**
 * The diagnosis: put the token, the tickets, the logon type, the GPSVC log and gpresult beside
 * the directory's current groups, and say which refresh fixes which symptom.
 * Pure: the same function serves the extension, `tti diagnose` and the tests.
 */
import type { DirectoryGroup } from '../parse/directoryGroups';
import { timeMs } from './present';
import type { GroupEntry, SessionInfo } from './types';

export type ActionId = 'purge-tickets' | 'purge-system-tickets' | 'get-ticket' | 'close-connections' | 'sign-out-in' | 'sign-out-in-twice' | 'vpn-lock-unlock' | 'reboot' | 'foreground-refresh' | 'new-login-session' | 'sssd-cache';

export interface DiagnosisAction {
  id: ActionId;
  title: string;
  detail: string;
  /** A VS Code command the report can offer as a button. */
  command?: string;
}

export interface Finding {
  kind: 'added' | 'removed';
  scope: 'user' | 'computer';
  group: { name: string; sid?: string; gid?: number };
  /** Labels of the sessions whose token is stale for this group. */
  sessions: string[];
  /** What still sees the old state, and until when. */
  staleIn: string[];
  actions: DiagnosisAction[];
}

export interface DiagnosisInput {
  /** Sessions whose token/caches are evidence (limited, elevated, SYSTEM, a Linux process…). */
  sessions: readonly SessionInfo[];
  /** The directory's current groups for the user; undefined when not available. */
  /** `domainOnly`: the directory lists domain groups only (AD tokenGroups), so local Linux groups are not "removed". */
  directory?: { groups: readonly DirectoryGroup[]; source: string; readAt?: string; domainOnly?: boolean };
  /** The computer account's current groups (compared with the SYSTEM session). */
  computerDirectory?: { groups: readonly DirectoryGroup[]; source: string };
  gpsvc?: { outcome: 'new' | 'old'; line: number; time: string | null } | null;
  gpresultGroups?: readonly string[];
  /** When the membership changed, if known (ISO); compared with each TGT's start time. */
  changedAt?: string;
  platform: 'windows' | 'linux' | 'macos' | 'unknown';
}

export interface Diagnosis {
  drift: boolean;
  findings: Finding[];
  evidence: { used: string[]; missing: string[] };
  notes: string[];
  /** Every action of every finding, deduplicated, in the order to do them. */
  actions: DiagnosisAction[];
}

export const ACTIONS: Record<ActionId, DiagnosisAction> = {
  'vpn-lock-unlock': {
    id: 'vpn-lock-unlock',
    title: 'Connect the VPN, then lock and unlock',
    detail: 'With a domain controller reachable, unlocking refreshes the logon cache, so the next sign-in builds a token with the current groups.',
  },
  'purge-tickets': {
    id: 'purge-tickets',
    title: 'Purge Kerberos tickets (each session: limited and elevated)',
    detail: 'klist purge drops the TGT; the next network access gets a new one whose PAC carries the current groups. It fixes Kerberos access to shares and services, not the local token.',
    command: 'tti.kerberos.purge',
  },
  'purge-system-tickets': {
    id: 'purge-system-tickets',
    title: 'Purge the computer\'s tickets (klist -li 0x3e7 purge, elevated)',
    detail: 'The SYSTEM session has its own cache; purging it gives the computer Kerberos access with its current groups without a restart.',
    command: 'tti.kerberos.purge',
  },
  'get-ticket': {
    id: 'get-ticket',
    title: 'Get a fresh service ticket to prove access',
    detail: 'klist get <spn> (Windows) or kvno <spn> (Linux) after the purge shows the ticket is issued with the current groups.',
    command: 'tti.kerberos.getTicket',
  },
  'close-connections': {
    id: 'close-connections',
    title: 'Close existing connections to file servers',
    detail: 'Open SMB/TCP sessions stay authenticated with the old groups until they close (net use \\\\server /delete, or sign out). Servers may cache tokens too (IIS Basic: 15 min).',
  },
  'sign-out-in': {
    id: 'sign-out-in',
    title: 'Sign out and sign in again',
    detail: 'Only a new sign-in builds a new access token: local resources, NTLM and processes started earlier keep the old groups until then.',
  },
  'sign-out-in-twice': {
    id: 'sign-out-in-twice',
    title: 'Sign out and in while connected, twice if needed',
    detail: 'This sign-in used cached credentials: the logon cache refreshes only on an online sign-in, so the group change can need two sign-ins to reach the token. Supported order: sign in, connect VPN, lock, unlock, sign out, sign in.',
  },
  reboot: {
    id: 'reboot',
    title: 'Restart the computer',
    detail: 'The computer\'s token (SYSTEM, services, computer-targeted policy) is built at startup.',
  },
  'foreground-refresh': {
    id: 'foreground-refresh',
    title: 'Let a foreground policy refresh log the new groups',
    detail: 'gpupdate /force does not refresh the group list gpresult /r shows (WMI RSoP); a sign-in or startup with a domain controller reachable does. Check the GPSVC log for "logging new security grps".',
    command: 'tti.gpsvc.open',
  },
  'new-login-session': {
    id: 'new-login-session',
    title: 'Start a new login session',
    detail: 'A Linux process keeps the groups it started with: log out and in (or su - / newgrp for one shell). Running services need a restart.',
  },
  'sssd-cache': {
    id: 'sssd-cache',
    title: 'Invalidate the SSSD cache',
    detail: 'SSSD caches group lookups: sss_cache -E (as root) makes the next lookup ask the directory.',
  },
};

const WELL_KNOWN = /^S-1-(?:0|1|2|3|5-(?:[1-9]|1[0-9]|32|64|65|80|83|84|90|96|113|114|1000)|16|18|15-[23])(?:-|$)/i;

/** Groups the directory decides: domain/local accounts' groups, not well-known SIDs or labels. */
function isDirectoryGroup(g: { sid?: string; name?: string }, platform: DiagnosisInput['platform']): boolean {
  if (g.sid) {
    return /^S-1-5-21-/i.test(g.sid) && !WELL_KNOWN.test(g.sid);
  }
  if (platform === 'linux' || platform === 'macos') {
    return true;
  }
  // Names only (gpresult, net user): skip the usual well-known names.
  return !/^(everyone|tout le monde|jeder|authenticated users|interactive|local|console logon|this organization|.*mandatory level|builtin\\.*)$/i.test((g.name ?? '').trim());
}

export function normalizeName(name: string): string {
  let n = name.trim().toLowerCase();
  const slash = n.lastIndexOf('\\');
  if (slash >= 0) {
    n = n.slice(slash + 1);
  }
  const at = n.indexOf('@');
  if (at > 0) {
    n = n.slice(0, at);
  }
  return n;
}

function matches(token: GroupEntry, dir: DirectoryGroup): boolean {
  if (token.sid && dir.sid) {
    return token.sid.toUpperCase() === dir.sid.toUpperCase();
  }
  if (dir.name && token.name) {
    return normalizeName(token.name) === normalizeName(dir.name);
  }
  return false;
}

function isTokenSession(s: SessionInfo): boolean {
  return s.groups !== undefined && s.kind !== 'directory' && !s.id.startsWith('gpresult');
}

function actionsFor(kind: Finding['kind'], scope: Finding['scope'], input: DiagnosisInput, sessions: readonly SessionInfo[]): { staleIn: string[]; actions: DiagnosisAction[] } {
  const staleIn: string[] = [];
  const actions: DiagnosisAction[] = [];
  const cached = sessions.some((s) => s.cachedCredentials);
  if (input.platform === 'linux' || input.platform === 'macos') {
    staleIn.push('Processes started before the change (until a new login session)');
    actions.push(ACTIONS['new-login-session']);
    if (sessions.some((s) => (s.caches ?? []).some((c) => c.tickets.length > 0))) {
      staleIn.push('Kerberos tickets issued before the change (until purge or a new kinit)');
      actions.push(ACTIONS['purge-tickets'], ACTIONS['get-ticket']);
    }
    return { staleIn, actions };
  }
  if (scope === 'computer') {
    staleIn.push('The computer token: services, computer policy (until restart)', 'The computer\'s Kerberos tickets (until SYSTEM purge)');
    actions.push(ACTIONS['purge-system-tickets'], ACTIONS.reboot);
    return { staleIn, actions };
  }
  staleIn.push(
    'Local resources, NTLM and already-running processes (until sign-out/sign-in)',
    'Kerberos access to network resources (until the tickets are purged or the TGT renewed)',
    'Existing SMB/TCP connections (until they are closed)',
    'gpresult /r and RSoP (until a foreground refresh logs new groups)',
  );
  if (cached) {
    actions.push(ACTIONS['vpn-lock-unlock']);
  }
  actions.push(ACTIONS['purge-tickets'], ACTIONS['get-ticket'], ACTIONS['close-connections']);
  actions.push(cached ? ACTIONS['sign-out-in-twice'] : ACTIONS['sign-out-in']);
  actions.push(ACTIONS['foreground-refresh']);
  if (kind === 'removed') {
    // Removal is a security matter: access stays until every path above is refreshed.
    staleIn.push('Access the removed group granted stays until every item above is refreshed');
  }
  return { staleIn, actions };
}

export function diagnose(input: DiagnosisInput): Diagnosis {
  const used: string[] = [];
  const missing: string[] = [];
  const notes: string[] = [];
  const findings: Finding[] = [];
  const tokens = input.sessions.filter(isTokenSession);
  const userTokens = tokens.filter((s) => s.kind !== 'system' && s.kind !== 'networkService');
  const systemTokens = tokens.filter((s) => s.kind === 'system');
  if (tokens.length) {
    used.push(`Token groups of ${tokens.map((s) => s.label).join(', ')}`);
  } else {
    missing.push('Token groups (whoami /groups or id)');
  }
  if (input.directory) {
    used.push(`Directory groups (${input.directory.source})`);
  } else {
    missing.push('The directory\'s current groups (tokenGroups, Get-ADPrincipalGroupMembership, net user /domain, id -Gn)');
  }

  const compare = (scope: Finding['scope'], sessions: readonly SessionInfo[], dir: readonly DirectoryGroup[]): void => {
    const dirGroups = dir.filter((g) => isDirectoryGroup(g, input.platform));
    for (const d of dirGroups) {
      const lacking = sessions.filter((s) => !(s.groups ?? []).some((g) => matches(g, d)));
      if (lacking.length) {
        const { staleIn, actions } = actionsFor('added', scope, input, lacking);
        findings.push({ kind: 'added', scope, group: { name: d.name ?? d.sid ?? '?', ...(d.sid ? { sid: d.sid } : {}) }, sessions: lacking.map((s) => s.label), staleIn, actions });
      }
    }
    const seen = new Set<string>();
    for (const s of sessions) {
      for (const g of s.groups ?? []) {
        if (!isDirectoryGroup(g, input.platform) || (g.sid && s.user?.sid && g.sid === s.user.sid)) {
          continue;
        }
        // AD's tokenGroups lists domain groups only: a short Linux name may be a local group it never had.
        if (scope === 'user' && input.directory?.domainOnly && !g.sid && !/[@\\]/.test(g.name)) {
          continue;
        }
        const key = (g.sid ?? normalizeName(g.name)).toUpperCase();
        if (seen.has(key) || dir.some((d) => matches(g, d))) {
          continue;
        }
        // SIDs on one side and names on the other cannot prove a removal.
        if (g.sid && dir.length > 0 && !dir.some((d) => d.sid)) {
          continue;
        }
        seen.add(key);
        const holders = sessions.filter((x) => (x.groups ?? []).some((y) => (y.sid ?? normalizeName(y.name)).toUpperCase() === key));
        const { staleIn, actions } = actionsFor('removed', scope, input, holders);
        findings.push({ kind: 'removed', scope, group: { name: g.name, ...(g.sid ? { sid: g.sid } : {}), ...(g.gid !== undefined ? { gid: g.gid } : {}) }, sessions: holders.map((x) => x.label), staleIn, actions });
      }
    }
  };
  if (input.directory && userTokens.length) {
    compare('user', userTokens, input.directory.groups);
  }
  if (input.computerDirectory && systemTokens.length) {
    used.push(`Computer directory groups (${input.computerDirectory.source})`);
    compare('computer', systemTokens, input.computerDirectory.groups);
  }

  // TGT age: a TGT issued before the change carries the old groups.
  const changed = input.changedAt ? Date.parse(input.changedAt) : Number.NaN;
  for (const s of input.sessions) {
    for (const t of (s.caches ?? []).flatMap((c) => c.tickets).filter((x) => x.isTgt)) {
      const start = timeMs(t.start);
      if (start !== undefined && !Number.isNaN(changed) && start < changed) {
        notes.push(`${s.label}: the TGT was issued at ${t.start.raw}, before the change: its PAC carries the old groups until it is purged.`);
      }
    }
  }
  if (input.sessions.some((s) => (s.caches ?? []).length > 0)) {
    used.push('Kerberos ticket caches');
  } else {
    missing.push('Kerberos ticket caches (klist)');
  }
  const cachedSessions = input.sessions.filter((s) => s.cachedCredentials);
  if (cachedSessions.length) {
    notes.push(`${cachedSessions.map((s) => s.label).join(', ')}: signed in with cached credentials (logon type 11): the token was built from the logon cache, not from a domain controller.`);
  }
  if (input.gpsvc) {
    used.push('GPSVC log');
    notes.push(
      input.gpsvc.outcome === 'old'
        ? `GPSVC log line ${input.gpsvc.line}: "restoring old security grps" — Group Policy still used the old group list${input.gpsvc.time ? ` at ${input.gpsvc.time}` : ''}.`
        : `GPSVC log line ${input.gpsvc.line}: "logging new security grps" — Group Policy saw the current groups${input.gpsvc.time ? ` at ${input.gpsvc.time}` : ''}.`,
    );
  } else if (input.platform === 'windows') {
    missing.push('GPSVC log (optional)');
  }
  if (input.gpresultGroups) {
    used.push('gpresult /r groups (WMI view: background refresh does not update it)');
    if (input.directory) {
      const stale = input.directory.groups.filter((d) => isDirectoryGroup(d, input.platform) && d.name && !input.gpresultGroups?.some((n) => normalizeName(n) === normalizeName(d.name ?? '')));
      if (stale.length) {
        notes.push(`gpresult /r does not list ${stale.map((d) => d.name).join(', ')} yet: expected until a foreground refresh; gpupdate /force does not change it.`);
      }
    }
  }
  const actions: DiagnosisAction[] = [];
  for (const f of findings) {
    for (const a of f.actions) {
      if (!actions.some((x) => x.id === a.id)) {
        actions.push(a);
      }
    }
  }
  return { drift: findings.length > 0, findings, evidence: { used, missing }, notes, actions };
}

function mdEscape(text: string): string {
  return text.replace(/([\\`*_{}[\]<>|])/g, '\\$1');
}

/** The Markdown report a support engineer pastes into the ticket. Never contains key material. */
export function diagnosisMarkdown(d: Diagnosis, title = 'Group membership diagnosis'): string {
  const out: string[] = [`# ${title}`, ''];
  out.push(d.drift ? `**Drift found: ${d.findings.length} group change${d.findings.length === 1 ? '' : 's'} not yet in the token.**` : '**No drift found between the token and the directory.**', '');
  if (d.findings.length) {
    out.push('## Findings', '', '| Change | Group | SID | Sessions |', '|---|---|---|---|');
    for (const f of d.findings) {
      out.push(`| ${f.kind === 'added' ? 'Added in the directory, missing from the token' : 'Removed in the directory, still in the token'}${f.scope === 'computer' ? ' (computer)' : ''} | ${f.group.name === f.group.sid ? '(no name in the listing)' : mdEscape(f.group.name)} | ${f.group.sid ?? (f.group.gid !== undefined ? `gid ${f.group.gid}` : '')} | ${mdEscape(f.sessions.join(', '))} |`);
    }
    out.push('');
    const staleIn = [...new Set(d.findings.flatMap((f) => f.staleIn))];
    out.push('## What still sees the old state', '', ...staleIn.map((s) => `- ${s}`), '');
    out.push('## What to do, in order', '');
    d.actions.forEach((a, i) => out.push(`${i + 1}. **${a.title}** — ${a.detail}`));
    out.push('');
  }
  if (d.notes.length) {
    out.push('## Notes', '', ...d.notes.map((n) => `- ${mdEscape(n)}`), '');
  }
  out.push('## Evidence', '', ...d.evidence.used.map((e) => `- ✔ ${mdEscape(e)}`), ...d.evidence.missing.map((e) => `- ✘ missing: ${mdEscape(e)}`), '');
  return out.join('\n');
}
