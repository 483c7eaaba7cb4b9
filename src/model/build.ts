/**
 * Parser results → model objects. The only place that knows both shapes, so views and the
 * diagnosis never depend on a tool's output format.
 */
import type { IdResult } from '../parse/id';
import { classifyKlistError, type Klist, type KlistRun, type KlistTicket } from '../parse/klist';
import type { KlistSessions } from '../parse/klistSessions';
import type { UnixKlistCache, UnixKlistResult } from '../parse/unixKlist';
import type { WhoamiResult } from '../parse/whoami';
import type { DateOrder } from '../parse/types';
import { isTgtServer } from './present';
import type { CacheEntry, GroupEntry, LogonSessionRow, SessionInfo, SessionKind, SessionProblem, TicketEntry } from './types';

export function groupsFromWhoami(w: WhoamiResult): GroupEntry[] {
  return w.groups.map((g) => ({
    name: g.name,
    sid: g.sid,
    type: g.type,
    attributes: [...g.attributes],
    rawAttributes: g.rawAttributes,
    ...(g.unknownAttributes && g.unknownAttributes.length ? { unknownAttributes: [...g.unknownAttributes] } : {}),
  }));
}

const NO_TIME = { raw: '' };

export function ticketFromWindows(t: KlistTicket): TicketEntry {
  const server = t.server ?? '';
  return {
    client: t.client ?? '',
    server,
    isTgt: isTgtServer(server),
    start: t.startTime ?? NO_TIME,
    end: t.endTime ?? NO_TIME,
    renewUntil: !t.renewTime || t.renewTime.raw === '0' ? null : t.renewTime,
    flags: [...t.flags],
    ...(t.encryptionType ? { encryptionType: t.encryptionType } : {}),
    ...(t.sessionKeyType ? { sessionKeyType: t.sessionKeyType } : {}),
    cacheFlags: [...t.cacheFlags],
    ...(t.kdcCalled !== null ? { kdcCalled: t.kdcCalled } : {}),
  };
}

export function cacheFromWindowsKlist(k: Klist | KlistRun, logonId: string | null): CacheEntry {
  const tgt = k.tickets.find((t) => isTgtServer(t.server ?? ''));
  return {
    name: `LSA:${logonId ?? k.targetedLogonId ?? k.currentLogonId ?? 'current'}`,
    principal: tgt?.client ?? k.tickets[0]?.client ?? null,
    tickets: k.tickets.map(ticketFromWindows),
  };
}

export function cachesFromUnixKlist(k: UnixKlistResult): CacheEntry[] {
  const caches: readonly UnixKlistCache[] = k.caches;
  return caches.map((c, i) => ({
    name: c.cache ?? 'unknown',
    principal: c.principal,
    isDefault: i === 0,
    tickets: c.tickets.map((t) => ({
      client: t.client ?? c.principal ?? '',
      // A GSSAPI referral entry is stored as `ldap/host@`; the server it was issued for is the name to show.
      server: t.ticketServer ?? t.service,
      isTgt: isTgtServer(t.ticketServer ?? t.service),
      start: t.validStarting,
      end: t.expires,
      renewUntil: t.renewUntil,
      flags: [...t.flags],
      ...(t.encryption?.ticket ? { encryptionType: t.encryption.ticket } : {}),
      ...(t.encryption?.sessionKey ? { sessionKeyType: t.encryption.sessionKey } : {}),
      cacheFlags: [],
    })),
  }));
}

export function groupsFromId(id: IdResult): GroupEntry[] {
  const seen = new Set<number>();
  const groups: GroupEntry[] = [];
  // The primary group first: `id` lists it in gid= and again in groups=.
  for (const g of [id.gid, ...id.groups]) {
    if (!g || seen.has(g.id)) {
      continue;
    }
    seen.add(g.id);
    groups.push({ name: g.name ?? String(g.id), gid: g.id, attributes: g === id.gid ? ['primary'] : [] });
  }
  return groups;
}

export function userFromId(id: IdResult): { name: string; uid: number } | undefined {
  return id.uid ? { name: id.uid.name ?? String(id.uid.id), uid: id.uid.id } : undefined;
}

/** `klist sessions` without elevation: one access-denied line per session it may not read. */
export function sessionsAccessProblem(s: KlistSessions): SessionProblem | undefined {
  const denied = s.errors.filter((e) => e.code === '0x5' || /denied/i.test(e.message)).length;
  if (denied === 0 && !(s.error && errorKindOf(s.error.code, s.error.status) === 'access-denied')) {
    return undefined;
  }
  return {
    kind: 'access-denied',
    message: `${denied} other logon session${denied === 1 ? '' : 's'} could not be read without elevation (access denied).`,
    hint: 'Use "Read Other Sessions (Elevated)" to list them all, with SYSTEM and the elevated session.',
  };
}

/** The logon type `klist sessions` gives the session with the same logon id. */
export function applyLogonType(session: SessionInfo, rows: readonly LogonSessionRow[]): void {
  const row = rows.find((r) => r.logonId === session.logonId);
  if (row) {
    session.logonType = row.logonType;
    session.logonTypeNumber = row.logonTypeNumber;
    session.cachedCredentials = row.cachedCredentials;
    session.account = row.account;
  }
}

export function logonRowsFromSessions(s: KlistSessions): LogonSessionRow[] {
  return s.sessions.map((r) => ({
    index: r.index,
    session: r.session,
    logonId: r.logonId,
    account: r.account,
    authPackage: r.authPackage,
    logonType: r.logonType,
    logonTypeNumber: r.logonTypeNumber,
    cachedCredentials: r.cachedCredentials,
  }));
}

const KLIST_PROBLEM_HINTS: Record<string, SessionProblem> = {
  'access-denied': {
    kind: 'access-denied',
    message: 'Access denied reading this logon session.',
    hint: 'Reading other sessions needs elevation: use "Read Other Sessions (Elevated)".',
  },
  'no-tgt-network-logon': {
    kind: 'no-tgt-network-logon',
    message: 'This is a network logon (WinRM, SSH, PowerShell remoting): it has no TGT to show.',
    hint: 'Run klist in an interactive session (RDP or console) to see the user\'s tickets.',
  },
  'no-logon-servers': {
    kind: 'no-logon-servers',
    message: 'No logon server (domain controller) could be reached.',
    hint: 'Connect the VPN or the corporate network, then try again.',
  },
  'unsupported-etype': {
    kind: 'unsupported-etype',
    message: 'The domain controller could not issue the ticket with an encryption type both sides allow.',
    hint: "Compare the account's msDS-SupportedEncryptionTypes with the \"Configure encryption types allowed for Kerberos\" policy; a password change creates the missing AES keys.",
  },
};

export function klistProblem(kind: string, message: string): SessionProblem {
  const known = KLIST_PROBLEM_HINTS[kind];
  return known ? { ...known, message: `${known.message} (${message})` } : { kind: 'failed', message };
}

export interface SessionSeed {
  id: string;
  kind: SessionKind;
  label: string;
}

export function emptySession(seed: SessionSeed): SessionInfo {
  return { ...seed, problems: [] };
}

export function dateOrderSetting(value: string | undefined): DateOrder | undefined {
  return value === 'MDY' || value === 'DMY' || value === 'YMD' ? value : undefined;
}

/** Windows klist error code/status → the kind our hints know (the parser's table, so the two never disagree). */
export function errorKindOf(code: number | string | null, status: string | null): string {
  const text = String(code ?? '').trim().toLowerCase();
  const number = text === '' ? null : /^0x[0-9a-f]+$/.test(text) ? parseInt(text.slice(2), 16) : /^\d+$/.test(text) ? Number(text) : null;
  return classifyKlistError(number, status).kind;
}
