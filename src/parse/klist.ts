/**
 * Windows `klist` / `klist tickets` / `klist get <spn>` output, plus the building blocks the
 * other klist parsers share (logon id lines, error lines, wrong-klist detection).
 *
 * klist.exe is localized, so each ticket line's label is matched in English first and an
 * unknown label falls back on field position (the ten fields always come in the same order).
 */
import { cleanLineTexts, cleanLines, isPromptLine, isTrimSpace, trimmedSlice } from './text';
import { inferDateOrder, parseDateTime } from './time';
import type { DateOrder, ParseOptions, ParseResult, ParseWarning, TimeValue } from './types';

// ---------------------------------------------------------------------------------------------
// Shared building blocks
// ---------------------------------------------------------------------------------------------

/** A pasted line without Markdown quoting or trailing spaces (`klistLines` also drops indentation). */
export interface KlistLine {
  text: string;
  /** 1-based line number in the input. */
  line: number;
}

/** `cleanLines` for input that may not be a string (Markdown quoting and trailing whitespace removed, indentation kept). */
export function pasteLines(input: unknown): KlistLine[] {
  const text = typeof input === 'string' ? input : '';
  return cleanLines(text);
}

/** Every line trimmed: klist indents with TABs or spaces and pastes add 4/8-space code blocks. */
export function klistLines(input: unknown): KlistLine[] {
  return klistLineTexts(input).map((text, i) => ({ text, line: i + 1 }));
}

/** `klistLines` as plain strings (line number = index + 1): no object per line on the parsers' hot path. */
export function klistLineTexts(input: unknown): string[] {
  const lines = cleanLineTexts(typeof input === 'string' ? input : '');
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    // Most lines have no blank at either end: skip the call and the store.
    if (isTrimSpace(text.charCodeAt(0)) || isTrimSpace(text.charCodeAt(text.length - 1))) {
      lines[i] = text.trim();
    }
  }
  return lines;
}

function isHexDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x66);
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** True when `code` is the ASCII letter `lower` (given as a lower-case char code) in either case. */
function isLetter(code: number, lower: number): boolean {
  return (code | 0x20) === lower;
}

export type LogonIdRole = 'current' | 'targeted' | 'unknown';

export interface LogonIdLine {
  role: LogonIdRole;
  /** Low part as printed, lower-case: `0x468c4f9`. */
  id: string;
  /** As printed: `0:0x468c4f9`. */
  raw: string;
}

/** Path or field punctuation: a label holding one is not a logon id line's. */
const LOGON_LABEL_PUNCTUATION = /[\\/:[\]#>=]/;

const LOGON_ID_AT_END = /(?:^|\s)([0-9a-fA-Fx]{1,10}):(0x[0-9a-fA-F]{1,16})$/;

/** `Current LogonId is 0:0x...` / `Targeted LogonId is 0:0x...` (or a localized label). */
export function readLogonIdLine(text: string): LogonIdLine | null {
  // The id ends the line as `:0x<hex>` after its last colon: most lines fail here, before the regex.
  if (!isHexDigit(text.charCodeAt(text.length - 1)) || text.length > 160) {
    return null;
  }
  const first = text.charCodeAt(0);
  if (first === 0x5b || first === 0x23) {
    return null; // `[0] Session ...` and `#0>` lines end with ids too
  }
  // Back over the hex digits to the `:0x` before them (LOGON_ID_AT_END ends so): no search for the last colon.
  let x = text.length - 1;
  while (x > 0 && isHexDigit(text.charCodeAt(x))) {
    x--;
  }
  if (text.charCodeAt(x) !== 0x78 || text.charCodeAt(x - 1) !== 0x30 || text.charCodeAt(x - 2) !== 0x3a) {
    return null;
  }
  const m = LOGON_ID_AT_END.exec(text);
  if (!m) {
    return null;
  }
  const label = text.slice(0, m.index).trim();
  // A localized label is a few words; anything with path or field punctuation is something else.
  if (label.length === 0 || label.length > 60 || LOGON_LABEL_PUNCTUATION.test(label)) {
    return null;
  }
  const lower = label.toLowerCase();
  const role: LogonIdRole = lower.startsWith('current logonid') ? 'current' : lower.startsWith('targeted logonid') ? 'targeted' : 'unknown';
  return { role, id: (m[2] ?? '').toLowerCase(), raw: `${m[1] ?? ''}:${m[2] ?? ''}` };
}

export type KlistErrorKind = 'no-tgt-network-logon' | 'access-denied' | 'no-logon-servers' | 'unsupported-etype' | 'other';

export interface KlistErrorInfo {
  kind: KlistErrorKind;
  /** Win32 codes as klist prints them after `substatus):` (decimal or hex). */
  codes: readonly number[];
  /** NTSTATUS values of `klist failed with 0x...`, lower-case. */
  statuses: readonly string[];
  /** One plain sentence for the UI. */
  explanation: string;
}

/** What the klist errors people actually meet mean, keyed by code or status. */
export const KLIST_ERRORS: readonly KlistErrorInfo[] = [
  {
    kind: 'no-tgt-network-logon',
    codes: [1312],
    statuses: ['0xc000005f'],
    explanation:
      'This logon session has no Kerberos ticket cache to read: it is a network logon (WinRM, PowerShell remoting, PsExec) that never received a TGT.',
  },
  {
    kind: 'access-denied',
    codes: [5],
    statuses: ['0xc0000022'],
    explanation: "Reading or purging another logon session's tickets needs an elevated (Run as administrator) prompt.",
  },
  {
    kind: 'no-logon-servers',
    codes: [1311],
    statuses: ['0xc000005e'],
    explanation: 'No domain controller could be reached to issue the ticket: check the VPN or network connection and DNS.',
  },
  {
    // SEC_E_KDC_UNKNOWN_ETYPE / STATUS_KDC_UNKNOWN_ETYPE (e.g. `klist get` when only AES-256 is allowed but the account has no AES key).
    kind: 'unsupported-etype',
    codes: [0x80090342],
    statuses: ['0xc00002fd'],
    explanation:
      "The domain controller cannot issue this ticket with an encryption type both sides allow: compare the account's supported encryption types with the Kerberos encryption type policy.",
  },
];

const OTHER_EXPLANATION = 'klist reported an error; the message and codes are shown as printed.';

/**
 * The NTSTATUS of `klist failed with` decides when klist printed one: the same substatus comes
 * with different failures (1312 = 0x520 with STATUS_NO_SUCH_LOGON_SESSION in a WinRM session,
 * but with SEC_E_NO_CREDENTIALS when `klist get` finds no credential to use). The code alone
 * decides only when the status line is missing.
 */
export function classifyKlistError(code: number | null, status: string | null): { kind: KlistErrorKind; explanation: string } {
  const lowerStatus = status?.toLowerCase() ?? null;
  for (const info of KLIST_ERRORS) {
    if (lowerStatus !== null ? info.statuses.includes(lowerStatus) : code !== null && info.codes.includes(code)) {
      return { kind: info.kind, explanation: info.explanation };
    }
  }
  return { kind: 'other', explanation: OTHER_EXPLANATION };
}

export interface KlistError {
  /** `LsaCallAuthenticationPackage` */
  api: string | null;
  /** What klist was doing: `ShowTickets`, `GetTicket`, `PurgeTicket`... */
  operation: string | null;
  /** The Win32 substatus as a number: 1312, 0x51f = 1311. */
  code: number | null;
  /** The substatus as printed: `1312`, `0x51f`. */
  codeRaw: string | null;
  /** The NTSTATUS of `klist failed with`, lower-case: `0xc000005f`. */
  status: string | null;
  /** The text after `klist failed with 0x.../-...:` ('' when klist printed none). */
  message: string;
  kind: KlistErrorKind;
  explanation: string;
  line: number;
}

/** Group 4: what follows the code (a flattened console wrap can put `klist failed with ...` there). */
const API_ERROR = /^Error calling API ([A-Za-z0-9_]{1,80})(?:\s*\(([^()]{0,80})\))?\s*:\s*(0x[0-9a-fA-F]{1,8}|-?\d{1,10})(?:\s+(.*))?$/i;
/** Localized fallback: the API name is never translated. */
const LSA_ERROR = /\b(Lsa[A-Za-z]{1,60})(?:\s*\(([^()]{0,80})\))?\s*:\s*(0x[0-9a-fA-F]{1,8}|-?\d{1,10})$/;
const FAILED_WITH = /^klist failed with (0x[0-9a-fA-F]{1,8})(?:\/(-?\d{1,11}))?(?:\s*:\s*(.*))?$/i;
const FAILED_STATUS = /(0x[cC8][0-9a-fA-F]{7})\/(-\d{1,11})(?:\s*:\s*(.*))?$/;

function numberFromCode(raw: string): number | null {
  const hex = raw.charCodeAt(0) === 0x30 && isLetter(raw.charCodeAt(1), 0x78);
  const n = hex ? Number.parseInt(raw.slice(2), 16) : Number.parseInt(raw, 10);
  return Number.isFinite(n) ? n : null;
}

function withClassification(e: Omit<KlistError, 'kind' | 'explanation'>): KlistError {
  const { kind, explanation } = classifyKlistError(e.code, e.status);
  return { api: e.api, operation: e.operation, code: e.code, codeRaw: e.codeRaw, status: e.status, message: e.message, line: e.line, kind, explanation };
}

/** The `substatus` klist prints after the operation: `(ShowTickets substatus)`. */
const SUBSTATUS_SUFFIX = /\s*substatus\s*$/i;

/**
 * Reads an `Error calling API ...` or `klist failed with ...` line into `current` (the two
 * lines of one failure are merged). Returns the updated error, or undefined when the line is
 * not an error line.
 */
export function readKlistErrorLine(text: string, line: number, current: KlistError | null): KlistError | undefined {
  // First-character and substring guards: every klist line comes through here.
  const first = text.charCodeAt(0);
  // LSA_ERROR ends with a code: a hex digit.
  const lsa = isHexDigit(text.charCodeAt(text.length - 1)) && text.includes('Lsa');
  // `Er... c...`: `EndTime`, `EncodedTicket` and the like skip API_ERROR.
  const mayBeApiError = isLetter(first, 0x65) && isLetter(text.charCodeAt(1), 0x72) && isLetter(text.charCodeAt(6), 0x63);
  const api = (mayBeApiError ? API_ERROR.exec(text) : null) ?? (lsa ? LSA_ERROR.exec(text) : null);
  if (api) {
    const codeRaw = (api[3] ?? '').toLowerCase();
    const operation = (api[2] ?? '').replace(SUBSTATUS_SUFFIX, '').trim() || null;
    const base = current && current.code === null ? current : null;
    const apiError = withClassification({
      api: api[1] ?? null,
      operation,
      code: numberFromCode(codeRaw),
      codeRaw,
      status: base?.status ?? null,
      message: base?.message ?? '',
      line: base?.line ?? line,
    });
    // Both lines of the failure on one line (a console wrap flattened into spaces): read the second part too.
    const rest = (api[4] ?? '').trim();
    return (rest === '' ? undefined : readFailedWithLine(rest, line, apiError)) ?? apiError;
  }
  return readFailedWithLine(text, line, current);
}

/** The `klist failed with 0x.../-...: message` part of `readKlistErrorLine`. */
function readFailedWithLine(text: string, line: number, current: KlistError | null): KlistError | undefined {
  const first = text.charCodeAt(0);
  // `k.....f`: a typed `klist tgt` skips FAILED_WITH.
  const mayBeFailedWith = isLetter(first, 0x6b) && isLetter(text.charCodeAt(6), 0x66);
  const failed = (mayBeFailedWith ? FAILED_WITH.exec(text) : null) ?? (text.length < 400 && text.includes('/-') ? FAILED_STATUS.exec(text) : null);
  if (failed) {
    const status = (failed[1] ?? '').toLowerCase();
    const base = current && current.status === null ? current : null;
    return withClassification({
      api: base?.api ?? null,
      operation: base?.operation ?? null,
      code: base?.code ?? null,
      codeRaw: base?.codeRaw ?? null,
      status,
      message: (failed[3] ?? '').trim(),
      line: base?.line ?? line,
    });
  }
  return undefined;
}

/** Which foreign klist.exe answered instead of %SystemRoot%\System32\klist.exe. */
export type KlistShadow = 'jdk' | 'mit' | null;

const JDK_MARKERS = /java\.lang\.[A-Za-z]{0,60}(?:Exception|Error)|sun\.security\.krb5|KrbException|^Credentials cache:\s*(?:[A-Za-z]:\\|\S*\\krb5cc)|^No credentials available at [A-Za-z]:\\|^Default principal: \S+, \d+ entr(?:y|ies) found\.?$/;

/** The literals of JDK_MARKERS' unanchored alternatives: one regex scan is cheaper than three `includes`. */
const JDK_ANYWHERE_HINT = /java\.lang\.|sun\.security\.krb5|KrbException/;

/** JDK_MARKERS' precondition: the literal that starts one of its alternatives, at the start or anywhere. */
function mayBeJdkMarker(text: string): boolean {
  switch (text.charCodeAt(0)) {
    case 0x43:
      return text.startsWith('Credentials cache:') || JDK_ANYWHERE_HINT.test(text);
    case 0x4e:
      return text.startsWith('No credentials available at ') || JDK_ANYWHERE_HINT.test(text);
    case 0x44:
      return text.startsWith('Default principal: ') || JDK_ANYWHERE_HINT.test(text);
    default:
      return JDK_ANYWHERE_HINT.test(text);
  }
}

/** MIT_MARKERS' precondition: the literal that starts one of its (anchored) alternatives. */
function mayBeMitMarker(text: string): boolean {
  switch (text.charCodeAt(0)) {
    case 0x54:
      return text.startsWith('Ticket cache:');
    case 0x6b:
      return text.startsWith('klist: ');
    case 0x56:
      return text.startsWith('Valid starting');
    default:
      return false;
  }
}

/** Anchored on `Ticket cache`, `klist: ` or `Valid starting`. */
const MIT_MARKERS = /^Ticket cache:\s*(?:API|MSLSA|FILE|KCM|DIR|KEYRING|MEMORY):|^klist: (?:No credentials cache found|No ticket file|Credentials cache .{0,200}not found|You have no tickets cached)|^Valid starting\s+Expires\s+Service principal$/;

export function detectKlistShadow(lines: readonly KlistLine[]): KlistShadow {
  return detectKlistShadowInTexts(lines.map((l) => l.text));
}

/** `detectKlistShadow` over the line texts (`klistLineTexts`). */
export function detectKlistShadowInTexts(texts: readonly string[]): KlistShadow {
  let mit = false;
  // An index loop: this runs once per paste, often before it is optimized, where `for...of`
  // allocates a result object per line.
  for (let i = 0; i < texts.length; i++) {
    const text = texts[i] ?? '';
    if (text.length > 2000) {
      continue;
    }
    // Both tests run on every line of every klist paste: cheap preconditions first.
    if (mayBeJdkMarker(text) && JDK_MARKERS.test(text)) {
      return 'jdk';
    }
    if (!mit && mayBeMitMarker(text) && MIT_MARKERS.test(text)) {
      mit = true;
    }
  }
  return mit ? 'mit' : null;
}

export const SHADOW_WARNINGS: Record<'jdk' | 'mit', string> = {
  jdk: 'This output comes from the Java JDK klist, not Windows klist: a JDK bin folder is before System32 on PATH. Run %SystemRoot%\\System32\\klist.exe by its full path.',
  mit: 'This output comes from MIT Kerberos for Windows klist, not Windows klist: its bin folder is before System32 on PATH. Run %SystemRoot%\\System32\\klist.exe by its full path.',
};

/** `failed` as a whole word at the start of klist's arguments: `klist failed with 0x...`. */
const FAILED_WORD = /^failed\b/i;

const COMMAND = /^(?:[^>]{0,300}>\s*(?:run\s+)?)?(klist(?:\.exe)?(?:\s+(.*))?)$/i;

/** A typed klist command line (with or without a prompt), e.g. `PS C:\> klist get host/x`. */
export function readKlistCommand(text: string): { command: string; subcommand: string } | null {
  if (text.length > 1000 || !mayBeKlistCommand(text)) {
    return null;
  }
  const m = COMMAND.exec(text);
  if (!m) {
    return null;
  }
  const args = m[2] ?? '';
  const tokens = blankSeparatedWords(args, 0, args.length);
  if (FAILED_WORD.test(tokens[0] ?? '')) {
    return null; // "klist failed with 0x...": an error line, not a command
  }
  let subcommand = 'tickets';
  for (let i = 0; i < tokens.length; i++) {
    const t = (tokens[i] ?? '').toLowerCase();
    if (t === '-li' || t === '-lh') {
      i++;
      continue;
    }
    subcommand = t;
    break;
  }
  return { command: (m[1] ?? '').trim(), subcommand };
}

/**
 * COMMAND's cheap precondition: `klist` starts the line, or follows the first `>` (a prompt
 * has no other `>`), blanks and an optional `run`. Saves the regex on nearly every line.
 */
function mayBeKlistCommand(text: string): boolean {
  // `klist` at the start; any other line starting with `k` (`KerbTicket...`, `Kdc Called`) may only be a prompt's.
  if (startsWithKlist(text, 0)) {
    return true;
  }
  const gt = text.indexOf('>');
  if (gt < 0 || gt > 300) {
    return false;
  }
  let i = skipBlanks(text, gt + 1);
  // `run klist` (Cobalt Strike style): `run` must be followed by a blank to be that prefix.
  if (isLetter(text.charCodeAt(i), 0x72) && isLetter(text.charCodeAt(i + 1), 0x75) && isLetter(text.charCodeAt(i + 2), 0x6e)) {
    const after = skipBlanks(text, i + 3);
    if (after === i + 3) {
      return false;
    }
    i = after;
  }
  return startsWithKlist(text, i);
}

/** `klist` (any case) at `at`. */
function startsWithKlist(text: string, at: number): boolean {
  return (
    isLetter(text.charCodeAt(at), 0x6b) &&
    isLetter(text.charCodeAt(at + 1), 0x6c) &&
    isLetter(text.charCodeAt(at + 2), 0x69) &&
    isLetter(text.charCodeAt(at + 3), 0x73) &&
    isLetter(text.charCodeAt(at + 4), 0x74)
  );
}

/** Index of the first character from `from` that \s cannot match (any non-ASCII one is skipped, to be safe). */
function skipBlanks(text: string, from: number): number {
  let i = from;
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (!(c === 0x20 || (c >= 0x09 && c <= 0x0d) || c >= 0x80)) {
      break;
    }
    i++;
  }
  return i;
}

/** Reads `0x40e10000 -> forwardable renewable` or `0` into hex + names. */
export function readFlags(value: string): { hex: string; names: string[] } {
  const arrow = value.indexOf('->');
  if (arrow < 0) {
    return { hex: trimmedSlice(value, 0, value.length).toLowerCase(), names: [] };
  }
  return { hex: trimmedSlice(value, 0, arrow).toLowerCase(), names: blankSeparatedWords(value, arrow + 2, value.length) };
}

/**
 * Collects the items of the small arrays built below before they are copied into an array of
 * their exact length: an array grown by `push` from empty keeps room for 17 items, and every
 * ticket of a large paste keeps two such arrays.
 */
const scratch: string[] = [];

/** The first `count` scratch items as a new array; the scratch lets go of them (a slice of a line keeps the whole input alive). */
function takeScratch(count: number): string[] {
  const items = scratch.slice(0, count);
  scratch.fill('', 0, count);
  return items;
}

/** `text.slice(start, end).trim().split(/\s+/)`, and [] for a blank range. */
function blankSeparatedWords(text: string, start: number, end: number): string[] {
  let count = 0;
  let i = start;
  for (;;) {
    while (i < end && isTrimSpace(text.charCodeAt(i))) {
      i++;
    }
    if (i >= end) {
      return takeScratch(count);
    }
    const wordStart = i;
    while (i < end && !isTrimSpace(text.charCodeAt(i))) {
      i++;
    }
    scratch[count++] = text.slice(wordStart, i);
  }
}

/** KERB_TICKET_FLAGS_* (ntsecapi.h), named as klist prints them, highest bit first (klist's order). */
const TICKET_FLAG_BITS: readonly (readonly [number, string])[] = [
  [0x40000000, 'forwardable'],
  [0x20000000, 'forwarded'],
  [0x10000000, 'proxiable'],
  [0x08000000, 'proxy'],
  [0x04000000, 'may_postdate'],
  [0x02000000, 'postdated'],
  [0x01000000, 'invalid'],
  [0x00800000, 'renewable'],
  [0x00400000, 'initial'],
  [0x00200000, 'pre_authent'],
  [0x00100000, 'hw_authent'],
  [0x00040000, 'ok_as_delegate'],
  [0x00010000, 'name_canonicalize'],
];
const TICKET_FLAG_NAMES = new Set(TICKET_FLAG_BITS.map(([, name]) => name));

/** A word a fixed-width paste cut off (`renewable i`): the start of a flag name, not a flag. */
function isCutFlagName(word: string): boolean {
  if (TICKET_FLAG_NAMES.has(word)) {
    return false;
  }
  const lower = word.toLowerCase();
  for (const name of TICKET_FLAG_NAMES) {
    if (name.startsWith(lower)) {
      return true;
    }
  }
  return false;
}

const TICKET_FLAGS_HEX = /^0x[0-9a-f]{1,8}$/;

/**
 * `Ticket Flags` (not `Cache Flags`): the names come from the hex, which survives a paste
 * that cut the printed names short (a cut-off last word is dropped either way).
 */
export function readTicketFlags(value: string): { hex: string; names: string[] } {
  const arrow = value.indexOf('->');
  return arrow < 0 ? ticketFlags(value, 0, value.length, value.length) : ticketFlags(value, 0, arrow, arrow + 2);
}

/**
 * readTicketFlags of the hex in `text` from `hexStart` to `hexEnd` and the names from
 * `namesStart` to the end, read in place: a ticket's `Ticket Flags` line needs no copy.
 */
function ticketFlags(text: string, hexStart: number, hexEnd: number, namesStart: number): { hex: string; names: string[] } {
  const hex = trimmedSlice(text, hexStart, hexEnd).toLowerCase();
  const bits = TICKET_FLAGS_HEX.test(hex) ? Number(hex) : Number.NaN;
  // The usual line: every printed name is a known one, so the hex alone gives the list.
  if (Number.isFinite(bits) && allFlagNames(text, namesStart)) {
    return { hex, names: flagNamesOf(bits) };
  }
  const printed = blankSeparatedWords(text, namesStart, text.length);
  const last = printed[printed.length - 1];
  const names = last !== undefined && isCutFlagName(last) ? printed.slice(0, -1) : printed;
  if (!Number.isFinite(bits)) {
    return { hex, names };
  }
  if (!names.every((n) => TICKET_FLAG_NAMES.has(n))) {
    return { hex, names }; // a name the table lacks: trust klist's own list
  }
  return { hex, names: flagNamesOf(bits) };
}

/** True when every blank-separated word of `text` from `start` on is a flag name of TICKET_FLAG_BITS. */
function allFlagNames(text: string, start: number): boolean {
  let i = start;
  for (;;) {
    while (i < text.length && isTrimSpace(text.charCodeAt(i))) {
      i++;
    }
    if (i >= text.length) {
      return true;
    }
    const wordStart = i;
    while (i < text.length && !isTrimSpace(text.charCodeAt(i))) {
      i++;
    }
    if (!isFlagNameAt(text, wordStart, i)) {
      return false;
    }
  }
}

function isFlagNameAt(text: string, start: number, end: number): boolean {
  const candidates = TICKET_FLAG_NAMES_BY_LENGTH[end - start];
  if (candidates === undefined) {
    return false;
  }
  for (let i = 0; i < candidates.length; i++) {
    if (text.startsWith(candidates[i] ?? '', start)) {
      return true;
    }
  }
  return false;
}

/** TICKET_FLAG_BITS' names by length: a word is compared with two of them at most. */
const TICKET_FLAG_NAMES_BY_LENGTH: (string[] | undefined)[] = [];
for (const [, name] of TICKET_FLAG_BITS) {
  (TICKET_FLAG_NAMES_BY_LENGTH[name.length] ??= []).push(name);
}

/** The names of the bits set in `bits`, in klist's order. */
function flagNamesOf(bits: number): string[] {
  let count = 0;
  for (const [bit, name] of TICKET_FLAG_BITS) {
    if ((bits & bit) !== 0) {
      scratch[count++] = name;
    }
  }
  return takeScratch(count);
}

/** `LON-DC-1$ @ CONTOSO.COM` -> name and realm (split at the last ` @ `); realm null without `@`. */
export function splitPrincipal(value: string): { name: string; realm: string | null } {
  const at = value.lastIndexOf('@');
  if (at < 0) {
    return { name: value, realm: null };
  }
  // `Client: @` (a forged ticket) prints both parts empty: '' for both, as printed.
  return { name: trimmedSlice(value, 0, at), realm: trimmedSlice(value, at + 1, value.length) };
}

// ---------------------------------------------------------------------------------------------
// klist tickets
// ---------------------------------------------------------------------------------------------

export interface KlistTicket {
  /** N of `#N>`; counted from 0 when the paste lost the `#N>` markers. */
  index: number;
  /** As printed: `LON-DC-1$ @ CONTOSO.COM`. */
  client: string | null;
  clientName: string | null;
  clientRealm: string | null;
  server: string | null;
  serverName: string | null;
  serverRealm: string | null;
  /** `KerbTicket Encryption Type`, e.g. `AES-256-CTS-HMAC-SHA1-96`, `RSADSI RC4-HMAC(NT)`. */
  encryptionType: string | null;
  /** Names after `->`: `forwardable`, `renewable`, `initial`... */
  flags: string[];
  /** `0x40e10000` */
  flagsHex: string | null;
  startTime: TimeValue | null;
  endTime: TimeValue | null;
  /** `Renew Time: 0` gives `{ raw: '0' }`. */
  renewTime: TimeValue | null;
  sessionKeyType: string | null;
  /** `PRIMARY`, `DELEGATION`, `ASC`; empty for `0`. */
  cacheFlags: string[];
  cacheFlagsHex: string | null;
  /** '' when klist printed `Kdc Called:` with nothing after it; null when the line is missing. */
  kdcCalled: string | null;
  line: number;
}

export interface KlistGetResult {
  spn: string;
  line: number;
}

/** One `#N>` entry of `klist query_bind` / `add_bind`: the KDC (domain controller) cached for a realm. Not a ticket. */
export interface KlistKdcBinding {
  /** N of `#N>`. */
  index: number;
  /** `RealmName` */
  realm: string | null;
  /** `KDC Address`: a DC name or IP address. */
  kdcAddress: string | null;
  /** `KDC Name`; null also when klist printed `(null)` (no name cached). */
  kdcName: string | null;
  /** `Flags`: the DsGetDcName flags the DC was looked up with, `0x2c1000`. */
  flagsHex: string | null;
  /** `DS_6_REQUIRED`, `WRITABLE_REQUIRED`... */
  flags: string[];
  /** `DC Flags`: what the DC answered, `0xe001f3fc`. */
  dcFlagsHex: string | null;
  /** `GC`, `LDAP`, `DS`, `KDC`, `WRITABLE`... */
  dcFlags: string[];
  cacheFlagsHex: string | null;
  cacheFlags: string[];
  line: number;
}

/** One `label: value` line of `klist cloud_debug`, as printed. */
export interface KlistCloudDebugField {
  label: string;
  /** The number as printed: `0`, `1`, `2`. */
  value: string;
  line: number;
}

/**
 * `klist cloud_debug`: what the logon session holds for Cloud Kerberos (Microsoft Entra
 * Kerberos: Windows Hello cloud Kerberos trust, FIDO2 sign-in, Azure Files). Each flag is null
 * when its line is missing (older builds print fewer lines).
 */
export interface KlistCloudDebug {
  /** Every field line in order, the unknown ones of newer builds too. */
  fields: KlistCloudDebugField[];
  /** `Cloud Kerberos enabled by policy` (CloudKerberosTicketRetrievalEnabled). */
  enabledByPolicy: boolean | null;
  /** `AS_REP callback received`: CloudAP passed Kerberos data from Entra ID at sign-in. */
  asRepCallbackReceived: boolean | null;
  asRepCallbackUsed: boolean | null;
  /** `Cloud Referral TGT present in cache`: a TGT of the KERBEROS.MICROSOFTONLINE.COM realm. */
  cloudReferralTgtPresent: boolean | null;
  spnOracleConfigured: boolean | null;
  kdcProxyPresent: boolean | null;
  publicKeyCredentialPresent: boolean | null;
  passwordDerivedKeysPresent: boolean | null;
  plaintextPasswordPresent: boolean | null;
  /** `AS_REP Credential Type`: nonzero after a key-based sign-in (Windows Hello, FIDO2). */
  asRepCredentialType: number | null;
  /** `Cloud Primary (Hybrid logon) TGT available`: the partial TGT a domain controller exchanges for a full one. */
  cloudPrimaryTgtAvailable: boolean | null;
  /** The `Cloud Kerberos Debug info:` line, or the first field line when the paste lost it. */
  line: number;
}

/** One klist invocation in the input. */
export interface KlistRun {
  /** The typed command when the paste shows it: `klist get host/dc01.test.local`. */
  command: string | null;
  currentLogonId: string | null;
  currentLogonIdRaw: string | null;
  targetedLogonId: string | null;
  targetedLogonIdRaw: string | null;
  cachedTicketCount: number | null;
  tickets: KlistTicket[];
  /** `A ticket to <spn> has been retrieved successfully.` lines of `klist get`. */
  getResults: KlistGetResult[];
  error: KlistError | null;
  /** `KDC binding cache entries: (N)` of `klist query_bind` / `add_bind`; null when absent. */
  kdcBindingCount: number | null;
  /** The KDC binding cache entries of `klist query_bind` / `add_bind`; [] when absent. */
  kdcBindings: KlistKdcBinding[];
  /** klist's binding-cache lines as printed (`... has been purged successfully.`, `Domain X is now bound to KDC Y.`); [] when absent. */
  kdcBindingMessages: string[];
  /** `klist cloud_debug` output; null when absent. */
  cloudDebug: KlistCloudDebug | null;
}

/** The first run at top level (as in a single paste); every run, in order, in `runs`. */
export interface Klist extends KlistRun {
  runs: KlistRun[];
  /** A Java JDK or MIT klist.exe came first on PATH. */
  shadowedBy: KlistShadow;
}

type TicketField =
  | 'client'
  | 'server'
  | 'encryptionType'
  | 'flags'
  | 'startTime'
  | 'endTime'
  | 'renewTime'
  | 'sessionKeyType'
  | 'cacheFlags'
  | 'kdcCalled';

/** The order klist always prints the fields in: the fallback for localized labels. */
const TICKET_FIELD_ORDER: readonly TicketField[] = [
  'client',
  'server',
  'encryptionType',
  'flags',
  'startTime',
  'endTime',
  'renewTime',
  'sessionKeyType',
  'cacheFlags',
  'kdcCalled',
];

const ENGLISH_TICKET_LABELS = new Map<string, TicketField>([
  ['client', 'client'],
  ['server', 'server'],
  ['kerbticket encryption type', 'encryptionType'],
  ['ticket flags', 'flags'],
  ['start time', 'startTime'],
  ['end time', 'endTime'],
  ['renew time', 'renewTime'],
  ['session key type', 'sessionKeyType'],
  ['cache flags', 'cacheFlags'],
  ['kdc called', 'kdcCalled'],
]);

/**
 * Localized time labels, exactly as real klist outputs print them (French, Spanish, Russian,
 * Chinese samples). Fields are otherwise read by position, which is right for a whole block; a
 * block the author abridged (`Client`, `Serveur`, ... `Heure de fin` only) needs its times
 * named: which time a value is cannot be told from its shape.
 */
const LOCALIZED_TIME_LABELS = new Map<string, TicketField>([
  ['Heure de démarrage', 'startTime'],
  ['Heure de fin', 'endTime'],
  ['Heure de renouvellement', 'renewTime'],
  ['Hora de inicio', 'startTime'],
  ['Hora de finalización', 'endTime'],
  ['Hora de renovación', 'renewTime'],
  ['Время начала', 'startTime'],
  ['Время окончания', 'endTime'],
  ['Время продления', 'renewTime'],
  ['开始时间', 'startTime'],
  ['结束时间', 'endTime'],
  ['续订时间', 'renewTime'],
]);

/** The labels exactly as English klist prints them (a shortcut before lower-casing). */
const PRINTED_TICKET_LABELS = new Map<string, TicketField>([
  ['Client', 'client'],
  ['Server', 'server'],
  ['KerbTicket Encryption Type', 'encryptionType'],
  ['Ticket Flags', 'flags'],
  ['Start Time', 'startTime'],
  ['End Time', 'endTime'],
  ['Renew Time', 'renewTime'],
  ['Session Key Type', 'sessionKeyType'],
  ['Cache Flags', 'cacheFlags'],
  ['Kdc Called', 'kdcCalled'],
]);

/** TICKET_FIELD_ORDER's labels as English klist prints them, at the same positions. */
const PRINTED_TICKET_LABEL_LIST: readonly string[] = TICKET_FIELD_ORDER.map((field) => [...PRINTED_TICKET_LABELS].find(([, f]) => f === field)?.[0] ?? '');

/**
 * The position in TICKET_FIELD_ORDER of the English label that starts `text` directly followed
 * by its colon (`Client: ...`, as klist prints nearly every field line), or -1. Such a line is
 * read by splitFieldLine as that label and the rest of the line: no copy of the label is needed.
 */
function printedTicketFieldAt(text: string): number {
  const candidates = PRINTED_TICKET_LABELS_BY_FIRST_CHAR[text.charCodeAt(0)];
  if (candidates === undefined) {
    return -1;
  }
  for (let c = 0; c < candidates.length; c++) {
    const i = candidates[c] ?? -1;
    const label = PRINTED_TICKET_LABEL_LIST[i] ?? '';
    if (text.charCodeAt(label.length) === 0x3a && text.startsWith(label)) {
      return i;
    }
  }
  return -1;
}

/** The positions in PRINTED_TICKET_LABEL_LIST of the labels starting with each (ASCII) character. */
const PRINTED_TICKET_LABELS_BY_FIRST_CHAR: (number[] | undefined)[] = [];
PRINTED_TICKET_LABEL_LIST.forEach((label, i) => {
  (PRINTED_TICKET_LABELS_BY_FIRST_CHAR[label.charCodeAt(0)] ??= []).push(i);
});

const TICKET_START = /^#(\d{1,6})>\s*(.*)$/;
const USAGE = /^Usage: klist(?:\.exe)?\b/i;
const GET_SUCCESS = /^A ticket to (.{1,1000}) has been retrieved successfully\.?$/i;
const HEX_OR_DEC = /^(?:0x[0-9a-fA-F]{1,16}|\d{1,10})$/;
/** Lines that belong to other klist commands: a run containing them is not a ticket list. */
const NON_TICKET_LINE = /^(?:Deleting all tickets:?|Ticket\(s\) purged!?|Alle Tickets werden gel\S{1,3}scht:?|Ticket\(s\) gel\S{1,3}scht\.?|Suppression de tous les tickets|Ticket\(s\) supprim|Cached TGT:|\[\d{1,6}\] \S+ \d+ )/i;
/** Subcommands this parser reads (besides the binding ones below); `cloud_debug` prints no tickets but its own lines. */
const TICKET_SUBCOMMANDS = new Set(['tickets', 'get', 'cloud_debug']);
/** Subcommands of the KDC binding cache: their `#N>` entries are bindings, not tickets. */
const BINDING_SUBCOMMANDS = new Set(['query_bind', 'add_bind', 'purge_bind']);

type BindingField = 'realm' | 'kdcAddress' | 'kdcName' | 'flags' | 'dcFlags' | 'cacheFlags';

/** The order klist prints a binding entry's fields in: the fallback for localized labels. */
const BINDING_FIELD_ORDER: readonly BindingField[] = ['realm', 'kdcAddress', 'kdcName', 'flags', 'dcFlags', 'cacheFlags'];

const ENGLISH_BINDING_LABELS = new Map<string, BindingField>([
  ['realmname', 'realm'],
  ['kdc address', 'kdcAddress'],
  ['kdc name', 'kdcName'],
  ['flags', 'flags'],
  ['dc flags', 'dcFlags'],
  ['cache flags', 'cacheFlags'],
]);

/** `KDC binding cache entries: (N)`, the binding list's count line. */
const BINDING_COUNT_LABEL = /^KDC binding cache entries\s*:/i;

/** klist's English binding-cache status lines (`queried`, `purged`; `Domain X is now bound to KDC Y.` of add_bind). */
function isBindingMessage(text: string): boolean {
  // `the ...` or `dom...` (ASCII letters: no other character lower-cases to them): `Ticket Flags` lines skip the copy.
  const maybeThe = isLetter(text.charCodeAt(1), 0x68) && isLetter(text.charCodeAt(2), 0x65);
  const maybeDomain = isLetter(text.charCodeAt(1), 0x6f) && isLetter(text.charCodeAt(2), 0x6d);
  if (text.length > 600 || !(maybeThe || maybeDomain)) {
    return false;
  }
  const lower = text.toLowerCase();
  return (
    (lower.startsWith('the kerberos kdc binding cache has been ') && lower.includes(' successfully')) ||
    (lower.startsWith('domain ') && lower.includes(' is now bound to kdc '))
  );
}

/** `Label: value`, or `Ticket Flags 0x... -> names` which has no colon. */
function splitFieldLine(text: string): { label: string; value: string } | null {
  const arrow = text.indexOf('->');
  const colon = text.indexOf(':');
  if (arrow > 0 && (colon < 0 || colon > arrow)) {
    const before = text.slice(0, arrow).trimEnd();
    const sp = Math.max(before.lastIndexOf(' '), before.lastIndexOf('\t'));
    if (sp > 0 && HEX_OR_DEC.test(before.slice(sp + 1))) {
      return { label: before.slice(0, sp).trim(), value: `${before.slice(sp + 1)} ${text.slice(arrow)}` };
    }
  }
  if (colon > 0 && colon <= 80) {
    return { label: text.slice(0, colon).trim(), value: text.slice(colon + 1).trim() };
  }
  if (colon < 0 && text.length <= 120) {
    const sp = Math.max(text.lastIndexOf(' '), text.lastIndexOf('\t'));
    if (sp > 0 && /^0x[0-9a-fA-F]{1,16}$/.test(text.slice(sp + 1))) {
      return { label: text.slice(0, sp).trim(), value: text.slice(sp + 1) };
    }
  }
  return null;
}

function emptyTicket(index: number, line: number): KlistTicket {
  return {
    index,
    client: null,
    clientName: null,
    clientRealm: null,
    server: null,
    serverName: null,
    serverRealm: null,
    encryptionType: null,
    flags: [],
    flagsHex: null,
    startTime: null,
    endTime: null,
    renewTime: null,
    sessionKeyType: null,
    cacheFlags: [],
    cacheFlagsHex: null,
    kdcCalled: null,
    line,
  };
}

/**
 * One copy of each distinct string of a paste's tickets and bindings: a listing repeats its
 * client, realms, encryption types, KDC and times in every ticket, and each copy kept alive is
 * work for the garbage collector on large pastes. Strings are immutable: sharing one is invisible.
 */
class StringPool {
  private readonly strings = new Map<string, string>();

  get(text: string): string {
    const known = this.strings.get(text);
    if (known !== undefined) {
      return known;
    }
    this.strings.set(text, text);
    return text;
  }

  getAll(texts: string[]): string[] {
    for (let i = 0; i < texts.length; i++) {
      texts[i] = this.get(texts[i] ?? '');
    }
    return texts;
  }
}

function setTicketField(t: KlistTicket, field: TicketField, printed: string, pool: StringPool): void {
  const value = pool.get(printed);
  switch (field) {
    case 'client': {
      const p = splitPrincipal(value);
      t.client = value;
      t.clientName = pool.get(p.name);
      t.clientRealm = p.realm === null ? null : pool.get(p.realm);
      break;
    }
    case 'server': {
      const p = splitPrincipal(value);
      t.server = value;
      t.serverName = pool.get(p.name);
      t.serverRealm = p.realm === null ? null : pool.get(p.realm);
      break;
    }
    case 'encryptionType':
      t.encryptionType = value;
      break;
    case 'flags': {
      const f = readTicketFlags(value);
      t.flagsHex = pool.get(f.hex);
      t.flags = f.names;
      break;
    }
    case 'startTime':
      t.startTime = { raw: value };
      break;
    case 'endTime':
      t.endTime = { raw: value };
      break;
    case 'renewTime':
      t.renewTime = { raw: value };
      break;
    case 'sessionKeyType':
      t.sessionKeyType = value;
      break;
    case 'cacheFlags': {
      const f = readFlags(value);
      t.cacheFlagsHex = pool.get(f.hex);
      t.cacheFlags = pool.getAll(f.names);
      break;
    }
    case 'kdcCalled':
      t.kdcCalled = value;
      break;
  }
}

function emptyRun(command: string | null): KlistRun {
  return {
    command,
    currentLogonId: null,
    currentLogonIdRaw: null,
    targetedLogonId: null,
    targetedLogonIdRaw: null,
    cachedTicketCount: null,
    tickets: [],
    getResults: [],
    error: null,
    kdcBindingCount: null,
    kdcBindings: [],
    kdcBindingMessages: [],
    cloudDebug: null,
  };
}

function hasBindingContent(r: KlistRun): boolean {
  return r.kdcBindingCount !== null || r.kdcBindings.length > 0 || r.kdcBindingMessages.length > 0;
}

function runHasContent(r: KlistRun): boolean {
  return r.currentLogonId !== null || runIsListing(r);
}

function runIsListing(r: KlistRun): boolean {
  return r.cachedTicketCount !== null || r.tickets.length > 0 || r.error !== null || r.getResults.length > 0 || hasBindingContent(r) || r.cloudDebug !== null;
}

interface RunState {
  run: KlistRun;
  /** Not a ticket list (purge, tgt, sessions...): dropped from the result. */
  foreign: boolean;
  /** A KDC binding cache command (typed, or shown by its English lines): `#N>` entries are bindings. */
  bindings: boolean;
  /** A `#N>` line whose first field, still to come, says what the block is. */
  pending: { index: number; line: number } | null;
  ticket: KlistTicket | null;
  binding: KlistKdcBinding | null;
  /** Next expected field position in the current ticket or binding block. */
  position: number;
  /** The warning about tickets without `#N>` was given for this run. */
  warnedNumberless: boolean;
  /** The strings of the whole paste (shared by its runs). */
  pool: StringPool;
}

function newRunState(command: string | null, pool: StringPool): RunState {
  return { run: emptyRun(command), foreign: false, bindings: false, pending: null, ticket: null, binding: null, position: 0, warnedNumberless: false, pool };
}

function emptyBinding(index: number, line: number): KlistKdcBinding {
  return {
    index,
    realm: null,
    kdcAddress: null,
    kdcName: null,
    flagsHex: null,
    flags: [],
    dcFlagsHex: null,
    dcFlags: [],
    cacheFlagsHex: null,
    cacheFlags: [],
    line,
  };
}

function setBindingField(b: KlistKdcBinding, field: BindingField, printed: string, pool: StringPool): void {
  const value = pool.get(printed);
  switch (field) {
    case 'realm':
      b.realm = value;
      break;
    case 'kdcAddress':
      b.kdcAddress = value;
      break;
    case 'kdcName':
      b.kdcName = value === '(null)' ? null : value; // printf of a null name
      break;
    case 'flags': {
      const f = readFlags(value);
      b.flagsHex = f.hex;
      b.flags = f.names;
      break;
    }
    case 'dcFlags': {
      const f = readFlags(value);
      b.dcFlagsHex = f.hex;
      b.dcFlags = f.names;
      break;
    }
    case 'cacheFlags': {
      const f = readFlags(value);
      b.cacheFlagsHex = f.hex;
      b.cacheFlags = f.names;
      break;
    }
  }
}

function bindingFieldIsSet(b: KlistKdcBinding, field: BindingField): boolean {
  switch (field) {
    case 'flags':
      return b.flagsHex !== null;
    case 'dcFlags':
      return b.dcFlagsHex !== null;
    case 'cacheFlags':
      return b.cacheFlagsHex !== null;
    default:
      return b[field] !== null;
  }
}

const COUNT_DIGITS = /^\d{1,6}$/;
/** Path, field or principal punctuation: a label holding one is not a count line's. */
const COUNT_LABEL_PUNCTUATION = /[\\/:[\]#>=@]/;

/** Reads a localized-or-English `Cached Tickets: (N)` line. */
function readCachedCount(text: string): number | null {
  // `(digits)` at the end: `Start Time: ... (local)` stops at the digit check.
  if (text.charCodeAt(text.length - 1) !== 0x29 || !isDigit(text.charCodeAt(text.length - 2)) || text.startsWith('[') || text.length > 100) {
    return null;
  }
  const open = text.lastIndexOf('(');
  const inner = text.slice(open + 1, -1);
  if (open <= 0 || !COUNT_DIGITS.test(inner)) {
    return null;
  }
  const before = text.slice(0, open).trimEnd();
  if (!before.endsWith(':')) {
    return null;
  }
  const label = before.slice(0, -1).trim();
  if (label.length === 0 || label.length > 60 || COUNT_LABEL_PUNCTUATION.test(label)) {
    return null;
  }
  return Number(inner);
}

/** Completes a time read as `{ raw }` into what parseDateTime makes of it, in place; `parsed` holds the times already read. */
function convertTime(v: TimeValue | null, order: DateOrder | undefined, parsed: Map<string, TimeValue>): void {
  if (!v) {
    return;
  }
  let p = parsed.get(v.raw);
  if (!p) {
    p = parseDateTime(v.raw, order);
    parsed.set(v.raw, p);
  }
  v.raw = p.raw;
  if (p.iso !== undefined) {
    v.iso = p.iso;
  }
}

/** NON_TICKET_LINE starts with D, A, `Cached`, Su (any case), `[` or `Ticket(`: `Client:` and `Cache Flags` lines skip it. */
function mayBeNonTicketLine(text: string, first: number): boolean {
  const lower = first | 0x20;
  // `Ticket Flags` lines are in every ticket: the `(` of `Ticket(s)` rules them out; `Su` skips `Server:`.
  return (
    lower === 0x64 ||
    lower === 0x61 ||
    (lower === 0x63 && isLetter(text.charCodeAt(5), 0x64)) ||
    (lower === 0x73 && (text.charCodeAt(1) | 0x20) === 0x75) ||
    first === 0x5b ||
    (lower === 0x74 && text.charCodeAt(6) === 0x28)
  );
}

type CloudDebugKey = Exclude<keyof KlistCloudDebug, 'fields' | 'line'>;

/** `klist cloud_debug`'s field labels, lower-cased, and what each one sets. */
const CLOUD_DEBUG_LABELS = new Map<string, CloudDebugKey>([
  ['cloud kerberos enabled by policy', 'enabledByPolicy'],
  ['as_rep callback received', 'asRepCallbackReceived'],
  ['as_rep callback used', 'asRepCallbackUsed'],
  ['cloud referral tgt present in cache', 'cloudReferralTgtPresent'],
  ['spn oracle configured', 'spnOracleConfigured'],
  ['kdc proxy present in cache', 'kdcProxyPresent'],
  ['public key credential present', 'publicKeyCredentialPresent'],
  ['password-derived keys present', 'passwordDerivedKeysPresent'],
  ['plaintext password present', 'plaintextPasswordPresent'],
  ['as_rep credential type', 'asRepCredentialType'],
  ['cloud primary (hybrid logon) tgt available', 'cloudPrimaryTgtAvailable'],
]);

/** The lengths of CLOUD_DEBUG_LABELS' labels: a ticket's `Cache Flags: 0` line is ruled out without a copy. */
const CLOUD_DEBUG_LABEL_LENGTHS = new Set(Array.from(CLOUD_DEBUG_LABELS.keys(), (label) => label.length));

/** The line `klist cloud_debug` prints before its fields, lower-cased. */
const CLOUD_DEBUG_HEADER = 'cloud kerberos debug info:';

function emptyCloudDebug(line: number): KlistCloudDebug {
  return {
    fields: [],
    enabledByPolicy: null,
    asRepCallbackReceived: null,
    asRepCallbackUsed: null,
    cloudReferralTgtPresent: null,
    spnOracleConfigured: null,
    kdcProxyPresent: null,
    publicKeyCredentialPresent: null,
    passwordDerivedKeysPresent: null,
    plaintextPasswordPresent: null,
    asRepCredentialType: null,
    cloudPrimaryTgtAvailable: null,
    line,
  };
}

/**
 * The colon of a `label: number` line (`AS_REP callback used: 1`), or -1. Every line of every
 * klist paste comes through here: anything not ending in a digit is turned down first.
 */
function numberFieldColon(text: string): number {
  const n = text.length;
  if (n > 120 || !isDigit(text.charCodeAt(n - 1))) {
    return -1;
  }
  let i = n - 1;
  while (i > 0 && isDigit(text.charCodeAt(i))) {
    i--;
  }
  if (text.charCodeAt(i) === 0x2d) {
    i--; // a negative number
  }
  while (i > 0 && isSpaceOrTab(text.charCodeAt(i))) {
    i--;
  }
  return i > 0 && text.charCodeAt(i) === 0x3a ? i : -1;
}

/** The length of `text` up to `end` without the blanks before `end`. */
function trimmedEnd(text: string, end: number): number {
  let e = end;
  while (e > 0 && isSpaceOrTab(text.charCodeAt(e - 1))) {
    e--;
  }
  return e;
}

function setCloudDebugField(cd: KlistCloudDebug, key: CloudDebugKey, value: string): void {
  if (key === 'asRepCredentialType') {
    cd.asRepCredentialType = Number(value);
  } else {
    cd[key] = value !== '0';
  }
}

/** `...`, `…`, `[...]`, `<snip>`: a line the author put in place of a ticket's remaining fields. */
const ELIDED_FIELDS = /^(?:\[?(?:\.{3,}|…)\]?|<\s*snip\s*>|\[\s*snip\s*\])$/i;

/**
 * Reads klist output line by line into runs. A class rather than closures in one function: the
 * line reader stays small enough to be optimized on its own and is not thrown away with the code
 * that runs once after the loop (that made every large paste run mostly unoptimized).
 */
class KlistReader {
  readonly states: RunState[] = [];
  private readonly pool = new StringPool();
  private state: RunState = newRunState(null, this.pool);
  sawUsage = false;

  constructor(
    private readonly lines: readonly string[],
    private readonly warnings: ParseWarning[],
  ) {
    this.states.push(this.state);
  }

  readAll(): void {
    for (let i = 0; i < this.lines.length; i++) {
      this.readLine(i);
    }
  }

  private newRun(command: string | null): void {
    this.state = newRunState(command, this.pool);
    this.states.push(this.state);
  }

  private openTicket(index: number, line: number): void {
    const tickets = this.state.run.tickets;
    const last = tickets[tickets.length - 1];
    if (last && index <= last.index) {
      this.newRun(null); // a second listing pasted without its header lines
    }
    const state = this.state;
    const ticket = emptyTicket(index, line);
    state.run.tickets.push(ticket);
    state.ticket = ticket;
    state.binding = null;
    state.pending = null;
    state.position = 0;
  }

  private openBinding(index: number, line: number): void {
    const bindings = this.state.run.kdcBindings;
    const last = bindings[bindings.length - 1];
    if (last && index <= last.index) {
      this.newRun(null); // a second query pasted without its header lines
      this.state.bindings = true;
    }
    const state = this.state;
    const binding = emptyBinding(index, line);
    state.run.kdcBindings.push(binding);
    state.binding = binding;
    state.ticket = null;
    state.pending = null;
    state.position = 0;
  }

  private closeTicket(): void {
    const pending = this.state.pending;
    this.state.pending = null;
    if (pending && !this.state.bindings) {
      this.openTicket(pending.index, pending.line); // `#N>` with no field after it is still a ticket of the list
    }
    const state = this.state;
    state.ticket = null;
    state.binding = null;
    state.position = 0;
  }

  /** The first field line after `#N>` decides what the block is; never a ticket read by position when it is not one. */
  private openPendingBlock(text: string, line: number): boolean {
    const pending = this.state.pending;
    if (!pending) {
      return false;
    }
    // An English ticket label (klist's usual `#0>     Client: ...`) makes it a ticket without splitting the line.
    const printed = printedTicketFieldAt(text) >= 0;
    const f = printed ? null : splitFieldLine(text);
    if ((!printed && !f) || (PROMPT_END.test(text) && isPromptLine(text))) {
      return false;
    }
    const kind = f ? blockKindOf(f, this.state.bindings) : 'ticket';
    if (kind === 'ticket') {
      this.openTicket(pending.index, pending.line);
      return readTicketLine(this.state, text, line, this.warnings);
    }
    if (kind === 'binding') {
      this.state.bindings = true;
      this.openBinding(pending.index, pending.line);
      return readBindingLine(this.state, text);
    }
    this.warnings.push({ line: pending.line, message: `Block #${pending.index} is not a ticket (it starts with "${f?.label ?? ''}"): it was skipped.` });
    this.state.pending = null;
    return true;
  }

  /** Reads `lines[i]`. */
  private readLine(i: number): void {
    const text = this.lines[i] ?? '';
    const line = i + 1;
    if (text === '') {
      this.closeTicket();
      return;
    }
    if (text.length > 4000) {
      this.closeTicket();
      this.warnings.push({ line, message: 'Skipped an overlong line.' });
      return;
    }
    // Each regex below is anchored on a first character: test that before running it.
    const first = text.charCodeAt(0);
    if (isLetter(first, 0x75) && USAGE.test(text)) {
      this.sawUsage = true;
      return;
    }
    if (this.readHeaderLine(text, line, first)) {
      return;
    }
    const start = first === 0x23 ? TICKET_START.exec(text) : null;
    if (start) {
      this.closeTicket();
      this.state.pending = { index: Number(start[1]), line };
      const rest = (start[2] ?? '').trim();
      if (rest !== '' && !this.openPendingBlock(rest, line)) {
        this.closeTicket();
      }
      return;
    }
    if (this.state.ticket !== null || this.state.binding !== null || this.state.pending !== null) {
      if (this.readBlockLine(text, line, i)) {
        return;
      }
      this.closeTicket(); // the block ended: the line may still start the next one
    }
    const state = this.state;
    if (!state.bindings && startsNumberlessTicket(this.lines, i)) {
      const last = state.run.tickets[state.run.tickets.length - 1];
      if (!state.warnedNumberless) {
        state.warnedNumberless = true;
        this.warnings.push({ line, message: 'The ticket blocks have no "#N>" numbers (edited paste): they are numbered in order from 0.' });
      }
      this.openTicket(last ? last.index + 1 : 0, line);
      readTicketLine(this.state, text, line, this.warnings);
    }
  }

  /** The lines around the ticket blocks: command, logon id, count, binding, `klist get` and error lines. False for any other line. */
  private readHeaderLine(text: string, line: number, first: number): boolean {
    const command = readKlistCommand(text);
    if (command) {
      this.closeTicket();
      if (runHasContent(this.state.run) || this.state.run.command !== null) {
        this.newRun(command.command);
      } else {
        this.state.run.command = command.command;
      }
      const state = this.state;
      state.bindings = BINDING_SUBCOMMANDS.has(command.subcommand);
      state.foreign = !TICKET_SUBCOMMANDS.has(command.subcommand) && !state.bindings;
      return true;
    }
    const logon = readLogonIdLine(text);
    if (logon) {
      this.closeTicket();
      const r = this.state.run;
      const targeted = logon.role === 'targeted' || (logon.role === 'unknown' && r.currentLogonId !== null && r.targetedLogonId === null && r.cachedTicketCount === null && r.tickets.length === 0);
      if (targeted) {
        r.targetedLogonId = logon.id;
        r.targetedLogonIdRaw = logon.raw;
      } else {
        if (runHasContent(r)) {
          this.newRun(null);
        }
        this.state.run.currentLogonId = logon.id;
        this.state.run.currentLogonIdRaw = logon.raw;
      }
      return true;
    }
    const count = readCachedCount(text);
    if (count !== null) {
      this.closeTicket();
      if (this.state.bindings || BINDING_COUNT_LABEL.test(text)) {
        this.state.bindings = true;
        this.state.run.kdcBindingCount = count;
        return true;
      }
      if (this.state.run.cachedTicketCount !== null || this.state.run.tickets.length > 0) {
        this.newRun(null);
      }
      this.state.run.cachedTicketCount = count;
      return true;
    }
    if ((isLetter(first, 0x74) || isLetter(first, 0x64)) && isBindingMessage(text)) {
      this.closeTicket();
      this.state.bindings = true;
      this.state.run.kdcBindingMessages.push(text);
      return true;
    }
    const got = isLetter(first, 0x61) ? GET_SUCCESS.exec(text) : null;
    if (got) {
      this.closeTicket();
      this.state.run.getResults.push({ spn: (got[1] ?? '').trim(), line });
      return true;
    }
    const err = readKlistErrorLine(text, line, this.state.run.error);
    if (err) {
      this.closeTicket();
      this.state.run.error = err;
      return true;
    }
    if (this.readCloudDebugLine(text, line, first)) {
      return true;
    }
    if (mayBeNonTicketLine(text, first) && NON_TICKET_LINE.test(text)) {
      this.closeTicket();
      this.state.foreign = true;
      return true;
    }
    return false;
  }

  /**
   * A `klist cloud_debug` line: its header, one of its known fields, or any other `label: number`
   * line right after one (a field of a newer build). The known fields are read without the
   * header too: excerpts often quote only those lines.
   */
  private readCloudDebugLine(text: string, line: number, first: number): boolean {
    if (text.length === CLOUD_DEBUG_HEADER.length && isLetter(first, 0x63) && text.toLowerCase() === CLOUD_DEBUG_HEADER) {
      this.closeTicket();
      this.openCloudDebug(line);
      return true;
    }
    const colon = numberFieldColon(text);
    if (colon < 0) {
      return false;
    }
    const open = this.state.run.cloudDebug;
    const lastLine = open === null ? -1 : (open.fields[open.fields.length - 1]?.line ?? open.line);
    const continues = lastLine === line - 1;
    const labelEnd = trimmedEnd(text, colon);
    if (!continues && !CLOUD_DEBUG_LABEL_LENGTHS.has(labelEnd)) {
      return false;
    }
    const label = text.slice(0, labelEnd);
    const key = CLOUD_DEBUG_LABELS.get(label.toLowerCase());
    if (key === undefined && !continues) {
      return false;
    }
    this.closeTicket();
    // A field the open output already has starts another output (two runs pasted without their headers).
    const cd = open === null || (key !== undefined && open[key] !== null) ? this.openCloudDebug(line) : open;
    const value = trimmedSlice(text, colon + 1, text.length);
    cd.fields.push({ label: this.state.pool.get(label), value, line });
    if (key !== undefined) {
      setCloudDebugField(cd, key, value);
    }
    return true;
  }

  /** Starts the `klist cloud_debug` output of the current run, or of a new run when this one already shows something. */
  private openCloudDebug(line: number): KlistCloudDebug {
    if (runIsListing(this.state.run)) {
      this.newRun(null);
    }
    const cd = emptyCloudDebug(line);
    this.state.run.cloudDebug = cd;
    return cd;
  }

  /** A line while a ticket or binding block is open (or `#N>` waits for its first field); false when it ends the block. */
  private readBlockLine(text: string, line: number, i: number): boolean {
    const state = this.state;
    if (text.length <= 12 && ELIDED_FIELDS.test(text)) {
      // `...` where the author cut the block: the fields after it are missing, not absent.
      const index = (state.ticket ?? state.binding)?.index ?? state.pending?.index ?? 0;
      this.warnings.push({ line, message: `The paste cuts ${state.binding ? 'entry' : 'ticket'} #${index} short here: the fields after this line are missing.` });
      this.closeTicket();
      return true;
    }
    const startsAnother = state.ticket !== null && state.ticket.client !== null && startsNumberlessTicket(this.lines, i);
    if (startsAnother) {
      return false;
    }
    return state.pending ? this.openPendingBlock(text, line) : state.ticket ? readTicketLine(state, text, line, this.warnings) : readBindingLine(state, text);
  }
}

/** A logon id line alone (kcd_cache, an interrupted paste) is not a ticket listing. */
function listingRuns(states: readonly RunState[]): KlistRun[] {
  const runs: KlistRun[] = [];
  for (let i = 0; i < states.length; i++) {
    const s = states[i];
    if (s && !s.foreign && runIsListing(s.run)) {
      runs.push(s.run);
    }
  }
  return runs;
}

/**
 * Adds each ticket time's reading. The tickets of a listing share most of their times (the
 * TGT's End and Renew Time): each distinct time is read once, and the order proven by a set of
 * dates does not depend on repeats.
 */
function convertTicketTimes(runs: readonly KlistRun[], dateOrder: DateOrder | undefined): void {
  // Index loops: these run once per paste, often before they are optimized, where `for...of`
  // allocates a result object per step.
  const raws = new Set<string>();
  forEachTicket(runs, (t) => {
    if (t.startTime) {
      raws.add(t.startTime.raw);
    }
    if (t.endTime) {
      raws.add(t.endTime.raw);
    }
    if (t.renewTime) {
      raws.add(t.renewTime.raw);
    }
  });
  const order = dateOrder ?? inferDateOrder(Array.from(raws));
  const times = new Map<string, TimeValue>();
  forEachTicket(runs, (t) => {
    convertTime(t.startTime, order, times);
    convertTime(t.endTime, order, times);
    convertTime(t.renewTime, order, times);
  });
}

function forEachTicket(runs: readonly KlistRun[], f: (t: KlistTicket) => void): void {
  for (let r = 0; r < runs.length; r++) {
    const tickets = runs[r]?.tickets ?? [];
    for (let t = 0; t < tickets.length; t++) {
      const ticket = tickets[t];
      if (ticket) {
        f(ticket);
      }
    }
  }
}

function warnOnCountMismatch(runs: readonly KlistRun[], warnings: ParseWarning[]): void {
  for (let i = 0; i < runs.length; i++) {
    const r = runs[i];
    if (r && r.cachedTicketCount !== null && r.cachedTicketCount !== r.tickets.length && r.error === null) {
      const message = `klist announced ${r.cachedTicketCount} cached ticket(s) but ${r.tickets.length} were found (truncated or edited paste?).`;
      const firstTicket = r.tickets[0];
      warnings.push(firstTicket ? { line: firstTicket.line, message } : { message });
    }
  }
}

function parseKlistUnsafe(input: string, options: ParseOptions, warnings: ParseWarning[]): { value: Klist; recognized: boolean } {
  const lines = klistLineTexts(input);
  const reader = new KlistReader(lines, warnings);
  reader.readAll();
  const runs = listingRuns(reader.states);
  convertTicketTimes(runs, options.dateOrder);
  warnOnCountMismatch(runs, warnings);

  const shadowedBy = detectKlistShadowInTexts(lines);
  if (shadowedBy) {
    warnings.push({ message: SHADOW_WARNINGS[shadowedBy] });
  }
  if (reader.sawUsage && runs.length === 0) {
    warnings.push({ message: 'This is klist usage text: klist did not understand its command line.' });
  }
  const first = runs[0] ?? emptyRun(null);
  return {
    value: { ...first, runs, shadowedBy },
    recognized: runs.length > 0 || shadowedBy !== null,
  };
}

/** The field of an English label, whatever its case and inner blanks. */
function englishTicketLabel(label: string): TicketField | undefined {
  const printed = PRINTED_TICKET_LABELS.get(label);
  if (printed) {
    return printed; // as klist prints it: no lower-case copy needed
  }
  const lower = label.toLowerCase();
  // Only labels with odd blanks need them folded.
  return ENGLISH_TICKET_LABELS.get(lower) ?? ENGLISH_TICKET_LABELS.get(lower.replace(/\s+/g, ' '));
}

/**
 * Every prompt form ends in `>`, `$` or `#`: a field line without one is no prompt. One native
 * scan, cheaper than isPromptLine's own guard on every field line.
 */
const PROMPT_END = /[>$#]/;

/**
 * An author's note after a field's value: ` # <-- This shows...`, ` <-- the TGT`. klist never
 * prints `#` or `<-` after a blank inside a value (the flags' `->` points the other way).
 */
const AUTHOR_NOTE = /\s(?:#+|<-+|<=+)(?:\s|$)/;

/** Reads one line of a ticket block; false when the line is not a field (the block ends). */
function readTicketLine(state: RunState, text: string, line: number, warnings: ParseWarning[]): boolean {
  const ticket = state.ticket;
  if (!ticket || state.position >= TICKET_FIELD_ORDER.length) {
    return false; // the block is complete
  }
  const printed = printedTicketFieldAt(text);
  if (printed >= 0) {
    // The label holds none of the characters looked for: one pass over the value answers both questions.
    const valueStart = (PRINTED_TICKET_LABEL_LIST[printed] ?? '').length + 1;
    const marks = promptAndNoteMarks(text, valueStart);
    if ((marks & PROMPT_MARK) !== 0 && isPromptLine(text)) {
      return false; // the paste moved on to the next command
    }
    // AUTHOR_NOTE needs a `#` or `<`: without one, the line is this field and its value.
    if ((marks & NOTE_MARK) === 0) {
      setTicketField(ticket, TICKET_FIELD_ORDER[printed] ?? 'client', trimmedSlice(text, valueStart, text.length), state.pool);
      state.position = printed + 1;
      return true;
    }
  } else if (PROMPT_END.test(text) && isPromptLine(text)) {
    return false; // the paste moved on to the next command
  }
  if (printed < 0 && readPrintedFlagsLine(ticket, text, state.pool)) {
    state.position = TICKET_FIELD_ORDER.indexOf('flags') + 1;
    return true;
  }
  const f = splitFieldLine(text);
  if (!f) {
    return false;
  }
  const prefixed = ` ${f.value}`;
  const note = AUTHOR_NOTE.exec(prefixed);
  if (note) {
    // The note is the author's, not klist's: keep it out of the value (a realm never has blanks).
    const noteText = prefixed.slice(note.index).trim();
    f.value = prefixed.slice(0, note.index).trim();
    const shown = noteText.length > 80 ? `${noteText.slice(0, 77)}...` : noteText;
    warnings.push({ line, message: `A note the author added after the value ("${shown}") was left out of ticket #${ticket.index}.` });
  }
  // Decided per line, not per block: French prints `Client :` like English and localizes the rest.
  const known = englishTicketLabel(f.label) ?? LOCALIZED_TIME_LABELS.get(f.label);
  if (known === undefined && TICKET_FIELD_ORDER[state.position] === 'flags' && !startsWithHexNumber(f.value)) {
    // klist prints the flags as a hex number: a block without that line (an abridged one) goes on with its times.
    state.position++;
  }
  return placeField(state, TICKET_FIELD_ORDER, known, ticket, f.value, fieldIsSet, setTicketField);
}

/** `0x40e10000 -> ...` (or a bare hex number): the shape of a Ticket Flags value. */
function startsWithHexNumber(value: string): boolean {
  return value.charCodeAt(0) === 0x30 && (value.charCodeAt(1) | 0x20) === 0x78 && isHexDigit(value.charCodeAt(2));
}

/** A `>`, `$` or `#` (PROMPT_END): the line may be a prompt. */
const PROMPT_MARK = 1;
/** A `#` or `<` (what AUTHOR_NOTE starts with): the value may hold an author's note. */
const NOTE_MARK = 2;

/** PROMPT_MARK and NOTE_MARK for the characters of `text` from `start` on. */
function promptAndNoteMarks(text: string, start: number): number {
  let marks = 0;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x3e || c === 0x24) {
      marks |= PROMPT_MARK;
    } else if (c === 0x23) {
      marks |= PROMPT_MARK | NOTE_MARK;
    } else if (c === 0x3c) {
      marks |= NOTE_MARK;
    }
  }
  return marks;
}

/** `Ticket Flags`, the one label klist prints without a colon. */
const FLAGS_LABEL = 'Ticket Flags';

/**
 * `Ticket Flags 0x40e10000 -> forwardable ...` as klist prints it: read into `ticket` straight
 * from the line, as splitFieldLine's arrow form and readTicketFlags would read it. False (and
 * nothing read) for any other form, which the general path reads.
 */
function readPrintedFlagsLine(ticket: KlistTicket, text: string, pool: StringPool): boolean {
  if (!text.startsWith(FLAGS_LABEL) || !isSpaceOrTab(text.charCodeAt(FLAGS_LABEL.length))) {
    return false;
  }
  let hexStart = FLAGS_LABEL.length;
  while (isSpaceOrTab(text.charCodeAt(hexStart))) {
    hexStart++;
  }
  let hexEnd = hexStart;
  while (hexEnd < text.length && (isHexDigit(text.charCodeAt(hexEnd)) || text.charCodeAt(hexEnd) === 0x78)) {
    hexEnd++;
  }
  const arrow = text.indexOf('->');
  const colon = text.indexOf(':');
  // Only blanks between the number and the first `->`, no colon before it, and no author's note after it.
  if (arrow < hexEnd || (colon >= 0 && colon < arrow) || text.includes('#', arrow) || text.includes('<', arrow)) {
    return false;
  }
  for (let i = hexEnd; i < arrow; i++) {
    if (!isTrimSpace(text.charCodeAt(i))) {
      return false;
    }
  }
  if (!HEX_OR_DEC.test(text.slice(hexStart, hexEnd))) {
    return false;
  }
  const f = ticketFlags(text, hexStart, hexEnd, arrow + 2);
  ticket.flagsHex = pool.get(f.hex);
  ticket.flags = f.names;
  return true;
}

function isSpaceOrTab(code: number): boolean {
  return code === 0x20 || code === 0x09;
}

/**
 * Puts a block's field where its label says (an English label), or else by its position in the
 * block (a localized label), as klist prints the fields in one order in every language.
 */
function placeField<B, F>(
  state: RunState,
  order: readonly F[],
  known: F | undefined,
  block: B,
  value: string,
  isSet: (block: B, field: F) => boolean,
  set: (block: B, field: F, value: string, pool: StringPool) => void,
): boolean {
  if (known !== undefined) {
    set(block, known, value, state.pool);
    state.position = order.indexOf(known) + 1;
    return true;
  }
  const byPosition = order[state.position];
  if (byPosition === undefined) {
    return false;
  }
  if (isSet(block, byPosition)) {
    return true; // an extra field of a newer klist among English labels: skip it, keep the block
  }
  set(block, byPosition, value, state.pool);
  state.position++;
  return true;
}

/** Reads one line of a KDC binding entry; false when the line is not a field (the block ends). */
function readBindingLine(state: RunState, text: string): boolean {
  const binding = state.binding;
  if (!binding || state.position >= BINDING_FIELD_ORDER.length || (PROMPT_END.test(text) && isPromptLine(text))) {
    return false;
  }
  const f = splitFieldLine(text);
  if (!f) {
    return false;
  }
  return placeField(state, BINDING_FIELD_ORDER, englishBindingLabel(f.label), binding, f.value, bindingFieldIsSet, setBindingField);
}

function englishBindingLabel(label: string): BindingField | undefined {
  const lower = label.toLowerCase();
  return ENGLISH_BINDING_LABELS.get(lower) ?? ENGLISH_BINDING_LABELS.get(lower.replace(/\s+/g, ' '));
}

/**
 * What a `#N>` block is, from its first field: ticket fields are read by position only when
 * their labels are localized, so a block that is something else must never get that far.
 */
function blockKindOf(first: { label: string; value: string }, bindings: boolean): 'ticket' | 'binding' | 'other' {
  if (englishTicketLabel(first.label)) {
    return 'ticket';
  }
  if (bindings || englishBindingLabel(first.label)) {
    return 'binding';
  }
  // A localized ticket opens with its client principal, `name @ REALM`, whatever the language.
  return first.value.includes('@') ? 'ticket' : 'other';
}

/**
 * An English `Client:` line directly followed by a `Server:` line: a ticket whose `#N>` marker
 * an edited paste dropped (the docs trim `klist get` output that way).
 */
function startsNumberlessTicket(lines: readonly string[], i: number): boolean {
  const text = lines[i] ?? '';
  if (!isLetter(text.charCodeAt(0), 0x63) || text.length > 1000) {
    return false;
  }
  // `Client:` / `Cache Flags:` as printed: their labels are known without splitting the line.
  const printed = printedTicketFieldAt(text);
  if (printed >= 0 ? TICKET_FIELD_ORDER[printed] !== 'client' : !isClientFieldLine(text)) {
    return false;
  }
  const nextText = lines[i + 1] ?? '';
  const nextPrinted = printedTicketFieldAt(nextText);
  if (nextPrinted >= 0) {
    return TICKET_FIELD_ORDER[nextPrinted] === 'server';
  }
  const next = splitFieldLine(nextText);
  return next !== null && englishTicketLabel(next.label) === 'server';
}

function isClientFieldLine(text: string): boolean {
  const f = splitFieldLine(text);
  return f !== null && englishTicketLabel(f.label) === 'client';
}

function fieldIsSet(t: KlistTicket, field: TicketField): boolean {
  switch (field) {
    case 'flags':
      return t.flagsHex !== null;
    case 'cacheFlags':
      return t.cacheFlagsHex !== null;
    default:
      return t[field] !== null;
  }
}

function emptyKlist(): Klist {
  return { ...emptyRun(null), runs: [], shadowedBy: null };
}

/** Parses `klist`, `klist tickets` and `klist get <spn>` output (several runs allowed). */
export function parseKlist(input: string, options: ParseOptions = {}): ParseResult<Klist> {
  const warnings: ParseWarning[] = [];
  try {
    const { value, recognized } = parseKlistUnsafe(input, options ?? {}, warnings);
    return { kind: 'klist', recognized, value, warnings };
  } catch (e) {
    warnings.push({ message: `Internal parser error: ${e instanceof Error ? e.message : String(e)}` });
    return { kind: 'klist', recognized: false, value: emptyKlist(), warnings };
  }
}

/** Also the KDC binding cache commands (`query_bind`, `add_bind`, `purge_bind`) and `cloud_debug`, which this parser reads too. */
const LOOKS_LIKE_KLIST = /^[ \t>]*(?:Cached Tickets:\s*\(\d{1,6}\)|#\d{1,6}>\s*\S{1,40}[ \t\u00a0]?:|KerbTicket Encryption Type:|The kerberos KDC binding cache has been |KDC binding cache entries:|Cloud Kerberos Debug info:|Cloud Primary \(Hybrid logon\) TGT available:)|\((?:ShowTickets|GetTicket) substatus\)/im;

/** Lines between a logon id line and its count line: a blank, or a `Targeted LogonId` line and a blank. */
const COUNT_LINE_REACH = 4;

/**
 * A listing in any language, even with no ticket: a logon id line followed closely by a
 * `label: (N)` count line (`当前登录 ID 是 0:0x73218` ... `缓存的票证: (0)`). klist sessions,
 * purge and tgt print a logon id line too, but never a count line.
 */
function hasLogonIdThenCount(input: string): boolean {
  if (!input.includes(':0x')) {
    return false; // no logon id anywhere: skip splitting the text into lines
  }
  const lines = klistLineTexts(input);
  let logonAt = -1;
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    if (text === '') {
      continue;
    }
    if (readLogonIdLine(text)) {
      logonAt = i;
    } else if (logonAt >= 0 && i - logonAt <= COUNT_LINE_REACH && readCachedCount(text) !== null) {
      return true;
    }
  }
  return false;
}

/** Cheap check for the ticket-list form (not `tgt`, `sessions` or `purge`); French puts a blank before the colon. */
export function looksLikeKlist(input: string): boolean {
  if (typeof input !== 'string') {
    return false;
  }
  const head = input.slice(0, 200_000);
  return LOOKS_LIKE_KLIST.test(head) || hasLogonIdThenCount(head);
}
