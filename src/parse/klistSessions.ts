/**
 * `klist sessions`: `[i] Session <n> 0:0x<luid> DOMAIN\name Package:LogonType`.
 * Account names contain spaces (`NT AUTHORITY\LOCAL SERVICE`) or are just `\`, so a line is
 * read from both ends: the logon id is the token after the session number and the last token
 * is `Package:Type`; everything between is the account.
 */
import { detectKlistShadowInTexts, klistLineTexts, readKlistErrorLine, readLogonIdLine, SHADOW_WARNINGS } from './klist';
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

interface LogonTypeOf {
  logonType: string;
  logonTypeNumber: number | null;
}

/**
 * The names as klist prints them, looked up without a lower-case copy. Sessions share these
 * strings: on a large paste the results are most of the memory, and so of the GC time.
 */
const PRINTED_LOGON_TYPES: ReadonlyMap<string, LogonTypeOf> = new Map(
  ['Interactive', 'Network', 'Batch', 'Service', 'Proxy', 'Unlock', 'NetworkCleartext', 'NewCredentials', 'RemoteInteractive', 'CachedInteractive', 'CachedRemoteInteractive', 'CachedUnlock'].map((name) => [
    name,
    { logonType: name, logonTypeNumber: LOGON_TYPE_NUMBERS.get(name.toLowerCase()) ?? null },
  ]),
);
/** Shared copies of the common package names, for the same reason. */
const PRINTED_PACKAGES: ReadonlyMap<string, string> = new Map(['Kerberos', 'Negotiate', 'NTLM', 'CloudAP', 'Schannel', 'WDigest', 'TSSSP', 'pku2u', 'CREDSSP'].map((name) => [name, name]));

const CACHED_TYPES = new Set([11, 12, 13]);
const SESSION_START = /^\[(\d{1,6})\]\s+/;
/**
 * `[i]`, a blank, then the tokens `Session`, session number and logon id, each followed by a
 * blank and more text: one regex instead of splitting the whole line.
 */
const SESSION_HEAD = /^(\[(\d{1,6})\]\s+)\S+\s+(\d{1,10})\s+([0-9a-fA-Fx]{1,10}:(0x[0-9a-fA-F]{1,16}))\s+\S/;
const ANY_LOGON_ID = /(?:^|[\s(])[0-9a-fA-Fx]{1,10}:(0x[0-9a-fA-F]{1,16})\b/;
const ERROR_CODE = /\b(0x[0-9a-fA-F]{1,8})\b/g;

const PAREN_NUMBER = /^\((\d{1,4})\)$/;
const NUMBER = /^\d{1,4}$/;

function logonTypeOf(raw: string): LogonTypeOf {
  const first = raw.charCodeAt(0);
  const paren = first === 0x28 ? PAREN_NUMBER.exec(raw) : null;
  if (paren) {
    return { logonType: paren[1] ?? raw, logonTypeNumber: Number(paren[1]) };
  }
  if (first >= 0x30 && first <= 0x39 && NUMBER.test(raw)) {
    return { logonType: raw, logonTypeNumber: Number(raw) };
  }
  return PRINTED_LOGON_TYPES.get(raw) ?? { logonType: raw, logonTypeNumber: LOGON_TYPE_NUMBERS.get(raw.toLowerCase()) ?? null };
}

/** `Math.max(lastIndexOf(' '), lastIndexOf('\t'))` in one backward scan (lastIndexOf is slow on sliced strings). */
function lastSpaceOrTab(text: string): number {
  for (let i = text.length - 1; i >= 0; i--) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || c === 0x09) {
      return i;
    }
  }
  return -1;
}

/** Reads one `[i] Session n h:0xl account Package:Type` line. */
function readSessionLine(text: string, line: number): KlistSession | null {
  // Tokens: "Session" (localizable), session number, logon id, then account..., Package:Type.
  const head = text.charCodeAt(0) === 0x5b ? SESSION_HEAD.exec(text) : null;
  if (!head) {
    return null;
  }
  const prefixLength = (head[1] ?? '').length;
  const idToken = head[4] ?? '';
  const afterId = text.indexOf(idToken, prefixLength) + idToken.length;
  const rest = text.slice(afterId).trim();
  const lastSpace = lastSpaceOrTab(rest);
  const packageAndType = lastSpace >= 0 ? rest.slice(lastSpace + 1) : rest;
  const account = lastSpace >= 0 ? rest.slice(0, lastSpace).trim() : '';
  const colon = packageAndType.indexOf(':');
  if (colon <= 0) {
    return null;
  }
  const type = logonTypeOf(packageAndType.slice(colon + 1));
  const authPackage = packageAndType.slice(0, colon);
  return {
    index: Number(head[2]),
    session: Number(head[3]),
    logonId: (head[5] ?? '').toLowerCase(),
    logonIdRaw: idToken,
    account,
    authPackage: PRINTED_PACKAGES.get(authPackage) ?? authPackage,
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

/** `...`, `…`, `[...]`, `<snip>`: a line the author put in place of rows. */
const ELISION = /^(?:\[?(?:\.{3,}|…)\]?|<\s*snip\s*>|\[\s*snip\s*\])$/i;

function parseSessionsUnsafe(input: string, warnings: ParseWarning[]): { value: KlistSessions; recognized: boolean } {
  const value = emptySessions();
  const lines = klistLineTexts(input);
  // Rows cut out of a paste: the UI must not present the list as every session.
  let previous: KlistSession | null = null;
  let elidedAt: number | null = null;
  let afterRow = false;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    const line = i + 1;
    if (text === '') {
      continue;
    }
    const session = readSessionLine(text, line);
    if (session) {
      if (previous && session.index > previous.index + 1) {
        const missing = session.index === previous.index + 2 ? `[${previous.index + 1}]` : `[${previous.index + 1}]-[${session.index - 1}]`;
        warnings.push({ line: elidedAt ?? line, message: `The paste leaves out session(s) ${missing}: the list is not complete.` });
      } else if (previous && elidedAt !== null) {
        warnings.push({ line: elidedAt, message: 'The paste elides session rows here: the list is not complete.' });
      }
      previous = session;
      elidedAt = null;
      afterRow = true;
      value.sessions.push(session);
      continue;
    }
    // Only right after a row: a `...` further down belongs to other output.
    if (afterRow && text.length <= 12 && ELISION.test(text)) {
      elidedAt = line;
      afterRow = false;
      continue;
    }
    afterRow = false;
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
  if (elidedAt !== null && previous) {
    warnings.push({ line: elidedAt, message: `The paste elides session rows after [${previous.index}]: the list is not complete.` });
  }
  value.shadowedBy = detectKlistShadowInTexts(lines);
  if (value.shadowedBy) {
    warnings.push({ message: SHADOW_WARNINGS[value.shadowedBy] });
  }
  let cachedCount = 0;
  let firstCached: KlistSession | null = null;
  for (const session of value.sessions) {
    if (session.cachedCredentials) {
      cachedCount++;
      firstCached ??= session;
    }
  }
  if (firstCached) {
    warnings.push({
      line: firstCached.line,
      message: `${cachedCount} session(s) signed in with cached credentials: their group list dates from the last online sign-in.`,
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
