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

// `GPSVC(pid.tid)`, then optional date, then optional time or placeholder. Every quantifier is
// bounded or separated by a literal, so a match attempt is linear in the line length.
const PREFIX =
  /^GPSVC\(([0-9a-f]{1,16})\.([0-9a-f]{1,16})\)(?:[ \t]+(\d{4}-\d{1,2}-\d{1,2}|yyyy-mm-dd))?(?:[ \t]+((?:\d{1,2}|h{1,2}):(?:\d{1,2}|m{1,2}):(?:\d{1,2}|s{1,2})[:.,](?:\d{1,3}|m{1,3}|f{1,3}|x{1,3})|<[a-z][\w -]{0,30}>))?/i;
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
const FAILED_WORD = /\bfail(?:ed|ure)\b/i;
/**
 * A message can only be classified when it contains one of these words (any case): checked
 * first, so the huge majority of lines skip toLowerCase and the marker regexes.
 */
const NOTABLE = /security gr|no connectivity|not ready|fail|status|error|returned 0x|^processgpos\(/i;
/** NOTABLE searched from `lastIndex` of a whole line (so not anchored): a line it rejects has no event. */
const NOTABLE_FROM = /security gr|no connectivity|not ready|fail|status|error|returned 0x|processgpos\(/gi;
/** Function names only the Group Policy service logs: recognizes pastes that lost the prefix. */
const GPSVC_SPECIFIC = /^(?:ProcessGPOs?\(|ProcessGPOList|CheckGPOs|GetGPOInfo|ReadGPOList|CGP[A-Za-z]{0,60}::|CSessionLogger::|CExtSessionLogger::|NlaGetIntranetCapability|ProcessGroupPolicy)/;

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
  if (!NOTABLE.test(message)) {
    return null;
  }
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
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const n = text.length;
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
  if (j > i && j < n && (text[j] === '.' || text[j] === ')')) {
    j++;
  } else if (j === i && (text[j] === '-' || text[j] === '*' || text[j] === '+')) {
    j++;
  } else {
    return i;
  }
  let k = j;
  while (k < n && (text.charCodeAt(k) === 0x20 || text.charCodeAt(k) === 0x09)) {
    k++;
  }
  return k > j && text.startsWith('GPSVC(', k) ? k : i;
}

function trimEndIndex(text: string, from: number): number {
  let end = text.length;
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
  const end = trimEndIndex(text, start);
  const prefix: GpsvcPrefix = { pid: null, tid: null, date: null, time: null, prefixed: false, messageStart: start, messageEnd: end };
  if (text.charCodeAt(start) === 0x47 /* G */ || text.charCodeAt(start) === 0x67 /* g */) {
    // The regex only sees a bounded window: the prefix is short, the message can be 1 MB.
    const m = PREFIX.exec(text.slice(start, Math.min(end, start + 128)));
    if (m) {
      prefix.prefixed = true;
      prefix.pid = m[1];
      prefix.tid = m[2];
      prefix.date = m[3] !== undefined && ISO_DATE.test(m[3]) ? m[3] : null;
      prefix.time = m[4] ?? null;
      let at = start + m[0].length;
      while (at < end && (text.charCodeAt(at) === 0x20 || text.charCodeAt(at) === 0x09)) {
        at++;
      }
      prefix.messageStart = Math.min(at, end);
    }
  }
  return prefix;
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

/** Parses a whole pasted or read log. Never throws. Dates are ISO, so `dateOrder` is not needed. */
export function parseGpsvc(input: string, options: GpsvcParseOptions = {}): ParseResult<GpsvcResult> {
  const maxEvents = options.maxEvents ?? 100_000;
  let droppedEvents = 0;
  const value: GpsvcResult = { recordCount: 0, prefixedCount: 0, processes: [], events: [], groupRefreshes: [] };
  const warnings: ParseWarning[] = [];
  let gpsvcSpecificLines = 0;
  try {
    type Process = { pid: string; threads: Set<string>; lines: number };
    const processes = new Map<string, Process>();
    // Consecutive lines mostly come from one process: skip the map lookup for a repeated pid.
    let lastPid: string | undefined;
    let lastProc: Process | undefined;
    // `GPSVC(pid.tid)` exactly as the last prefixed line spelled it, and its process: a line
    // that starts with the same text has the same pid and tid (the regex's hex runs end at the
    // `.` and the `)`), so when it names no marker word it needs neither the regex nor a message.
    let samePrefix = '';
    let samePrefixProc: Process | undefined;
    const deduper = new ProcessingStartDeduper();
    const readLine = (part: string, lineNo: number): void => {
      if (part === '') {
        return; // blank lines between entries: nothing to read
      }
      const start = contentStart(part);
      if (samePrefixProc && part.startsWith(samePrefix, start)) {
        NOTABLE_FROM.lastIndex = start + samePrefix.length;
        if (!NOTABLE_FROM.test(part)) {
          value.recordCount++;
          value.prefixedCount++;
          samePrefixProc.lines++;
          return;
        }
      }
      // parseGpsvcLine without its object per line: the message is cut only once it is needed.
      const prefix = prefixAt(part, start);
      if (!prefix.prefixed && prefix.messageStart >= prefix.messageEnd) {
        return;
      }
      const message = part.slice(prefix.messageStart, prefix.messageEnd);
      value.recordCount++;
      if (!prefix.prefixed && GPSVC_SPECIFIC.test(message)) {
        gpsvcSpecificLines++;
      }
      if (prefix.prefixed && prefix.pid !== null) {
        value.prefixedCount++;
        let proc = prefix.pid === lastPid ? lastProc : undefined;
        if (!proc) {
          const key = prefix.pid.toLowerCase();
          proc = processes.get(key);
          if (!proc) {
            proc = { pid: prefix.pid, threads: new Set(), lines: 0 };
            processes.set(key, proc);
          }
          lastPid = prefix.pid;
          lastProc = proc;
        }
        proc.lines++;
        if (prefix.tid !== null) {
          proc.threads.add(prefix.tid);
          samePrefix = part.slice(start, start + prefix.pid.length + prefix.tid.length + 8);
          samePrefixProc = proc;
        }
      }
      const event = classifyGpsvcMessage(message);
      if (event && deduper.accept(event, prefix.pid, prefix.tid)) {
        if (value.events.length >= maxEvents) {
          droppedEvents++;
          return;
        }
        value.events.push(eventRecord(lineNo, { pid: prefix.pid, tid: prefix.tid, date: prefix.date, time: prefix.time, message }, event));
        if (event.kind === 'groups-old' || event.kind === 'groups-new') {
          value.groupRefreshes.push({
            line: lineNo,
            outcome: event.kind === 'groups-new' ? 'new' : 'old',
            time: prefix.time,
            date: prefix.date,
            pid: prefix.pid,
            tid: prefix.tid,
          });
        }
      }
    };
    // Markdown bold an author put around quoted log lines is not part of the log.
    const text = withoutMarkdownBold(typeof input === 'string' ? input : String(input));
    let from = 0;
    let lineNo = 0;
    while (from <= text.length) {
      let eol = text.indexOf('\n', from);
      if (eol < 0) {
        eol = text.length;
      }
      lineNo++;
      let lineEnd = eol;
      if (lineEnd > from && text.charCodeAt(lineEnd - 1) === 0x0d) {
        lineEnd--;
      }
      const raw = text.slice(from, lineEnd);
      if (raw.indexOf('\r') === -1) {
        readLine(raw, lineNo);
      } else {
        // A lone CR also ends a line (old Mac line ends in pastes).
        const parts = raw.split('\r');
        for (let p = 0; p < parts.length; p++) {
          readLine(parts[p] ?? '', p > 0 ? ++lineNo : lineNo);
        }
      }
      from = eol + 1;
    }
    value.processes = [...processes.values()].map((p) => ({ pid: p.pid, threads: [...p.threads], lines: p.lines }));
  } catch (err) {
    warnings.push({ message: `GPSVC log could not be read completely: ${err instanceof Error ? err.message : String(err)}` });
  }
  const recognized = isGpsvcEvidence(value.prefixedCount, gpsvcSpecificLines, value.events.filter((e) => e.kind !== 'failure').length);
  if (!recognized) {
    // Not a Group Policy log: its `failed`/`error` lines are no Group Policy failures.
    value.events = [];
    value.groupRefreshes = [];
  } else if (droppedEvents > 0) {
    warnings.push({ message: `${droppedEvents} more events were left out (limit ${maxEvents}).` });
  }
  return { kind: 'gpsvc', recognized, value, warnings };
}
