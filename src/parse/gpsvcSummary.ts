/**
 * Streaming summary of a GPSVC log of any size: feed decoded text (`push`) or raw UTF-16LE bytes
 * (`pushUtf16le`) in chunks of any size (lines, CRLF and characters may straddle chunks), get
 * counts, processes and the notable events. Memory stays constant: no line is kept, the lists are
 * capped.
 *
 * Speed matters (logs reach gigabytes, and the reference is `iconv | grep`):
 * - Ordinary `GPSVC(pid.tid) ...` lines are counted by comparing their first characters with the
 *   previous line's `GPSVC(pid.tid)` (long runs of one thread are the rule); the full line parser
 *   runs only on lines that hold a keyword of an event, and on lines the fast path cannot take.
 * - UTF-16LE bytes (the real file) are scanned without decoding them: a small WebAssembly SIMD
 *   kernel finds the line ends and case-insensitive keyword candidates 16 characters at a time;
 *   only candidate lines are decoded. Without WebAssembly the bytes are decoded and fed to `push`.
 * Pure: no I/O, never throws.
 */
import type { GpsvcEventKind, GpsvcEventRecord, GpsvcGroupRefresh, GpsvcLine, GpsvcPrefix } from './gpsvc';
import { GPSVC_EVENT_KINDS, ProcessingStartDeduper, eventRecord, isGpsvcEvidence, isGpsvcSpecificMessage, parseGpsvcLine, parseGpsvcPrefix } from './gpsvc';

export interface GpsvcProcessSummary {
  pid: string;
  records: number;
}

export interface GpsvcSummary {
  /**
   * A Windows GPSVC log: a `GPSVC(pid.tid)` line, an unprefixed line naming a GPSVC function, or
   * a marker only that log writes (same rule as parseGpsvc). When false, no events are reported:
   * another program's `gpsvc.log` (PAN-OS GlobalProtect) has `failed` lines too.
   */
  recognized: boolean;
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
 * What follows `ProcessGPOs(Machine|User):` on the lines that start or end a processing round
 * (lower case, no regex syntax: KEYWORDS and the byte scanner's processMarkerAt read them).
 */
const PROCESS_MARKER_WORDS: readonly string[] = ['---', 'start', 'background', 'foreground', 'synchronous', 'asynchronous', 'leaving', 'finished', 'done', 'computer group', 'user group'];

/**
 * A line matching none of these cannot be an event (see classifyGpsvcMessage): zero status codes
 * and ordinary `ProcessGPOs(...)` lines are excluded here already, so routine lines are never
 * parsed. Global: used with lastIndex. The byte scanner checks the same conditions (see verifyHit).
 */
const KEYWORDS = new RegExp(
  String.raw`security gr|no connectivity|not ready|fail|(?:status|error|returned)[ \t]{0,4}[=:,]?[ \t]{0,4}0x0{0,16}[1-9a-f]|\bhr[ \t]{0,4}=[ \t]{0,4}0x[89a-f][0-9a-f]{7}\b|processgpos\((?:machine|user)\)[ \t]{0,4}:[ \t]{0,4}(?:` +
    PROCESS_MARKER_WORDS.join('|') +
    ')',
  'gi',
);

type TimeFields = Pick<GpsvcPrefix, 'date' | 'time'>;

const PREFIX_START = 'GPSVC(';
/** Lines whose prefix is tried for a first timestamp before giving up (files of placeholders). */
const FIRST_TIME_TRIES = 10_000;

export class GpsvcSummarizer {
  private readonly maxEvents: number;
  private readonly maxGroupRefreshes: number;
  private readonly maxProcesses: number;
  private readonly maxLineLength: number;

  /** Text path: start of the line that straddles chunks (at most maxLineLength + 1 characters). */
  private carry = '';
  /** The carried line is longer than the limit: drop text until its line end. */
  private carryOverflow = false;
  private started = false;
  private ended = false;

  private lineNo = 0;
  private recordCount = 0;
  private prefixedCount = 0;
  /** Unprefixed lines that start with a GPSVC function name (an excerpt that lost the prefix). */
  private gpsvcSpecificLines = 0;
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

  /** Byte path state (see pushUtf16le). */
  private mode: 'none' | 'text' | 'bytes' = 'none';
  private scanner: Utf16Scanner | null | undefined;
  private byteCarry: ByteCarry | null = null;
  private streamBytes = 0;
  /** Byte path: the `GPSVC(pid.tid)` of the last prefixed line, and all seen (by hash). */
  private byteKey: ByteKey | null = null;
  private readonly knownKeys = new Map<number, ByteKey>();
  private knownKeyCount = 0;
  /** The last byte of the stream so far when its length is odd (the low byte of a split character). */
  private oddTail = -1;
  /** Fallback without WebAssembly: a pending odd byte of the UTF-16LE stream. */
  private oddByte = -1;

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
    if (this.mode === 'bytes') {
      return; // one summarizer reads either text or bytes
    }
    this.mode = 'text';
    try {
      this.pushUnsafe(chunk);
    } catch {
      // Never throw on input: a chunk that breaks the scanner is skipped, the counts go on.
      this.carry = '';
    }
  }

  /**
   * Feeds raw UTF-16LE bytes (a BOM at the very start is skipped). Gives the same summary as
   * decoding the whole stream and calling `push`, several times faster. Do not mix with `push`.
   */
  pushUtf16le(bytes: Uint8Array): void {
    if (this.ended || !(bytes instanceof Uint8Array) || bytes.length === 0 || this.mode === 'text') {
      return;
    }
    this.mode = 'bytes';
    try {
      let input = bytes;
      if (!this.started) {
        this.started = true;
        if (input.length >= 2 && input[0] === 0xff && input[1] === 0xfe) {
          input = input.subarray(2);
        }
      }
      const scanner = this.getScanner();
      if (!scanner) {
        this.pushUtf16leDecoded(input);
        return;
      }
      if (scanner.holds(input) && ((input.byteOffset + (this.streamBytes & 1)) & 1) === 0) {
        this.scanChunk(scanner, input.byteOffset, input.length);
        return;
      }
      // Not in the scanner's memory (or misaligned): copy piece by piece into its scratch slot.
      for (let at = 0; at < input.length; at += scanner.scratchBytes) {
        const piece = input.subarray(at, Math.min(input.length, at + scanner.scratchBytes));
        const addr = scanner.scratchAddr + (this.streamBytes & 1);
        scanner.u8.set(piece, addr);
        this.scanChunk(scanner, addr, piece.length);
      }
    } catch {
      // Never throw on input: the counts so far are kept.
      this.byteCarry?.reset();
    }
  }

  /**
   * `count` buffers of `size` bytes to read UTF-16LE into: inside the byte scanner's memory, so
   * `pushUtf16le` scans them where they are. Plain buffers when WebAssembly is not available.
   */
  utf16leReadBuffers(count: number, size: number): Uint8Array[] {
    const evenSize = Math.max(4096, size + (size & 1));
    if (this.scanner === undefined) {
      this.scanner = Utf16Scanner.create(count, evenSize);
    }
    const slots = this.scanner?.readSlots(count, evenSize);
    return slots ?? Array.from({ length: count }, () => new Uint8Array(evenSize));
  }

  end(): GpsvcSummary {
    if (!this.ended) {
      try {
        if (this.mode === 'bytes') {
          this.endBytes();
        } else if (this.carry !== '' || this.carryOverflow) {
          this.lineNo++;
          this.carriedLine(this.carry, this.carryOverflow);
          this.carry = '';
        }
      } catch {
        // keep what was counted
      }
      this.ended = true;
    }
    const nonFailureEvents = GPSVC_EVENT_KINDS.reduce((n, k) => n + (k === 'failure' ? 0 : this.eventCounts[k]), 0);
    const recognized = isGpsvcEvidence(this.prefixedCount, this.gpsvcSpecificLines, nonFailureEvents);
    const noEvents = Object.fromEntries(GPSVC_EVENT_KINDS.map((k) => [k, 0])) as Record<GpsvcEventKind, number>;
    return {
      recognized,
      recordCount: this.recordCount,
      prefixedCount: this.prefixedCount,
      lineCount: this.lineNo,
      processes: [...this.processes.values()].map((p) => ({ pid: p.pid, records: p.records })),
      untrackedProcessRecords: this.untrackedProcessRecords,
      groupRefreshes: recognized ? this.groupRefreshes.slice() : [],
      truncatedGroupRefreshes: recognized ? this.truncatedGroupRefreshes : 0,
      events: recognized ? this.events.slice() : [],
      truncatedEvents: recognized ? this.truncatedEvents : 0,
      eventCounts: recognized ? { ...this.eventCounts } : noEvents,
      firstTime: this.firstTime,
      lastTime: this.lastTime,
      longLines: this.longLines,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Text path

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
      const overflow = this.carryOverflow;
      this.carry = '';
      this.carryOverflow = false;
      this.carriedLine(line, overflow);
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
    // One character more than the limit: room for the CR of a CRLF line end.
    const room = this.maxLineLength + 1 - this.carry.length;
    if (text.length > room) {
      this.carry += text.slice(0, Math.max(0, room));
      this.carryOverflow = true;
    } else {
      this.carry += text;
    }
  }

  /** A line put together from several chunks (its CR, if any, still at the end). */
  private carriedLine(text: string, overflow: boolean): void {
    let line = text;
    if (!overflow && line.charCodeAt(line.length - 1) === 0x0d) {
      line = line.slice(0, -1);
    }
    if (overflow || line.length > this.maxLineLength) {
      this.longLines++;
      line = line.slice(0, this.maxLineLength);
    }
    this.slowLine(line);
  }

  /** Counts the complete lines in chunk[from, to) (`to` is just after a '\n'). */
  private scanLines(chunk: string, from: number, to: number): void {
    // One case-insensitive regex pass finds the few lines worth a full parse; measured several
    // times faster than toLowerCase plus one indexOf pass per keyword.
    const keywords = KEYWORDS;
    keywords.lastIndex = from;
    let nextHit = keywords.exec(chunk)?.index ?? -1;
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
        this.slowLine(chunk.slice(pos, pos + this.maxLineLength));
      } else if (lineEnd > pos && chunk.charCodeAt(pos) === 0x47 /* G */ && this.countPrefixed(chunk, pos, lineEnd)) {
        if (nextHit >= 0 && nextHit < nl) {
          this.noteEvent(parseGpsvcLine(chunk.slice(pos, lineEnd)));
        }
      } else if (lineEnd > pos) {
        this.slowLine(chunk.slice(pos, lineEnd));
      }
      if (nextHit >= 0 && nextHit < nl) {
        keywords.lastIndex = nl + 1;
        nextHit = keywords.exec(chunk)?.index ?? -1;
      }
      pos = nl + 1;
    }
    this.noteLastTimeBackwards(from, to, (start, end) => chunk.slice(start, end), (end) => chunk.lastIndexOf('\n', end));
  }

  /**
   * Counts a line that starts with `GPSVC(` without a regex when its `GPSVC(pid.tid)` equals the
   * previous line's (long runs of one thread are the rule). False when it is not a valid prefix.
   */
  private countPrefixed(region: string, pos: number, lineEnd: number): boolean {
    if (this.lastKey !== '' && region.startsWith(this.lastKey, pos)) {
      this.countSameKey();
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
      this.setKey(key, parsed.pid);
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

  private countSameKey(): void {
    this.recordCount++;
    this.prefixedCount++;
    if (this.lastProcess) {
      this.lastProcess.records++;
    } else {
      this.untrackedProcessRecords++;
    }
  }

  private setKey(key: string, pid: string): void {
    this.lastKey = key;
    this.lastProcess = this.processFor(pid);
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
  private slowLine(text: string): void {
    const parsed = parseGpsvcLine(text);
    if (!parsed.prefixed && parsed.message === '') {
      return;
    }
    this.recordCount++;
    if (parsed.prefixed && parsed.pid !== null) {
      this.prefixedCount++;
      this.countProcess(parsed.pid);
      this.noteFirstTime(parsed);
      this.noteLastTime(parsed);
    } else if (!parsed.prefixed && isGpsvcSpecificMessage(parsed.message)) {
      this.gpsvcSpecificLines++;
    }
    this.noteEvent(parsed);
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

  /**
   * The fast path does not read times: after a region of complete lines [from, to) (in code
   * units, `to` just after a '\n'), the last line with a real time sets lastTime. Usually the
   * last line; lines with placeholder times are walked back over.
   * `text(start, end)` returns a line, `prevNewline(end)` the last '\n' at or before `end` (-1: none).
   */
  private noteLastTimeBackwards(from: number, to: number, text: (start: number, end: number) => string, prevNewline: (end: number) => number): void {
    let nl = to - 1;
    while (nl >= from) {
      const before = nl - 1 >= from ? prevNewline(nl - 1) : -1;
      const start = before >= from ? before + 1 : from;
      const end = Math.min(nl, start + this.maxLineLength);
      if (end > start) {
        const time = realTime(parseGpsvcPrefix(text(start, end)));
        if (time !== null) {
          this.lastTime = time;
          return;
        }
      }
      nl = start - 1;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Byte path (UTF-16LE)

  private getScanner(): Utf16Scanner | null {
    if (this.scanner === undefined) {
      this.scanner = Utf16Scanner.create(0, 1 << 20);
    }
    return this.scanner;
  }

  /** Without WebAssembly: decode (keeping an odd byte for the next chunk) and take the text path. */
  private pushUtf16leDecoded(input: Uint8Array): void {
    let bytes = input;
    if (this.oddByte >= 0) {
      const joined = new Uint8Array(bytes.length + 1);
      joined[0] = this.oddByte;
      joined.set(bytes, 1);
      bytes = joined;
      this.oddByte = -1;
    }
    if (bytes.length & 1) {
      this.oddByte = bytes[bytes.length - 1];
      bytes = bytes.subarray(0, bytes.length - 1);
    }
    this.pushUnsafe(decodeUtf16le(bytes, 0, bytes.length));
  }

  /**
   * Scans `len` bytes at `addr` in the scanner's memory; they continue the stream at byte
   * `streamBytes`. Complete lines are counted in place; the unfinished last line is carried.
   */
  private scanChunk(scanner: Utf16Scanner, addr: number, len: number): void {
    const skew = this.streamBytes & 1; // the first byte completes a character of the carried line
    const oddTail = this.oddTail;
    this.oddTail = ((this.streamBytes + len) & 1) === 1 ? scanner.u8[addr + len - 1] : -1;
    if (skew === 1 && oddTail === 0x0a && scanner.u8[addr] === 0 && this.byteCarry?.active()) {
      // A '\n' split between two chunks ends the carried line (its first byte is in the carry).
      this.lineNo++;
      const { text, overflow } = this.byteCarry.take(true);
      this.carriedLine(text, overflow);
    }
    const scanStart = addr + skew;
    const scanLen = (len - skew) & ~1;
    const lineEnds = scanner.scan(scanStart, scanLen);
    const u16 = scanner.u16;
    const u32 = scanner.u32;
    const nlBase = scanner.nlOutAddr >> 2;
    const kwBase = scanner.kwOutAddr >> 2;
    const startUnit = scanStart >> 1;
    const kwCount = verifiedHits(scanner, startUnit, startUnit + (scanLen >> 1));
    let i = 0;
    let lineStart = startUnit;
    const carry = this.byteCarry;
    if (carry && carry.active()) {
      if (lineEnds === 0) {
        carry.append(scanner.u8, addr, len);
        this.streamBytes += len;
        return;
      }
      const first = startUnit + (u32[nlBase] >> 1);
      carry.append(scanner.u8, addr, first * 2 - addr);
      this.lineNo++;
      const { text, overflow } = carry.take();
      this.carriedLine(text, overflow);
      i = 1;
      lineStart = first + 1;
    }
    const regionStart = lineStart;
    let k = 0;
    while (k < kwCount && startUnit + (u32[kwBase + k] >> 1) < lineStart) {
      k++;
    }
    let nextHit = k < kwCount ? startUnit + (u32[kwBase + k] >> 1) : -1;
    const maxLen = this.maxLineLength;
    for (; i < lineEnds; i++) {
      if (this.byteKey && !(this.firstTime === null && this.firstTimeTries < FIRST_TIME_TRIES)) {
        // The kernel counts the run of lines that start with the current key, up to the next
        // keyword hit or overlong line; they need nothing else.
        const stop = nextHit >= 0 ? (nextHit - startUnit) * 2 : -1;
        const j = scanner.run(scanStart, i, lineEnds, (lineStart - startUnit) * 2, this.byteKey, maxLen * 2, stop);
        if (j > i) {
          const lines = j - i;
          this.lineNo += lines;
          this.recordCount += lines;
          this.prefixedCount += lines;
          if (this.lastProcess) {
            this.lastProcess.records += lines;
          } else {
            this.untrackedProcessRecords += lines;
          }
          i = j;
          lineStart = startUnit + (u32[nlBase + j - 1] >> 1) + 1;
          if (i >= lineEnds) {
            break;
          }
        }
      }
      const nl = startUnit + (u32[nlBase + i] >> 1);
      this.lineNo++;
      let lineEnd = nl;
      if (lineEnd > lineStart && u16[lineEnd - 1] === 0x0d) {
        lineEnd--;
      }
      const length = lineEnd - lineStart;
      let parsedWhole = false;
      if (length > maxLen) {
        this.longLines++;
        this.slowLine(scanner.decode(lineStart, lineStart + maxLen));
        parsedWhole = true;
      } else if (length > 0) {
        const key = this.byteKey;
        if (key && length >= key.length && unitsEqual(u16, lineStart, key.units, key.length)) {
          this.countSameKey();
          if (this.firstTime === null) {
            this.noteFirstTime(parseGpsvcPrefix(scanner.decode(lineStart, Math.min(lineEnd, lineStart + 256))));
          }
        } else if (!this.newKeyLine(scanner, lineStart, lineEnd)) {
          this.slowLine(scanner.decode(lineStart, lineEnd));
          parsedWhole = true;
        }
      }
      if (nextHit >= 0 && nextHit < nl) {
        // Keyword candidates in a counted line: parse it when one of them holds.
        let candidate = false;
        while (nextHit >= 0 && nextHit < nl) {
          candidate ||= !parsedWhole && length > 0;
          k++;
          nextHit = k < kwCount ? startUnit + (u32[kwBase + k] >> 1) : -1;
        }
        if (candidate) {
          this.noteEvent(parseGpsvcLine(scanner.decode(lineStart, lineEnd)));
        }
      }
      lineStart = nl + 1;
    }
    if (lineStart > regionStart) {
      this.noteLastTimeBackwards(
        regionStart,
        lineStart,
        (start, end) => scanner.decode(start, end),
        (end) => lastLineEnd(u16, regionStart, end),
      );
    }
    // The unfinished last line (and an odd byte) waits for the next chunk.
    const tailAddr = lineStart * 2;
    const tailLen = addr + len - tailAddr;
    if (tailLen > 0) {
      this.byteCarry ??= new ByteCarry(maxLen);
      this.byteCarry.append(scanner.u8, tailAddr, tailLen);
    }
    this.streamBytes += len;
  }

  /**
   * A line that does not start with the current key: when it starts with a valid
   * `GPSVC(pid.tid)`, that becomes the key and the line is counted. False otherwise.
   */
  private newKeyLine(scanner: Utf16Scanner, lineStart: number, lineEnd: number): boolean {
    const u16 = scanner.u16;
    const n = lineEnd - lineStart;
    if (n < 10) {
      return false;
    }
    for (let j = 0; j < 6; j++) {
      if (u16[lineStart + j] !== PREFIX_UNITS[j]) {
        return false;
      }
    }
    // Same rule as the prefix regex: 1 to 16 hex digits, '.', 1 to 16 hex digits, ')'.
    let at = lineStart + 6;
    const pidStart = at;
    let hash = 0;
    while (at < lineEnd && at - pidStart <= 16 && isHexUnit(u16[at])) {
      hash = (Math.imul(hash, 31) + u16[at]) | 0;
      at++;
    }
    const pidLen = at - pidStart;
    if (pidLen < 1 || pidLen > 16 || at >= lineEnd || u16[at] !== 0x2e /* . */) {
      return false;
    }
    at++;
    const tidStart = at;
    while (at < lineEnd && at - tidStart <= 16 && isHexUnit(u16[at])) {
      hash = (Math.imul(hash, 31) + u16[at]) | 0;
      at++;
    }
    const tidLen = at - tidStart;
    if (tidLen < 1 || tidLen > 16 || at >= lineEnd || u16[at] !== 0x29 /* ) */) {
      return false;
    }
    this.byteKey = this.keyFor(scanner, lineStart, at + 1 - lineStart, pidLen, (hash ^ (pidLen << 5)) & 0x3fffffff);
    this.lastProcess = this.byteKey.process;
    this.countSameKey();
    if (this.firstTime === null) {
      this.noteFirstTime(parseGpsvcPrefix(scanner.decode(lineStart, Math.min(lineEnd, lineStart + 256))));
    }
    return true;
  }

  /**
   * The key of u16[lineStart, lineStart + length), looked up by a hash of its digits: threads take
   * turns, so most key changes find a known key and allocate nothing.
   */
  private keyFor(scanner: Utf16Scanner, lineStart: number, length: number, pidLength: number, hash: number): ByteKey {
    const u16 = scanner.u16;
    for (let k: ByteKey | null = this.knownKeys.get(hash) ?? null; k; k = k.next) {
      if (k.length === length && unitsEqual(u16, lineStart, k.units, length)) {
        return k;
      }
    }
    if (this.knownKeyCount >= MAX_KEYS) {
      // Each key has a place in the kernel's memory: start over when they are all taken.
      this.knownKeys.clear();
      this.knownKeyCount = 0;
    }
    const units = u16.slice(lineStart, lineStart + length);
    const process = this.processFor(scanner.decode(lineStart + 6, lineStart + 6 + pidLength));
    const key: ByteKey = { units, length, process, addr: KEYS_ADDR + this.knownKeyCount * KEY_BYTES, next: this.knownKeys.get(hash) ?? null };
    this.knownKeyCount++;
    scanner.writeKey(key);
    this.knownKeys.set(hash, key);
    return key;
  }

  private endBytes(): void {
    if (this.scanner === null) {
      // The text path did the work (no WebAssembly).
      if (this.oddByte >= 0) {
        // A dangling odd byte is not a character: U+FFFD like other decoders.
        this.oddByte = -1;
        this.pushUnsafe('\ufffd');
      }
      if (this.carry !== '' || this.carryOverflow) {
        this.lineNo++;
        this.carriedLine(this.carry, this.carryOverflow);
        this.carry = '';
      }
      return;
    }
    const carry = this.byteCarry;
    if (carry && carry.active()) {
      this.lineNo++;
      const { text, overflow } = carry.take();
      this.carriedLine(text, overflow);
    }
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

// -------------------------------------------------------------------------------------------------
// Byte scanning helpers

const PREFIX_UNITS = Array.from(PREFIX_START, (c) => c.charCodeAt(0));

function isHexUnit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}

interface ByteKey {
  units: Uint16Array;
  length: number;
  process: GpsvcProcessSummary | null;
  /** Where the kernel finds it: the key bytes, zero padded to 80 bytes, then an 80-byte mask. */
  addr: number;
  /** Another key with the same hash. */
  next: ByteKey | null;
}

const MAX_KEYS = 8192;
const KEY_BYTES = 160;

function unitsEqual(u16: Uint16Array, at: number, units: Uint16Array, length: number): boolean {
  // The pid.tid digits differ first: compare from the end.
  for (let j = length - 1; j >= 0; j--) {
    if (u16[at + j] !== units[j]) {
      return false;
    }
  }
  return true;
}

/** Code units from Uint16 data (keeps lone surrogates, like Buffer#toString('utf16le')). */
function unitsToString(u16: Uint16Array, from: number, to: number): string {
  let out = '';
  for (let at = from; at < to; at += 8192) {
    out += String.fromCharCode(...u16.subarray(at, Math.min(to, at + 8192)));
  }
  return out;
}

function decodeUtf16le(bytes: Uint8Array, from: number, to: number): string {
  const even = (to - from) & ~1;
  if (((bytes.byteOffset + from) & 1) === 0) {
    return unitsToString(new Uint16Array(bytes.buffer, bytes.byteOffset + from, even >> 1), 0, even >> 1);
  }
  const copy = bytes.slice(from, from + even);
  return unitsToString(new Uint16Array(copy.buffer, 0, even >> 1), 0, even >> 1);
}

/** Last '\n' in u16[from, end], or -1. */
function lastLineEnd(u16: Uint16Array, from: number, end: number): number {
  for (let at = end; at >= from; at--) {
    if (u16[at] === 0x0a) {
      return at;
    }
  }
  return -1;
}

function foldedAt(u16: Uint16Array, at: number): number {
  const c = u16[at];
  return c >= 0x41 && c <= 0x5a ? c + 32 : c;
}

/** Case-insensitive (ASCII) match of a lower-case phrase at u16[at], inside [lineStart, lineEnd). */
function phraseAt(u16: Uint16Array, at: number, phrase: string, lineStart: number, lineEnd: number): boolean {
  if (at < lineStart || at + phrase.length > lineEnd) {
    return false;
  }
  for (let j = 0; j < phrase.length; j++) {
    if (foldedAt(u16, at + j) !== phrase.charCodeAt(j)) {
      return false;
    }
  }
  return true;
}

/**
 * Keyword fingerprints the kernel looks for (folded to lower case, 4 code units), and the phrase
 * the classifier needs around them: a hit is only a candidate when that phrase is really there.
 */
const ANCHORS: readonly { gram: string; phrase: string }[] = [
  { gram: 'curi', phrase: 'security gr' },
  { gram: 'ivit', phrase: 'there is no connectivity' },
  { gram: 'tcap', phrase: 'nlagetintranetcapability returned not ready' },
  { gram: 'fail', phrase: 'fail' },
  { gram: 's(ma', phrase: 'processgpos(' },
  { gram: 's(us', phrase: 'processgpos(' },
];

/**
 * The anchors by their first two (folded) units, each phrase once: a hit checks only its own. A
 * hit is placed in its phrase by those two units (`s(ma` runs past `processgpos(`).
 */
const ANCHORS_BY_BIGRAM = new Map<number, { gram: string; phrase: string }>();
for (const anchor of ANCHORS) {
  const bigram = (anchor.gram.charCodeAt(0) << 16) | anchor.gram.charCodeAt(1);
  if (!ANCHORS_BY_BIGRAM.has(bigram)) {
    ANCHORS_BY_BIGRAM.set(bigram, anchor);
  }
}

/**
 * KEYWORDS' `processgpos\((?:machine|user)\)[ \t]{0,4}:[ \t]{0,4}(?:marker words)` on the code
 * units at `start` (where `processgpos(` is), without decoding the line.
 */
function processMarkerAt(u16: Uint16Array, start: number, lineEnd: number): boolean {
  let at = start + 'processgpos('.length;
  if (phraseAt(u16, at, 'machine)', start, lineEnd)) {
    at += 'machine)'.length;
  } else if (phraseAt(u16, at, 'user)', start, lineEnd)) {
    at += 'user)'.length;
  } else {
    return false;
  }
  at = afterBlanks(u16, at, lineEnd);
  if (at >= lineEnd || u16[at] !== 0x3a /* : */) {
    return false;
  }
  at = afterBlanks(u16, at + 1, lineEnd);
  return PROCESS_MARKER_WORDS.some((word) => phraseAt(u16, at, word, start, lineEnd));
}

/** After up to 4 blanks from `from` (KEYWORDS' `[ \t]{0,4}`). */
function afterBlanks(u16: Uint16Array, from: number, lineEnd: number): number {
  let b = from;
  while (b < lineEnd && b - from < 4 && isSpaceOrTab(u16[b])) {
    b++;
  }
  return b;
}

function isSpaceOrTab(c: number): boolean {
  return c === 0x20 || c === 0x09;
}

/**
 * Keeps only the kernel's hits that verifyHit confirms, in place, and returns their count. Most
 * hits are not events (`SetEvent = 0x3cc`), and every hit left in the list stops the kernel's
 * run counting. Checked against the scanned region's bounds instead of the hit's line: no phrase
 * or code the check reads contains a line end, so the answer is the one the line would give.
 */
function verifiedHits(scanner: Utf16Scanner, regionStart: number, regionEnd: number): number {
  const { u16, u32 } = scanner;
  const kwBase = scanner.kwOutAddr >> 2;
  const count = scanner.kwCount();
  let kept = 0;
  for (let h = 0; h < count; h++) {
    const offset = u32[kwBase + h];
    if (verifyHit(u16, regionStart + (offset >> 1), regionStart, regionEnd)) {
      u32[kwBase + kept++] = offset;
    }
  }
  return kept;
}

/**
 * True when the kernel's hit at u16[at] can start an event in its line: the same conditions as
 * KEYWORDS, checked on the code units.
 */
function verifyHit(u16: Uint16Array, at: number, lineStart: number, lineEnd: number): boolean {
  const c0 = foldedAt(u16, at);
  if (c0 === 0x30 /* 0 */) {
    return nonzeroCodeAt(u16, at, lineStart, lineEnd) || hresultFailureAt(u16, at, lineStart, lineEnd);
  }
  const anchor = ANCHORS_BY_BIGRAM.get((c0 << 16) | foldedAt(u16, at + 1));
  if (!anchor) {
    return false;
  }
  const start = at - anchor.phrase.indexOf(anchor.gram.slice(0, 2));
  if (!phraseAt(u16, start, anchor.phrase, lineStart, lineEnd)) {
    return false;
  }
  // Only start and end markers of a processing round, not every ProcessGPOs(...) line.
  return anchor.phrase !== 'processgpos(' || processMarkerAt(u16, start, lineEnd);
}

/** `0x` at `at` with a nonzero code, after `status`/`error` (with separators) or `returned `. */
function nonzeroCodeAt(u16: Uint16Array, at: number, lineStart: number, lineEnd: number): boolean {
  if (foldedAt(u16, at + 1) !== 0x78 /* x */) {
    return false;
  }
  let d = at + 2;
  while (d < lineEnd && d - (at + 2) < 16 && u16[d] === 0x30) {
    d++;
  }
  const c = d < lineEnd ? foldedAt(u16, d) : 0;
  if (!((c >= 0x31 && c <= 0x39) || (c >= 0x61 && c <= 0x66))) {
    return false;
  }
  if (phraseAt(u16, at - 9, 'returned ', lineStart, lineEnd)) {
    return true;
  }
  // (status|error)[ \t]{0,4}[=:,]?[ \t]{0,4}: leniently, up to 8 blanks around one separator.
  let b = at - 1;
  while (b >= lineStart && at - 1 - b < 8 && isSpaceOrTab(u16[b])) {
    b--;
  }
  if (b >= lineStart && (u16[b] === 0x3d || u16[b] === 0x3a || u16[b] === 0x2c)) {
    const sep = b;
    b--;
    while (b >= lineStart && sep - 1 - b < 8 && isSpaceOrTab(u16[b])) {
      b--;
    }
  }
  return phraseAt(u16, b - 5, 'status', lineStart, lineEnd) || phraseAt(u16, b - 4, 'error', lineStart, lineEnd);
}

/** A code unit \b counts as part of a word: ASCII letters, digits, `_`. */
function isWordUnit(c: number): boolean {
  return (c >= 0x30 && c <= 0x39) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f;
}

/**
 * `0x` at `at` starting a failure HRESULT after `hr=` (KEYWORDS' `\bhr[ \t]{0,4}=[ \t]{0,4}0x[89a-f][0-9a-f]{7}\b`):
 * eight hex digits, the first 8-f (severity bit set), then no word character.
 */
function hresultFailureAt(u16: Uint16Array, at: number, lineStart: number, lineEnd: number): boolean {
  if (at + 10 > lineEnd || foldedAt(u16, at + 1) !== 0x78 /* x */) {
    return false;
  }
  const first = foldedAt(u16, at + 2);
  if (!(first === 0x38 || first === 0x39 || (first >= 0x61 && first <= 0x66))) {
    return false;
  }
  for (let d = at + 3; d < at + 10; d++) {
    if (!isHexUnit(foldedAt(u16, d))) {
      return false;
    }
  }
  if (at + 10 < lineEnd && isWordUnit(u16[at + 10])) {
    return false;
  }
  let b = at - 1;
  while (b >= lineStart && at - 1 - b < 4 && isSpaceOrTab(u16[b])) {
    b--;
  }
  if (b < lineStart || u16[b] !== 0x3d /* = */) {
    return false;
  }
  const eq = b;
  b--;
  while (b >= lineStart && eq - 1 - b < 4 && isSpaceOrTab(u16[b])) {
    b--;
  }
  return phraseAt(u16, b - 1, 'hr', lineStart, lineEnd) && (b - 2 < lineStart || !isWordUnit(u16[b - 2]));
}

/** The unfinished last line of a chunk, as bytes, bounded to maxLineLength + 1 characters. */
class ByteCarry {
  private readonly bytes: Uint8Array;
  private length = 0;
  private overflow = false;
  private started = false;

  constructor(maxLineLength: number) {
    this.bytes = new Uint8Array(2 * (maxLineLength + 1) + 2);
  }

  active(): boolean {
    return this.started;
  }

  append(source: Uint8Array, from: number, count: number): void {
    this.started = true;
    if (this.overflow || count <= 0) {
      return;
    }
    const room = this.bytes.length - 1 - this.length;
    if (count > room) {
      // Keep whole characters: the limit is in characters.
      const keep = Math.max(0, room) & ~1;
      this.bytes.set(source.subarray(from, from + keep), this.length);
      this.length += keep;
      this.overflow = true;
      return;
    }
    this.bytes.set(source.subarray(from, from + count), this.length);
    this.length += count;
  }

  /**
   * The carried line and whether it was cut. An odd final byte becomes U+FFFD, or is dropped
   * (`dropOddByte`: it is the first half of the line end).
   */
  take(dropOddByte = false): { text: string; overflow: boolean } {
    let text = decodeUtf16le(this.bytes, 0, this.length);
    if (this.length & 1 && !dropOddByte) {
      text += '\ufffd';
    }
    const overflow = this.overflow;
    this.reset();
    return { text, overflow };
  }

  reset(): void {
    this.length = 0;
    this.overflow = false;
    this.started = false;
  }
}

// -------------------------------------------------------------------------------------------------
// The WebAssembly SIMD kernel, assembled here from a short instruction list (no binary blob).

interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
interface WasmApi {
  Memory: new (descriptor: { initial: number; maximum?: number }) => WasmMemory;
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => WasmInstance;
}
declare const WebAssembly: WasmApi | undefined;

type ScanFn = (src: number, len: number, nlOut: number, kwOut: number) => number;
type RunFn = (src: number, nlOut: number, i: number, count: number, lineStart: number, keyAddr: number, vectors: number, maxLen: number, stop: number) => number;

/** Padding after every slot: the kernel reads up to 94 bytes past the end of what it scans. */
const SLOT_PAD = 128;
/** Address 0: the hit count; from KEYS_ADDR: the known keys (see ByteKey.addr). */
const KEYS_ADDR = 64;
const HEADER = KEYS_ADDR + MAX_KEYS * KEY_BYTES + 64; // a multiple of 64

class Utf16Scanner {
  readonly u8: Uint8Array;
  readonly u16: Uint16Array;
  readonly u32: Uint32Array;
  readonly scratchAddr: number;
  readonly scratchBytes: number;
  readonly nlOutAddr: number;
  readonly kwOutAddr: number;
  private readonly memoryBuffer: ArrayBuffer;
  private readonly slotAddrs: number[] = [];
  private readonly slotBytes: number;
  private readonly bytes: { toString(encoding: 'utf16le', start: number, end: number): string } | null;

  private constructor(
    private readonly scanFn: ScanFn,
    private readonly runFn: RunFn,
    memory: WasmMemory,
    readSlots: number,
    slotBytes: number,
  ) {
    this.memoryBuffer = memory.buffer;
    this.u8 = new Uint8Array(this.memoryBuffer);
    this.u16 = new Uint16Array(this.memoryBuffer);
    this.u32 = new Uint32Array(this.memoryBuffer);
    this.slotBytes = slotBytes;
    // Every region starts on a 64-byte boundary: the outputs are read as Uint32.
    const stride = slotStride(slotBytes);
    let at = HEADER;
    for (let s = 0; s < readSlots; s++) {
      this.slotAddrs.push(at);
      at += stride;
    }
    this.scratchAddr = at;
    this.scratchBytes = slotBytes;
    at += stride;
    this.nlOutAddr = at;
    at += outBytes(slotBytes);
    this.kwOutAddr = at;
    // Buffer#toString is the fastest UTF-16LE decoder in Node; the fallback works anywhere.
    const NodeBuffer = (globalThis as { Buffer?: { from(b: ArrayBuffer): { toString(e: 'utf16le', s: number, e2: number): string } } }).Buffer;
    this.bytes = NodeBuffer ? NodeBuffer.from(this.memoryBuffer) : null;
  }

  /** A scanner with `readSlots` read buffers of `slotBytes`, or null without WebAssembly SIMD. */
  static create(readSlots: number, slotBytes: number): Utf16Scanner | null {
    try {
      if (typeof WebAssembly === 'undefined') {
        return null;
      }
      const module = kernelModule();
      if (!module) {
        return null;
      }
      const total = HEADER + (readSlots + 1) * slotStride(slotBytes) + 2 * outBytes(slotBytes);
      const memory = new WebAssembly.Memory({ initial: Math.ceil(total / 65536) });
      const instance = new WebAssembly.Instance(module, { e: { m: memory } });
      const { scan, run } = instance.exports;
      if (typeof scan !== 'function' || typeof run !== 'function') {
        return null;
      }
      return new Utf16Scanner(scan as ScanFn, run as RunFn, memory, readSlots, slotBytes);
    } catch {
      return null;
    }
  }

  readSlots(count: number, size: number): Uint8Array[] | null {
    if (count > this.slotAddrs.length || size > this.slotBytes) {
      return null;
    }
    return this.slotAddrs.slice(0, count).map((addr) => new Uint8Array(this.memoryBuffer, addr, size));
  }

  holds(bytes: Uint8Array): boolean {
    if (bytes.buffer !== this.memoryBuffer) {
      return false;
    }
    return this.slotAddrs.some((addr) => bytes.byteOffset >= addr && bytes.byteOffset + bytes.length <= addr + this.slotBytes);
  }

  /** Scans [src, src + len) (both even): returns the number of line ends written at nlOutAddr. */
  scan(src: number, len: number): number {
    if (len <= 0) {
      this.u32[0] = 0;
      return 0;
    }
    // Positions past the end come from the last partial block: cut them off here.
    const n = this.scanFn(src, len, this.nlOutAddr, this.kwOutAddr);
    const nlBase = this.nlOutAddr >> 2;
    let count = n;
    while (count > 0 && this.u32[nlBase + count - 1] >= len) {
      count--;
    }
    const kwBase = this.kwOutAddr >> 2;
    let kw = this.u32[0];
    while (kw > 0 && this.u32[kwBase + kw - 1] >= len) {
      kw--;
    }
    this.u32[0] = kw;
    return count;
  }

  /**
   * Index of the first line end at or after `i` whose line (starting at byte `lineStart` after
   * `src`) does not start with `key`, is longer than `maxLen` bytes, or ends after byte `stop`.
   */
  run(src: number, i: number, count: number, lineStart: number, key: ByteKey, maxLen: number, stop: number): number {
    return this.runFn(src, this.nlOutAddr, i, count, lineStart, key.addr, (key.length + 7) >> 3, maxLen, stop);
  }

  writeKey(key: ByteKey): void {
    this.u8.fill(0, key.addr, key.addr + KEY_BYTES);
    this.u16.set(key.units, key.addr >> 1);
    this.u8.fill(0xff, key.addr + KEY_BYTES / 2, key.addr + KEY_BYTES / 2 + key.length * 2);
  }

  kwCount(): number {
    return this.u32[0];
  }

  /** Code units [from, to) as a string. */
  decode(from: number, to: number): string {
    if (to <= from) {
      return '';
    }
    return this.bytes ? this.bytes.toString('utf16le', from * 2, to * 2) : unitsToString(this.u16, from, to);
  }
}

/** Output room for one slot: at most one position per code unit, plus a block of slack. */
function outBytes(slotBytes: number): number {
  return align64(((slotBytes >> 1) + 64) * 4);
}

function slotStride(slotBytes: number): number {
  return align64(slotBytes + SLOT_PAD);
}

function align64(n: number): number {
  return Math.ceil(n / 64) * 64;
}

let cachedKernel: object | null | undefined;

function kernelModule(): object | null {
  if (cachedKernel === undefined) {
    try {
      cachedKernel = typeof WebAssembly === 'undefined' ? null : new WebAssembly.Module(assembleKernel());
    } catch {
      cachedKernel = null; // no SIMD support: the text path is used
    }
  }
  return cachedKernel;
}

/**
 * scan(src, len, nlOut, kwOut) -> number of line ends. Per 32 bytes (16 UTF-16LE code units):
 * narrow the code units to bytes (non-Latin-1 saturates to 0 or 255: never a keyword letter),
 * write the byte offset of every '\n' to nlOut, fold ASCII case (| 0x20), and when one of the
 * rare bigrams that start the fingerprints occurs, check the 4-unit fingerprints and write the
 * offsets of the hits to kwOut (their count goes to address 0). Hits are then verified in JS.
 */
function assembleKernel(): Uint8Array {
  const uleb = (value: number): number[] => {
    const out: number[] = [];
    let n = value >>> 0;
    do {
      let byte = n & 0x7f;
      n >>>= 7;
      if (n !== 0) {
        byte |= 0x80;
      }
      out.push(byte);
    } while (n !== 0);
    return out;
  };
  const sleb = (value: number): number[] => {
    const out: number[] = [];
    let n = value | 0;
    for (;;) {
      const byte = n & 0x7f;
      n >>= 7;
      if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) {
        out.push(byte);
        return out;
      }
      out.push(byte | 0x80);
    }
  };
  const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
  const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
  const name = (s: string): number[] => vec(Array.from(s, (c) => [c.charCodeAt(0)]));
  const I32 = 0x7f;
  const V128 = 0x7b;
  const get = (i: number): number[] => [0x20, i];
  const set = (i: number): number[] => [0x21, i];
  const tee = (i: number): number[] => [0x22, i];
  const i32 = (n: number): number[] => [0x41, ...sleb(n)];
  const simd = (op: number): number[] => [0xfd, ...uleb(op)];
  const load = (offset: number): number[] => [...simd(0x00), 0, ...uleb(offset)];
  const splat = (byte: number): number[] => [...simd(0x0c), ...new Array<number>(16).fill(byte)];
  const eq = simd(0x23);
  const ltU = simd(0x26);
  const and = simd(0x4e);
  const andNot = simd(0x4f);
  const or = simd(0x50);
  const anyTrue = simd(0x53);
  const bitmask = simd(0x64);
  const narrowU = simd(0x66);
  const [block, loop, ifThen, end] = [[0x02, 0x40], [0x03, 0x40], [0x04, 0x40], [0x0b]];
  const br = (depth: number): number[] => [0x0c, depth];
  const brIf = (depth: number): number[] => [0x0d, depth];
  const [add, sub, andI, ctz, shl, geU, eqz] = [[0x6a], [0x6b], [0x71], [0x68], [0x74], [0x4f], [0x45]];
  const store = [0x36, 2, 0];
  // Locals: params src, len, nlOut, kwOut; i32 p, end, nl, kw, m; v128 n0, f0, f1, f2, f3, acc.
  const [SRC, LEN, NL_OUT, KW_OUT, P, END, NL, KW, M, N0, F0, F1, F2, F3, ACC] = Array.from({ length: 15 }, (_, i) => i);
  const narrowAt = (offset: number): number[] => [...get(P), ...load(offset), ...get(P), ...load(offset + 16), ...narrowU];
  const emitBits = (out: number, count: number): number[] => [
    ...block, ...loop,
    ...get(M), ...eqz, ...brIf(1),
    ...get(out), ...get(count), ...i32(2), ...shl, ...add,
    ...get(P), ...get(SRC), ...sub, ...get(M), ...ctz, ...i32(1), ...shl, ...add,
    ...store,
    ...get(count), ...i32(1), ...add, ...set(count),
    ...get(M), ...get(M), ...i32(1), ...sub, ...andI, ...set(M),
    ...br(0), ...end, ...end,
  ];
  const F = [F0, F1, F2, F3];
  const matchGram = (gram: string, units: number): number[] => {
    const out: number[] = [];
    for (let j = 0; j < units; j++) {
      out.push(...get(F[j]), ...splat(gram.charCodeAt(j)), ...eq);
      if (j > 0) {
        out.push(...and);
      }
    }
    return out;
  };
  const anyOf = (parts: number[][]): number[] => {
    const out = [...parts[0]];
    for (const part of parts.slice(1)) {
      out.push(...part, ...or);
    }
    return out;
  };
  const grams = ANCHORS.map((a) => a.gram);
  const bigrams = [...new Set([...grams.map((g) => g.slice(0, 2)), '0x'])];
  // Bigram prefilter by nibble tables (one bucket bit per bigram, exact for single characters):
  // a position can start a bigram only when all four lookups share a bucket bit.
  const table = (unit: number, nibble: (c: number) => number): number[] => {
    const t = new Array<number>(16).fill(0);
    bigrams.forEach((b, bucket) => {
      t[nibble(b.charCodeAt(unit))] |= 1 << bucket;
    });
    return [...simd(0x0c), ...t];
  };
  const lo = (c: number): number => c & 15;
  const hi = (c: number): number => c >> 4;
  const swizzle = simd(0x0e);
  const shrU = simd(0x6d);
  const shuffle = (from: number): number[] => [...simd(0x0d), ...Array.from({ length: 16 }, (_, i) => from + i)];
  const lookup = (f: number, unit: number): number[] => [
    ...table(unit, lo), ...get(f), ...splat(0x0f), ...and, ...swizzle,
    ...table(unit, hi), ...get(f), ...i32(4), ...shrU, ...swizzle, ...and,
  ];
  // '0x' unless it is '0x0' followed by a character below '0' (a zero code): those are common.
  const zeroCode = [...get(F2), ...splat(0x30), ...eq, ...get(F3), ...splat(0x30), ...ltU, ...and];
  const hex = [...matchGram('0x', 2), ...zeroCode, ...andNot];
  // F3 doubles as the folded next block (FN) until the rare branch needs it.
  const FN = ACC;
  const body = [
    ...get(SRC), ...set(P), ...get(SRC), ...get(LEN), ...add, ...set(END),
    ...narrowAt(0), ...set(N0),
    ...block, ...loop,
    ...get(P), ...get(END), ...geU, ...brIf(1),
    ...get(N0), ...splat(0x0a), ...eq, ...bitmask, ...set(M),
    ...emitBits(NL_OUT, NL),
    ...get(N0), ...splat(0x20), ...or, ...set(F0),
    ...narrowAt(32), ...tee(N0), ...splat(0x20), ...or, ...set(FN),
    ...get(F0), ...get(FN), ...shuffle(1), ...set(F1),
    ...lookup(F0, 0), ...lookup(F1, 1), ...and, ...anyTrue,
    ...ifThen,
    ...get(F0), ...get(FN), ...shuffle(2), ...set(F2),
    ...get(F0), ...get(FN), ...shuffle(3), ...set(F3),
    ...anyOf([...grams.map((g) => matchGram(g, 4)), hex]), ...bitmask, ...set(M),
    ...emitBits(KW_OUT, KW),
    ...end,
    ...get(P), ...i32(32), ...add, ...set(P),
    ...br(0), ...end, ...end,
    ...i32(0), ...get(KW), ...store,
    ...get(NL),
  ];
  const func = [...vec([[5, I32], [6, V128]]), ...body, ...end];

  // run(src, nlOut, i, count, lineStart, keyAddr, vectors, maxLen, stop) -> i: counts the lines
  // that start with the key (compared 16 bytes at a time under the mask that follows the key).
  const [R_SRC, R_NL_OUT, R_I, R_COUNT, R_START, R_KEY, R_VECTORS, R_MAX, R_STOP, R_NL, R_V, R_ADDR] = Array.from({ length: 12 }, (_, i) => i);
  const gtU = [0x4b];
  const load32 = [0x28, 2, 0];
  const xor = simd(0x51);
  const runBody = [
    ...block, ...loop,
    ...get(R_I), ...get(R_COUNT), ...geU, ...brIf(1),
    ...get(R_NL_OUT), ...get(R_I), ...i32(2), ...shl, ...add, ...load32, ...tee(R_NL),
    ...get(R_STOP), ...gtU, ...brIf(1),
    ...get(R_NL), ...get(R_START), ...sub, ...get(R_MAX), ...gtU, ...brIf(1),
    ...i32(0), ...set(R_V),
    ...block, ...loop,
    ...get(R_V), ...get(R_VECTORS), ...geU, ...brIf(1),
    ...get(R_SRC), ...get(R_START), ...add, ...get(R_V), ...i32(4), ...shl, ...add, ...load(0),
    ...get(R_KEY), ...get(R_V), ...i32(4), ...shl, ...add, ...tee(R_ADDR), ...load(0),
    ...xor, ...get(R_ADDR), ...load(80), ...and, ...anyTrue, ...brIf(3),
    ...get(R_V), ...i32(1), ...add, ...set(R_V),
    ...br(0), ...end, ...end,
    ...get(R_I), ...i32(1), ...add, ...set(R_I),
    ...get(R_NL), ...i32(2), ...add, ...set(R_START),
    ...br(0), ...end, ...end,
    ...get(R_I),
  ];
  const runFunc = [...vec([[3, I32]]), ...runBody, ...end];
  const params = (n: number): number[] => [0x60, ...vec(Array.from({ length: n }, () => [I32])), ...vec([[I32]])];
  return new Uint8Array([
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([params(4), params(9)])),
    ...section(2, vec([[...name('e'), ...name('m'), 0x02, 0x00, ...uleb(1)]])),
    ...section(3, vec([[0], [1]])),
    ...section(7, vec([[...name('scan'), 0x00, 0], [...name('run'), 0x00, 1]])),
    ...section(10, vec([[...uleb(func.length), ...func], [...uleb(runFunc.length), ...runFunc]])),
  ]);
}
