/**
 * GPSVC (Group Policy Client service) debug log lines:
 * `GPSVC(<pid hex>.<tid hex>) HH:MM:SS:mmm <message>`, since late-2025 Windows 11 builds with a
 * date: `GPSVC(188c.25d8) 2026-01-30 11:13:17:216 ProcessGPOs(Machine): ...`.
 * Pastes lose the prefix, quote lines with `> `, number them (`12. `, `- `) or replace the time
 * with placeholders (`<DateTime>`, `hh:mm:41:316`): all of that is accepted.
 * Pure: no I/O, never throws, linear time on any line.
 */
import { withoutMarkdownBold } from './text';
import type { ParseOptions, ParseResult, ParseWarning } from './types';

export type GpsvcScope = 'Machine' | 'User';

export type GpsvcEvent =
  /** `restoring old security grps`: the group list was not refreshed (stale). */
  | { kind: 'groups-old' }
  /** `logging new security grps`: the group list was refreshed. */
  | { kind: 'groups-new' }
  | { kind: 'no-connectivity' }
  | { kind: 'nla-not-ready' }
  /** `failed with <n>`, `... failed, status 0x...`, `status 0x<nonzero>`, `Extension X returned 0x<nonzero>`. */
  | { kind: 'failure'; status: string | null }
  | { kind: 'processing-start'; scope: GpsvcScope }
  | { kind: 'processing-end'; scope: GpsvcScope };

export type GpsvcEventKind = GpsvcEvent['kind'];

export interface GpsvcLine {
  /** Process id in hex as printed, e.g. `23ec`. */
  pid: string | null;
  tid: string | null;
  /** `YYYY-MM-DD` (newer Windows 11 builds), else null. */
  date: string | null;
  /** `HH:MM:SS:mmm` as printed, or a placeholder such as `<DateTime>` / `hh:mm:ss:mmm` kept raw. */
  time: string | null;
  /** Text after the prefix, trailing whitespace removed (the whole cleaned line when unprefixed). */
  message: string;
  prefixed: boolean;
  /** Column offsets (0-based, in UTF-16 code units of the given line) for the grammar/diagnostics */
  messageStart: number;
  event: GpsvcEvent | null;
}

export interface GpsvcEventInfo {
  title: string;
  explanation: string;
  severity: 'error' | 'warning' | 'info';
}

export const GPSVC_EVENT_KINDS: readonly GpsvcEventKind[] = [
  'groups-old',
  'groups-new',
  'no-connectivity',
  'nla-not-ready',
  'failure',
  'processing-start',
  'processing-end',
];

/** Plain-words meaning of each marker, for hovers and diagnostics. */
export const GPSVC_EVENT_INFO: Record<GpsvcEventKind, GpsvcEventInfo> = {
  'groups-old': {
    title: 'Group list not refreshed (stale)',
    explanation:
      'The service reused the security groups it had stored before, because no domain controller ' +
      'could be reached (typically signed in from cached credentials before the VPN came up). ' +
      'Group membership changes are not in effect, and gpresult /r shows the old list. ' +
      'Connect the VPN, lock and unlock, then sign out and sign in again.',
    severity: 'warning',
  },
  'groups-new': {
    title: 'Group list refreshed',
    explanation:
      'The service read the current security groups from the domain during this processing ' +
      'and stored them: gpresult /r and WMI now show the membership as of this time.',
    severity: 'info',
  },
  'no-connectivity': {
    title: 'No network connectivity',
    explanation:
      'The service found no connection to the domain network when it tried to process policy, ' +
      'so nothing could be read from a domain controller. Policy is applied from cache, or ' +
      'processing waits for the network.',
    severity: 'warning',
  },
  'nla-not-ready': {
    title: 'Network location not ready',
    explanation:
      'Network Location Awareness had not decided yet whether the computer is on the corporate ' +
      'network, so the service treated it as not connected to the intranet. Common at startup ' +
      'and when the VPN connects only after sign-in.',
    severity: 'warning',
  },
  failure: {
    title: 'Failure reported',
    explanation:
      'A step of Group Policy processing returned an error code. Look up the code (for example ' +
      '1355 = the domain could not be contacted) and check the lines just before it.',
    severity: 'error',
  },
  'processing-start': {
    title: 'Policy processing starts',
    explanation: 'The service starts a round of computer (Machine) or user (User) policy processing.',
    severity: 'info',
  },
  'processing-end': {
    title: 'Policy processing ends',
    explanation: 'A round of computer (Machine) or user (User) policy processing finished.',
    severity: 'info',
  },
};

export interface GpsvcProcess {
  pid: string;
  threads: string[];
  /** Prefixed lines written by this process. */
  lines: number;
}

export interface GpsvcEventRecord {
  /** 1-based line number in the input. */
  line: number;
  kind: GpsvcEventKind;
  time: string | null;
  date: string | null;
  pid: string | null;
  tid: string | null;
  text: string;
  /** Failures: the code as printed (`1355`, `0x8018000a`), when there is one. */
  status?: string | null;
  scope?: GpsvcScope;
}

export interface GpsvcGroupRefresh {
  line: number;
  outcome: 'new' | 'old';
  time: string | null;
  date: string | null;
  pid: string | null;
  tid: string | null;
}

export interface GpsvcResult {
  /** Non-blank log lines, with or without the `GPSVC(...)` prefix. */
  recordCount: number;
  prefixedCount: number;
  processes: GpsvcProcess[];
  events: GpsvcEventRecord[];
  groupRefreshes: GpsvcGroupRefresh[];
}

/** Longest text kept from a message in events, so a 1 MB line cannot bloat a result. */
export const MAX_EVENT_TEXT = 1000;

// `GPSVC(pid.tid)`, then optional date, then optional time or placeholder. Microsoft's articles
// write the placeholder in Markdown as `*\<DateTime>*` (italic, `<` escaped): only `<DateTime>`
// is the placeholder (group 5), the marks around it are not part of the message. Every quantifier is
// bounded or separated by a literal, so a match attempt is linear in the line length. Sticky: it
// is run at a line's start inside the whole text (see matchPrefix).
const PREFIX =
  /GPSVC\(([0-9a-f]{1,16})\.([0-9a-f]{1,16})\)(?:[ \t]+(\d{4}-\d{1,2}-\d{1,2}|yyyy-mm-dd))?(?:[ \t]+(?:((?:\d{1,2}|h{1,2}):(?:\d{1,2}|m{1,2}):(?:\d{1,2}|s{1,2})[:.,](?:\d{1,3}|m{1,3}|f{1,3}|x{1,3}))|[*_]{0,2}\\?(<[a-z][\w -]{0,30}>)[*_]{0,2}))?/iy;
/** PREFIX sees at most this many characters of a line: the prefix is short, the message can be 1 MB. */
const PREFIX_REACH = 128;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

const GROUPS_OLD = /restoring old security gr(?:ou)?ps/i;
const GROUPS_NEW = /logging new security gr(?:ou)?ps/i;
const NO_CONNECTIVITY = /there is no connectivity/i;
const NLA_NOT_READY = /NlaGetIntranetCapability returned Not Ready/i;
const PROCESS_GPOS = /^ProcessGPOs\((Machine|User)\)[ \t]{0,4}:[ \t]{0,4}/i;
const START_TAIL = /^(?:-{3,}[ \t]*$|-{3,}[ \t]*start|start(?:ing)?\b|(?:background|foreground|synchronous|asynchronous) processing)/i;
const END_TAIL = /^(?:leaving\b|-{3,}[ \t]*end|(?:computer|user) group policy has been applied|finished\b|done\b)/i;
const FAILED_WITH = /\bfailed with (?:error )?(0x[0-9a-f]{1,16}|-?\d{1,12})\b/i;
const STATUS_CODE = /(?:status|error)[ \t]{0,4}[=:,]?[ \t]{0,4}(0x[0-9a-f]{1,16})\b/i;
const EXTENSION_RETURNED = /\bExtension .{1,200}? returned (0x[0-9a-f]{1,16})\b/i;
/**
 * `hr=0x80041069`: an HRESULT, a failure only with its severity bit set (8 digits, the first 8-f);
 * `hr=0x1` (S_FALSE) and `hr=0x0` are successes. WMI filter evaluation reports this way.
 */
const HRESULT_FAILURE = /\bhr[ \t]{0,4}=[ \t]{0,4}(0x[89a-f][0-9a-f]{7})\b/i;
const FAILED_WORD = /\bfail(?:ed|ure)\b/i;
/**
 * A message can only be classified when it contains one of these words (any case): checked
 * first, so the huge majority of lines skip toLowerCase and the marker regexes.
 */
const NOTABLE = /security gr|no connectivity|not ready|fail|status|error|returned 0x|\bhr[ \t]{0,4}=|^processgpos\(/i;
/**
 * What a message needs for classifyGpsvcMessage to find an event: a marker's words, `fail`,
 * `processgpos(`, or a nonzero `0x` code after `status`/`error`/`returned` (STATUS_CODE and
 * EXTENSION_RETURNED read at most 16 digits, so at most 15 zeros come before a nonzero one).
 * CandidateCursor searches it anywhere in a line: a line where none starts has no event. The
 * lookbehind runs only where `0x` matched, and `0x`, not `status`, starts the alternative: the one
 * search over the whole text stays as fast as with `0x` alone, and `SetEvent = 0x30c` lines are
 * no candidates.
 */
const EVENT_CANDIDATE =
  /0x(?<=(?:status|error)[ \t]{0,4}[=:,]?[ \t]{0,4}0x|returned 0x)0{0,15}[1-9a-f]|0x(?<=\bhr[ \t]{0,4}=[ \t]{0,4}0x)[89a-f][0-9a-f]{7}\b|security gr|no(?: connectivity|t ready)|fail|processgpos\(/gi;
/**
 * Function names only the Group Policy service logs: recognizes pastes that lost the prefix.
 * `ProcessGPO:` / `ProcessGPOs:` without a (Machine)/(User) scope are the same functions as
 * written by XP/2003 (Userenv.log, quoted unprefixed in Microsoft KB articles) and by some
 * gpsvc.log lines (`ProcessGPO: The GPO does not pass the filter check`).
 */
const GPSVC_SPECIFIC = /^(?:ProcessGPOs?[(:]|ProcessGPOList|CheckGPOs|GetGPOInfo|ReadGPOList|CGP[A-Za-z]{0,60}::|CSessionLogger::|CExtSessionLogger::|NlaGetIntranetCapability|ProcessGroupPolicy)/;

/** GPSVC_SPECIFIC's longest match (`CGP` + 60 letters + `::`) fits in this many characters. */
const GPSVC_SPECIFIC_REACH = 80;

/** True when an unprefixed message starts with a function name only the Group Policy service logs. */
export function isGpsvcSpecificMessage(message: string): boolean {
  return GPSVC_SPECIFIC.test(message);
}

/**
 * The recognition rule shared by the parse and the summary: a `GPSVC(pid.tid)` line, an unprefixed
 * line naming a GPSVC function, or a marker only this log writes. A lone `failed` or `status 0x..`
 * is not enough: other logs (PAN-OS GlobalProtect's own `gpsvc.log`) say that too.
 */
export function isGpsvcEvidence(prefixedLines: number, gpsvcSpecificLines: number, nonFailureEvents: number): boolean {
  return prefixedLines > 0 || gpsvcSpecificLines > 0 || nonFailureEvents > 0;
}

function isZeroCode(code: string): boolean {
  return /^(?:0x)?0+$/i.test(code);
}

/** Classifies a message (the text after the prefix). Case-insensitive; null when nothing notable. */
export function classifyGpsvcMessage(message: string): GpsvcEvent | null {
  return NOTABLE.test(message) ? classifyNotable(message) : null;
}

/**
 * classifyGpsvcMessage without its NOTABLE test, for messages that passed a search like it:
 * that test only saves time, since every check below first looks for its own words.
 */
function classifyNotable(message: string): GpsvcEvent | null {
  // Cheap pre-checks keep this fast on the lines that name a marker's word.
  const lower = message.toLowerCase();
  if (lower.includes('security gr')) {
    if (GROUPS_OLD.test(message)) {
      return { kind: 'groups-old' };
    }
    if (GROUPS_NEW.test(message)) {
      return { kind: 'groups-new' };
    }
  }
  if (lower.includes('no connectivity') && NO_CONNECTIVITY.test(message)) {
    return { kind: 'no-connectivity' };
  }
  if (lower.includes('not ready') && NLA_NOT_READY.test(message)) {
    return { kind: 'nla-not-ready' };
  }
  const failure = failureOf(message, lower);
  if (failure) {
    return failure;
  }
  if (lower.startsWith('processgpos(')) {
    const m = PROCESS_GPOS.exec(message);
    if (m) {
      const scope: GpsvcScope = m[1].toLowerCase() === 'user' ? 'User' : 'Machine';
      const tail = message.slice(m[0].length);
      if (START_TAIL.test(tail)) {
        return { kind: 'processing-start', scope };
      }
      if (END_TAIL.test(tail)) {
        return { kind: 'processing-end', scope };
      }
    }
  }
  return null;
}

function failureOf(message: string, lower: string): GpsvcEvent | null {
  const hasFail = lower.includes('fail');
  if (hasFail) {
    const withCode = FAILED_WITH.exec(message);
    if (withCode) {
      return isZeroCode(withCode[1]) ? null : { kind: 'failure', status: withCode[1] };
    }
  }
  if (lower.includes('status') || lower.includes('error')) {
    const status = STATUS_CODE.exec(message);
    if (status && !isZeroCode(status[1])) {
      return { kind: 'failure', status: status[1] };
    }
  }
  if (lower.includes('hr')) {
    const hr = HRESULT_FAILURE.exec(message);
    if (hr) {
      return { kind: 'failure', status: hr[1] };
    }
  }
  if (lower.includes('returned 0x') && lower.includes('extension ')) {
    const returned = EXTENSION_RETURNED.exec(message);
    if (returned && !isZeroCode(returned[1])) {
      return { kind: 'failure', status: returned[1] };
    }
  }
  if (hasFail && FAILED_WORD.test(message)) {
    return { kind: 'failure', status: null };
  }
  return null;
}

/** Offset where the log text starts: after a BOM, Markdown `>` quoting, list markers and indentation. */
function contentStart(text: string): number {
  return contentStartIn(text, 0, text.length);
}

/** contentStart of the line text[from, n), without cutting it out of the text. */
function contentStartIn(text: string, from: number, n: number): number {
  let i = from < n && text.charCodeAt(from) === 0xfeff ? from + 1 : from;
  for (;;) {
    while (i < n && (text.charCodeAt(i) === 0x20 || text.charCodeAt(i) === 0x09)) {
      i++;
    }
    if (i < n && text.charCodeAt(i) === 0x3e /* > */) {
      i++;
      continue;
    }
    break;
  }
  // A numbered or bulleted paste (`12. GPSVC(`, `- GPSVC(`): only skip it when a prefix follows.
  let j = i;
  while (j < n && j - i < 9 && text.charCodeAt(j) >= 0x30 && text.charCodeAt(j) <= 0x39) {
    j++;
  }
  const marker = j < n ? text.charCodeAt(j) : -1;
  if (j > i && (marker === 0x2e /* . */ || marker === 0x29 /* ) */)) {
    j++;
  } else if (j === i && (marker === 0x2d /* - */ || marker === 0x2a /* * */ || marker === 0x2b /* + */)) {
    j++;
  } else {
    return i;
  }
  let k = j;
  while (k < n && (text.charCodeAt(k) === 0x20 || text.charCodeAt(k) === 0x09)) {
    k++;
  }
  return k > j && k + 6 <= n && text.startsWith('GPSVC(', k) ? k : i;
}

/** End of text[from, end) without its trailing whitespace. */
function trimEndIn(text: string, from: number, end: number): number {
  while (end > from) {
    const c = text.charCodeAt(end - 1);
    if (c === 0x20 || c === 0x09 || c === 0x0d || c === 0x0a || c === 0xa0) {
      end--;
    } else {
      break;
    }
  }
  return end;
}

/** Parses one line (without its line end). Never throws. */
export function parseGpsvcLine(text: string): GpsvcLine {
  try {
    return parseLineUnsafe(typeof text === 'string' ? text : String(text));
  } catch {
    return {
      pid: null,
      tid: null,
      date: null,
      time: null,
      message: '',
      prefixed: false,
      messageStart: 0,
      event: null,
    };
  }
}

/** The prefix fields of a line, without classifying its message (the streaming summary's hot path). */
export interface GpsvcPrefix {
  pid: string | null;
  tid: string | null;
  date: string | null;
  time: string | null;
  prefixed: boolean;
  messageStart: number;
  /** End of the message: trailing whitespace excluded. */
  messageEnd: number;
}

/** Reads only the `GPSVC(pid.tid) [date] time` prefix of a line. Never throws. */
export function parseGpsvcPrefix(text: string): GpsvcPrefix {
  return prefixAt(text, contentStart(text));
}

function prefixAt(text: string, start: number): GpsvcPrefix {
  return prefixIn(text, start, text.length);
}

/** prefixAt for the line text[.., lineEnd) that holds `start`, without cutting it out of the text. */
function prefixIn(text: string, start: number, lineEnd: number): GpsvcPrefix {
  const end = trimEndIn(text, start, lineEnd);
  const prefix: GpsvcPrefix = { pid: null, tid: null, date: null, time: null, prefixed: false, messageStart: start, messageEnd: end };
  if (text.charCodeAt(start) === 0x47 /* G */ || text.charCodeAt(start) === 0x67 /* g */) {
    const m = matchPrefix(text, start, Math.min(end, start + PREFIX_REACH));
    if (m) {
      prefix.prefixed = true;
      prefix.pid = m[1];
      prefix.tid = m[2];
      prefix.date = m[3] !== undefined && ISO_DATE.test(m[3]) ? m[3] : null;
      prefix.time = m[4] ?? m[5] ?? null;
      let at = start + m[0].length;
      while (at < end && (text.charCodeAt(at) === 0x20 || text.charCodeAt(at) === 0x09)) {
        at++;
      }
      prefix.messageStart = Math.min(at, end);
    }
  }
  return prefix;
}

/**
 * PREFIX at `start` as if the text ended at `limit`. Run on the text itself, without a copy of
 * the window: a match that ends inside the window is the window's match too (PREFIX looks at
 * nothing after what it matches), and one that does not is redone on the window.
 */
function matchPrefix(text: string, start: number, limit: number): RegExpExecArray | null {
  PREFIX.lastIndex = start;
  const m = PREFIX.exec(text);
  if (m === null || start + m[0].length <= limit) {
    return m;
  }
  PREFIX.lastIndex = 0;
  return PREFIX.exec(text.slice(start, limit));
}

function parseLineUnsafe(text: string): GpsvcLine {
  const { pid, tid, date, time, prefixed, messageStart, messageEnd } = parseGpsvcPrefix(text);
  const message = text.slice(messageStart, messageEnd);
  return { pid, tid, date, time, message, prefixed, messageStart, event: classifyGpsvcMessage(message) };
}

/**
 * True when the text has, among its first lines, a `GPSVC(pid.tid)` line or an unprefixed line
 * that starts with a function name only the Group Policy service logs (an excerpt that lost the
 * prefix, which parseGpsvc recognizes too).
 */
export function looksLikeGpsvc(input: string): boolean {
  try {
    const head = input.length > 65536 ? input.slice(0, 65536) : input;
    let from = 0;
    for (let n = 0; n < 200 && from <= head.length; n++) {
      let eol = head.indexOf('\n', from);
      if (eol < 0) {
        eol = head.length;
      }
      const line = head.slice(from, eol);
      if (line.includes('GPSVC(') && parseGpsvcLine(line).prefixed) {
        return true;
      }
      if (line.length < 4096) {
        const start = contentStart(line);
        if (GPSVC_SPECIFIC.test(line.slice(start, start + 80))) {
          return true;
        }
      }
      from = eol + 1;
    }
    return false;
  } catch {
    return false;
  }
}

/**
 * Collapses repeated start markers (`ProcessGPOs(User): -----` then `Background processing.`)
 * written by the same thread into one processing-start event.
 */
export class ProcessingStartDeduper {
  private readonly openStarts = new Map<string, GpsvcScope>();

  /** Returns false when this event repeats a start that is still open on the same thread. */
  accept(event: GpsvcEvent, pid: string | null, tid: string | null): boolean {
    if (event.kind !== 'processing-start' && event.kind !== 'processing-end') {
      return true;
    }
    const key = `${pid ?? ''}.${tid ?? ''}`;
    if (event.kind === 'processing-start') {
      if (this.openStarts.get(key) === event.scope) {
        return false;
      }
      if (this.openStarts.size >= 10_000) {
        this.openStarts.clear();
      }
      this.openStarts.set(key, event.scope);
    } else if (event.kind === 'processing-end') {
      this.openStarts.delete(key);
    }
    return true;
  }
}

/**
 * A copy that does not share memory with the text it was cut from: V8 slices point into their
 * parent string, so a kept event text would otherwise keep a whole read chunk alive.
 */
function detach(text: string): string {
  return (' ' + text).slice(1);
}

export function eventRecord(
  line: number,
  parsed: Pick<GpsvcLine, 'time' | 'date' | 'pid' | 'tid' | 'message'>,
  event: GpsvcEvent,
): GpsvcEventRecord {
  const record: GpsvcEventRecord = {
    line,
    kind: event.kind,
    time: parsed.time,
    date: parsed.date,
    pid: parsed.pid,
    tid: parsed.tid,
    text: detach(parsed.message.length > MAX_EVENT_TEXT ? parsed.message.slice(0, MAX_EVENT_TEXT) : parsed.message),
  };
  if (event.kind === 'failure') {
    record.status = event.status;
  } else if (event.kind === 'processing-start' || event.kind === 'processing-end') {
    record.scope = event.scope;
  }
  return record;
}

export interface GpsvcParseOptions extends ParseOptions {
  /** Events kept in `events` (and in `groupRefreshes`); a warning tells how many were left out. Default 100 000. */
  maxEvents?: number;
}

/**
 * Where the next EVENT_CANDIDATE starts, from one search over the whole text instead of a regex
 * run per line: most lines have none and are only counted.
 */
class CandidateCursor {
  /** Start of the first match at or after the last search's start; text.length when none. */
  private next = -1;

  constructor(private readonly text: string) {}

  /** True when a candidate starts in [from, to). `from` must not decrease between calls. */
  within(from: number, to: number): boolean {
    if (this.next < from) {
      EVENT_CANDIDATE.lastIndex = from;
      const m = EVENT_CANDIDATE.exec(this.text);
      this.next = m ? m.index : this.text.length;
    }
    return this.next < to;
  }
}

/**
 * End (after the `)`) of a `GPSVC(<hex>.<hex>)` head at `at`, the part of PREFIX every prefixed
 * line has, or -1. Checked by hand, in PREFIX's terms (case-insensitive, 1 to 16 hex digits).
 */
function gpsvcHeadEnd(text: string, at: number, end: number): number {
  if (
    at + 10 > end ||
    (text.charCodeAt(at) | 0x20) !== 0x67 /* g */ ||
    (text.charCodeAt(at + 1) | 0x20) !== 0x70 /* p */ ||
    (text.charCodeAt(at + 2) | 0x20) !== 0x73 /* s */ ||
    (text.charCodeAt(at + 3) | 0x20) !== 0x76 /* v */ ||
    (text.charCodeAt(at + 4) | 0x20) !== 0x63 /* c */ ||
    text.charCodeAt(at + 5) !== 0x28 /* ( */
  ) {
    return -1;
  }
  const dot = hexRunEnd(text, at + 6, end);
  if (dot < 0 || text.charCodeAt(dot) !== 0x2e /* . */) {
    return -1;
  }
  const close = hexRunEnd(text, dot + 1, end);
  return close >= 0 && text.charCodeAt(close) === 0x29 /* ) */ ? close + 1 : -1;
}

/** End of a run of 1 to 16 hex digits at `from`, or -1 (none, or longer: PREFIX rejects both). */
function hexRunEnd(text: string, from: number, end: number): number {
  let i = from;
  while (i < end && i - from <= 16) {
    const c = text.charCodeAt(i) | 0x20;
    if ((c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66)) {
      i++;
    } else {
      break;
    }
  }
  return i > from && i - from <= 16 ? i : -1;
}

interface GpsvcProcessCount {
  pid: string;
  threads: Set<string>;
  lines: number;
}

/** A `GPSVC(pid.tid)` head as spelled in the log, and its process (whose threads list its tid). */
interface KnownHead {
  head: string;
  pid: string;
  tid: string;
  proc: GpsvcProcessCount;
}

/**
 * One parseGpsvc run. Most lines only count: a prefixed line with the last line's head and no
 * event candidate costs a `startsWith` and a few character tests, and no string is cut out.
 */
class GpsvcReader {
  recordCount = 0;
  prefixedCount = 0;
  sawGpsvcSpecific = false;
  droppedEvents = 0;
  readonly events: GpsvcEventRecord[] = [];
  readonly groupRefreshes: GpsvcGroupRefresh[] = [];
  private readonly processes = new Map<string, GpsvcProcessCount>();
  /** The last prefixed line's head: a line that starts with the same text has the same pid and tid. */
  private last: KnownHead | undefined;
  /** Every head seen, by its text: logs interleave threads, so heads come back. */
  private readonly heads = new Map<string, KnownHead>();
  private readonly deduper = new ProcessingStartDeduper();

  constructor(private readonly maxEvents: number) {}

  processList(): GpsvcProcess[] {
    return [...this.processes.values()].map((p) => ({ pid: p.pid, threads: [...p.threads], lines: p.lines }));
  }

  read(text: string): void {
    const candidates = new CandidateCursor(text);
    let from = 0;
    let lineNo = 0;
    // First CR at or after `from` (text.length when none): most texts have none, or only before LF.
    let nextCr = -1;
    while (from <= text.length) {
      let eol = text.indexOf('\n', from);
      if (eol < 0) {
        eol = text.length;
      }
      lineNo++;
      let end = eol;
      if (end > from && text.charCodeAt(end - 1) === 0x0d) {
        end--;
      }
      if (nextCr < from) {
        nextCr = text.indexOf('\r', from);
        if (nextCr < 0) {
          nextCr = text.length;
        }
      }
      if (nextCr < end) {
        // A lone CR also ends a line (old Mac line ends in pastes).
        const parts = text.slice(from, end).split('\r');
        for (let p = 0; p < parts.length; p++) {
          const part = parts[p] ?? '';
          this.readLine(part, 0, part.length, p > 0 ? ++lineNo : lineNo);
        }
      } else if (end > from) {
        this.readSpan(text, from, end, lineNo, candidates);
      }
      from = eol + 1;
    }
  }

  /**
   * readLine for the line text[from, end) (no CR in it), without cutting it out when it has no
   * event candidate: such a line has no event, so it only counts (and names its process).
   */
  private readSpan(text: string, from: number, end: number, lineNo: number, candidates: CandidateCursor): void {
    // A log line as written starts with its `G`: nothing to skip before it.
    const start = text.charCodeAt(from) === 0x47 /* G */ ? from : contentStartIn(text, from, end);
    if ((text.charCodeAt(start) | 0x20) === 0x67 /* g */ && start < end) {
      const last = this.last;
      const sameHead = last !== undefined && text.startsWith(last.head, start);
      const head = sameHead ? start + last.head.length : gpsvcHeadEnd(text, start, end);
      if (head >= 0) {
        if (candidates.within(head, end)) {
          this.readLine(text, from, end, lineNo);
        } else {
          this.recordCount++;
          this.prefixedCount++;
          if (sameHead) {
            last.proc.lines++;
          } else {
            this.headAt(text, start, head).proc.lines++;
          }
        }
        return;
      }
    }
    const messageEnd = trimEndIn(text, start, end);
    if (messageEnd <= start) {
      return; // only quoting or indentation
    }
    if (candidates.within(start, end)) {
      this.readLine(text, from, end, lineNo);
      return;
    }
    this.recordCount++;
    // Only whether one such line exists matters: stop testing after the first.
    if (!this.sawGpsvcSpecific && GPSVC_SPECIFIC.test(text.slice(start, Math.min(messageEnd, start + GPSVC_SPECIFIC_REACH)))) {
      this.sawGpsvcSpecific = true;
    }
  }

  /** The whole reading of the line src[from, end) (blank, prefixed or not, with or without an event). */
  private readLine(src: string, from: number, end: number, lineNo: number): void {
    if (from >= end) {
      return; // blank lines between entries: nothing to read
    }
    const start = contentStartIn(src, from, end);
    // parseGpsvcLine, read in place: no copy of the line.
    const prefix = prefixIn(src, start, end);
    if (!prefix.prefixed && prefix.messageStart >= prefix.messageEnd) {
      return;
    }
    const message = src.slice(prefix.messageStart, prefix.messageEnd);
    this.recordCount++;
    if (!prefix.prefixed && !this.sawGpsvcSpecific && GPSVC_SPECIFIC.test(message)) {
      this.sawGpsvcSpecific = true;
    }
    let { pid, tid } = prefix;
    if (prefix.prefixed && pid !== null && tid !== null) {
      this.prefixedCount++;
      const last = this.last;
      const known = last !== undefined && src.startsWith(last.head, start) ? last : this.headAt(src, start, start + pid.length + tid.length + 8);
      known.proc.lines++;
      // The head's own strings (same text): events of one thread share them instead of each keeping a copy.
      pid = known.pid;
      tid = known.tid;
    }
    const event = classifyNotable(message);
    if (event && this.deduper.accept(event, pid, tid)) {
      if (this.events.length >= this.maxEvents) {
        this.droppedEvents++;
        return;
      }
      this.events.push(eventRecord(lineNo, { pid, tid, date: prefix.date, time: prefix.time, message }, event));
      if (event.kind === 'groups-old' || event.kind === 'groups-new') {
        this.groupRefreshes.push({ line: lineNo, outcome: event.kind === 'groups-new' ? 'new' : 'old', time: prefix.time, date: prefix.date, pid, tid });
      }
    }
  }

  /**
   * The head src[start, headEnd), made the last one. At its first line, its process is looked up
   * (created at the process's first line) and lists its thread.
   */
  private headAt(src: string, start: number, headEnd: number): KnownHead {
    const head = src.slice(start, headEnd);
    let known = this.heads.get(head);
    if (!known) {
      const dot = head.indexOf('.', 6);
      const pid = head.slice(6, dot);
      const tid = head.slice(dot + 1, head.length - 1);
      const key = pid.toLowerCase();
      let proc = this.processes.get(key);
      if (!proc) {
        proc = { pid, threads: new Set(), lines: 0 };
        this.processes.set(key, proc);
      }
      proc.threads.add(tid);
      known = { head, pid, tid, proc };
      this.heads.set(head, known);
    }
    this.last = known;
    return known;
  }
}

/** Parses a whole pasted or read log. Never throws. Dates are ISO, so `dateOrder` is not needed. */
export function parseGpsvc(input: string, options: GpsvcParseOptions = {}): ParseResult<GpsvcResult> {
  const maxEvents = options.maxEvents ?? 100_000;
  const reader = new GpsvcReader(maxEvents);
  const warnings: ParseWarning[] = [];
  let processes: GpsvcProcess[] = [];
  try {
    // Markdown bold an author put around quoted log lines is not part of the log.
    reader.read(withoutMarkdownBold(typeof input === 'string' ? input : String(input)));
    processes = reader.processList();
  } catch (err) {
    warnings.push({ message: `GPSVC log could not be read completely: ${err instanceof Error ? err.message : String(err)}` });
  }
  const value: GpsvcResult = {
    recordCount: reader.recordCount,
    prefixedCount: reader.prefixedCount,
    processes,
    events: reader.events,
    groupRefreshes: reader.groupRefreshes,
  };
  const nonFailureEvents = value.events.some((e) => e.kind !== 'failure') ? 1 : 0;
  const recognized = isGpsvcEvidence(value.prefixedCount, reader.sawGpsvcSpecific ? 1 : 0, nonFailureEvents);
  if (!recognized) {
    // Not a Group Policy log: its `failed`/`error` lines are no Group Policy failures.
    value.events = [];
    value.groupRefreshes = [];
  } else if (reader.droppedEvents > 0) {
    warnings.push({ message: `${reader.droppedEvents} more events were left out (limit ${maxEvents}).` });
  }
  return { kind: 'gpsvc', recognized, value, warnings };
}
