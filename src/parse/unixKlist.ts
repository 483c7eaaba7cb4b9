/**
 * MIT and Heimdal `klist` as printed on Linux and macOS: the ticket table (`klist`, `-f`,
 * `-e`, `-a`), every cache of a collection (`klist -A`), the collection listing
 * (`klist -l`), Heimdal's verbose form (`klist -v`), keytab listings (MIT `klist -k`, `-kt`,
 * `-ket`) and the "no cache" errors; also the JDK's `klist` (cache and `-k` keytab).
 * Pure: never throws, linear time.
 */
import { cleanLineTexts, escapeRegExp, isUnixShellPrompt, trimmedSlice } from './text';
import { inferDateOrder, parseDateTime } from './time';
import type { DateOrder, ParseOptions, ParseResult, ParseWarning, TimeValue } from './types';

/** `java`: the JDK's `klist` (`Credentials cache:` / `Default principal: x, 1 entry found.`). */
export type UnixKlistFlavor = 'mit' | 'heimdal' | 'java';

export interface UnixKlistTicket {
  validStarting: TimeValue;
  expires: TimeValue;
  renewUntil: TimeValue | null;
  /** `''` when the row has no service column (cut by the author; then `truncated` is set). */
  service: string;
  /** Expanded names: `forwardable`, `renewable`, `initial`, `preauthenticated`... */
  flags: string[];
  /** The letters (`FRIA`) or names list exactly as printed. */
  flagsRaw?: string;
  /** Encryption type names only; key material is never kept. */
  encryption?: { sessionKey: string | null; ticket: string | null };
  /** MIT prints `for client X` when the ticket's client is not the default principal. */
  client?: string;
  /** Heimdal `klist -v`. */
  authTime?: TimeValue;
  kvno?: number;
  addresses?: string;
  /** Heimdal marks tickets past their end time. */
  expired?: boolean;
  /**
   * MIT `Ticket server:`: the server the ticket was really issued for, when the cache entry's
   * name differs: a referral entry (`ldap/host@` with an empty realm, as GSSAPI stores a host
   * service's ticket) or a canonicalized alias.
   */
  ticketServer?: string;
  /** The service looks cut off (truncated paste). */
  truncated?: boolean;
  /** Continuation text we could not read. */
  extra?: string[];
  /** 1-based line of the ticket row in the input. */
  line: number;
}

export interface UnixKlistCache {
  cache: string | null;
  principal: string | null;
  tickets: UnixKlistTicket[];
  flavor: UnixKlistFlavor;
  /** Heimdal `Cache version:`. */
  cacheVersion?: number;
  /** The JDK's `Default principal: x, N entries found.`: how many tickets the cache held. */
  declaredTickets?: number;
  line: number;
}

/** `keytab`: `klist -k` could not read the keytab (`Key table file '/etc/krb5.keytab' not found while starting keytab scan`). */
export type UnixKlistErrorKind = 'no-cache' | 'not-found' | 'keytab' | 'other';

export interface UnixKlistError {
  message: string;
  kind: UnixKlistErrorKind;
  /** The cache the message names, when it names one. */
  cache: string | null;
  /** Kind `keytab`: the keytab the message (or the `Keytab name:` line before it) names. */
  keytab?: string;
  line: number;
}

/** One key of a keytab listing: MIT `klist -k` (`-t` adds the timestamp, `-e` the enctype) or the JDK's `klist -k`. */
export interface UnixKlistKeytabEntry {
  /** Null when the JDK listing was cut before its `KVNO:` line. */
  kvno: number | null;
  principal: string;
  /** `klist -t` (JDK: `Time stamp:`): when the key was written to the keytab. */
  timestamp?: TimeValue;
  /**
   * `klist -e` (JDK: `Key type:`): the encryption type name as printed (`aes256-cts-hmac-sha1-96`;
   * old MIT releases print descriptions such as `ArcFour with HMAC/md5`); the JDK's numbers are
   * given their MIT names. Key bytes (`klist -K`) are never kept.
   */
  enctype?: string;
  /** 1-based line of the entry in the input. */
  line: number;
}

export interface UnixKlistKeytab {
  /** `FILE:/etc/krb5.keytab` (MIT prints the type prefix; the JDK a plain path). */
  name: string | null;
  entries: UnixKlistKeytabEntry[];
  flavor: 'mit' | 'java';
  /** The JDK's `N entries found.`: how many entries the listing had (more than `entries` when the paste was cut). */
  declaredEntries?: number;
  /** `klist -K` printed the keys (they are not kept: only this mark). */
  keysShown?: boolean;
  line: number;
}

export interface UnixKlistCollectionEntry {
  principal: string;
  cache: string;
  /** MIT ` (Expired)` suffix or Heimdal `>>> Expired <<<`. */
  expired: boolean;
  /** Heimdal marks the default cache with `*`. */
  isDefault?: boolean;
  /** Heimdal's Expires column. */
  expires?: TimeValue;
}

export interface UnixKlistResult {
  /** The first cache, mirrored from `caches[0]`. */
  cache: string | null;
  principal: string | null;
  tickets: UnixKlistTicket[];
  /** The first error of the input. */
  error: UnixKlistError | null;
  errors: UnixKlistError[];
  /** Every cache in order (several with `klist -A` or with several commands pasted). */
  caches: UnixKlistCache[];
  /** `klist -l`. */
  collection: UnixKlistCollectionEntry[];
  /** `klist -k` keytab listings: keys, not tickets. */
  keytabs: UnixKlistKeytab[];
  /** The date order used for `iso` values, and where it came from. */
  dateOrder: DateOrder | null;
  dateOrderSource: 'option' | 'inferred' | null;
}


/** MIT `flags_string` letters; Heimdal's `-f` column uses the same ones. */
const FLAG_LETTERS: Record<string, string> = {
  F: 'forwardable',
  f: 'forwarded',
  P: 'proxiable',
  p: 'proxy',
  D: 'mayPostdate',
  d: 'postdated',
  i: 'invalid',
  R: 'renewable',
  I: 'initial',
  H: 'hwAuthenticated',
  A: 'preauthenticated',
  T: 'transitPolicyChecked',
  O: 'okAsDelegate',
  a: 'anonymous',
};

/** Heimdal `Ticket flags:` names (asn1 TicketFlags units). */
const FLAG_NAMES: Record<string, string> = {
  forwardable: 'forwardable',
  forwarded: 'forwarded',
  proxiable: 'proxiable',
  proxy: 'proxy',
  'may-postdate': 'mayPostdate',
  postdated: 'postdated',
  invalid: 'invalid',
  renewable: 'renewable',
  initial: 'initial',
  'pre-authent': 'preauthenticated',
  'hw-authent': 'hwAuthenticated',
  'transited-policy-checked': 'transitPolicyChecked',
  'ok-as-delegate': 'okAsDelegate',
  anonymous: 'anonymous',
  'enc-pa-rep': 'encPaRep',
  'name-canonicalize': 'nameCanonicalize',
};

/** Fields MIT prints on the TAB-indented line(s) below a ticket, joined by `, `. */
type ContinuationKey = 'client' | 'renewUntil' | 'flags' | 'etype' | 'adTypes' | 'addresses' | 'ticketServer';

/**
 * The labels MIT klist passes through gettext, per language, exactly as the msgstr of MIT
 * krb5's po file (src/po/<lang>.po). MIT ships only a German translation (de.po, checked in
 * krb5-locales 1.20.1 and against real `LANG=de_DE.UTF-8` captures); the `Valid starting`
 * column header, the `klist -l` header and the `(filename: ...)` error detail are not
 * translated. To add a language, copy its msgstr texts here (without the leading TAB).
 */
interface MitLabels {
  /** `Ticket cache: %s:%s\n` (before the colon). */
  ticketCache: string;
  /** `Default principal: %s\n` (before the colon). */
  defaultPrincipal: string;
  /** Continuation fields: the text printed just before the value. */
  continuation: Record<ContinuationKey, string>;
  /** `klist -l` suffix of an expired cache, `(Expired)`. */
  expired: string;
  /** com_err text of KRB5_FCC_NOFILE, `No credentials cache found`. */
  noCache: string;
  /** Two words every `Credentials cache file/keyring '%s' not found` wording contains, the second at its end. */
  notFound: readonly [string, string];
  /** How those error messages start after `klist: ` (for the cheap detector). */
  errorStarts: readonly string[];
}

const MIT_LABELS: Readonly<Record<string, MitLabels>> = {
  en: {
    ticketCache: 'Ticket cache',
    defaultPrincipal: 'Default principal',
    continuation: {
      client: 'for client ',
      renewUntil: 'renew until ',
      flags: 'Flags: ',
      etype: 'Etype (skey, tkt): ',
      adTypes: 'AD types: ',
      addresses: 'Addresses: ',
      ticketServer: 'Ticket server: ',
    },
    expired: '(Expired)',
    noCache: 'No credentials cache found',
    notFound: ['credentials cache', 'not found'],
    // `Credentials cache ... not found` is matched by its own pattern in looksLikeUnixKlist.
    errorStarts: ['No credentials cache', 'No ticket file'],
  },
  de: {
    ticketCache: 'Ticketzwischenspeicher',
    defaultPrincipal: 'Standard-Principal',
    continuation: {
      client: 'für Client ',
      renewUntil: 'erneuern bis ',
      flags: 'Schalter: ',
      etype: 'Etype (Skey, TKT): ',
      // de.po really has no colon and no space here: `AD-Typen1, 2`.
      adTypes: 'AD-Typen',
      addresses: 'Adressen: ',
      // de.po has no translation of `\tTicket server: %s\n` (checked in mit-krb5.mo of krb5-locales 1.20.1).
      ticketServer: 'Ticket server: ',
    },
    expired: '(abgelaufen)',
    noCache: 'kein Anmeldedatenzwischenspeicher gefunden',
    // `Anmeldedatenzwischenspeicherdatei »%s« nicht gefunden`, `Schlüsselbund %s des Anmeldedatenzwischenspeichers nicht gefunden`.
    notFound: ['anmeldedatenzwischenspeicher', 'nicht gefunden'],
    errorStarts: ['kein Anmeldedatenzwischenspeicher', 'Anmeldedatenzwischenspeicherdatei ', 'Schlüsselbund '],
  },
};

const LANGUAGES = Object.values(MIT_LABELS);

const ASCII_CAPITALS = /[A-Z]+/g;

/** Lower case without changing the length (indices found in it must slice the original). */
function lowerSameLength(text: string): string {
  const lower = text.toLowerCase();
  return lower.length === text.length ? lower : text.replace(ASCII_CAPITALS, (m) => m.toLowerCase());
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}

/** Every language's continuation labels, lower case, each once (`Etype (Skey, TKT): ` equals the English one). */
const CONTINUATION_LABELS: readonly { key: ContinuationKey; label: string }[] = (() => {
  const seen = new Set<string>();
  const out: { key: ContinuationKey; label: string }[] = [];
  for (const lang of LANGUAGES) {
    for (const [key, text] of Object.entries(lang.continuation) as [ContinuationKey, string][]) {
      const label = text.toLowerCase();
      if (!seen.has(label)) {
        seen.add(label);
        out.push({ key, label });
      }
    }
  }
  return out;
})();

const CONTINUATION_FIRST = firstLetters(CONTINUATION_LABELS.map((e) => e.label));

const MIT_CACHE_LABELS = new Set(unique(LANGUAGES.map((l) => l.ticketCache.toLowerCase())));
const DEFAULT_PRINCIPAL_LABELS = new Set(unique(LANGUAGES.map((l) => l.defaultPrincipal.toLowerCase())));
const EXPIRED_SUFFIXES = unique(LANGUAGES.map((l) => ` ${l.expired.toLowerCase()}`));
const NO_CACHE_TEXTS = unique(LANGUAGES.map((l) => l.noCache.toLowerCase()));
const NOT_FOUND_WORDS = LANGUAGES.map((l) => l.notFound);

/**
 * The lower-case ASCII first letters of some labels, as a bit mask (bit n: character 0x60 + n):
 * testing a bit costs far less than a Set lookup, and every line goes through these guards.
 */
function firstLetters(labels: Iterable<string>): number {
  let mask = 0;
  for (const label of labels) {
    mask |= letterBit(label.charCodeAt(0));
  }
  return mask;
}

/** The bit of an ASCII letter (either case) in a firstLetters mask. */
function letterBit(code: number): number {
  const lower = code | 0x20;
  if (lower < 0x61 || lower > 0x7a) {
    throw new Error(`A label must start or end with an ASCII letter: ${String.fromCharCode(code)}`);
  }
  return 1 << (lower - 0x60);
}

/**
 * Whether `code` (a character of the line) can lower-case to one of `letters`. A cheap guard
 * before toLowerCase or a regex; a non-ASCII character always passes (the Kelvin sign K
 * lower-cases to an ASCII `k`), so the full check still decides.
 */
function mayBeLetter(code: number, letters: number): boolean {
  if (code >= 0x80) {
    return true;
  }
  const lower = code | 0x20;
  return lower >= 0x60 && ((letters >>> (lower - 0x60)) & 1) === 1;
}

const HEADER_FIRST = firstLetters([...MIT_CACHE_LABELS, 'credentials cache', ...DEFAULT_PRINCIPAL_LABELS, 'keytab name', 'key tab']);
const NO_CACHE_FIRST = firstLetters(NO_CACHE_TEXTS);
const NOT_FOUND_LAST = NOT_FOUND_WORDS.reduce((mask, [, notFound]) => mask | letterBit(notFound.charCodeAt(notFound.length - 1)), 0);

const CACHE_LINE = new RegExp(`^[ \\t>]*(?:${[...LANGUAGES.map((l) => l.ticketCache), 'Credentials cache'].map(escapeRegExp).join('|')}):[ \\t]*\\S`, 'm');
/** `Keytab name: FILE:x` (MIT, `keytab name:` in a doc), `Key tab: x, 1 entry found.` (JDK); `$ ` before it in a block an author prefixed. */
const KEYTAB_LINE = /^[ \t>]*(?:\$ )?(?:Keytab name: ?\S|Key tab: [^\n]{1,500}entr(?:y|ies) found)/im;
const KEYTAB_ERROR_LINE = /klist: [^\n]{0,300}(?:keytab scan|Schlüsseltabellen-Scans)/;
const ERROR_LINE = new RegExp(`klist: (?:${LANGUAGES.flatMap((l) => l.errorStarts).map(escapeRegExp).join('|')})`);

// The checks below run for many lines: plain loops, as a callback (`texts.some((t) => ...)`)
// allocates a closure at every call.

function isNotFound(lower: string): boolean {
  for (const [cacheWord, notFound] of NOT_FOUND_WORDS) {
    if (lower.includes(cacheWord) && lower.trimEnd().endsWith(notFound)) {
      return true;
    }
  }
  return false;
}

function startsWithAny(text: string, starts: readonly string[]): boolean {
  for (const start of starts) {
    if (text.startsWith(start)) {
      return true;
    }
  }
  return false;
}

function includesAny(text: string, parts: readonly string[]): boolean {
  for (const part of parts) {
    if (text.includes(part)) {
      return true;
    }
  }
  return false;
}

/** `Label: value` at the start of a line: a short label of letters, spaces and hyphens. */
function labelled(trimmed: string): { label: string; value: string } | undefined {
  const colon = trimmed.indexOf(':');
  if (colon <= 0 || colon > 40) {
    return undefined;
  }
  const label = trimmed.slice(0, colon);
  if (!isLabelText(label)) {
    return undefined;
  }
  return { label: label.toLowerCase(), value: trimmed.slice(colon + 1).trim() };
}

/** `/^[\p{L}][\p{L} -]*$/u`, with a plain loop over ASCII labels (the regex is slow on every header line). */
function isLabelText(label: string): boolean {
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    if (c >= 0x80) {
      return LABEL_TEXT.test(label);
    }
    const letter = (c | 0x20) >= 0x61 && (c | 0x20) <= 0x7a;
    if (!letter && (i === 0 || (c !== 0x20 && c !== 0x2d))) {
      return false;
    }
  }
  return label.length > 0;
}

const LABEL_TEXT = /^[\p{L}][\p{L} -]*$/u;

/**
 * The header lines the table parser starts a cache or sets its principal with, and the ones
 * that start a keytab listing: MIT `Keytab name: FILE:/etc/krb5.keytab` (not translated in
 * MIT's de.po) and the JDK's `Key tab: C:\x.keytab, 4 entries found.`.
 */
type HeaderKind = 'mit-cache' | 'heimdal-cache' | 'principal' | 'keytab' | 'java-keytab';

const HEADER_LABELS: readonly { label: string; kind: HeaderKind }[] = [
  ...[...MIT_CACHE_LABELS].map((label) => ({ label, kind: 'mit-cache' as const })),
  { label: 'credentials cache', kind: 'heimdal-cache' },
  ...[...DEFAULT_PRINCIPAL_LABELS].map((label) => ({ label, kind: 'principal' as const })),
  { label: 'keytab name', kind: 'keytab' },
  { label: 'key tab', kind: 'java-keytab' },
];

function headerKindOfLabel(label: string): HeaderKind | undefined {
  return HEADER_LABELS.find((h) => h.label === label)?.kind;
}

/**
 * What `labelled(trimmed)`'s label says: a cache header, the default principal, or neither.
 * The known labels are ASCII letters, spaces and hyphens, compared in place without the slices
 * and objects of `labelled`; a line with other characters that matched none goes through it
 * (Unicode lower-casing maps the Kelvin sign to `k`).
 */
function headerKind(trimmed: string): HeaderKind | undefined {
  const colon = trimmed.indexOf(':');
  if (colon <= 0 || colon > 40) {
    return undefined;
  }
  for (const { label, kind } of HEADER_LABELS) {
    if (label.length === colon && startsWithIgnoringAsciiCase(trimmed, label)) {
      return kind;
    }
  }
  // No ASCII match: only a label with other characters can still lower-case to a known one.
  if (!NON_ASCII.test(trimmed)) {
    return undefined;
  }
  const header = labelled(trimmed);
  return header ? headerKindOfLabel(header.label) : undefined;
}

const NON_ASCII = /[^\0-\x7f]/;

/** `labelled(trimmed).value` of a line headerKind recognized. */
function headerValue(trimmed: string): string {
  return trimmedSlice(trimmed, trimmed.indexOf(':') + 1, trimmed.length);
}

/** Whether `text` has `lower` (a lower-case label) at `pos` once its ASCII capitals are lower-cased. */
function startsWithIgnoringAsciiCase(text: string, lower: string, pos = 0): boolean {
  if (pos < 0 || text.length - pos < lower.length) {
    return false;
  }
  for (let i = 0; i < lower.length; i++) {
    if (asciiLower(text.charCodeAt(pos + i)) !== lower.charCodeAt(i)) {
      return false;
    }
  }
  return true;
}

function asciiLower(code: number): number {
  return code >= 0x41 && code <= 0x5a ? code | 0x20 : code;
}

interface TableState {
  kind: 'mit' | 'heimdal' | 'collection-mit' | 'collection-heimdal';
  indent: number;
  /** MIT: where the Expires and Service principal columns start (relative to indent). */
  expiresCol?: number;
  serviceCol?: number;
  /** MIT `klist -l`: where Cache name starts. */
  cacheCol?: number;
  /** Heimdal `klist -f` adds a Flags column before Principal. */
  hasFlags?: boolean;
}

function emptyResult(): UnixKlistResult {
  return {
    cache: null,
    principal: null,
    tickets: [],
    error: null,
    errors: [],
    caches: [],
    collection: [],
    keytabs: [],
    dateOrder: null,
    dateOrderSource: null,
  };
}

function leadingWidth(text: string): number {
  let i = 0;
  while (i < text.length && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) {
    i++;
  }
  return i;
}

const BLANKS = /[ \t]+/;

function tokens(text: string): string[] {
  const t = text.trim();
  return t === '' ? [] : t.split(BLANKS);
}

export function expandFlagLetters(letters: string, warnings: ParseWarning[], line: number): string[] {
  const out: string[] = [];
  for (const ch of letters) {
    const name = FLAG_LETTERS[ch];
    if (name) {
      out.push(name);
    } else {
      warnings.push({ line, message: `Unknown ticket flag letter '${ch}'.` });
    }
  }
  // A pushed-to array keeps room for 17 names; the copy has just its length, for as long as the
  // ticket lives (one per ticket row of a `klist -f`).
  return out.slice();
}

function expandFlagNames(list: string, warnings: ParseWarning[], line: number): string[] {
  const out: string[] = [];
  for (const part of list.split(',')) {
    const name = part.trim();
    if (name === '') {
      continue;
    }
    const canonical = FLAG_NAMES[name.toLowerCase()];
    if (canonical) {
      out.push(canonical);
    } else {
      warnings.push({ line, message: `Unknown ticket flag '${name}'.` });
    }
  }
  return out;
}

type ContinuationLabel = (typeof CONTINUATION_LABELS)[number];

/**
 * The continuation label at `pos` of `folded`, in CONTINUATION_LABELS order. `folded` is the line
 * as foldForLabels returns it: compared ignoring ASCII case, it reads as the lower-cased line.
 */
function continuationLabelAt(folded: string, pos: number): ContinuationLabel | undefined {
  const first = asciiLower(folded.charCodeAt(pos));
  for (let i = 0; i < CONTINUATION_LABELS.length; i++) {
    const entry = CONTINUATION_LABELS[i];
    // The first-letter test skips most comparisons (an Etype line has a `, ` between its names).
    if (entry !== undefined && entry.label.charCodeAt(0) === first && startsWithIgnoringAsciiCase(folded, entry.label, pos)) {
      return entry;
    }
  }
  return undefined;
}

/**
 * The line in a form that, compared ignoring ASCII case, reads as `lowerSameLength(text)`: an
 * ASCII line as it is (lower-casing a pasted line allocates a copy, even when nothing changes),
 * any other lower-cased.
 */
function foldForLabels(text: string): string {
  return NON_ASCII.test(text) ? lowerSameLength(text) : text;
}

/**
 * The line folded for labels (foldForLabels) when it starts with a continuation label (`renew
 * until X, Flags: FRIA, Etype (skey, tkt): a, b` or a translation), for applyContinuation;
 * undefined otherwise.
 */
function continuationFolded(text: string): string | undefined {
  // Ticket rows start with a digit: reject them before looking further.
  if (!mayBeLetter(text.charCodeAt(0), CONTINUATION_FIRST)) {
    return undefined;
  }
  const folded = foldForLabels(text);
  return continuationLabelAt(folded, 0) ? folded : undefined;
}

// Regular expressions are hoisted out of the functions: a literal builds a new RegExp object at
// every evaluation, and these run on every line or every row.
const NO_CACHE_NAME = /\((?:ticket cache\s|[\p{L} ]{1,30}:)\s*([^)]*)\)/iu;
const NO_TICKET_FILE = /no ticket file:\s*(\S+)/i;
const QUOTED_CACHE_NAME = /'([^']*)'|»([^«]*)«|^Schlüsselbund (\S+) des /i;
const KLIST_PREFIX = /^klist:\s*(.*)$/;

function classifyError(message: string): { kind: UnixKlistErrorKind; cache: string | null } {
  const lower = message.toLowerCase();
  if (isKeytabError(lower)) {
    // The keytab's name goes in the error's `keytab` field (see keytabErrorName), not in `cache`.
    return { kind: 'keytab', cache: null };
  }
  if (includesAny(lower, NO_CACHE_TEXTS) || lower.includes('no ticket file') || lower.includes('no credentials cache file found')) {
    // `(filename: X)`, old `(ticket cache X)`, or a translated `(label: X)`.
    const paren = NO_CACHE_NAME.exec(message);
    const ticketFile = NO_TICKET_FILE.exec(message);
    return { kind: 'no-cache', cache: (paren?.[1] ?? ticketFile?.[1] ?? '').trim() || null };
  }
  if (isNotFound(lower)) {
    // English quotes the name with '...', German with »...« or names the keyring unquoted.
    const quoted = QUOTED_CACHE_NAME.exec(message);
    return { kind: 'not-found', cache: quoted?.[1] ?? quoted?.[2] ?? quoted?.[3] ?? null };
  }
  return { kind: 'other', cache: null };
}

/**
 * `klist -k` failing on its keytab: MIT's `... while starting keytab scan` (the German
 * translation: `... beim Start des Schlüsseltabellen-Scans`), `Key table file '%s' not found`
 * (`Schlüsseltabellendatei »%s« nicht gefunden`).
 */
function isKeytabError(lower: string): boolean {
  return lower.includes('keytab scan') || lower.includes('schlüsseltabellen') || lower.startsWith('key table file');
}

/** The keytab a keytab error quotes (`'x'`, `»x«`). */
function keytabErrorName(message: string): string | undefined {
  const quoted = QUOTED_CACHE_NAME.exec(message);
  return quoted?.[1] ?? quoted?.[2] ?? undefined;
}

/** A klist error line: `klist: ...`, or the MIT wordings without the program prefix. */
function errorMessage(trimmed: string): string | undefined {
  if (trimmed.startsWith('klist:')) {
    const prefixed = KLIST_PREFIX.exec(trimmed);
    if (prefixed) {
      return prefixed[1];
    }
  }
  // The unprefixed wordings start with a `no cache` text or end with `not found`: most lines
  // do neither and skip toLowerCase.
  if (!mayBeLetter(trimmed.charCodeAt(0), NO_CACHE_FIRST) && !mayBeLetter(trimmed.charCodeAt(trimmed.length - 1), NOT_FOUND_LAST)) {
    return undefined;
  }
  const lower = trimmed.toLowerCase();
  if (startsWithAny(lower, NO_CACHE_TEXTS) || isNotFound(lower)) {
    return trimmed;
  }
  return undefined;
}

/**
 * The cache name of a `Ticket cache:` line without an author's comment after it: a name has
 * no blank before an opening bracket (`KEYRING:persistent:0:0 （note）`, `FILE:/tmp/x (mine)`).
 */
const CACHE_NAME_COMMENT = /\s[(（[［【「]/;

function cacheName(value: string): string | null {
  const comment = CACHE_NAME_COMMENT.exec(value);
  const name = (comment ? value.slice(0, comment.index) : value).trim();
  return name || null;
}

const KERBEROS4_CACHE = 'kerberos 4 ticket cache:';

/** krb5-1.6 klist's `Kerberos 4 ticket cache: /tmp/tkt0` line, printed after the Kerberos 5 listing. */
function startsKerberos4Section(trimmed: string): boolean {
  return (trimmed.charCodeAt(0) | 0x20) === 0x6b /* k */ && trimmed.slice(0, KERBEROS4_CACHE.length).toLowerCase() === KERBEROS4_CACHE;
}

/**
 * Whether a line inside the Kerberos 4 section is the next output instead: a prompt, a
 * Kerberos 5 cache header or a Kerberos 5 cache error (the Kerberos 4 errors read
 * `You have no tickets cached` and the like).
 */
function endsKerberos4Section(text: string, trimmed: string): boolean {
  if (isUnixShellPrompt(text) && !looksLikeTicketRow(trimmed)) {
    return true;
  }
  const header = mayBeLetter(trimmed.charCodeAt(0), HEADER_FIRST) ? labelled(trimmed) : undefined;
  if (header && (MIT_CACHE_LABELS.has(header.label) || header.label === 'credentials cache')) {
    return true;
  }
  const message = errorMessage(trimmed);
  return message !== undefined && classifyError(message).kind !== 'other';
}

export function parseUnixKlist(input: string, options: ParseOptions = {}): ParseResult<UnixKlistResult> {
  const warnings: ParseWarning[] = [];
  const value = emptyResult();
  let sawHeader = false;
  try {
    sawHeader = parseInto(typeof input === 'string' ? input : '', value, warnings);
    finishTimes(value, options, warnings);
  } catch (err) {
    warnings.push({ message: `Parser error: ${err instanceof Error ? err.message : String(err)}` });
  }
  const first = value.caches[0];
  if (first) {
    value.cache = first.cache;
    value.principal = first.principal;
    value.tickets = first.tickets;
  }
  value.error = value.errors[0] ?? null;
  const recognized = value.caches.length > 0 || value.errors.length > 0 || value.collection.length > 0 || value.keytabs.length > 0 || sawHeader;
  return { kind: 'unix-klist', recognized, value, warnings };
}

const MIT_TABLE_HEADER = /^Valid starting\s/i;
const EXPIRES_WORD = /\bExpires\b/i;
const EXPIRES_COLUMN = /Expires/i;
const SERVICE_COLUMN = /Service principal/i;
const HEIMDAL_TABLE_HEADER = /^Issued\s+Expires\s/i;
const FLAGS_COLUMN = /\sFlags\s/i;
const MIT_COLLECTION_HEADER = /^Principal name\s+Cache name$/i;
const CACHE_NAME_COLUMN = /Cache name/i;
const HEIMDAL_COLLECTION_HEADER = /^Name\s+Cache name(?:\s+Expires)?$/i;
const DASH_RULE = /^-+(?:\s+-+)+$/;
/** A Heimdal header line or `klist -v` field: `Principal: x`, `Ticket etype: y`. */
const HEIMDAL_FIELD = /^([A-Za-z][A-Za-z ]{0,20}):\s*(.*)$/;

/** Returns whether a `klist -l` header was seen: an empty collection listing is still klist output. */
function parseInto(input: string, value: UnixKlistResult, warnings: ParseWarning[]): boolean {
  let sawHeader = false;
  const lines = cleanLineTexts(input);
  undoDollarPrefixes(lines);
  // Not /[\r\n]$/: an unanchored-start regex tries every position of a 10 MB input.
  const lastChar = input.charCodeAt(input.length - 1);
  const endsWithNewline = lastChar === 0x0a || lastChar === 0x0d;
  let lastNonBlank = lines.length - 1;
  while (lastNonBlank >= 0 && (lines[lastNonBlank]?.trim() ?? '') === '') {
    lastNonBlank--;
  }
  let cache: UnixKlistCache | undefined;
  let table: TableState | undefined;
  let lastTicket: UnixKlistTicket | undefined;
  let lastRowIndent = 0;
  // The latest ticket read from a row and the one before it, never reset: their printed values
  // are shared with the next ticket's equal ones (see sameText).
  let latestRow: UnixKlistTicket | undefined;
  let rowBefore: UnixKlistTicket | undefined;
  let verbose: UnixKlistTicket | undefined;
  // The listing a blank line ended, kept for a `renew until`/`Flags:` line right after it: a
  // line of TABs or spaces is blank once cleaned, and such a line is not MIT's anyway.
  let beforeBlank: { table: TableState; ticket: UnixKlistTicket; rowIndent: number } | undefined;
  // Inside krb5-1.6's `Kerberos 4 ticket cache:` section: its lines and errors are Kerberos 4's.
  let inKerberos4 = false;
  // The keytab listing being read (`Keytab name:` / `Key tab:`); blank lines do not end it.
  let keytab: UnixKlistKeytab | undefined;
  // The JDK's `[n] Service principal:` keytab entry and `[n]  Service Principal:` ticket whose fields follow.
  let javaEntry: UnixKlistKeytabEntry | undefined;
  let javaTicket: UnixKlistTicket | undefined;

  const ensureCache = (flavor: UnixKlistFlavor, line: number): UnixKlistCache => {
    if (!cache) {
      cache = { cache: null, principal: null, tickets: [], flavor, line };
      value.caches.push(cache);
    }
    return cache;
  };
  const newVerboseTicket = (line: number): UnixKlistTicket => {
    const t: UnixKlistTicket = { validStarting: { raw: '' }, expires: { raw: '' }, renewUntil: null, service: '', flags: [], line };
    ensureCache('heimdal', line).tickets.push(t);
    return t;
  };

  for (let idx = 0; idx < lines.length; idx++) {
    const text = lines[idx] ?? '';
    const trimmed = text.trim();
    const lineNo = idx + 1;
    if (trimmed === '') {
      // MIT never prints a blank line inside a table; Heimdal separates verbose tickets by one.
      if (table && lastTicket) {
        beforeBlank = { table, ticket: lastTicket, rowIndent: lastRowIndent };
      }
      table = undefined;
      lastTicket = undefined;
      verbose = undefined;
      javaTicket = undefined;
      continue;
    }
    const held = beforeBlank;
    beforeBlank = undefined;
    if (trimmed.startsWith('```') || trimmed.startsWith('~~~')) {
      table = undefined;
      lastTicket = undefined;
      inKerberos4 = false;
      keytab = undefined;
      javaEntry = undefined;
      javaTicket = undefined;
      continue;
    }
    if (held) {
      const continuation = continuationFolded(trimmed);
      if (continuation !== undefined) {
        applyContinuation(held.ticket, trimmed, continuation, warnings, lineNo, rowBefore);
        table = held.table;
        lastTicket = held.ticket;
        lastRowIndent = held.rowIndent;
        continue;
      }
    }
    if (inKerberos4) {
      if (!endsKerberos4Section(text, trimmed)) {
        continue;
      }
      inKerberos4 = false;
    } else if (startsKerberos4Section(trimmed)) {
      inKerberos4 = true;
      cache = undefined;
      table = undefined;
      lastTicket = undefined;
      verbose = undefined;
      continue;
    }

    const first = trimmed.charCodeAt(0);
    // Only a line starting like a cache or principal label can be one: skip the regex on the others.
    const header = mayBeLetter(first, HEADER_FIRST) ? headerKind(trimmed) : undefined;
    if (header === 'mit-cache' || header === 'heimdal-cache') {
      const flavor: UnixKlistFlavor = header === 'heimdal-cache' ? 'heimdal' : 'mit';
      cache = { cache: cacheName(headerValue(trimmed)), principal: null, tickets: [], flavor, line: lineNo };
      value.caches.push(cache);
      table = undefined;
      lastTicket = undefined;
      verbose = undefined;
      keytab = undefined;
      javaTicket = undefined;
      continue;
    }
    if (header === 'keytab' || header === 'java-keytab') {
      keytab = newKeytab(headerValue(trimmed), header === 'java-keytab' ? 'java' : 'mit', lineNo);
      value.keytabs.push(keytab);
      cache = undefined;
      table = undefined;
      lastTicket = undefined;
      verbose = undefined;
      javaEntry = undefined;
      javaTicket = undefined;
      continue;
    }
    if (header === 'principal') {
      const owner = ensureCache('mit', lineNo);
      const principal = headerValue(trimmed);
      // The JDK: `Default principal: alice@EXAMPLE.COM, 1 entry found.`
      const found = principal.endsWith('found.') || principal.endsWith('found') ? ENTRIES_FOUND.exec(principal) : null;
      if (found) {
        owner.flavor = 'java';
        owner.declaredTickets = Number(found[1]);
        owner.principal = trimmedSlice(principal, 0, found.index) || null;
      } else {
        owner.principal = principal || null;
      }
      continue;
    }
    const message = errorMessage(trimmed);
    if (message !== undefined) {
      const { kind, cache: named } = classifyError(message);
      const error: UnixKlistError = { message, kind, cache: named, line: lineNo };
      if (kind === 'keytab') {
        // MIT prints `Keytab name: FILE:x` before failing on it.
        const name = keytabErrorName(message) ?? keytab?.name ?? undefined;
        if (name !== undefined) {
          error.keytab = name;
        }
      }
      value.errors.push(error);
      cache = undefined;
      table = undefined;
      lastTicket = undefined;
      verbose = undefined;
      keytab = undefined;
      javaTicket = undefined;
      continue;
    }

    if (keytab) {
      if (keytab.flavor === 'mit') {
        const read = readMitKeytabLine(keytab, trimmed, lineNo, warnings);
        if (read) {
          continue;
        }
      } else if (first === 0x5b /* [ */) {
        const entry = javaEntryLine(trimmed);
        if (entry) {
          javaEntry = { kvno: null, principal: entry, line: lineNo };
          keytab.entries.push(javaEntry);
          continue;
        }
      } else if (javaEntry && readJavaKeytabField(keytab, javaEntry, trimmed, warnings, lineNo)) {
        continue;
      }
      // Any other line ends the listing.
      keytab = undefined;
      javaEntry = undefined;
    }
    if (first === 0x5b /* [ */) {
      const service = javaEntryLine(trimmed);
      if (service !== undefined) {
        const owner = ensureCache('java', lineNo);
        owner.flavor = 'java';
        javaTicket = { validStarting: { raw: '' }, expires: { raw: '' }, renewUntil: null, service, flags: [], line: lineNo };
        owner.tickets.push(javaTicket);
        table = undefined;
        lastTicket = undefined;
        verbose = undefined;
        continue;
      }
    }
    if (javaTicket && readJavaTicketField(javaTicket, trimmed, warnings, lineNo)) {
      continue;
    }
    javaTicket = undefined;

    // Table headers, told apart by their first letter (a non-ASCII one never matches these /i regexes).
    const firstLower = first | 0x20;
    if (firstLower === 0x76 /* v */ && MIT_TABLE_HEADER.test(trimmed) && EXPIRES_WORD.test(trimmed)) {
      const indent = leadingWidth(text);
      const rel = text.slice(indent);
      const expiresCol = rel.search(EXPIRES_COLUMN);
      const serviceCol = rel.search(SERVICE_COLUMN);
      table = { kind: 'mit', indent, expiresCol: expiresCol > 0 ? expiresCol : undefined, serviceCol: serviceCol > 0 ? serviceCol : undefined };
      ensureCache('mit', lineNo);
      lastTicket = undefined;
      continue;
    }
    if (firstLower === 0x69 /* i */ && HEIMDAL_TABLE_HEADER.test(trimmed)) {
      table = { kind: 'heimdal', indent: leadingWidth(text), hasFlags: FLAGS_COLUMN.test(trimmed) };
      ensureCache('heimdal', lineNo);
      lastTicket = undefined;
      continue;
    }
    if (firstLower === 0x70 /* p */ && MIT_COLLECTION_HEADER.test(trimmed)) {
      const indent = leadingWidth(text);
      const cacheCol = text.slice(indent).search(CACHE_NAME_COLUMN);
      table = { kind: 'collection-mit', indent, cacheCol };
      cache = undefined;
      sawHeader = true;
      continue;
    }
    if (firstLower === 0x6e /* n */ && HEIMDAL_COLLECTION_HEADER.test(trimmed)) {
      table = { kind: 'collection-heimdal', indent: leadingWidth(text) };
      cache = undefined;
      sawHeader = true;
      continue;
    }
    if (first === 0x2d /* - */ && DASH_RULE.test(trimmed) && table && table.kind.startsWith('collection')) {
      continue;
    }

    // Heimdal header lines and `klist -v` fields, only under a `Credentials cache:` line:
    // Windows klist also prints `Server:` and `Client:` lines.
    const kv = cache?.flavor === 'heimdal' ? HEIMDAL_FIELD.exec(trimmed) : null;
    if (cache && kv && (!table || table.kind === 'heimdal')) {
      const key = (kv[1] ?? '').toLowerCase();
      const val = (kv[2] ?? '').trim();
      if (key === 'principal') {
        cache.principal = val || null;
        continue;
      }
      if (key === 'cache version') {
        const n = Number.parseInt(val, 10);
        if (Number.isFinite(n)) {
          cache.cacheVersion = n;
        }
        continue;
      }
      if (key === 'server') {
        verbose = newVerboseTicket(lineNo);
        verbose.service = val;
        table = undefined;
        continue;
      }
      if (verbose && readVerboseField(verbose, key, val, warnings, lineNo)) {
        continue;
      }
    }

    // `=== host` / `==> host <==`: a multi-host runner (ansibash, pdsh, tail) between outputs.
    if ((trimmed.startsWith('=== ') || trimmed.startsWith('==> ')) && !looksLikeTicketRow(trimmed)) {
      table = undefined;
      lastTicket = undefined;
      verbose = undefined;
      continue;
    }
    if (isUnixShellPrompt(text) && !looksLikeTicketRow(trimmed)) {
      table = undefined;
      lastTicket = undefined;
      verbose = undefined;
      continue;
    }

    if (!table) {
      continue;
    }

    if (table.kind === 'collection-mit' || table.kind === 'collection-heimdal') {
      const entry = parseCollectionRow(text, table);
      if (entry) {
        value.collection.push(entry);
      } else {
        warnings.push({ line: lineNo, message: `Unreadable klist -l row: ${trimmed.slice(0, 120)}` });
      }
      continue;
    }

    // Continuation of the last ticket: indented under it (TAB or spaces), or a known key.
    const indent = leadingWidth(text);
    const continuation = lastTicket ? continuationFolded(trimmed) : undefined;
    if (lastTicket && (continuation !== undefined || indent > lastRowIndent) && !looksLikeTicketRow(trimmed)) {
      if (continuation !== undefined) {
        applyContinuation(lastTicket, trimmed, continuation, warnings, lineNo, rowBefore);
      } else {
        (lastTicket.extra ??= []).push(trimmed);
        warnings.push({ line: lineNo, message: `Unknown line under a ticket: ${trimmed.slice(0, 120)}` });
      }
      continue;
    }

    // test, not rowTimes: the match and its parts are only needed when the column splits fail.
    if (!ROW_TIMES.test(trimmed)) {
      if (looksLikeTicketRow(trimmed)) {
        warnings.push({ line: lineNo, message: `Unreadable ticket row: ${trimmed.slice(0, 120)}` });
        continue;
      }
      // Not a row: the listing is over (the next command's output or the author's prose).
      table = undefined;
      lastTicket = undefined;
      continue;
    }
    const ticket = (table.kind === 'mit' ? parseMitRow(text, table, latestRow) : parseHeimdalRow(trimmed, table, warnings, lineNo)) ?? rowFromTimes(trimmed);
    if (ticket) {
      ticket.line = lineNo;
      rowBefore = latestRow;
      latestRow = ticket;
      const owner = ensureCache(table.kind === 'mit' ? 'mit' : 'heimdal', lineNo);
      owner.tickets.push(ticket);
      lastTicket = ticket;
      lastRowIndent = indent;
      checkTruncation(ticket, owner, idx === lastNonBlank && !endsWithNewline, warnings);
    } else {
      warnings.push({ line: lineNo, message: `Unreadable ticket row: ${trimmed.slice(0, 120)}` });
    }
  }
  return sawHeader;
}

/** The JDK's `, 4 entries found.` after a keytab name or the default principal (`,  0 entries found.` when empty). */
const ENTRIES_FOUND = /,\s*(\d{1,9})\s+entr(?:y|ies)\s+found\.?$/i;

function newKeytab(header: string, flavor: 'mit' | 'java', line: number): UnixKlistKeytab {
  const found = flavor === 'java' ? ENTRIES_FOUND.exec(header) : null;
  const name = found ? trimmedSlice(header, 0, found.index) : header;
  const keytab: UnixKlistKeytab = { name: flavor === 'java' ? name || null : cacheName(name), entries: [], flavor, line };
  if (found) {
    keytab.declaredEntries = Number(found[1]);
  }
  return keytab;
}

/** MIT `KVNO Timestamp         Principal` / `KVNO Principal`. */
const KEYTAB_HEADER = /^KVNO[ \t]+(?:Timestamp[ \t]+)?Principal$/i;
/** The rule under it: dashes (an author's dots too), in one or more runs. */
const KEYTAB_RULE = /^[-.]{3,}(?:[ \t]+[-.]{3,})*$/;
const KEY_BYTES = /^0x[0-9a-f]*$/i;

/**
 * A line of an MIT keytab listing: the column header, its rule or an entry (stored); false for
 * any other line, which ends the listing. An entry's principal has a realm (`@`): a line such
 * as `2 files copied` after the listing is not one.
 */
function readMitKeytabLine(keytab: UnixKlistKeytab, trimmed: string, line: number, warnings: ParseWarning[]): boolean {
  const first = trimmed.charCodeAt(0);
  if (first >= 0x30 && first <= 0x39) {
    const m = KEYTAB_ROW.exec(trimmed);
    const principal = m?.[3];
    if (!m || principal === undefined || !principal.includes('@')) {
      return false;
    }
    const entry: UnixKlistKeytabEntry = { kvno: Number(m[1]), principal, line };
    const time = m[2];
    if (time !== undefined) {
      const previous = keytab.entries[keytab.entries.length - 1]?.timestamp?.raw;
      entry.timestamp = { raw: sameText(time, previous) };
    }
    readKeytabRowTail(entry, m[4] ?? '', keytab, warnings, line);
    keytab.entries.push(entry);
    return true;
  }
  if ((first | 0x20) === 0x6b /* k */) {
    return KEYTAB_HEADER.test(trimmed);
  }
  return (first === 0x2d || first === 0x2e) && KEYTAB_RULE.test(trimmed);
}

/** The `(enctype)` and `(0x...)` groups after a keytab row's principal: the enctype is kept, the key never. */
function readKeytabRowTail(entry: UnixKlistKeytabEntry, tail: string, keytab: UnixKlistKeytab, warnings: ParseWarning[], line: number): void {
  let pos = tail.indexOf('(');
  while (pos >= 0) {
    const close = tail.indexOf(')', pos + 1);
    if (close < 0) {
      break;
    }
    const group = trimmedSlice(tail, pos + 1, close);
    if (KEY_BYTES.test(group)) {
      keyShown(keytab, warnings, line);
    } else if (group !== '' && entry.enctype === undefined) {
      entry.enctype = group;
    }
    pos = tail.indexOf('(', close + 1);
  }
}

/** `klist -K` printed the keys: they are secrets (never kept); warn once per listing. */
function keyShown(keytab: UnixKlistKeytab, warnings: ParseWarning[], line: number): void {
  if (keytab.keysShown === true) {
    return;
  }
  keytab.keysShown = true;
  warnings.push({ line, message: `The keytab listing shows the keys themselves (klist -K): they are secrets, treat this paste as one (the keys are not kept).` });
}

/** `[1] Service principal: x` (JDK keytab) or `[1]  Service Principal:  x` (JDK cache): the name, or undefined. */
function javaEntryLine(trimmed: string): string | undefined {
  const m = JAVA_ENTRY.exec(trimmed);
  return m ? (m[1] ?? '') : undefined;
}

const JAVA_ENTRY = /^\[\d{1,9}\][ \t]+Service[ \t]+principal:[ \t]*(\S.*)$/i;

/** The MIT names of the enctype numbers the JDK's `Key type:` prints. */
const ENCTYPE_NAMES: Readonly<Record<string, string>> = {
  '1': 'des-cbc-crc',
  '3': 'des-cbc-md5',
  '16': 'des3-cbc-sha1',
  '17': 'aes128-cts-hmac-sha1-96',
  '18': 'aes256-cts-hmac-sha1-96',
  '19': 'aes128-cts-hmac-sha256-128',
  '20': 'aes256-cts-hmac-sha384-192',
  '23': 'arcfour-hmac',
  '24': 'arcfour-hmac-exp',
  '25': 'camellia128-cts-cmac',
  '26': 'camellia256-cts-cmac',
};

/** `Label: value` split at the colon, the label lower-cased; undefined without a short label. */
function javaField(trimmed: string): { key: string; value: string } | undefined {
  const colon = trimmed.indexOf(':');
  if (colon <= 0 || colon > 24) {
    return undefined;
  }
  return { key: trimmed.slice(0, colon).trim().toLowerCase(), value: trimmedSlice(trimmed, colon + 1, trimmed.length) };
}

/** The JDK's keytab entry lines: `KVNO: 1`, `Key type: 18`, `Key: 0x...` (never kept), `Time stamp: Oct 14, 2025 12:47:57`. */
function readJavaKeytabField(keytab: UnixKlistKeytab, entry: UnixKlistKeytabEntry, trimmed: string, warnings: ParseWarning[], line: number): boolean {
  const field = javaField(trimmed);
  if (!field) {
    return false;
  }
  switch (field.key) {
    case 'kvno': {
      const n = Number.parseInt(field.value, 10);
      entry.kvno = Number.isFinite(n) ? n : null;
      return true;
    }
    case 'key type':
      entry.enctype = ENCTYPE_NAMES[field.value] ?? field.value;
      return true;
    case 'key':
      keyShown(keytab, warnings, line);
      return true;
    case 'time stamp':
      entry.timestamp = { raw: field.value };
      return true;
    default:
      return false;
  }
}

/**
 * The JDK's ticket lines: `Valid starting:`, `Expires:`, `Renew until:`, `EType (skey, tkt):`
 * (older releases: `Encryption type:`), `Flags:` (`FORWARDABLE;INITIAL;PRE-AUTHENT`), `Addresses:`.
 */
function readJavaTicketField(t: UnixKlistTicket, trimmed: string, warnings: ParseWarning[], line: number): boolean {
  const field = javaField(trimmed);
  if (!field) {
    return false;
  }
  const v = field.value;
  switch (field.key) {
    case 'valid starting':
      t.validStarting = { raw: v };
      return true;
    case 'expires':
      t.expires = { raw: v };
      return true;
    case 'renew until':
      t.renewUntil = { raw: v };
      return true;
    case 'etype (skey, tkt)': {
      const comma = v.indexOf(',');
      t.encryption = comma < 0 ? { sessionKey: v || null, ticket: null } : { sessionKey: trimmedSlice(v, 0, comma) || null, ticket: trimmedSlice(v, comma + 1, v.length) || null };
      return true;
    }
    case 'encryption type':
      t.encryption = { sessionKey: v || null, ticket: null };
      return true;
    case 'flags':
      t.flagsRaw = v;
      t.flags = expandFlagNames(v.replace(SEMICOLONS, ','), warnings, line);
      return true;
    case 'addresses':
      t.addresses = v;
      return true;
    default:
      return false;
  }
}

const SEMICOLONS = /;/g;

/**
 * An author who put the shell's `$ ` before every line of a block (`$ Ticket cache: FILE:x`,
 * `$ KVNO Timestamp Principal`, `$ ` for a blank line): a run of 3+ such lines with a klist
 * header among them loses the prefix, in place. A prompt inside the run (`$ host ~ $ klist`)
 * stays a prompt.
 */
function undoDollarPrefixes(lines: string[]): void {
  for (let i = 0; i < lines.length; i++) {
    if (dollarPrefixAt(lines[i] ?? '') < 0) {
      continue;
    }
    let end = i;
    let header = false;
    while (end < lines.length) {
      const text = lines[end] ?? '';
      const at = dollarPrefixAt(text);
      if (at < 0) {
        break;
      }
      header ||= DOLLAR_HEADER.test(text.slice(at + 1).trimStart());
      end++;
    }
    if (end - i >= 3 && header) {
      for (let k = i; k < end; k++) {
        const text = lines[k] ?? '';
        const at = dollarPrefixAt(text);
        lines[k] = text.slice(0, at) + text.slice(Math.min(text.length, at + 2));
      }
    }
    i = end;
  }
}

/** Where a line's leading `$ ` (or a lone `$`) is, after its indentation; -1 when it has none. */
function dollarPrefixAt(text: string): number {
  const at = leadingWidth(text);
  if (text.charCodeAt(at) !== 0x24 /* $ */) {
    return -1;
  }
  const next = text.charCodeAt(at + 1);
  return Number.isNaN(next) || next === 0x20 ? at : -1;
}

const DOLLAR_HEADER = /^(?:Ticket cache|Keytab name|Credentials cache|Default principal):|^(?:Valid starting|KVNO)\s/i;

const ETYPE_KVNO = /^(.*?),\s*kvno\s+(\d+)\s*$/i;
const WHITE_SPACE_RUN = /\s+/;
const EXPIRED_SUFFIX = /\(expired\)\s*$/i;

function readVerboseField(t: UnixKlistTicket, key: string, val: string, warnings: ParseWarning[], line: number): boolean {
  switch (key) {
    case 'client':
      t.client = val;
      return true;
    case 'ticket etype': {
      const m = ETYPE_KVNO.exec(val);
      const etype = (m ? m[1] : val)?.trim() ?? '';
      // Heimdal prints `Session key:` only when it differs from the ticket's enctype.
      t.encryption = { sessionKey: t.encryption?.sessionKey ?? etype, ticket: etype };
      if (m?.[2]) {
        t.kvno = Number(m[2]);
      }
      return true;
    }
    case 'session key':
      // Only the enctype name is printed here; we keep nothing else.
      t.encryption = { sessionKey: val.split(WHITE_SPACE_RUN)[0] ?? val, ticket: t.encryption?.ticket ?? null };
      return true;
    case 'ticket length':
      return true;
    case 'auth time':
      t.authTime = { raw: val };
      if (t.validStarting.raw === '') {
        t.validStarting = { raw: val };
      }
      return true;
    case 'start time':
      t.validStarting = { raw: val };
      return true;
    case 'end time': {
      const expired = EXPIRED_SUFFIX.exec(val);
      t.expires = { raw: expired ? val.slice(0, expired.index).trim() : val };
      if (expired) {
        t.expired = true;
      }
      return true;
    }
    case 'renew till':
      t.renewUntil = { raw: val };
      return true;
    case 'ticket flags':
      t.flagsRaw = val;
      t.flags = expandFlagNames(val, warnings, line);
      return true;
    case 'addresses':
      t.addresses = val;
      return true;
    default:
      return false;
  }
}

/** A MIT/Heimdal ticket row starts with a date: digits, or a month name then a day. */
function looksLikeTicketRow(trimmed: string): boolean {
  // The first character picks the one pattern that can match: a digit, or an ASCII letter.
  const first = trimmed.charCodeAt(0);
  if (first >= 0x30 && first <= 0x39) {
    return NUMERIC_ROW_START.test(trimmed);
  }
  const letter = first | 0x20;
  return letter >= 0x61 && letter <= 0x7a && MONTH_ROW_START.test(trimmed);
}

const NUMERIC_ROW_START = /^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}[ T]/;
const MONTH_ROW_START = /^[A-Za-z]{3}\s+\d{1,2}\s+\d{1,2}:\d{2}/;

/**
 * One printed time, in the forms parseDateTime reads: MIT's locale `%x %X`/`%x %T`/`%x %R`
 * (`03/25/22 13:47:55`, `06.03.2020 09.03.06`, `06. 03. 20 09:03:06`, `06.03.2020. 09:03`)
 * or ISO `2020-02-15T16:11:35`; Heimdal's `Jul  5 11:29:31` with or without the year.
 */
const ROW_TIME = String.raw`(?:\d{1,4}[./-] ?\d{1,2}[./-] ?\d{2,4}\.?(?:T|,?[ \t]+)\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:[ \t]?[AaPp][Mm])?|[A-Za-z]{3}[ \t]+\d{1,2}[ \t]+\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]+\d{4})?)`;
/** Two time columns (the second may be Heimdal's `>>>Expired<<<`); anchored, so linear. */
const ROW_TIMES = new RegExp(String.raw`^(${ROW_TIME})[ \t]+(${ROW_TIME}|>>>[^<\s]{0,40}<<<)(?=[ \t]|$)`);

/**
 * `   2 02/15/13 20:42:49 host/x@REALM (aes256-cts-hmac-sha1-96) `: the KVNO (`%4d`), the
 * timestamp with `-t`, the principal (MIT escapes blanks in names), then `-e`'s `(enctype)` and
 * `-K`'s `(0x...)` key. Anchored, so linear.
 */
const KEYTAB_ROW = new RegExp(String.raw`^(\d{1,10})[ \t]+(?:(${ROW_TIME})[ \t]+)?((?:\\.|[^\s\\])+)(.*)$`);

/**
 * The two time columns a ticket row starts with, and the rest of the row: a line without
 * them is not a ticket row (a `renew until` line, the next command's output, prose).
 */
function rowTimes(trimmed: string): { start: string; end: string; rest: string } | undefined {
  const m = ROW_TIMES.exec(trimmed);
  if (!m) {
    return undefined;
  }
  return { start: m[1] ?? '', end: m[2] ?? '', rest: trimmed.slice(m[0].length).trim() };
}

/**
 * A row the column and token splits could not read, from its two times: the service is the
 * rest, possibly empty (an author who cut the service column off).
 */
function rowFromTimes(trimmed: string): UnixKlistTicket | undefined {
  const times = rowTimes(trimmed);
  if (!times || WHITE_SPACE.test(times.rest)) {
    return undefined;
  }
  const ticket: UnixKlistTicket = { validStarting: { raw: times.start }, expires: { raw: times.end }, renewUntil: null, service: times.rest, flags: [], line: 0 };
  if (times.end.startsWith('>>>')) {
    ticket.expired = true;
  }
  return ticket;
}

const WHITE_SPACE = /\s/;

/**
 * `text`, or `earlier` when it reads the same. The tickets of one listing repeat their values
 * (one kinit: the same start, end and renew-until; the same enctypes): equal values then share
 * one string, so a large paste keeps fewer strings alive and finishTimes hashes each time once.
 */
function sameText(text: string, earlier: string | null | undefined): string {
  return text === earlier ? earlier : text;
}

/** `previous`: the ticket of the row before, whose values this row's may repeat. */
function parseMitRow(text: string, table: TableState, previous: UnixKlistTicket | undefined): UnixKlistTicket | undefined {
  // The row's columns are relative to `from` (the header's indentation); sliced from the line directly.
  const from = Math.min(leadingWidth(text), table.indent);
  const { expiresCol, serviceCol } = table;
  // The columns are padded to the timestamp width: slice at the header's offsets when the row fits them.
  if (
    expiresCol !== undefined &&
    serviceCol !== undefined &&
    text.length - from > serviceCol &&
    text.charCodeAt(from + expiresCol - 1) === 0x20 &&
    text.charCodeAt(from + serviceCol - 1) === 0x20 &&
    text.charCodeAt(from + serviceCol) !== 0x20
  ) {
    const start = sameText(trimmedSlice(text, from, from + expiresCol), previous?.validStarting.raw);
    const end = sameText(trimmedSlice(text, from + expiresCol, from + serviceCol), previous?.expires.raw);
    const service = trimmedSlice(text, from + serviceCol, text.length);
    if (start !== '' && end !== '' && service !== '' && !WHITE_SPACE.test(service)) {
      return { validStarting: { raw: start }, expires: { raw: end }, renewUntil: null, service, flags: [], line: 0 };
    }
  }
  return splitRowByTokens(text.slice(from), false);
}

const EXPIRED_MARKER = /^>>>.*<<<$/;

/** Fallback: the service is the last token; both dates have the same number of tokens. */
function splitRowByTokens(text: string, hasFlags: boolean): UnixKlistTicket | undefined {
  const parts = tokens(text);
  const service = parts.pop();
  if (!service) {
    return undefined;
  }
  const flagsRaw = hasFlags ? parts.pop() : undefined;
  let start: string[];
  let end: string[];
  const expiredAt = parts.findIndex((p) => EXPIRED_MARKER.test(p));
  let expired = false;
  if (expiredAt >= 0) {
    start = parts.slice(0, expiredAt);
    end = parts.slice(expiredAt);
    expired = true;
  } else if (parts.length >= 2 && parts.length % 2 === 0) {
    start = parts.slice(0, parts.length / 2);
    end = parts.slice(parts.length / 2);
  } else {
    return undefined;
  }
  const ticket: UnixKlistTicket = {
    validStarting: { raw: start.join(' ') },
    expires: { raw: end.join(' ') },
    renewUntil: null,
    service,
    flags: [],
    line: 0,
  };
  if (expired) {
    ticket.expired = true;
  }
  if (flagsRaw !== undefined) {
    ticket.flagsRaw = flagsRaw;
  }
  return ticket;
}

function parseHeimdalRow(trimmed: string, table: TableState, warnings: ParseWarning[], line: number): UnixKlistTicket | undefined {
  // Keep Heimdal's double space in `Jul  5`: rebuild dates from tokens joined by one space,
  // then restore the printed text by locating it in the row.
  const ticket = splitRowByTokens(trimmed, table.hasFlags === true);
  if (!ticket) {
    return undefined;
  }
  const start = locateRaw(trimmed, ticket.validStarting.raw, 0);
  ticket.validStarting = { raw: start.raw };
  ticket.expires = { raw: locateRaw(trimmed, ticket.expires.raw, start.end).raw };
  if (ticket.flagsRaw !== undefined) {
    ticket.flags = expandFlagLetters(ticket.flagsRaw, warnings, line);
  }
  return ticket;
}

/** The substring of `row` (from `fromIndex`) that spells `joined` with its original spacing (e.g. `Jul  5`). */
function locateRaw(row: string, joined: string, fromIndex: number): { raw: string; end: number } {
  const words = joined.split(' ');
  const first = words[0];
  const from = first ? row.indexOf(first, fromIndex) : -1;
  if (!first || from < 0) {
    return { raw: joined, end: fromIndex };
  }
  let pos = from + first.length;
  for (const w of words.slice(1)) {
    const at = row.indexOf(w, pos);
    if (at < 0 || row.slice(pos, at).trim() !== '') {
      return { raw: joined, end: fromIndex };
    }
    pos = at + w.length;
  }
  return { raw: row.slice(from, pos), end: pos };
}

/**
 * Splits a continuation line (`text`, and `folded` from continuationFolded) at the known labels
 * and stores each field; `earlier` is the ticket before `t`, whose values `t`'s may repeat.
 */
function applyContinuation(t: UnixKlistTicket, text: string, folded: string, warnings: ParseWarning[], line: number, earlier: UnixKlistTicket | undefined): void {
  let entry = continuationLabelAt(folded, 0);
  let pos = 0;
  while (entry) {
    const valueStart = pos + entry.label.length;
    // The next field starts at the first `, ` followed by a known label. Each `, ` is looked at
    // once (the next search starts after this field's label), which keeps this linear.
    let next = -1;
    let nextEntry: ContinuationLabel | undefined;
    for (let comma = folded.indexOf(', ', valueStart); comma >= 0; comma = folded.indexOf(', ', comma + 1)) {
      nextEntry = continuationLabelAt(folded, comma + 2);
      if (nextEntry) {
        next = comma;
        break;
      }
    }
    applyContinuationField(t, entry.key, trimmedSlice(text, valueStart, next < 0 ? text.length : next), warnings, line, earlier);
    if (next < 0) {
      break;
    }
    pos = next + 2;
    entry = nextEntry;
  }
}

/** An author's `...` stands for a name left out, not a name. */
const ELLIPSIS = /^(?:\.{2,}|…)$/;

function encryptionName(name: string): string | null {
  return name === '' || ELLIPSIS.test(name) ? null : name;
}

function applyContinuationField(t: UnixKlistTicket, key: ContinuationKey, value: string, warnings: ParseWarning[], line: number, earlier: UnixKlistTicket | undefined): void {
  switch (key) {
    case 'client':
      t.client = value;
      break;
    case 'renewUntil':
      t.renewUntil = { raw: sameText(value, earlier?.renewUntil?.raw) };
      break;
    case 'flags':
      t.flagsRaw = sameText(value, earlier?.flagsRaw);
      t.flags = expandFlagLetters(value, warnings, line);
      break;
    case 'etype': {
      // The first two of `value.split(',')`, trimmed, without the arrays.
      const comma = value.indexOf(',');
      const next = comma < 0 ? -1 : value.indexOf(',', comma + 1);
      const sessionKey = sameText(comma < 0 ? value : trimmedSlice(value, 0, comma), earlier?.encryption?.sessionKey);
      const ticket = sameText(comma < 0 ? '' : trimmedSlice(value, comma + 1, next < 0 ? value.length : next), earlier?.encryption?.ticket);
      t.encryption = { sessionKey: encryptionName(sessionKey), ticket: encryptionName(ticket) };
      break;
    }
    case 'addresses':
      t.addresses = value;
      break;
    case 'adTypes':
      (t.extra ??= []).push(`AD types: ${value}`);
      break;
    case 'ticketServer':
      t.ticketServer = value;
      break;
  }
}

const EXPIRED_WORD = /expired/i;

/** The MIT `klist -l` expired suffix `row` ends with (any case), as EXPIRED_SUFFIXES spells it. */
function expiredSuffix(row: string): string | undefined {
  if (NON_ASCII.test(row)) {
    const lower = row.toLowerCase();
    return EXPIRED_SUFFIXES.find((x) => lower.endsWith(x));
  }
  // An ASCII row lower-cases character by character: compare its end in place.
  for (const suffix of EXPIRED_SUFFIXES) {
    if (startsWithIgnoringAsciiCase(row, suffix, row.length - suffix.length)) {
      return suffix;
    }
  }
  return undefined;
}

function parseCollectionRow(text: string, table: TableState): UnixKlistCollectionEntry | undefined {
  let rel = text.slice(Math.min(leadingWidth(text), table.indent)).trimEnd();
  let isDefault: boolean | undefined;
  if (table.kind === 'collection-heimdal') {
    const parts = tokens(rel);
    if (parts[0] === '*') {
      isDefault = true;
      parts.shift();
    } else {
      isDefault = false;
    }
    const principal = parts.shift();
    const cacheName = parts.shift();
    if (!principal || !cacheName) {
      return undefined;
    }
    const rest = parts.join(' ');
    const expired = EXPIRED_WORD.test(rest);
    const entry: UnixKlistCollectionEntry = { principal, cache: cacheName, expired, isDefault };
    if (rest !== '' && !expired) {
      entry.expires = { raw: locateRaw(text, rest, text.indexOf(cacheName) + cacheName.length).raw };
    }
    return entry;
  }
  let expired = false;
  const suffix = expiredSuffix(rel);
  if (suffix) {
    expired = true;
    rel = rel.slice(0, rel.length - suffix.length);
  }
  // MIT prints `%-30.30s %s`: the principal is cut to 30 characters and the cache starts after it.
  const col = table.cacheCol;
  if (col !== undefined && col > 0 && rel.length > col && rel.charCodeAt(col - 1) === 0x20) {
    const principal = trimmedSlice(rel, 0, col);
    const cacheName = trimmedSlice(rel, col, rel.length);
    if (principal !== '' && cacheName !== '') {
      return { principal, cache: cacheName, expired };
    }
  }
  const parts = tokens(rel);
  const principal = parts.shift();
  if (!principal || parts.length === 0) {
    return undefined;
  }
  return { principal, cache: parts.join(' '), expired };
}

/**
 * Whether the known realm `text.slice(knownStart, knownEnd)` is longer than `realm` and starts
 * with it (a cut-off copy), read in place: this runs for every ticket row.
 */
function isCutOffFrom(realm: string, text: string, knownStart: number, knownEnd: number): boolean {
  return knownEnd - knownStart > realm.length && text.startsWith(realm, knownStart);
}

function checkTruncation(ticket: UnixKlistTicket, cache: UnixKlistCache, lastLineWithoutEnd: boolean, warnings: ParseWarning[]): void {
  const service = ticket.service;
  const at = service.lastIndexOf('@');
  let cut: boolean;
  if (service === '') {
    // No service column at all: the row was cut (or the name removed) by the author.
    cut = true;
  } else if (at < 0 || at === service.length - 1) {
    // No realm, or MIT's empty referral realm (`ldap/host@`): only a missing line end tells a cut.
    cut = lastLineWithoutEnd;
  } else {
    // A realm we know that the service's realm is a cut-off start of: the principal's, or a
    // TGT's own (`X` of `krbtgt/X@...`).
    const serviceRealm = service.slice(at + 1);
    const principal = cache.principal ?? '';
    const principalAt = principal.lastIndexOf('@');
    const tgtAt = service.startsWith('krbtgt/') ? service.indexOf('@', 7) : -1;
    cut = (principalAt >= 0 && isCutOffFrom(serviceRealm, principal, principalAt + 1, principal.length)) || (tgtAt > 7 && isCutOffFrom(serviceRealm, service, 7, tgtAt));
  }
  if (cut) {
    ticket.truncated = true;
    warnings.push({ line: ticket.line, message: `The ticket row looks cut off (service '${ticket.service}').` });
  }
}

// allTimes and finishTimes run once per parse, over every ticket: indexed loops, as a for...of
// allocates an iterator result per element until the optimizing compiler takes over.
function allTimes(value: UnixKlistResult): TimeValue[] {
  const out: TimeValue[] = [];
  for (let c = 0; c < value.caches.length; c++) {
    const tickets = value.caches[c]?.tickets ?? [];
    for (let i = 0; i < tickets.length; i++) {
      const t = tickets[i];
      if (t === undefined) {
        continue;
      }
      out.push(t.validStarting, t.expires);
      if (t.renewUntil) {
        out.push(t.renewUntil);
      }
      if (t.authTime) {
        out.push(t.authTime);
      }
    }
  }
  for (let i = 0; i < value.collection.length; i++) {
    const expires = value.collection[i]?.expires;
    if (expires) {
      out.push(expires);
    }
  }
  for (let k = 0; k < value.keytabs.length; k++) {
    const entries = value.keytabs[k]?.entries ?? [];
    for (let i = 0; i < entries.length; i++) {
      const timestamp = entries[i]?.timestamp;
      if (timestamp) {
        out.push(timestamp);
      }
    }
  }
  return out;
}

/** The JDK's `Mar 26, 2020 21:35:00` (old releases: no seconds). */
const JAVA_TIME = /^([A-Za-z]{3})[ \t]+(\d{1,2}),[ \t]*(\d{4})[ \t]+(\d{1,2}:\d{2}(?::\d{2})?)$/;

/** The JDK's time in Heimdal's order (`Mar 26 21:35:00 2020`), which parseDateTime reads; any other text as it is. */
function fromJavaTime(raw: string): string {
  if (raw.indexOf(',') < 0) {
    return raw;
  }
  const m = JAVA_TIME.exec(raw);
  return m ? `${m[1] ?? ''} ${m[2] ?? ''} ${m[4] ?? ''} ${m[3] ?? ''}` : raw;
}

/** A numeric date whose parts could be day/month or month/day (what a missing `iso` is blamed on). */
const NUMERIC_DATE_START = /^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}/;

/** Fills `iso` once every date of the output is known, so one unambiguous date settles the order. */
function finishTimes(value: UnixKlistResult, options: ParseOptions, warnings: ParseWarning[]): void {
  const times = allTimes(value);
  // An output prints the same time many times (every ticket of a kinit shares its start and
  // renew-until): each distinct text is parsed once. The order a set of dates proves does not
  // depend on repeats or on their order.
  const isoByRaw = new Map<string, string | undefined>();
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (t !== undefined) {
      isoByRaw.set(t.raw, undefined);
    }
  }
  const inferred = inferDateOrder(isoByRaw.keys());
  const order = options.dateOrder ?? inferred;
  value.dateOrder = order ?? null;
  value.dateOrderSource = options.dateOrder ? 'option' : inferred ? 'inferred' : null;
  for (const raw of isoByRaw.keys()) {
    isoByRaw.set(raw, parseDateTime(fromJavaTime(raw), order).iso);
  }
  let ambiguous: string | undefined;
  for (let i = 0; i < times.length; i++) {
    const t = times[i];
    if (t === undefined) {
      continue;
    }
    const iso = isoByRaw.get(t.raw);
    if (iso) {
      t.iso = iso;
    } else if (ambiguous === undefined && NUMERIC_DATE_START.test(t.raw)) {
      ambiguous = t.raw;
    }
  }
  if (ambiguous !== undefined && !order) {
    warnings.push({
      message: `Dates like '${ambiguous}' are ambiguous (month/day or day/month): set the date order to get exact times.`,
    });
  }
}

/** Cheap detector for the `auto` splitter. */
export function looksLikeUnixKlist(input: string): boolean {
  if (typeof input !== 'string') {
    return false;
  }
  return (
    CACHE_LINE.test(input) ||
    /^[ \t>]*Valid starting[ \t]+Expires[ \t]+Service principal/m.test(input) ||
    /^[ \t>]*Principal name[ \t]+Cache name[ \t]*$/m.test(input) ||
    ERROR_LINE.test(input) ||
    /klist: Credentials cache [^\n]{0,300}not found/.test(input) ||
    KEYTAB_LINE.test(input) ||
    KEYTAB_ERROR_LINE.test(input)
  );
}
