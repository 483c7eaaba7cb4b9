/**
 * `klist tgt`: the key/value layout (`ServiceName        : krbtgt`...) followed by a hex dump
 * of the encoded ticket. Security: the session key bytes and the ticket dump are dropped
 * while reading; only their type, length and size are kept.
 */
import { detectKlistShadowInTexts, klistLineTexts, readKlistErrorLine, readLogonIdLine, readTicketFlags, SHADOW_WARNINGS } from './klist';
import type { KlistError, KlistShadow } from './klist';
import { isPromptLine, isTrimSpace } from './text';
import { inferDateOrder, parseDateTime } from './time';
import type { ParseOptions, ParseResult, ParseWarning, TimeValue } from './types';

export interface KlistTgt {
  currentLogonId: string | null;
  currentLogonIdRaw: string | null;
  targetedLogonId: string | null;
  targetedLogonIdRaw: string | null;
  serviceName: string | null;
  /** `TargetName (SPN)` */
  targetName: string | null;
  clientName: string | null;
  domainName: string | null;
  targetDomainName: string | null;
  altTargetDomainName: string | null;
  flags: string[];
  flagsHex: string | null;
  /** `AES-256-CTS-HMAC-SHA1-96` from `KeyType 0x12 - AES-256-CTS-HMAC-SHA1-96`. */
  sessionKeyType: string | null;
  /** The etype number (0x12 = 18). */
  sessionKeyTypeId: number | null;
  sessionKeyLength: number | null;
  /**
   * True when klist printed an all-zero key (it does so without the right to read it),
   * false when it printed real bytes. The bytes themselves are never kept.
   */
  sessionKeyZeroed: boolean | null;
  startTime: TimeValue | null;
  endTime: TimeValue | null;
  renewUntil: TimeValue | null;
  /** As printed, trimmed: `+ 0:00 minute(s)`. */
  timeSkew: string | null;
  /** `EncodedTicket : (size: 1182)`; the hex dump that follows is dropped. */
  encodedTicketSize: number | null;
  error: KlistError | null;
  shadowedBy: KlistShadow;
}

type TgtStringField = 'serviceName' | 'targetName' | 'clientName' | 'domainName' | 'targetDomainName' | 'altTargetDomainName' | 'timeSkew';
type TgtTimeField = 'startTime' | 'endTime' | 'renewUntil';

const STRING_KEYS = new Map<string, TgtStringField>([
  ['servicename', 'serviceName'],
  ['targetname (spn)', 'targetName'],
  ['targetname', 'targetName'],
  ['clientname', 'clientName'],
  // The old SDK-sample layout (`Ticket Count:`, `TicketFlags : (0x...)`) prints the client under this label.
  ['fullservicename', 'clientName'],
  ['domainname', 'domainName'],
  ['targetdomainname', 'targetDomainName'],
  ['alttargetdomainname', 'altTargetDomainName'],
  ['timeskew', 'timeSkew'],
]);
const TIME_KEYS = new Map<string, TgtTimeField>([
  ['starttime', 'startTime'],
  ['endtime', 'endTime'],
  ['renewuntil', 'renewUntil'],
]);
const TIME_FIELDS = new Set<string>(TIME_KEYS.values());

type TgtField = TgtStringField | TgtTimeField | 'flags' | 'sessionKey' | 'encodedTicket';

/**
 * The order klist tgt always prints its fields in. klist.exe is localized (zh-CN prints
 * `服务名`, `目标名(SPN)`...), so a label that is not English is read by its position.
 */
const TGT_FIELD_ORDER: readonly TgtField[] = [
  'serviceName',
  'targetName',
  'clientName',
  'domainName',
  'targetDomainName',
  'altTargetDomainName',
  'flags',
  'sessionKey',
  'startTime',
  'endTime',
  'renewUntil',
  'timeSkew',
  'encodedTicket',
];

const OTHER_ENGLISH_KEYS = new Map<string, TgtField>([
  ['ticket flags', 'flags'],
  ['ticketflags', 'flags'],
  ['session key', 'sessionKey'],
  ['encodedticket', 'encodedTicket'],
]);

/** The labels exactly as English klist prints them. */
const PRINTED_LABELS: readonly (readonly [string, TgtField])[] = [
  ['ServiceName', 'serviceName'],
  ['TargetName (SPN)', 'targetName'],
  ['ClientName', 'clientName'],
  ['DomainName', 'domainName'],
  ['TargetDomainName', 'targetDomainName'],
  ['AltTargetDomainName', 'altTargetDomainName'],
  ['Ticket Flags', 'flags'],
  ['Session Key', 'sessionKey'],
  ['StartTime', 'startTime'],
  ['EndTime', 'endTime'],
  ['RenewUntil', 'renewUntil'],
  ['TimeSkew', 'timeSkew'],
  ['EncodedTicket', 'encodedTicket'],
];

interface PrintedLabel {
  label: string;
  field: TgtField;
}

/** PRINTED_LABELS by label length: a line's label is compared with at most three of them. */
const PRINTED_LABELS_BY_LENGTH: (PrintedLabel[] | undefined)[] = [];
for (const [label, field] of PRINTED_LABELS) {
  (PRINTED_LABELS_BY_LENGTH[label.length] ??= []).push({ label, field });
}

/** The field of a label klist printed in English (`text` up to `labelEnd`), found without a copy of the label. */
function printedLabelField(text: string, labelEnd: number): TgtField | undefined {
  const candidates = PRINTED_LABELS_BY_LENGTH[labelEnd];
  if (candidates === undefined) {
    return undefined;
  }
  for (let i = 0; i < candidates.length; i++) {
    const candidate = candidates[i];
    // The candidates are labelEnd long: a native prefix compare.
    if (candidate && text.startsWith(candidate.label)) {
      return candidate.field;
    }
  }
  return undefined;
}

/** `Cached TGT:` in English and as zh-CN klist prints it (seen in a real sample). */
const TGT_HEADERS = new Set(['cached tgt', '缓存的 tgt']);

/** Etype names exactly as klist prints them (seen in real output), to complete a cut-off name. */
const KEY_TYPE_NAMES = new Map<number, string>([
  [17, 'AES-128-CTS-HMAC-SHA1-96'],
  [18, 'AES-256-CTS-HMAC-SHA1-96'],
  [23, 'RSADSI RC4-HMAC(NT)'],
]);

/** The printed key type, or the full name when a fixed-width paste cut it (`AES-256-CTS-HMAC-SHA1-`). */
function keyTypeName(id: number, printed: string): string | null {
  const full = KEY_TYPE_NAMES.get(id);
  return full !== undefined && full.startsWith(printed) ? full : printed || null;
}

/** A web form wrapped `EndTime : ` and put the value on the next line: a date there is that value. */
function wrappedValue(lines: readonly string[], from: number, field: TgtStringField | TgtTimeField): { value: string; index: number } | null {
  let j = from;
  while (j < lines.length && lines[j] === '') {
    j++;
  }
  const next = lines[j] ?? '';
  const isTime = TIME_FIELDS.has(field);
  // A time starts with a digit; any other value is one word (not a fence or `...`) without a `Key :` of its own.
  const fits = isTime ? isDigit(next.charCodeAt(0)) && next.length <= 60 : next.length <= 200 && /^[A-Za-z0-9][^\s:]*$/.test(next);
  // Never a row of the ticket dump (`0020  03 02 01 1b ...`), whatever order a damaged paste put it in.
  return fits && !HEX_ROW.test(next) && withoutHexDump(next) === next ? { value: next, index: j } : null;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

/** `0000  61 82 04 9a 30 82 ...`: a row of the EncodedTicket dump. */
const HEX_ROW = /^[0-9a-fA-F]{4,8}\s+[0-9a-fA-F]{2}[ :]/;
/** `KeyType 0x12 - AES-...`, or a localized word for KeyType (`密钥类型 0x12 - ...`): no digit in the label. */
const KEY_TYPE = /^[^\d\s][^\d]{0,40}?\s(0x[0-9a-fA-F]{1,8}|\d{1,10})\s*-?\s*(.*)$/;
const KEY_LENGTH = /^KeyLength\s+(\d{1,6})\b\s*-?\s*(.*)$/i;

/** KEY_LENGTH's cheap precondition (`K..L`): `KeyType 0x12` and `krbtgt` values skip the regex. */
function mayBeKeyLength(value: string): boolean {
  return isLetter(value.charCodeAt(0), 0x6b) && isLetter(value.charCodeAt(3), 0x6c);
}
/** The same line with a localized label (`: 密钥长度 32 - 00 00 ...`). */
const LOCALIZED_KEY_LENGTH = /^[^\d\s][^\d]{0,40}?\s(\d{1,6})\b\s*-?\s*(.*)$/;
/** `(size: 1182)`, `(大小: 2423)`: the word is localized, the form is not. */
const TICKET_SIZE = /\([^():：]{1,20}[:：]\s*(\d{1,9})\)/;

/** `(0x40e10000) forwardable renewable initial preauth`: the old layout's flags. */
const LEGACY_FLAGS = /^\((0x[0-9a-fA-F]{1,8})\)\s*(.*)$/;
/** The old layout's flag names that differ from today's klist (whose names the results use). */
const LEGACY_FLAG_NAMES = new Map<string, string>([['preauth', 'pre_authent']]);

/** The old layout's flags in today's form, `0x40e10000 -> forwardable ... pre_authent`; any other value unchanged. */
function modernFlagsValue(value: string): string {
  const m = value.charCodeAt(0) === 0x28 ? LEGACY_FLAGS.exec(value) : null;
  if (!m) {
    return value;
  }
  const names = (m[2] ?? '')
    .split(/\s+/)
    .filter((n) => n !== '')
    .map((n) => LEGACY_FLAG_NAMES.get(n.toLowerCase()) ?? n);
  return names.length > 0 ? `${m[1] ?? ''} -> ${names.join(' ')}` : m[1] ?? '';
}

function emptyTgt(): KlistTgt {
  return {
    currentLogonId: null,
    currentLogonIdRaw: null,
    targetedLogonId: null,
    targetedLogonIdRaw: null,
    serviceName: null,
    targetName: null,
    clientName: null,
    domainName: null,
    targetDomainName: null,
    altTargetDomainName: null,
    flags: [],
    flagsHex: null,
    sessionKeyType: null,
    sessionKeyTypeId: null,
    sessionKeyLength: null,
    sessionKeyZeroed: null,
    startTime: null,
    endTime: null,
    renewUntil: null,
    timeSkew: null,
    encodedTicketSize: null,
    error: null,
    shadowedBy: null,
  };
}

/**
 * Four or more hex byte pairs: key or ticket bytes that a damaged paste glued to a value, or a
 * dump row that reordered lines put where a localized field is read by position. No field of
 * klist tgt holds such a run.
 */
const HEX_RUN = /(?:\b[0-9a-fA-F]{2}[ :]){3}[0-9a-fA-F]{2}\b/;

/** Four pairs and three separators: shorter values cannot hold a HEX_RUN. */
const HEX_RUN_MIN_LENGTH = 11;

function withoutHexDump(value: string): string {
  const m = value.length >= HEX_RUN_MIN_LENGTH ? HEX_RUN.exec(value) : null;
  return m ? value.slice(0, m.index).trim() : value;
}

/** Reads the key length and whether the printed bytes are all zero, then forgets the bytes. */
function readKeyLength(value: string, tgt: KlistTgt, pattern: RegExp = KEY_LENGTH): void {
  const m = pattern.exec(value);
  if (!m) {
    return;
  }
  tgt.sessionKeyLength = Number(m[1]);
  tgt.sessionKeyZeroed = keyBytesZeroed(m[2] ?? '');
}

/** A whole blank-separated token of two hex digits: one printed key byte. */
const KEY_BYTE = /(?<!\S)[0-9a-fA-F]{2}(?!\S)/g;
/** How klist prints a key it may not show: one regex run instead of a match per byte. */
const ZEROED_KEY = /^00(?: 00)*$/;

/** True when all the printed key bytes are `00`, false at the first other byte, null when there is none. */
function keyBytesZeroed(printed: string): boolean | null {
  if (ZEROED_KEY.test(printed)) {
    return true;
  }
  // One scan over the printed bytes, no array of them: only "any byte" and "all zero" matter.
  let sawByte = false;
  KEY_BYTE.lastIndex = 0;
  for (let b = KEY_BYTE.exec(printed); b; b = KEY_BYTE.exec(printed)) {
    if (b[0] !== '00') {
      return false;
    }
    sawByte = true;
  }
  return sawByte ? true : null;
}

function isHexDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || ((code | 0x20) >= 0x61 && (code | 0x20) <= 0x66);
}

/** True when `code` is the ASCII letter `lower` (given as a lower-case char code) in either case. */
function isLetter(code: number, lower: number): boolean {
  return (code | 0x20) === lower;
}

/** Two blanks in a row, or a blank other than a space: what folding blanks would change. */
const ODD_BLANKS = /\s\s|[^\S ]/;

/** A key trimmed, lower-cased, its blanks folded to one space (the replace only when it changes something). */
function normalizedKey(raw: string): string {
  const key = raw.trim().toLowerCase();
  return ODD_BLANKS.test(key) ? key.replace(/\s+/g, ' ') : key;
}

function fieldIsSet(tgt: KlistTgt, times: Partial<Record<TgtTimeField, string>>, field: TgtField): boolean {
  switch (field) {
    case 'flags':
      return tgt.flagsHex !== null;
    case 'sessionKey':
      return tgt.sessionKeyTypeId !== null;
    case 'encodedTicket':
      return tgt.encodedTicketSize !== null;
    case 'startTime':
    case 'endTime':
    case 'renewUntil':
      return times[field] !== undefined;
    default:
      return tgt[field] !== null;
  }
}

/** Stores one field's value; returns 1 when it counts as a recognised field. */
function readField(tgt: KlistTgt, times: Partial<Record<TgtTimeField, string>>, field: TgtField, value: string, rawValue: string): number {
  switch (field) {
    case 'flags': {
      const f = readTicketFlags(modernFlagsValue(value));
      tgt.flagsHex = f.hex;
      tgt.flags = f.names;
      return 1;
    }
    case 'sessionKey': {
      const type = KEY_TYPE.exec(value);
      // A damaged paste may glue the KeyLength part to this line: read it from there too.
      if (mayBeKeyLength(rawValue)) {
        readKeyLength(rawValue, tgt);
      }
      if (!type) {
        return 0;
      }
      const id = type[1] ?? '';
      tgt.sessionKeyTypeId = /^0x/i.test(id) ? Number.parseInt(id.slice(2), 16) : Number(id);
      tgt.sessionKeyType = keyTypeName(tgt.sessionKeyTypeId, (type[2] ?? '').trim());
      return 1;
    }
    case 'encodedTicket': {
      const size = TICKET_SIZE.exec(value);
      tgt.encodedTicketSize = size ? Number(size[1]) : null;
      return 1;
    }
    case 'startTime':
    case 'endTime':
    case 'renewUntil':
      times[field] = value;
      return 1;
    default:
      tgt[field] = value;
      return 1;
  }
}

/**
 * Labels only Rubeus prints in its ticket summary (`asktgt /ptt`, `describe`, `triage`), which
 * shares `ServiceName`, `StartTime`... with klist tgt but not its order: never read as klist tgt.
 */
const RUBEUS_KEYS = new Set(['servicerealm', 'userrealm', 'renewtill', 'keytype', 'base64(key)', 'asrep (key)', 'base64encodedticket']);

/**
 * RUBEUS_KEYS' precondition on a trimmed line's first two characters (their lower case starts
 * every key: `se`, `us`, `re`, `ke`, `ba`, `as`; the Kelvin sign lower-cases to `k`). Hex dump
 * rows and most klist labels skip the lower-cased copy of their label.
 */
function mayBeRubeusKey(text: string): boolean {
  const first = text.charCodeAt(0);
  const second = text.charCodeAt(1) | 0x20;
  switch (first === 0x212a ? 0x6b : first | 0x20) {
    case 0x73: // s
      return second === 0x65;
    case 0x75: // u
      return second === 0x73;
    case 0x72: // r
    case 0x6b: // k
      return second === 0x65;
    case 0x62: // b
      return second === 0x61;
    case 0x61: // a
      return second === 0x73;
    default:
      return false;
  }
}

/** Every prompt form ends in `>`, `$` or `#`: a line without one skips isPromptLine. */
const PROMPT_CHAR = /[>$#]/;

/** Marks the lines of each `label : value` block (no blank line, prompt or logon id line inside) holding a Rubeus-only label. */
function rubeusBlockLines(lines: readonly string[]): Uint8Array {
  const marked = new Uint8Array(lines.length);
  let start = 0;
  let rubeus = false;
  const endBlock = (at: number): void => {
    if (rubeus) {
      marked.fill(1, start, at);
    }
    rubeus = false;
    start = at + 1;
  };
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    const colon = text.indexOf(':');
    if (colon < 0 || colon > 40) {
      endBlock(i);
    } else if (readLogonIdLine(text) !== null || (PROMPT_CHAR.test(text) && isPromptLine(text))) {
      endBlock(i); // another command's output starts here
    } else if (!rubeus && colon > 0 && mayBeRubeusKey(text) && RUBEUS_KEYS.has(normalizedKey(text.slice(0, colon)))) {
      rubeus = true;
    }
  }
  endBlock(lines.length);
  return marked;
}

function parseTgtUnsafe(input: string, options: ParseOptions, warnings: ParseWarning[]): { value: KlistTgt; recognized: boolean } {
  const tgt = emptyTgt();
  const lines = klistLineTexts(input);
  const rubeus = rubeusBlockLines(lines);
  let warnedRubeus = false;
  let fields = 0;
  let inDump = false;
  /** Next field of TGT_FIELD_ORDER expected, or -1 before the block (localized labels are read by it). */
  let position = -1;
  const times: Partial<Record<TgtTimeField, string>> = {};

  for (let i = 0; i < lines.length; i++) {
    const text = lines[i] ?? '';
    const line = i + 1;
    if (text === '') {
      continue;
    }
    if (rubeus[i] === 1) {
      // Its key (`Base64(key)`) and fields are never read; nor are the lines after it read by position.
      position = -1;
      if (!warnedRubeus) {
        warnedRubeus = true;
        warnings.push({ line, message: 'Skipped a Rubeus ticket summary (ServiceRealm, UserRealm, KeyType...): it is not klist tgt output.' });
      }
      continue;
    }
    if (inDump && isHexDigit(text.charCodeAt(0)) && HEX_ROW.test(text)) {
      continue; // the encoded ticket: never kept
    }
    inDump = false;
    const logon = readLogonIdLine(text);
    if (logon) {
      if (logon.role === 'targeted' || (logon.role === 'unknown' && tgt.currentLogonId !== null)) {
        tgt.targetedLogonId = logon.id;
        tgt.targetedLogonIdRaw = logon.raw;
      } else if (tgt.currentLogonId === null) {
        tgt.currentLogonId = logon.id;
        tgt.currentLogonIdRaw = logon.raw;
      }
      continue;
    }
    const err = readKlistErrorLine(text, line, tgt.error);
    if (err) {
      tgt.error = err;
      continue;
    }
    const colon = text.indexOf(':');
    if (colon < 0 || colon > 40) {
      continue;
    }
    // Lines come trimmed: the value is what follows the colon's blanks, the label what precedes them.
    let valueStart = colon + 1;
    while (isTrimSpace(text.charCodeAt(valueStart))) {
      valueStart++;
    }
    const rawValue = text.slice(valueStart);
    // The key bytes (`: KeyLength 32 - 80 31 ...`) are looked at once, for length and zeroes,
    // wherever a damaged paste put them, and never stored.
    if (mayBeKeyLength(rawValue) && KEY_LENGTH.test(rawValue)) {
      readKeyLength(rawValue, tgt);
      continue;
    }
    if (colon === 0) {
      // The key length line right after a localized Session Key line: `: 密钥长度 32 - 00 ...`.
      if (position > 0 && TGT_FIELD_ORDER[position - 1] === 'sessionKey') {
        readKeyLength(rawValue, tgt, LOCALIZED_KEY_LENGTH);
      }
      continue; // any other continuation line is not part of the known layout
    }
    let labelEnd = colon;
    while (isTrimSpace(text.charCodeAt(labelEnd - 1))) {
      labelEnd--;
    }
    let field: TgtField | undefined = printedLabelField(text, labelEnd);
    if (field === undefined) {
      const key = normalizedKey(text.slice(0, labelEnd));
      if (rawValue === '' && TGT_HEADERS.has(key)) {
        position = 0;
        continue;
      }
      field = STRING_KEYS.get(key) ?? TIME_KEYS.get(key) ?? OTHER_ENGLISH_KEYS.get(key);
    }
    let value = withoutHexDump(rawValue);
    if (field) {
      position = TGT_FIELD_ORDER.indexOf(field) + 1;
    } else if (isPromptLine(text)) {
      position = -1; // the next command's output: its lines are not this block's fields
      continue;
    } else {
      // A localized label: its place in the block says which field it is. The block starts
      // at its header or, without one, at the ServiceName line (always `krbtgt`).
      if (position < 0 && value.toLowerCase() === 'krbtgt') {
        position = 0;
      }
      field = position >= 0 ? TGT_FIELD_ORDER[position] : undefined;
      if (!field) {
        continue;
      }
      position++;
      if (fieldIsSet(tgt, times, field)) {
        continue; // an extra line among the known ones: keep the values already read
      }
    }
    if (value === '' && field !== 'flags' && field !== 'sessionKey' && field !== 'encodedTicket') {
      const wrapped = wrappedValue(lines, i + 1, field);
      if (wrapped) {
        value = wrapped.value;
        i = wrapped.index;
      }
    }
    fields += readField(tgt, times, field, value, rawValue);
    if (field === 'encodedTicket') {
      inDump = true;
    }
  }

  const order = options.dateOrder ?? inferDateOrder(Object.values(times));
  for (const field of TIME_KEYS.values()) {
    const raw = times[field];
    if (raw !== undefined) {
      tgt[field] = parseDateTime(raw, order);
    }
  }
  tgt.shadowedBy = detectKlistShadowInTexts(lines);
  if (tgt.shadowedBy) {
    warnings.push({ message: SHADOW_WARNINGS[tgt.shadowedBy] });
  }
  const recognized = fields >= 2 || (tgt.error !== null && tgt.currentLogonId !== null) || tgt.shadowedBy !== null;
  return { value: tgt, recognized };
}

/** Parses `klist tgt` output. Never keeps session key bytes or the encoded ticket. */
export function parseKlistTgt(input: string, options: ParseOptions = {}): ParseResult<KlistTgt> {
  const warnings: ParseWarning[] = [];
  try {
    const { value, recognized } = parseTgtUnsafe(input, options ?? {}, warnings);
    return { kind: 'klist-tgt', recognized, value, warnings };
  } catch (e) {
    warnings.push({ message: `Internal parser error: ${e instanceof Error ? e.message : String(e)}` });
    return { kind: 'klist-tgt', recognized: false, value: emptyTgt(), warnings };
  }
}

/**
 * The English labels, the zh-CN header, or any `label : krbtgt` line: ServiceName and
 * TargetName are the bare `krbtgt` whatever the language (a ticket list prints `krbtgt/REALM`).
 * The label's first character is not one of `[ \t>]`, so that run cannot backtrack into it.
 */
const LOOKS_LIKE_TGT = /^[ \t>]*(?:Cached TGT:|缓存的 TGT:|TargetName \(SPN\)\s*:|AltTargetDomainName\s*:|[^:\s>][^:\n]{0,40}:[ \t]*krbtgt[ \t]*\r?$)/im;

/**
 * `ServiceName : krbtgt/REALM` starts Rubeus' ticket summary as well as the old klist tgt
 * layout: it counts only with a label Rubeus never prints.
 */
const SERVICE_NAME_KRBTGT = /^[ \t>]*ServiceName\s*:\s*krbtgt/im;
const KLIST_TGT_ONLY_LABEL = /^[ \t>]*(?:TargetName|FullServiceName|ClientName|DomainName|TargetDomainName|TicketFlags|Ticket Flags|Session Key|EncodedTicket)\s*:/im;

export function looksLikeKlistTgt(input: string): boolean {
  if (typeof input !== 'string') {
    return false;
  }
  const head = input.slice(0, 200_000);
  return LOOKS_LIKE_TGT.test(head) || (SERVICE_NAME_KRBTGT.test(head) && KLIST_TGT_ONLY_LABEL.test(head));
}
