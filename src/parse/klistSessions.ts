/**
 * `klist sessions`: `[i] Session <n> 0:0x<luid> DOMAIN\name Package:LogonType`.
 * Account names contain spaces (`NT AUTHORITY\LOCAL SERVICE`) or are just `\`, so a line is
 * read from both ends: the logon id is the token after the session number and the last token
 * is `Package:Type`; everything between is the account.
 */
import { detectKlistShadow, klistLines, readKlistErrorLine, readLogonIdLine, SHADOW_WARNINGS } from './klist';
import type { KlistError, KlistShadow } from './klist';
import type { ParseOptions, ParseResult, ParseWarning } from './types';

export interface KlistSession {
  /** i of `[i]`. */
  index: number;
  /** Terminal-services session number. */
  session: number;
  /** Low part as printed, lower-case: `0x46931ff`. */
  logonId: string;
  /** As printed: `0:0x46931ff`. */
  logonIdRaw: string;
  /** `TEST\test`, `Window Manager\DWM-1`, or `\` for an anonymous session. */
  account: string;
  /** `Kerberos`, `Negotiate`, `NTLM`... */
  authPackage: string;
  /** The name as printed (`Interactive`), or the number as a string when printed `(0)`. */
  logonType: string;
  logonTypeNumber: number | null;
  /** Logon types 11, 12 and 13 sign in from the logon cache: the token may be stale. */
  cachedCredentials: boolean;
  line: number;
}

/** A per-session failure, e.g. access denied on sessions of other users without elevation. */
export interface KlistSessionError {
  logonId: string | null;
  code: string | null;
  message: string;
  line: number;
}

export interface KlistSessions {
  currentLogonId: string | null;
  currentLogonIdRaw: string | null;
  sessions: KlistSession[];
  errors: KlistSessionError[];
  error: KlistError | null;
  shadowedBy: KlistShadow;
}

/** SECURITY_LOGON_TYPE names as klist prints them. */
export const LOGON_TYPE_NUMBERS: ReadonlyMap<string, number> = new Map([
  ['interactive', 2],
  ['network', 3],
  ['batch', 4],
  ['service', 5],
  ['proxy', 6],
  ['unlock', 7],
  ['networkcleartext', 8],
  ['newcredentials', 9],
  ['remoteinteractive', 10],
  ['cachedinteractive', 11],
  ['cachedremoteinteractive', 12],
  ['cachedunlock', 13],
]);

const CACHED_TYPES = new Set([11, 12, 13]);
const SESSION_START = /^\[(\d{1,6})\]\s+/;
const LOGON_ID = /^([0-9a-fA-Fx]{1,10}):(0x[0-9a-fA-F]{1,16})$/;
const ANY_LOGON_ID = /(?:^|[\s(])[0-9a-fA-Fx]{1,10}:(0x[0-9a-fA-F]{1,16})\b/;
const ERROR_CODE = /\b(0x[0-9a-fA-F]{1,8})\b/g;

function logonTypeOf(raw: string): { logonType: string; logonTypeNumber: number | null } {
  const paren = /^\((\d{1,4})\)$/.exec(raw);
  if (paren) {
    return { logonType: paren[1] ?? raw, logonTypeNumber: Number(paren[1]) };
  }
  if (/^\d{1,4}$/.test(raw)) {
    return { logonType: raw, logonTypeNumber: Number(raw) };
  }
  return { logonType: raw, logonTypeNumber: LOGON_TYPE_NUMBERS.get(raw.toLowerCase()) ?? null };
}

/** Reads one `[i] Session n h:0xl account Package:Type` line. */
function readSessionLine(text: string, line: number): KlistSession | null {
  const start = SESSION_START.exec(text);
  if (!start) {
    return null;
  }
  const tokens = text.slice(start[0].length).split(/\s+/);
  // tokens: "Session" (localizable), session number, logon id, account..., Package:Type
  const sessionNo = tokens[1] ?? '';
  const logon = LOGON_ID.exec(tokens[2] ?? '');
  if (!/^\d{1,10}$/.test(sessionNo) || !logon || tokens.length < 4) {
    return null;
  }
  const idToken = tokens[2] ?? '';
  const afterId = text.indexOf(idToken, start[0].length) + idToken.length;
  const rest = text.slice(afterId).trim();
  const lastSpace = Math.max(rest.lastIndexOf(' '), rest.lastIndexOf('\t'));
  const packageAndType = lastSpace >= 0 ? rest.slice(lastSpace + 1) : rest;
  const account = lastSpace >= 0 ? rest.slice(0, lastSpace).trim() : '';
  const colon = packageAndType.indexOf(':');
  if (colon <= 0) {
    return null;
  }
  const type = logonTypeOf(packageAndType.slice(colon + 1));
  return {
    index: Number(start[1]),
    session: Number(sessionNo),
    logonId: (logon[2] ?? '').toLowerCase(),
    logonIdRaw: idToken,
    account,
    authPackage: packageAndType.slice(0, colon),
    logonType: type.logonType,
    logonTypeNumber: type.logonTypeNumber,
    cachedCredentials: type.logonTypeNumber !== null && CACHED_TYPES.has(type.logonTypeNumber),
    line,
  };
}

/** A line about one session that is not a session row: keep it as that session's error. */
/** `LogonId (0:3e7)`: high:low, the low part in hex without 0x. */
const BARE_LOGON_ID = /LogonId \(\s*[0-9a-fA-F]{1,8}:([0-9a-fA-F]{1,16})\s*\)/;

function readSessionError(text: string, line: number): KlistSessionError | null {
  if (text.length > 1000 || !/error|denied|failed|0xc0{0,6}[0-9a-f]{1,8}\b/i.test(text)) {
    return null;
  }
  const id = ANY_LOGON_ID.exec(text);
  // Without elevation klist prints `... LsaGetLogonSessionData on LogonId (0:3e7): 0x5`: the low
  // part in hex without its 0x.
  const bare = id ? null : BARE_LOGON_ID.exec(text);
  if (!SESSION_START.test(text) && !id && !bare) {
    return null;
  }
  const codes = [...text.matchAll(ERROR_CODE)].map((m) => (m[1] ?? '').toLowerCase());
  // The last hex value that is not the logon id itself is the error code.
  const logonId = id ? (id[1] ?? '').toLowerCase() : bare ? `0x${(bare[1] ?? '').toLowerCase().replace(/^0+(?=.)/, '')}` : null;
  const code = codes.filter((c) => c !== logonId).pop() ?? null;
  return { logonId, code, message: text, line };
}

function emptySessions(): KlistSessions {
  return { currentLogonId: null, currentLogonIdRaw: null, sessions: [], errors: [], error: null, shadowedBy: null };
}

function parseSessionsUnsafe(input: string, warnings: ParseWarning[]): { value: KlistSessions; recognized: boolean } {
  const value = emptySessions();
  const lines = klistLines(input);
  for (const { text, line } of lines) {
    if (text === '') {
      continue;
    }
    const session = readSessionLine(text, line);
    if (session) {
      value.sessions.push(session);
      continue;
    }
    const logon = readLogonIdLine(text);
    if (logon) {
      if (value.currentLogonId === null && logon.role !== 'targeted') {
        value.currentLogonId = logon.id;
        value.currentLogonIdRaw = logon.raw;
      }
      continue;
    }
    const sessionError = readSessionError(text, line);
    if (sessionError) {
      value.errors.push(sessionError);
      continue;
    }
    const err = readKlistErrorLine(text, line, value.error);
    if (err) {
      value.error = err;
      continue;
    }
    if (SESSION_START.test(text)) {
      warnings.push({ line, message: 'Could not read this session line.' });
    }
  }
  value.shadowedBy = detectKlistShadow(lines);
  if (value.shadowedBy) {
    warnings.push({ message: SHADOW_WARNINGS[value.shadowedBy] });
  }
  const cached = value.sessions.filter((s) => s.cachedCredentials);
  const firstCached = cached[0];
  if (firstCached) {
    warnings.push({
      line: firstCached.line,
      message: `${cached.length} session(s) signed in with cached credentials: their group list dates from the last online sign-in.`,
    });
  }
  const recognized = value.sessions.length > 0 || value.errors.length > 0 || value.shadowedBy !== null;
  return { value, recognized };
}

/** Parses `klist sessions` output. */
export function parseKlistSessions(input: string, options: ParseOptions = {}): ParseResult<KlistSessions> {
  void options; // no dates in this output; the signature matches the other parsers
  const warnings: ParseWarning[] = [];
  try {
    const { value, recognized } = parseSessionsUnsafe(input, warnings);
    return { kind: 'klist-sessions', recognized, value, warnings };
  } catch (e) {
    warnings.push({ message: `Internal parser error: ${e instanceof Error ? e.message : String(e)}` });
    return { kind: 'klist-sessions', recognized: false, value: emptySessions(), warnings };
  }
}

const LOOKS_LIKE_SESSIONS = /^[ \t>]*\[\d{1,6}\] \S{1,20} \d{1,10} [0-9a-fA-Fx]{1,10}:0x[0-9a-fA-F]{1,16} /m;

export function looksLikeKlistSessions(input: string): boolean {
  if (typeof input !== 'string') {
    return false;
  }
  return LOOKS_LIKE_SESSIONS.test(input.slice(0, 200_000));
}
