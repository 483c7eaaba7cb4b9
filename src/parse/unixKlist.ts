/**
 * MIT and Heimdal `klist` as printed on Linux and macOS: the ticket table (`klist`, `-f`,
 * `-e`, `-a`), every cache of a collection (`klist -A`), the collection listing
 * (`klist -l`), Heimdal's verbose form (`klist -v`) and the "no cache" errors.
 * Pure: never throws, linear time.
 */
import { cleanLineTexts, escapeRegExp, isPromptLine } from './text';
import { inferDateOrder, parseDateTime } from './time';
import type { DateOrder, ParseOptions, ParseResult, ParseWarning, TimeValue } from './types';

export type UnixKlistFlavor = 'mit' | 'heimdal';

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
  line: number;
}

export type UnixKlistErrorKind = 'no-cache' | 'not-found' | 'other';

export interface UnixKlistError {
  message: string;
  kind: UnixKlistErrorKind;
  /** The cache the message names, when it names one. */
  cache: string | null;
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
  /** The date order used for `iso` values, and where it came from. */
  dateOrder: DateOrder | null;
  dateOrderSource: 'option' | 'inferred' | null;
}

/**
 * Shell prompts: text.ts's `isPromptLine`, plus `user@host:~$` whose trailing space cleanLines
 * removed, and the bracketed `[root@host ~]# ` of RHEL shells.
 */
function isShellPrompt(text: string): boolean {
  // Every prompt form ends in `>`, `$`, `#` or `%`: most lines have none and skip the regexes.
  if (text.indexOf('$') === -1 && text.indexOf('#') === -1 && text.indexOf('>') === -1 && text.indexOf('%') === -1) {
    return false;
  }
  return isPromptLine(text) || isPromptLine(`${text} `) || BRACKET_PROMPT.test(text);
}

const BRACKET_PROMPT = /^\s*\[[^\]\n]{1,200}\][$#%]/;

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

/** Lower case without changing the length (indices found in it must slice the original). */
function lowerSameLength(text: string): string {
  const lower = text.toLowerCase();
  return lower.length === text.length ? lower : text.replace(/[A-Z]+/g, (m) => m.toLowerCase());
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

/** The lower-case ASCII first letters of some labels. */
function firstLetters(labels: Iterable<string>): ReadonlySet<number> {
  const out = new Set<number>();
  for (const label of labels) {
    out.add(label.charCodeAt(0) | 0x20);
  }
  return out;
}

/**
 * Whether `code` (a character of the line) can lower-case to one of `letters`. A cheap guard
 * before toLowerCase or a regex; a non-ASCII character always passes (the Kelvin sign K
 * lower-cases to an ASCII `k`), so the full check still decides.
 */
function mayBeLetter(code: number, letters: ReadonlySet<number>): boolean {
  return code >= 0x80 || letters.has(code | 0x20);
}

const HEADER_FIRST = firstLetters([...MIT_CACHE_LABELS, 'credentials cache', ...DEFAULT_PRINCIPAL_LABELS]);
const NO_CACHE_FIRST = firstLetters(NO_CACHE_TEXTS);
const NOT_FOUND_LAST = new Set(NOT_FOUND_WORDS.map(([, notFound]) => notFound.charCodeAt(notFound.length - 1) | 0x20));

const CACHE_LINE = new RegExp(`^[ \\t>]*(?:${[...LANGUAGES.map((l) => l.ticketCache), 'Credentials cache'].map(escapeRegExp).join('|')}):[ \\t]*\\S`, 'm');
const ERROR_LINE = new RegExp(`klist: (?:${LANGUAGES.flatMap((l) => l.errorStarts).map(escapeRegExp).join('|')})`);

function isNotFound(lower: string): boolean {
  return NOT_FOUND_WORDS.some(([cacheWord, notFound]) => lower.includes(cacheWord) && lower.trimEnd().endsWith(notFound));
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
    dateOrder: null,
    dateOrderSource: null,
  };
}

function leadingWidth(text: string): number {
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) {
    i++;
  }
  return i;
}

function tokens(text: string): string[] {
  const t = text.trim();
  return t === '' ? [] : t.split(/[ \t]+/);
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
  return out;
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

/** Splits `renew until X, Flags: FRIA, Etype (skey, tkt): a, b` (or a translation) at the known labels. */
function splitContinuation(text: string): { key: ContinuationKey; value: string }[] | undefined {
  // Ticket rows start with a digit: reject them before lower-casing the line.
  if (!mayBeLetter(text.charCodeAt(0), CONTINUATION_FIRST)) {
    return undefined;
  }
  const lower = lowerSameLength(text);
  let entry = CONTINUATION_LABELS.find((e) => lower.startsWith(e.label));
  if (!entry) {
    return undefined;
  }
  const fields: { key: ContinuationKey; value: string }[] = [];
  let pos = 0;
  while (entry) {
    const valueStart = pos + entry.label.length;
    // The next field starts at the first `, ` followed by a known label. Each `, ` is looked at
    // once (the next search starts after this field's label), which keeps this linear.
    let next = -1;
    let nextEntry: (typeof CONTINUATION_LABELS)[number] | undefined;
    for (let comma = lower.indexOf(', ', valueStart); comma >= 0; comma = lower.indexOf(', ', comma + 1)) {
      const after = comma + 2;
      nextEntry = CONTINUATION_LABELS.find((e) => lower.startsWith(e.label, after));
      if (nextEntry) {
        next = comma;
        break;
      }
    }
    fields.push({ key: entry.key, value: text.slice(valueStart, next < 0 ? undefined : next).trim() });
    if (next < 0) {
      break;
    }
    pos = next + 2;
    entry = nextEntry;
  }
  return fields;
}

function classifyError(message: string): { kind: UnixKlistErrorKind; cache: string | null } {
  const lower = message.toLowerCase();
  if (NO_CACHE_TEXTS.some((t) => lower.includes(t)) || lower.includes('no ticket file') || lower.includes('no credentials cache file found')) {
    // `(filename: X)`, old `(ticket cache X)`, or a translated `(label: X)`.
    const paren = /\((?:ticket cache\s|[\p{L} ]{1,30}:)\s*([^)]*)\)/iu.exec(message);
    const ticketFile = /no ticket file:\s*(\S+)/i.exec(message);
    return { kind: 'no-cache', cache: (paren?.[1] ?? ticketFile?.[1] ?? '').trim() || null };
  }
  if (isNotFound(lower)) {
    // English quotes the name with '...', German with »...« or names the keyring unquoted.
    const quoted = /'([^']*)'|»([^«]*)«|^Schlüsselbund (\S+) des /i.exec(message);
    return { kind: 'not-found', cache: quoted?.[1] ?? quoted?.[2] ?? quoted?.[3] ?? null };
  }
  return { kind: 'other', cache: null };
}

/** A klist error line: `klist: ...`, or the MIT wordings without the program prefix. */
function errorMessage(trimmed: string): string | undefined {
  if (trimmed.startsWith('klist:')) {
    const prefixed = /^klist:\s*(.*)$/.exec(trimmed);
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
  if (NO_CACHE_TEXTS.some((t) => lower.startsWith(t)) || isNotFound(lower)) {
    return trimmed;
  }
  return undefined;
}

/**
 * The cache name of a `Ticket cache:` line without an author's comment after it: a name has
 * no blank before an opening bracket (`KEYRING:persistent:0:0 （note）`, `FILE:/tmp/x (mine)`).
 */
function cacheName(value: string): string | null {
  const comment = /\s[(（[［【「]/.exec(value);
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
  if (isShellPrompt(text) && !looksLikeTicketRow(trimmed)) {
    return true;
  }
  const header = mayBeLetter(trimmed.charCodeAt(0), HEADER_FIRST) ? labelled(trimmed) : undefined;
  if (header && (MIT_CACHE_LABELS.has(header.label) || header.label === 'credentials cache')) {
    return true;
  }
  const message = errorMessage(trimmed);
  return message !== undefined && classifyError(message).kind !== 'other';
}

function realmOf(principal: string): string | undefined {
  const at = principal.lastIndexOf('@');
  return at >= 0 ? principal.slice(at + 1) : undefined;
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
  const recognized = value.caches.length > 0 || value.errors.length > 0 || value.collection.length > 0 || sawHeader;
  return { kind: 'unix-klist', recognized, value, warnings };
}

/** Returns whether a `klist -l` header was seen: an empty collection listing is still klist output. */
function parseInto(input: string, value: UnixKlistResult, warnings: ParseWarning[]): boolean {
  let sawHeader = false;
  const lines = cleanLineTexts(input);
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
  let verbose: UnixKlistTicket | undefined;
  // The listing a blank line ended, kept for a `renew until`/`Flags:` line right after it: a
  // line of TABs or spaces is blank once cleaned, and such a line is not MIT's anyway.
  let beforeBlank: { table: TableState; ticket: UnixKlistTicket; rowIndent: number } | undefined;
  // Inside krb5-1.6's `Kerberos 4 ticket cache:` section: its lines and errors are Kerberos 4's.
  let inKerberos4 = false;

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
      continue;
    }
    const held = beforeBlank;
    beforeBlank = undefined;
    if (trimmed.startsWith('```') || trimmed.startsWith('~~~')) {
      table = undefined;
      lastTicket = undefined;
      inKerberos4 = false;
      continue;
    }
    if (held) {
      const fields = splitContinuation(trimmed);
      if (fields) {
        applyContinuation(held.ticket, fields, warnings, lineNo);
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
    const header = mayBeLetter(first, HEADER_FIRST) ? labelled(trimmed) : undefined;
    if (header && (MIT_CACHE_LABELS.has(header.label) || header.label === 'credentials cache')) {
      const flavor: UnixKlistFlavor = header.label === 'credentials cache' ? 'heimdal' : 'mit';
      cache = { cache: cacheName(header.value), principal: null, tickets: [], flavor, line: lineNo };
      value.caches.push(cache);
      table = undefined;
      lastTicket = undefined;
      verbose = undefined;
      continue;
    }
    if (header && DEFAULT_PRINCIPAL_LABELS.has(header.label)) {
      ensureCache('mit', lineNo).principal = header.value || null;
      continue;
    }
    const message = errorMessage(trimmed);
    if (message !== undefined) {
      const { kind, cache: named } = classifyError(message);
      value.errors.push({ message, kind, cache: named, line: lineNo });
      cache = undefined;
      table = undefined;
      lastTicket = undefined;
      verbose = undefined;
      continue;
    }

    // Table headers, told apart by their first letter (a non-ASCII one never matches these /i regexes).
    const firstLower = first | 0x20;
    if (firstLower === 0x76 /* v */ && /^Valid starting\s/i.test(trimmed) && /\bExpires\b/i.test(trimmed)) {
      const indent = leadingWidth(text);
      const rel = text.slice(indent);
      const expiresCol = rel.search(/Expires/i);
      const serviceCol = rel.search(/Service principal/i);
      table = { kind: 'mit', indent, expiresCol: expiresCol > 0 ? expiresCol : undefined, serviceCol: serviceCol > 0 ? serviceCol : undefined };
      ensureCache('mit', lineNo);
      lastTicket = undefined;
      continue;
    }
    if (firstLower === 0x69 /* i */ && /^Issued\s+Expires\s/i.test(trimmed)) {
      table = { kind: 'heimdal', indent: leadingWidth(text), hasFlags: /\sFlags\s/i.test(trimmed) };
      ensureCache('heimdal', lineNo);
      lastTicket = undefined;
      continue;
    }
    if (firstLower === 0x70 /* p */ && /^Principal name\s+Cache name$/i.test(trimmed)) {
      const indent = leadingWidth(text);
      const cacheCol = text.slice(indent).search(/Cache name/i);
      table = { kind: 'collection-mit', indent, cacheCol };
      cache = undefined;
      sawHeader = true;
      continue;
    }
    if (firstLower === 0x6e /* n */ && /^Name\s+Cache name(?:\s+Expires)?$/i.test(trimmed)) {
      table = { kind: 'collection-heimdal', indent: leadingWidth(text) };
      cache = undefined;
      sawHeader = true;
      continue;
    }
    if (first === 0x2d /* - */ && /^-+(?:\s+-+)+$/.test(trimmed) && table && table.kind.startsWith('collection')) {
      continue;
    }

    // Heimdal header lines and `klist -v` fields, only under a `Credentials cache:` line:
    // Windows klist also prints `Server:` and `Client:` lines.
    const kv = cache?.flavor === 'heimdal' ? /^([A-Za-z][A-Za-z ]{0,20}):\s*(.*)$/.exec(trimmed) : null;
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
    if (isShellPrompt(text) && !looksLikeTicketRow(trimmed)) {
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
    const fields = splitContinuation(trimmed);
    if (lastTicket && (fields || indent > lastRowIndent) && !looksLikeTicketRow(trimmed)) {
      if (fields) {
        applyContinuation(lastTicket, fields, warnings, lineNo);
      } else {
        (lastTicket.extra ??= []).push(trimmed);
        warnings.push({ line: lineNo, message: `Unknown line under a ticket: ${trimmed.slice(0, 120)}` });
      }
      continue;
    }

    const times = rowTimes(trimmed);
    if (!times) {
      if (looksLikeTicketRow(trimmed)) {
        warnings.push({ line: lineNo, message: `Unreadable ticket row: ${trimmed.slice(0, 120)}` });
        continue;
      }
      // Not a row: the listing is over (the next command's output or the author's prose).
      table = undefined;
      lastTicket = undefined;
      continue;
    }
    const ticket = (table.kind === 'mit' ? parseMitRow(text, table) : parseHeimdalRow(trimmed, table, warnings, lineNo)) ?? rowFromTimes(times);
    if (ticket) {
      ticket.line = lineNo;
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

function readVerboseField(t: UnixKlistTicket, key: string, val: string, warnings: ParseWarning[], line: number): boolean {
  switch (key) {
    case 'client':
      t.client = val;
      return true;
    case 'ticket etype': {
      const m = /^(.*?),\s*kvno\s+(\d+)\s*$/i.exec(val);
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
      t.encryption = { sessionKey: val.split(/\s+/)[0] ?? val, ticket: t.encryption?.ticket ?? null };
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
      const expired = /\(expired\)\s*$/i.exec(val);
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
  return /^\d{1,4}[./-]\d{1,2}[./-]\d{2,4}[ T]/.test(trimmed) || /^[A-Za-z]{3}\s+\d{1,2}\s+\d{1,2}:\d{2}/.test(trimmed);
}

/**
 * One printed time, in the forms parseDateTime reads: MIT's locale `%x %X`/`%x %T`/`%x %R`
 * (`03/25/22 13:47:55`, `06.03.2020 09.03.06`, `06. 03. 20 09:03:06`, `06.03.2020. 09:03`)
 * or ISO `2020-02-15T16:11:35`; Heimdal's `Jul  5 11:29:31` with or without the year.
 */
const ROW_TIME = String.raw`(?:\d{1,4}[./-] ?\d{1,2}[./-] ?\d{2,4}\.?(?:T|,?[ \t]+)\d{1,2}[:.]\d{2}(?:[:.]\d{2})?(?:[ \t]?[AaPp][Mm])?|[A-Za-z]{3}[ \t]+\d{1,2}[ \t]+\d{1,2}:\d{2}(?::\d{2})?(?:[ \t]+\d{4})?)`;
/** Two time columns (the second may be Heimdal's `>>>Expired<<<`); anchored, so linear. */
const ROW_TIMES = new RegExp(String.raw`^(${ROW_TIME})[ \t]+(${ROW_TIME}|>>>[^<\s]{0,40}<<<)(?=[ \t]|$)`);

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
function rowFromTimes(times: { start: string; end: string; rest: string }): UnixKlistTicket | undefined {
  if (/\s/.test(times.rest)) {
    return undefined;
  }
  const ticket: UnixKlistTicket = { validStarting: { raw: times.start }, expires: { raw: times.end }, renewUntil: null, service: times.rest, flags: [], line: 0 };
  if (times.end.startsWith('>>>')) {
    ticket.expired = true;
  }
  return ticket;
}

function parseMitRow(text: string, table: TableState): UnixKlistTicket | undefined {
  const rel = text.slice(Math.min(leadingWidth(text), table.indent));
  const { expiresCol, serviceCol } = table;
  // The columns are padded to the timestamp width: slice at the header's offsets when the row fits them.
  if (
    expiresCol !== undefined &&
    serviceCol !== undefined &&
    rel.length > serviceCol &&
    rel[expiresCol - 1] === ' ' &&
    rel[serviceCol - 1] === ' ' &&
    rel[serviceCol] !== ' '
  ) {
    const start = rel.slice(0, expiresCol).trim();
    const end = rel.slice(expiresCol, serviceCol).trim();
    const service = rel.slice(serviceCol).trim();
    if (start !== '' && end !== '' && service !== '' && !/\s/.test(service)) {
      return { validStarting: { raw: start }, expires: { raw: end }, renewUntil: null, service, flags: [], line: 0 };
    }
  }
  return splitRowByTokens(rel, false);
}

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
  const expiredAt = parts.findIndex((p) => /^>>>.*<<<$/.test(p));
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

function applyContinuation(t: UnixKlistTicket, fields: { key: ContinuationKey; value: string }[], warnings: ParseWarning[], line: number): void {
  for (const { key, value } of fields) {
    switch (key) {
      case 'client':
        t.client = value;
        break;
      case 'renewUntil':
        t.renewUntil = { raw: value };
        break;
      case 'flags':
        t.flagsRaw = value;
        t.flags = expandFlagLetters(value, warnings, line);
        break;
      case 'etype': {
        // The first two of `value.split(',')`, trimmed, without the arrays.
        const comma = value.indexOf(',');
        const next = comma < 0 ? -1 : value.indexOf(',', comma + 1);
        const sessionKey = (comma < 0 ? value : value.slice(0, comma)).trim();
        const ticket = comma < 0 ? '' : value.slice(comma + 1, next < 0 ? undefined : next).trim();
        // An author's `...` stands for a name left out, not a name.
        const named = (name: string): string | null => (name === '' || /^(?:\.{2,}|…)$/.test(name) ? null : name);
        t.encryption = { sessionKey: named(sessionKey), ticket: named(ticket) };
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
    const expired = /expired/i.test(rest);
    const entry: UnixKlistCollectionEntry = { principal, cache: cacheName, expired, isDefault };
    if (rest !== '' && !expired) {
      entry.expires = { raw: locateRaw(text, rest, text.indexOf(cacheName) + cacheName.length).raw };
    }
    return entry;
  }
  let expired = false;
  const lowerRow = rel.toLowerCase();
  const suffix = EXPIRED_SUFFIXES.find((x) => lowerRow.endsWith(x));
  if (suffix) {
    expired = true;
    rel = rel.slice(0, rel.length - suffix.length);
  }
  // MIT prints `%-30.30s %s`: the principal is cut to 30 characters and the cache starts after it.
  const col = table.cacheCol;
  if (col !== undefined && col > 0 && rel.length > col && rel[col - 1] === ' ') {
    const principal = rel.slice(0, col).trim();
    const cacheName = rel.slice(col).trim();
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

function isCutOffFrom(realm: string, known: string | undefined): boolean {
  return !!known && known !== realm && known.startsWith(realm);
}

/** `X` of `krbtgt/X@...` (what /^krbtgt\/([^@]+)@/ captures). */
function tgtRealm(service: string): string | undefined {
  const at = service.startsWith('krbtgt/') ? service.indexOf('@', 7) : -1;
  return at > 7 ? service.slice(7, at) : undefined;
}

function checkTruncation(ticket: UnixKlistTicket, cache: UnixKlistCache, lastLineWithoutEnd: boolean, warnings: ParseWarning[]): void {
  const serviceRealm = realmOf(ticket.service);
  let cut: boolean;
  if (ticket.service === '') {
    // No service column at all: the row was cut (or the name removed) by the author.
    cut = true;
  } else if (serviceRealm === undefined || serviceRealm === '') {
    // No realm, or MIT's empty referral realm (`ldap/host@`): only a missing line end tells a cut.
    cut = lastLineWithoutEnd;
  } else {
    // A realm we know (the principal's, a TGT's own) that the service's realm is a cut-off start of.
    cut = isCutOffFrom(serviceRealm, cache.principal ? realmOf(cache.principal) : undefined) || isCutOffFrom(serviceRealm, tgtRealm(ticket.service));
  }
  if (cut) {
    ticket.truncated = true;
    warnings.push({ line: ticket.line, message: `The ticket row looks cut off (service '${ticket.service}').` });
  }
}

function allTimes(value: UnixKlistResult): TimeValue[] {
  const out: TimeValue[] = [];
  for (const c of value.caches) {
    for (const t of c.tickets) {
      out.push(t.validStarting, t.expires);
      if (t.renewUntil) {
        out.push(t.renewUntil);
      }
      if (t.authTime) {
        out.push(t.authTime);
      }
    }
  }
  for (const e of value.collection) {
    if (e.expires) {
      out.push(e.expires);
    }
  }
  return out;
}

/** Fills `iso` once every date of the output is known, so one unambiguous date settles the order. */
function finishTimes(value: UnixKlistResult, options: ParseOptions, warnings: ParseWarning[]): void {
  const times = allTimes(value);
  const inferred = inferDateOrder(times.map((t) => t.raw));
  const order = options.dateOrder ?? inferred;
  value.dateOrder = order ?? null;
  value.dateOrderSource = options.dateOrder ? 'option' : inferred ? 'inferred' : null;
  let ambiguous: string | undefined;
  for (const t of times) {
    const parsed = parseDateTime(t.raw, order);
    if (parsed.iso) {
      t.iso = parsed.iso;
    } else if (/^\d{1,2}[./-]\d{1,2}[./-]\d{2,4}/.test(t.raw)) {
      ambiguous ??= t.raw;
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
    /klist: Credentials cache [^\n]{0,300}not found/.test(input)
  );
}
