/**
 * Streaming summary of a GPSVC log of any size: feed decoded text in chunks of any size
 * (lines and CRLF may straddle chunks), get counts, processes and the notable events.
 * Memory stays constant: no line is kept, the lists are capped.
 *
 * Speed matters (logs reach hundreds of MB): ordinary `GPSVC(pid.tid) ...` lines are counted
 * with indexOf/startsWith only; the full line parser runs only on lines that contain one of the
 * rare keywords of an event (found with indexOf on a lower-cased copy of the chunk), and on
 * lines that do not start with the prefix (pastes, quoting).
 * Pure: no I/O, never throws.
 */
import type { GpsvcEventKind, GpsvcEventRecord, GpsvcGroupRefresh, GpsvcLine, GpsvcPrefix } from './gpsvc';
import { GPSVC_EVENT_KINDS, ProcessingStartDeduper, eventRecord, parseGpsvcLine, parseGpsvcPrefix } from './gpsvc';

export interface GpsvcProcessSummary {
  pid: string;
  records: number;
}

export interface GpsvcSummary {
  /** Non-blank log lines, with or without the `GPSVC(...)` prefix. */
  recordCount: number;
  /** Lines with the `GPSVC(pid.tid)` prefix. */
  prefixedCount: number;
  /** Physical lines (a final line without line end counts). */
  lineCount: number;
  processes: GpsvcProcessSummary[];
  /** Records of pids beyond the `maxProcesses` distinct pids tracked. */
  untrackedProcessRecords: number;
  groupRefreshes: GpsvcGroupRefresh[];
  truncatedGroupRefreshes: number;
  events: GpsvcEventRecord[];
  /** Events beyond `maxEvents`, counted but not kept. */
  truncatedEvents: number;
  /** Exact number of events of each kind, truncated or not. */
  eventCounts: Record<GpsvcEventKind, number>;
  /** First and last real timestamps (`YYYY-MM-DD HH:MM:SS:mmm` or `HH:MM:SS:mmm`); placeholders are skipped. */
  firstTime: string | null;
  lastTime: string | null;
  /** Lines longer than the line limit: only their first `maxLineLength` characters were read. */
  longLines: number;
}

export interface GpsvcSummarizerOptions {
  maxEvents?: number;
  maxGroupRefreshes?: number;
  maxProcesses?: number;
  /** Characters of one line that are read; the rest of a longer line is skipped. Default 64 Ki. */
  maxLineLength?: number;
}

/**
 * A line matching none of these cannot be an event (see classifyGpsvcMessage): zero status codes
 * and ordinary `ProcessGPOs(...)` lines are excluded here already, so routine lines are never
 * parsed. Global: used with lastIndex.
 */
const KEYWORDS =
  /security gr|no connectivity|not ready|fail|(?:status|error|returned)[ \t]{0,4}[=:,]?[ \t]{0,4}0x0{0,16}[1-9a-f]|processgpos\((?:machine|user)\)[ \t]{0,4}:[ \t]{0,4}(?:-{3}|start|background|foreground|synchronous|asynchronous|leaving|finished|done|computer group|user group)/gi;

type TimeFields = Pick<GpsvcPrefix, 'date' | 'time'>;

const PREFIX_START = 'GPSVC(';
/** Lines whose prefix is tried for a first timestamp before giving up (files of placeholders). */
const FIRST_TIME_TRIES = 10_000;

export class GpsvcSummarizer {
  private readonly maxEvents: number;
  private readonly maxGroupRefreshes: number;
  private readonly maxProcesses: number;
  private readonly maxLineLength: number;

  private carry = '';
  /** The carried line is longer than the limit: drop text until its line end. */
  private carryOverflow = false;
  private started = false;
  private ended = false;

  private lineNo = 0;
  private recordCount = 0;
  private prefixedCount = 0;
  private untrackedProcessRecords = 0;
  private longLines = 0;
  private readonly processes = new Map<string, GpsvcProcessSummary>();
  private readonly events: GpsvcEventRecord[] = [];
  private truncatedEvents = 0;
  private readonly groupRefreshes: GpsvcGroupRefresh[] = [];
  private truncatedGroupRefreshes = 0;
  private readonly eventCounts = Object.fromEntries(GPSVC_EVENT_KINDS.map((k) => [k, 0])) as Record<GpsvcEventKind, number>;
  private readonly deduper = new ProcessingStartDeduper();
  private firstTime: string | null = null;
  private firstTimeTries = 0;
  private lastTime: string | null = null;

  /** `GPSVC(pid.tid)` of the last prefixed line, and the process it counts for. */
  private lastKey = '';
  private lastProcess: GpsvcProcessSummary | null = null;

  constructor(options: GpsvcSummarizerOptions = {}) {
    this.maxEvents = options.maxEvents ?? 10_000;
    this.maxGroupRefreshes = options.maxGroupRefreshes ?? 10_000;
    this.maxProcesses = options.maxProcesses ?? 10_000;
    this.maxLineLength = Math.max(256, options.maxLineLength ?? 65_536);
  }

  push(chunk: string): void {
    if (this.ended || typeof chunk !== 'string' || chunk.length === 0) {
      return;
    }
    try {
      this.pushUnsafe(chunk);
    } catch {
      // Never throw on input: a chunk that breaks the scanner is skipped, the counts go on.
      this.carry = '';
    }
  }

  end(): GpsvcSummary {
    if (!this.ended) {
      this.ended = true;
      try {
        if (this.carry !== '' || this.carryOverflow) {
          this.lineNo++;
          this.slowLine(this.carry);
          this.carry = '';
        }
      } catch {
        // keep what was counted
      }
    }
    return {
      recordCount: this.recordCount,
      prefixedCount: this.prefixedCount,
      lineCount: this.lineNo,
      processes: [...this.processes.values()].map((p) => ({ pid: p.pid, records: p.records })),
      untrackedProcessRecords: this.untrackedProcessRecords,
      groupRefreshes: this.groupRefreshes.slice(),
      truncatedGroupRefreshes: this.truncatedGroupRefreshes,
      events: this.events.slice(),
      truncatedEvents: this.truncatedEvents,
      eventCounts: { ...this.eventCounts },
      firstTime: this.firstTime,
      lastTime: this.lastTime,
      longLines: this.longLines,
    };
  }

  private pushUnsafe(input: string): void {
    let chunk = input;
    if (!this.started) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) {
        chunk = chunk.slice(1);
      }
    }
    let from = 0;
    if (this.carry !== '' || this.carryOverflow) {
      // Finish the line that straddles the previous chunk without copying this whole chunk.
      const nl = chunk.indexOf('\n');
      if (nl < 0) {
        this.appendCarry(chunk);
        return;
      }
      this.appendCarry(chunk.slice(0, nl));
      this.lineNo++;
      const line = this.carry;
      this.carry = '';
      this.carryOverflow = false;
      this.slowLine(line);
      from = nl + 1;
    }
    const last = chunk.lastIndexOf('\n');
    if (last >= from) {
      this.scanLines(chunk, from, last + 1);
      from = last + 1;
    }
    if (from < chunk.length) {
      this.appendCarry(chunk.slice(from));
    }
  }

  private appendCarry(text: string): void {
    if (this.carryOverflow) {
      return;
    }
    const room = this.maxLineLength - this.carry.length;
    if (text.length > room) {
      this.carry += text.slice(0, Math.max(0, room));
      this.carryOverflow = true;
      this.longLines++;
    } else {
      this.carry += text;
    }
  }

  /** Counts the complete lines in chunk[from, to) (`to` is just after a '\n'). */
  private scanLines(chunk: string, from: number, to: number): void {
    // One case-insensitive regex pass finds the few lines worth a full parse; measured several
    // times faster than toLowerCase plus one indexOf pass per keyword.
    const keywords = KEYWORDS;
    keywords.lastIndex = from;
    let nextHit = keywords.exec(chunk)?.index ?? -1;
    let lastPrefixedStart = -1;
    let pos = from;
    while (pos < to) {
      let nl = chunk.indexOf('\n', pos);
      if (nl < 0 || nl >= to) {
        nl = to - 1; // cannot happen: the region ends with '\n'
      }
      this.lineNo++;
      let lineEnd = nl;
      if (lineEnd > pos && chunk.charCodeAt(lineEnd - 1) === 0x0d) {
        lineEnd--;
      }
      if (lineEnd - pos > this.maxLineLength) {
        this.longLines++;
        if (this.slowLine(chunk.slice(pos, pos + this.maxLineLength))) {
          lastPrefixedStart = -1;
        }
      } else if (lineEnd > pos && chunk.charCodeAt(pos) === 0x47 /* G */ && this.countPrefixed(chunk, pos, lineEnd)) {
        lastPrefixedStart = pos;
        if (nextHit >= 0 && nextHit < nl) {
          this.noteEvent(parseGpsvcLine(chunk.slice(pos, lineEnd)));
        }
      } else if (lineEnd > pos) {
        if (this.slowLine(chunk.slice(pos, lineEnd))) {
          lastPrefixedStart = -1;
        }
      }
      if (nextHit >= 0 && nextHit < nl) {
        keywords.lastIndex = nl + 1;
        nextHit = keywords.exec(chunk)?.index ?? -1;
      }
      pos = nl + 1;
    }
    if (lastPrefixedStart >= 0) {
      const e = chunk.indexOf('\n', lastPrefixedStart);
      this.noteLastTime(parseGpsvcPrefix(chunk.slice(lastPrefixedStart, Math.min(e < 0 ? to : e, lastPrefixedStart + 256))));
    }
  }

  /**
   * Counts a line that starts with `GPSVC(` without a regex when its `GPSVC(pid.tid)` equals the
   * previous line's (long runs of one thread are the rule). False when it is not a valid prefix.
   */
  private countPrefixed(region: string, pos: number, lineEnd: number): boolean {
    if (this.lastKey !== '' && region.startsWith(this.lastKey, pos)) {
      this.recordCount++;
      this.prefixedCount++;
      if (this.lastProcess) {
        this.lastProcess.records++;
      } else {
        this.untrackedProcessRecords++;
      }
      if (this.firstTime === null) {
        this.noteFirstTime(parseGpsvcPrefix(region.slice(pos, Math.min(lineEnd, pos + 256))));
      }
      return true;
    }
    if (!region.startsWith(PREFIX_START, pos)) {
      return false;
    }
    const parsed = parseGpsvcPrefix(region.slice(pos, Math.min(lineEnd, pos + 256)));
    if (!parsed.prefixed || parsed.pid === null || parsed.tid === null) {
      return false;
    }
    const key = `${PREFIX_START}${parsed.pid}.${parsed.tid})`;
    // The cache is only exact when the line really starts with that key (no indentation or BOM).
    if (region.startsWith(key, pos)) {
      this.lastKey = key;
      this.lastProcess = this.processFor(parsed.pid);
    } else {
      this.lastKey = '';
      this.lastProcess = null;
    }
    this.recordCount++;
    this.prefixedCount++;
    this.countProcess(parsed.pid);
    this.noteFirstTime(parsed);
    return true;
  }

  private processFor(pid: string): GpsvcProcessSummary | null {
    const key = pid.toLowerCase();
    let proc = this.processes.get(key);
    if (!proc && this.processes.size < this.maxProcesses) {
      proc = { pid: key, records: 0 };
      this.processes.set(key, proc);
    }
    return proc ?? null;
  }

  private countProcess(pid: string): void {
    const proc = this.processFor(pid);
    if (proc) {
      proc.records++;
    } else {
      this.untrackedProcessRecords++;
    }
  }

  /** Full parse of a line the fast path cannot take (quoted, unprefixed, overlong, carried). */
  /** Returns true when the line carried a real timestamp (it is then the latest one). */
  private slowLine(text: string): boolean {
    const parsed = parseGpsvcLine(text);
    if (!parsed.prefixed && parsed.message === '') {
      return false;
    }
    this.recordCount++;
    if (parsed.prefixed && parsed.pid !== null) {
      this.prefixedCount++;
      this.countProcess(parsed.pid);
      this.noteFirstTime(parsed);
      this.noteLastTime(parsed);
    }
    this.noteEvent(parsed);
    return parsed.prefixed && realTime(parsed) !== null;
  }

  private noteEvent(parsed: GpsvcLine): void {
    const event = parsed.event;
    if (!event || !this.deduper.accept(event, parsed.pid, parsed.tid)) {
      return;
    }
    this.eventCounts[event.kind]++;
    if (this.events.length < this.maxEvents) {
      this.events.push(eventRecord(this.lineNo, parsed, event));
    } else {
      this.truncatedEvents++;
    }
    if (event.kind === 'groups-old' || event.kind === 'groups-new') {
      if (this.groupRefreshes.length < this.maxGroupRefreshes) {
        this.groupRefreshes.push({
          line: this.lineNo,
          outcome: event.kind === 'groups-new' ? 'new' : 'old',
          time: parsed.time,
          date: parsed.date,
          pid: parsed.pid,
          tid: parsed.tid,
        });
      } else {
        this.truncatedGroupRefreshes++;
      }
    }
  }

  private noteFirstTime(parsed: TimeFields): void {
    if (this.firstTime !== null || this.firstTimeTries >= FIRST_TIME_TRIES) {
      return;
    }
    this.firstTimeTries++;
    this.firstTime = realTime(parsed);
  }

  private noteLastTime(parsed: TimeFields): void {
    this.lastTime = realTime(parsed) ?? this.lastTime;
  }
}

/** `date time` or `time` when the time is digits (not a `<DateTime>` / `hh:mm` placeholder). */
function realTime(parsed: TimeFields): string | null {
  const t = parsed.time;
  if (t === null || !/^\d/.test(t)) {
    return null;
  }
  return parsed.date !== null ? `${parsed.date} ${t}` : t;
}

/** Convenience for whole texts (tests, small files). */
export function summarizeGpsvcText(text: string, options?: GpsvcSummarizerOptions): GpsvcSummary {
  const summarizer = new GpsvcSummarizer(options);
  summarizer.push(text);
  return summarizer.end();
}
