/**
 * Editor features of a GPSVC log computed from its lines, without `vscode`: diagnostics data
 * (the exact range of each key phrase), document symbols (process → thread → policy run),
 * folding ranges and the group-refresh summary. The providers in this folder turn these plain
 * records into VS Code objects; tests run them on the corpus.
 * Lines are 0-based and columns are UTF-16 offsets, as in VS Code, except
 * `groupRefreshes[].line`, which keeps the parser's 1-based line numbers.
 */
import { GPSVC_EVENT_INFO, ProcessingStartDeduper, parseGpsvcLine } from '../parse/gpsvc';
import type { GpsvcEvent, GpsvcEventKind, GpsvcGroupRefresh, GpsvcLine, GpsvcScope } from '../parse/gpsvc';
import type { GpsvcSummary } from '../parse/gpsvcSummary';

export type GpsvcDiagnosticSeverity = 'error' | 'warning' | 'info';

export interface GpsvcDiagnosticData {
  line: number;
  /** Columns of the phrase that carries the finding (`restoring old security grps`, `failed with 1355`...). */
  start: number;
  end: number;
  severity: GpsvcDiagnosticSeverity;
  kind: GpsvcEventKind;
  /** Failures: the code as printed (`1355`, `0x8018000a`), when there is one. */
  status: string | null;
  /** English text (title, meaning, what to do); the providers localize it. */
  message: string;
}

export type GpsvcSymbolKind = 'process' | 'thread' | 'run' | 'event';

export interface GpsvcSymbolData {
  name: string;
  detail: string;
  kind: GpsvcSymbolKind;
  startLine: number;
  endLine: number;
  /** Event symbols: the phrase, to select it. Others: the first line. */
  selection: { line: number; start: number; end: number };
  children: GpsvcSymbolData[];
}

export interface GpsvcFoldingData {
  start: number;
  end: number;
  /** `run`: a ProcessGPOs(Machine|User) processing round; `block`: consecutive lines of one pid.tid. */
  kind: 'run' | 'block';
}

export interface GpsvcRefreshSummary {
  total: number;
  stale: number;
  fresh: number;
  last: GpsvcGroupRefresh | null;
}

export interface GpsvcAnalysis {
  lineCount: number;
  /** Non-blank lines. */
  recordCount: number;
  prefixedCount: number;
  diagnostics: GpsvcDiagnosticData[];
  symbols: GpsvcSymbolData[];
  folding: GpsvcFoldingData[];
  groupRefreshes: GpsvcGroupRefresh[];
  refreshSummary: GpsvcRefreshSummary;
  /** "3 group refreshes: 2 stale, 1 new; last at 11:56:10". */
  summary: string;
  /** True when a cap below was reached and some diagnostics, symbols or folds were left out. */
  truncated: boolean;
}

export interface GpsvcAnalyzerOptions {
  maxDiagnostics?: number;
  maxSymbols?: number;
  maxFolds?: number;
}

const DEFAULT_MAX = 10_000;

/** Locates the phrase of an event in the line; every regex is anchored to a literal and linear. */
const PHRASES: Partial<Record<GpsvcEventKind, RegExp>> = {
  'groups-old': /restoring old security gr(?:ou)?ps/i,
  'groups-new': /logging new security gr(?:ou)?ps/i,
  'no-connectivity': /there is no connectivity/i,
  'nla-not-ready': /NlaGetIntranetCapability returned Not Ready(?: error)?/i,
};
const FAIL_WORD = /\bfail(?:ed|ure|s)?\b/i;
/** The word that introduces a status code: `status 0x..`, `Error = 0x..`, `returned 0x..`. */
const STATUS_WORD = /\b(?:status|error|returned|with)[ \t]{0,4}[=:,]?[ \t]{0,4}$/i;

/** What to do, appended to the event explanation in diagnostics. */
const ADVICE: Partial<Record<GpsvcEventKind, string>> = {
  failure: 'Look at the lines just before it for the step that failed.',
};

/** Columns of the finding of `event` in `text` (searching from the message start). */
export function eventRange(text: string, parsed: GpsvcLine, event: GpsvcEvent): { start: number; end: number } {
  const from = parsed.messageStart;
  const body = text.slice(from);
  const phrase = PHRASES[event.kind];
  if (phrase) {
    const m = phrase.exec(body);
    if (m) {
      return { start: from + m.index, end: from + m.index + m[0].length };
    }
  }
  if (event.kind === 'failure') {
    const fail = FAIL_WORD.exec(body);
    const status = event.status;
    if (status !== null) {
      const at = indexOfCode(body, status, fail ? fail.index : 0);
      if (at >= 0) {
        if (fail && fail.index < at && at - fail.index <= 200) {
          return { start: from + fail.index, end: from + at + status.length };
        }
        // `status 0x8018000a`, `returned 0x8018000a`: include the word before the code.
        const before = body.slice(Math.max(0, at - 24), at);
        const word = STATUS_WORD.exec(before);
        const start = word ? at - before.length + word.index : at;
        return { start: from + start, end: from + at + status.length };
      }
    }
    if (fail) {
      return { start: from + fail.index, end: from + fail.index + fail[0].length };
    }
  }
  return { start: from, end: from + body.length };
}

/** Index of a status code standing alone (not inside a longer number or word), or -1. */
function indexOfCode(text: string, code: string, fromIndex: number): number {
  const lower = text.toLowerCase();
  const needle = code.toLowerCase();
  for (let at = lower.indexOf(needle, fromIndex); at >= 0; at = lower.indexOf(needle, at + 1)) {
    const before = at > 0 ? lower[at - 1] : ' ';
    const after = lower[at + needle.length] ?? ' ';
    if (!/[\w]/.test(before) && !/[\w]/.test(after)) {
      return at;
    }
  }
  return -1;
}

/** English message of a diagnostic: what the line means and what to do. */
export function diagnosticMessage(kind: GpsvcEventKind, status: string | null): string {
  const info = GPSVC_EVENT_INFO[kind];
  const code = status !== null ? describeStatusCode(status) : null;
  const parts = [`${info.title}${status !== null ? ` (${status}${code ? `: ${code.name}, ${code.text}` : ''})` : ''}.`, info.explanation];
  const advice = ADVICE[kind];
  if (advice) {
    parts.push(advice);
  }
  return parts.join(' ');
}

const SEVERITY: Record<'error' | 'warning' | 'info', GpsvcDiagnosticSeverity> = { error: 'error', warning: 'warning', info: 'info' };

/** Event kinds reported as diagnostics (a refreshed group list and processing rounds are not problems). */
export const DIAGNOSTIC_KINDS: ReadonlySet<GpsvcEventKind> = new Set<GpsvcEventKind>(['groups-old', 'no-connectivity', 'nla-not-ready', 'failure']);

interface RunState {
  scope: GpsvcScope;
  startLine: number;
  endLine: number;
  startTime: string | null;
  endTime: string | null;
  events: GpsvcSymbolData[];
}

interface ThreadState {
  tid: string;
  startLine: number;
  endLine: number;
  runs: RunState[];
  open: RunState | null;
  /** Key events outside any run. */
  events: GpsvcSymbolData[];
}

interface ProcessState {
  pid: string;
  startLine: number;
  endLine: number;
  lines: number;
  threads: Map<string, ThreadState>;
}

/** Key for lines without a prefix (pasted message bodies). */
const NO_PREFIX = '';

/**
 * Feed the lines of a document in order with `push`, then call `finish`. Incremental so that the
 * editor can yield between chunks of a large document.
 */
/** The outline entry of one key line: its title, and the failure status when there is one. */
function eventSymbol(line: number, range: { start: number; end: number }, event: GpsvcEvent, time: string | null): GpsvcSymbolData {
  const status = event.kind === 'failure' && event.status !== null ? ` ${event.status}` : '';
  return {
    name: `${GPSVC_EVENT_INFO[event.kind].title}${status}`,
    detail: time ?? '',
    kind: 'event',
    startLine: line,
    endLine: line,
    selection: { line, start: range.start, end: range.end },
    children: [],
  };
}

/** One problem of a line: the same data whether the document or the on-disk summary found it. */
function diagnosticData(line: number, range: { start: number; end: number }, event: GpsvcEvent): GpsvcDiagnosticData {
  const status = event.kind === 'failure' ? event.status : null;
  return {
    line,
    start: range.start,
    end: range.end,
    severity: SEVERITY[GPSVC_EVENT_INFO[event.kind].severity],
    kind: event.kind,
    status,
    message: diagnosticMessage(event.kind, status),
  };
}

export class GpsvcAnalyzer {
  private readonly maxDiagnostics: number;
  private readonly maxSymbols: number;
  private readonly maxFolds: number;
  private lineNo = 0;
  private recordCount = 0;
  private prefixedCount = 0;
  private symbolCount = 0;
  private truncated = false;
  private readonly diagnostics: GpsvcDiagnosticData[] = [];
  private readonly folding: GpsvcFoldingData[] = [];
  private readonly groupRefreshes: GpsvcGroupRefresh[] = [];
  private readonly processes = new Map<string, ProcessState>();
  /** Runs and events of lines without a prefix. */
  private readonly unprefixed: ThreadState = { tid: NO_PREFIX, startLine: 0, endLine: 0, runs: [], open: null, events: [] };
  private readonly deduper = new ProcessingStartDeduper();
  /** The pid.tid block being extended, for folding. */
  private block: { key: string; start: number; last: number } | null = null;

  constructor(options: GpsvcAnalyzerOptions = {}) {
    this.maxDiagnostics = options.maxDiagnostics ?? DEFAULT_MAX;
    this.maxSymbols = options.maxSymbols ?? DEFAULT_MAX;
    this.maxFolds = options.maxFolds ?? DEFAULT_MAX;
  }

  /** Number of lines pushed so far. */
  get lines(): number {
    return this.lineNo;
  }

  push(text: string): void {
    const line = this.lineNo++;
    if (text.trim() === '') {
      return;
    }
    this.recordCount++;
    const parsed = parseGpsvcLine(text);
    const thread = this.threadOf(parsed, line);
    this.extendBlock(parsed, line);
    const event = parsed.event;
    if (!event || !this.deduper.accept(event, parsed.pid, parsed.tid)) {
      return;
    }
    const range = eventRange(text, parsed, event);
    if (DIAGNOSTIC_KINDS.has(event.kind)) {
      this.addDiagnostic(line, range, event);
    }
    if (event.kind === 'groups-old' || event.kind === 'groups-new') {
      this.groupRefreshes.push({
        line: line + 1,
        outcome: event.kind === 'groups-new' ? 'new' : 'old',
        time: parsed.time,
        date: parsed.date,
        pid: parsed.pid,
        tid: parsed.tid,
      });
    }
    if (event.kind === 'processing-start') {
      this.closeRun(thread, line - 1);
      if (this.takeSymbol()) {
        const run: RunState = { scope: event.scope, startLine: line, endLine: line, startTime: parsed.time, endTime: parsed.time, events: [] };
        thread.runs.push(run);
        thread.open = run;
      }
      return;
    }
    if (event.kind === 'processing-end') {
      const open = thread.open;
      if (open && open.scope === event.scope) {
        open.endLine = line;
        open.endTime = parsed.time;
        thread.open = null;
        this.addFold(open.startLine, open.endLine, 'run');
      }
      return;
    }
    if (this.takeSymbol()) {
      (thread.open ? thread.open.events : thread.events).push(eventSymbol(line, range, event, parsed.time));
    }
  }

  finish(): GpsvcAnalysis {
    this.endBlock();
    const symbols: GpsvcSymbolData[] = [];
    for (const proc of this.processes.values()) {
      const threads: GpsvcSymbolData[] = [];
      for (const thread of proc.threads.values()) {
        this.closeRun(thread, thread.endLine);
        threads.push({
          name: `Thread ${thread.tid}`,
          detail: `${proc.pid}.${thread.tid}`,
          kind: 'thread',
          startLine: thread.startLine,
          endLine: thread.endLine,
          selection: { line: thread.startLine, start: 0, end: 0 },
          children: this.threadChildren(thread),
        });
      }
      symbols.push({
        name: `Process ${proc.pid}`,
        detail: `${proc.lines} ${proc.lines === 1 ? 'line' : 'lines'}, ${proc.threads.size} ${proc.threads.size === 1 ? 'thread' : 'threads'}`,
        kind: 'process',
        startLine: proc.startLine,
        endLine: proc.endLine,
        selection: { line: proc.startLine, start: 0, end: 0 },
        children: threads,
      });
    }
    // Pasted message bodies have no pid: their runs and events stand at the top level.
    this.closeRun(this.unprefixed, Math.max(0, this.lineNo - 1));
    symbols.push(...this.threadChildren(this.unprefixed));
    symbols.sort((a, b) => a.startLine - b.startLine);
    this.folding.sort((a, b) => a.start - b.start || b.end - a.end);
    const refreshSummary = summarizeRefreshes(this.groupRefreshes);
    return {
      lineCount: this.lineNo,
      recordCount: this.recordCount,
      prefixedCount: this.prefixedCount,
      diagnostics: this.diagnostics,
      symbols,
      folding: this.folding,
      groupRefreshes: this.groupRefreshes,
      refreshSummary,
      summary: formatGpsvcSummary(refreshSummary),
      truncated: this.truncated,
    };
  }

  private threadOf(parsed: GpsvcLine, line: number): ThreadState {
    if (!parsed.prefixed || parsed.pid === null) {
      if (this.unprefixed.open) {
        this.unprefixed.open.endLine = line;
      }
      return this.unprefixed;
    }
    this.prefixedCount++;
    const pidKey = parsed.pid.toLowerCase();
    let proc = this.processes.get(pidKey);
    if (!proc) {
      proc = { pid: parsed.pid, startLine: line, endLine: line, lines: 0, threads: new Map() };
      this.processes.set(pidKey, proc);
    }
    proc.endLine = line;
    proc.lines++;
    const tid = parsed.tid ?? '?';
    const tidKey = tid.toLowerCase();
    let thread = proc.threads.get(tidKey);
    if (!thread) {
      thread = { tid, startLine: line, endLine: line, runs: [], open: null, events: [] };
      proc.threads.set(tidKey, thread);
    }
    thread.endLine = line;
    if (thread.open) {
      thread.open.endLine = line;
    }
    return thread;
  }

  private threadChildren(thread: ThreadState): GpsvcSymbolData[] {
    const runs = thread.runs.map((run): GpsvcSymbolData => ({
      name: `ProcessGPOs(${run.scope})`,
      detail: run.startTime !== null && run.endTime !== null && run.endTime !== run.startTime ? `${run.startTime} – ${run.endTime}` : (run.startTime ?? ''),
      kind: 'run',
      startLine: run.startLine,
      endLine: run.endLine,
      selection: { line: run.startLine, start: 0, end: 0 },
      children: run.events,
    }));
    return [...runs, ...thread.events].sort((a, b) => a.startLine - b.startLine);
  }

  private closeRun(thread: ThreadState, lastLine: number): void {
    const open = thread.open;
    if (!open) {
      return;
    }
    open.endLine = Math.max(open.startLine, Math.min(open.endLine, lastLine));
    thread.open = null;
    this.addFold(open.startLine, open.endLine, 'run');
  }

  private extendBlock(parsed: GpsvcLine, line: number): void {
    if (!parsed.prefixed || parsed.pid === null) {
      this.endBlock();
      return;
    }
    const key = `${parsed.pid}.${parsed.tid ?? ''}`.toLowerCase();
    if (this.block && this.block.key === key) {
      this.block.last = line;
      return;
    }
    this.endBlock();
    this.block = { key, start: line, last: line };
  }

  private endBlock(): void {
    if (this.block && this.block.last > this.block.start) {
      this.addFold(this.block.start, this.block.last, 'block');
    }
    this.block = null;
  }

  private addFold(start: number, end: number, kind: GpsvcFoldingData['kind']): void {
    if (end <= start) {
      return;
    }
    if (this.folding.length >= this.maxFolds) {
      this.truncated = true;
      return;
    }
    this.folding.push({ start, end, kind });
  }

  private addDiagnostic(line: number, range: { start: number; end: number }, event: GpsvcEvent): void {
    if (this.diagnostics.length >= this.maxDiagnostics) {
      this.truncated = true;
      return;
    }
    this.diagnostics.push(diagnosticData(line, range, event));
  }

  private takeSymbol(): boolean {
    if (this.symbolCount >= this.maxSymbols) {
      this.truncated = true;
      return false;
    }
    this.symbolCount++;
    return true;
  }
}

/** Analyzes a whole document at once (tests, small documents). */
export function analyzeGpsvcLines(lines: Iterable<string>, options?: GpsvcAnalyzerOptions): GpsvcAnalysis {
  const analyzer = new GpsvcAnalyzer(options);
  for (const line of lines) {
    analyzer.push(line);
  }
  return analyzer.finish();
}

/**
 * The analysis of a file too large to scan in the editor, from the streaming summary of the file
 * on disk (`summarizeGpsvcFile`): diagnostics and key-event symbols only (no folding, no process
 * tree, as VS Code's own large-file mode). `lineAt` returns the text of a 0-based line (the
 * document's), used only for the event lines, to range their phrase exactly.
 */
export function analysisFromSummary(summary: GpsvcSummary, lineAt: (line: number) => string | undefined): GpsvcAnalysis {
  const diagnostics: GpsvcDiagnosticData[] = [];
  const symbols: GpsvcSymbolData[] = [];
  for (const record of summary.events) {
    const line = record.line - 1;
    const text = lineAt(line);
    if (text === undefined) {
      continue;
    }
    const parsed = parseGpsvcLine(text);
    const event = parsed.event;
    if (!event || event.kind !== record.kind) {
      // The file changed since it was read: this line no longer says what the summary found.
      continue;
    }
    const range = eventRange(text, parsed, event);
    if (DIAGNOSTIC_KINDS.has(event.kind)) {
      diagnostics.push(diagnosticData(line, range, event));
    }
    if (event.kind !== 'processing-start' && event.kind !== 'processing-end') {
      symbols.push(eventSymbol(line, range, event, parsed.time));
    }
  }
  const refreshSummary = summarizeRefreshes(summary.groupRefreshes);
  return {
    lineCount: summary.lineCount,
    recordCount: summary.recordCount,
    prefixedCount: summary.prefixedCount,
    diagnostics,
    symbols,
    folding: [],
    groupRefreshes: summary.groupRefreshes,
    refreshSummary,
    summary: formatGpsvcSummary(refreshSummary),
    truncated: summary.truncatedEvents > 0 || summary.truncatedGroupRefreshes > 0,
  };
}

export function summarizeRefreshes(refreshes: readonly GpsvcGroupRefresh[]): GpsvcRefreshSummary {
  const stale = refreshes.filter((r) => r.outcome === 'old').length;
  return { total: refreshes.length, stale, fresh: refreshes.length - stale, last: refreshes.at(-1) ?? null };
}

/** `11:56:10` from `11:56:10:651`; null for placeholders such as `<DateTime>` or `hh:mm:41:316`. */
export function shortTime(time: string | null): string | null {
  const m = time === null ? null : /^(\d{1,2}:\d{2}:\d{2})(?:[:.,]\d+)?$/.exec(time);
  return m ? m[1] : null;
}

/** Where the last refresh happened, for the summary: `2026-01-30 11:56:10`, `11:56:10` or `line 5`. */
export function lastRefreshWhen(last: GpsvcGroupRefresh): { at: string | null; line: number } {
  const time = shortTime(last.time);
  return { at: time === null ? null : last.date !== null ? `${last.date} ${time}` : time, line: last.line };
}

/** English summary line, e.g. "3 group refreshes: 2 stale, 1 new; last at 11:56:10". */
export function formatGpsvcSummary(summary: GpsvcRefreshSummary): string {
  if (summary.total === 0 || summary.last === null) {
    return 'No group refreshes logged';
  }
  const when = lastRefreshWhen(summary.last);
  const noun = summary.total === 1 ? 'group refresh' : 'group refreshes';
  return `${summary.total} ${noun}: ${summary.stale} stale, ${summary.fresh} new; last ${when.at !== null ? `at ${when.at}` : `on line ${when.line}`}`;
}

export interface StatusCodeInfo {
  /** Symbolic name, e.g. `ERROR_NO_SUCH_DOMAIN`. */
  name: string;
  /** Short English meaning. */
  text: string;
}

/** Win32 error codes a GPSVC log commonly reports. */
const WIN32_CODES: ReadonlyMap<number, StatusCodeInfo> = new Map([
  [0, { name: 'ERROR_SUCCESS', text: 'success' }],
  [2, { name: 'ERROR_FILE_NOT_FOUND', text: 'the file was not found' }],
  [3, { name: 'ERROR_PATH_NOT_FOUND', text: 'the path was not found' }],
  [5, { name: 'ERROR_ACCESS_DENIED', text: 'access is denied' }],
  [21, { name: 'ERROR_NOT_READY', text: 'the device is not ready' }],
  [53, { name: 'ERROR_BAD_NETPATH', text: 'the network path was not found' }],
  [59, { name: 'ERROR_UNEXP_NET_ERR', text: 'an unexpected network error occurred' }],
  [64, { name: 'ERROR_NETNAME_DELETED', text: 'the network name is no longer available' }],
  [67, { name: 'ERROR_BAD_NET_NAME', text: 'the network name cannot be found' }],
  [258, { name: 'WAIT_TIMEOUT', text: 'the wait operation timed out' }],
  [1222, { name: 'ERROR_NO_NETWORK', text: 'the network is not present or not started' }],
  [1231, { name: 'ERROR_NETWORK_UNREACHABLE', text: 'the network location cannot be reached' }],
  [1232, { name: 'ERROR_HOST_UNREACHABLE', text: 'the remote system is not reachable' }],
  [1311, { name: 'ERROR_NO_LOGON_SERVERS', text: 'no logon server is available' }],
  [1317, { name: 'ERROR_NO_SUCH_USER', text: 'the user does not exist' }],
  [1326, { name: 'ERROR_LOGON_FAILURE', text: 'the user name or password is incorrect' }],
  [1355, { name: 'ERROR_NO_SUCH_DOMAIN', text: 'the domain does not exist or could not be contacted' }],
  [1460, { name: 'ERROR_TIMEOUT', text: 'the operation timed out' }],
  [1722, { name: 'RPC_S_SERVER_UNAVAILABLE', text: 'the RPC server is unavailable' }],
  [1727, { name: 'RPC_S_CALL_FAILED_DNE', text: 'the remote procedure call failed and did not execute' }],
  [1753, { name: 'EPT_S_NOT_REGISTERED', text: 'no more endpoints are available from the endpoint mapper' }],
  [1908, { name: 'ERROR_DOMAIN_CONTROLLER_NOT_FOUND', text: 'no domain controller could be found for the domain' }],
]);

/** NTSTATUS codes seen in logon and Group Policy failures. */
const NTSTATUS_CODES: ReadonlyMap<number, StatusCodeInfo> = new Map([
  [0xc0000001, { name: 'STATUS_UNSUCCESSFUL', text: 'the operation failed' }],
  [0xc0000022, { name: 'STATUS_ACCESS_DENIED', text: 'access is denied' }],
  [0xc000005e, { name: 'STATUS_NO_LOGON_SERVERS', text: 'no logon server is available' }],
  [0xc0000064, { name: 'STATUS_NO_SUCH_USER', text: 'the user does not exist' }],
  [0xc000006d, { name: 'STATUS_LOGON_FAILURE', text: 'the user name or password is incorrect' }],
  [0xc0000071, { name: 'STATUS_PASSWORD_EXPIRED', text: 'the password has expired' }],
  [0xc0000072, { name: 'STATUS_ACCOUNT_DISABLED', text: 'the account is disabled' }],
  [0xc00000df, { name: 'STATUS_NO_SUCH_DOMAIN', text: 'the domain does not exist' }],
  [0xc0000234, { name: 'STATUS_ACCOUNT_LOCKED_OUT', text: 'the account is locked out' }],
]);

/**
 * Meaning of a status code as printed (`1355`, `0x54b`, `0x800704CF`, `0xC000005E`), or null
 * when it is not one of the common codes above. HRESULTs of facility WIN32 (0x8007xxxx) are
 * looked up by their Win32 code.
 */
export function describeStatusCode(code: string): StatusCodeInfo | null {
  const text = code.trim();
  let value: number;
  if (/^0x[0-9a-f]{1,8}$/i.test(text)) {
    value = Number.parseInt(text.slice(2), 16);
  } else if (/^\d{1,10}$/.test(text)) {
    value = Number(text);
  } else {
    return null;
  }
  if (value === 0) {
    return { name: 'ERROR_SUCCESS / S_OK', text: 'success' };
  }
  const win32 = WIN32_CODES.get(value);
  if (win32) {
    return win32;
  }
  const nt = NTSTATUS_CODES.get(value);
  if (nt) {
    return nt;
  }
  if (value >>> 16 === 0x8007) {
    const inner = WIN32_CODES.get(value & 0xffff);
    if (inner) {
      return { name: `HRESULT_FROM_WIN32(${inner.name})`, text: inner.text };
    }
  }
  return null;
}

/** A hex code anywhere, or a decimal code after the word that introduces one. */
const CODE_TOKEN = /^(?:0[xX][0-9A-Fa-f]{1,8}|-?\d{1,10})$/;
const DECIMAL_CONTEXT = /\b(?:failed with(?: error)?|status|error|returned|code)[ \t]{0,4}[=:,]?[ \t]{0,4}$/i;

/**
 * The status code under `character` (for hovers): `0x6ba` anywhere, `1355` only after
 * `failed with`, `status`, `error`, `returned` or `code` (other numbers are counts and times).
 */
export function statusCodeAt(text: string, character: number): { text: string; start: number; end: number } | null {
  let start = Math.min(Math.max(0, character), text.length);
  while (start > 0 && start > character - 16 && /[0-9A-Za-z-]/.test(text[start - 1])) {
    start--;
  }
  let end = Math.max(start, Math.min(character, text.length));
  while (end < text.length && end < character + 16 && /[0-9A-Za-z]/.test(text[end])) {
    end++;
  }
  const token = text.slice(start, end);
  if (!CODE_TOKEN.test(token) || (end < text.length && /[0-9A-Za-z]/.test(text[end])) || (start > 0 && /[0-9A-Za-z]/.test(text[start - 1]))) {
    return null;
  }
  if (!/^0x/i.test(token) && !DECIMAL_CONTEXT.test(text.slice(Math.max(0, start - 40), start))) {
    return null;
  }
  return { text: token, start, end };
}
