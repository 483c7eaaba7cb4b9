/**
 * What the views show: sources (this machine, imported evidence) holding logon sessions, each
 * with its token groups and Kerberos caches. Built from parser results; never holds secrets.
 */
import type { TimeValue } from '../parse/types';

export type Platform = 'windows' | 'linux' | 'macos' | 'unknown';

export type SessionKind =
  | 'limited'
  | 'elevated'
  | 'system'
  | 'networkService'
  | 'process' // Linux/macOS: the groups this process (and its parent shell) carries
  | 'directory' // a fresh lookup of the account (NSS / directory), for comparison
  | 'imported';

export type IntegrityLevel = 'low' | 'medium' | 'mediumPlus' | 'high' | 'system';

export interface GroupEntry {
  name: string;
  sid?: string;
  /** Numeric id on Unix. */
  gid?: number;
  type?: string;
  attributes: string[];
  rawAttributes?: string;
  unknownAttributes?: string[];
}

export interface TicketEntry {
  client: string;
  server: string;
  isTgt: boolean;
  start: TimeValue;
  end: TimeValue;
  renewUntil: TimeValue | null;
  flags: string[];
  encryptionType?: string;
  sessionKeyType?: string;
  cacheFlags: string[];
  kdcCalled?: string;
}

export interface CacheEntry {
  /** `FILE:/tmp/krb5cc_1000`, `DIR::/run/...`, or for Windows the logon id's cache. */
  name: string;
  principal: string | null;
  tickets: TicketEntry[];
  isDefault?: boolean;
}

export type SessionProblemKind =
  | 'access-denied'
  | 'no-tgt-network-logon'
  | 'no-logon-servers'
  | 'unsupported-etype'
  | 'unknown-user'
  | 'tool-missing'
  | 'tool-shadowed'
  | 'needs-elevation'
  | 'no-credentials'
  | 'timeout'
  | 'failed'
  | 'partial';

export interface SessionProblem {
  kind: SessionProblemKind;
  message: string;
  /** What the user can do about it, in plain words. */
  hint?: string;
}

export interface SessionInfo {
  /** Stable within its source: `limited`, `elevated`, `0x3e7`, `process`, `directory`... */
  id: string;
  kind: SessionKind;
  label: string;
  logonId?: string;
  account?: string;
  user?: { name: string; sid?: string; uid?: number };
  /** `undefined` when the token was not read; `[]` when it was read and is empty. */
  groups?: GroupEntry[];
  integrityLevel?: IntegrityLevel | null;
  caches?: CacheEntry[];
  logonType?: string;
  logonTypeNumber?: number | null;
  cachedCredentials?: boolean;
  problems: SessionProblem[];
}

/** A `klist sessions` row. */
export interface LogonSessionRow {
  index: number;
  session: number;
  logonId: string;
  account: string;
  authPackage: string;
  logonType: string;
  logonTypeNumber: number | null;
  cachedCredentials: boolean;
}

export interface Source {
  /** `local` or `evidence:<n>`. */
  id: string;
  label: string;
  platform: Platform;
  origin: 'machine' | 'evidence';
  sessions: SessionInfo[];
  logonSessions?: LogonSessionRow[];
  /** Problems that concern the whole source (e.g. non-Windows features). */
  problems: SessionProblem[];
  warnings: string[];
  readAt: string;
}
