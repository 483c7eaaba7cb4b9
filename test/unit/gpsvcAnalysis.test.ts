import * as assert from 'node:assert/strict';
import { summarizeGpsvcText } from '../../src/parse/gpsvcSummary';
import {
  GpsvcAnalyzer,
  analysisFromSummary,
  analyzeGpsvcLines,
  describeStatusCode,
  formatGpsvcSummary,
  shortTime,
  statusCodeAt,
  summarizeRefreshes,
} from '../../src/gpsvc/analysis';
import type { GpsvcSymbolData } from '../../src/gpsvc/analysis';
import { readFixture, toCrlf } from './fixtures';

const VPN = 'gpsvc/gpsvc-msdocs-vpn-security-grps-restoring-vs-logging.txt';
const STARTUP = 'gpsvc/gpsvc-msdocs-startup-no-network-mixed-prefix-datetime-placeholder.txt';
const MDM = 'gpsvc/gpsvc-msdocs-mdm-policy-unprefixed-lines.txt';
const STREEFKERK = 'gpsvc/gpsvc-excerpt-streefkerk-blog-2015.txt';
const DRIVE_MAPS = 'gpsvc/gpsvc-msqa-drive-maps-slow-logon-win10.txt';
/** The dated prefix of late-2025 Windows 11 builds, as quoted by Microsoft (domain facts). */
const DATED_LINE = 'GPSVC(188c.25d8) 2026-01-30 11:13:17:216 ProcessGPOs(Machine): ...';

function linesOf(file: string): string[] {
  return readFixture(file).split(/\r?\n/);
}

/** [name, kind, startLine, endLine, children] for compact comparisons. */
type SymbolShape = [string, string, number, number, SymbolShape[]];
function shape(symbols: readonly GpsvcSymbolData[]): SymbolShape[] {
  return symbols.map((s) => [s.name, s.kind, s.startLine, s.endLine, shape(s.children)]);
}

describe('gpsvc editor analysis (unit)', () => {
  it('flags the stale group line with the exact phrase range and summarizes both refreshes', () => {
    const lines = linesOf(VPN);
    const a = analyzeGpsvcLines(lines);
    assert.equal(a.diagnostics.length, 1);
    const [d] = a.diagnostics;
    assert.deepEqual({ line: d.line, start: d.start, end: d.end, severity: d.severity, kind: d.kind, status: d.status }, {
      line: 0, start: 53, end: 80, severity: 'warning', kind: 'groups-old', status: null,
    });
    assert.equal(lines[0].slice(d.start, d.end), 'restoring old security grps');
    // The message says what it means and what to do.
    assert.match(d.message, /^Group list not refreshed \(stale\)\./);
    assert.match(d.message, /sign out and sign in again/);
    assert.deepEqual(a.groupRefreshes.map((r) => [r.line, r.outcome, r.time, r.pid, r.tid]), [
      [1, 'old', '11:56:10:651', '231c', '2d14'],
      [5, 'new', '11:56:10:651', '231c', '2d14'],
    ]);
    assert.equal(a.summary, '2 group refreshes: 1 stale, 1 new; last at 11:56:10');
    assert.deepEqual(shape(a.symbols), [
      ['Process 231c', 'process', 0, 4, [
        ['Thread 2d14', 'thread', 0, 4, [
          ['Group list not refreshed (stale)', 'event', 0, 0, []],
          ['Group list refreshed', 'event', 4, 4, []],
        ]],
      ]],
    ]);
    // The prose line between the two log lines ends the pid.tid block: nothing to fold.
    assert.deepEqual(a.folding, []);
    assert.deepEqual({ lineCount: a.lineCount, recordCount: a.recordCount, prefixedCount: a.prefixedCount }, {
      lineCount: 6, recordCount: 3, prefixedCount: 2,
    });
  });

  it('reports failures, NLA not ready and no connectivity of the startup article with exact ranges', () => {
    const lines = linesOf(STARTUP);
    const a = analyzeGpsvcLines(lines);
    assert.deepEqual(
      a.diagnostics.map((d) => [d.line, lines[d.line].slice(d.start, d.end), d.severity, d.kind, d.status]),
      [
        [11, 'failed with 0x15', 'error', 'failure', '0x15'],
        [13, 'failed with 1355', 'error', 'failure', '1355'],
        [15, 'NlaGetIntranetCapability returned Not Ready error', 'warning', 'nla-not-ready', null],
        [17, 'There is no connectivity', 'warning', 'no-connectivity', null],
      ],
    );
    assert.match(a.diagnostics[1].message, /^Failure reported \(1355: ERROR_NO_SUCH_DOMAIN, the domain does not exist or could not be contacted\)\./);
    assert.match(a.diagnostics[0].message, /0x15: ERROR_NOT_READY/);
    // Unprefixed bodies have no process: their events stand at the top level, in line order.
    assert.deepEqual(shape(a.symbols), [
      ['Failure reported 0x15', 'event', 11, 11, []],
      ['Failure reported 1355', 'event', 13, 13, []],
      ['Network location not ready', 'event', 15, 15, []],
      ['Process 530', 'process', 17, 18, [
        ['Thread ae0', 'thread', 17, 17, [['No network connectivity', 'event', 17, 17, []]]],
        ['Thread 8e0', 'thread', 18, 18, []],
      ]],
    ]);
    assert.equal(a.summary, 'No group refreshes logged');
    assert.deepEqual(a.folding, []);
  });

  it('ranges a non-zero status without the word "failed" on the word before the code', () => {
    const lines = linesOf(MDM);
    const a = analyzeGpsvcLines(lines);
    assert.deepEqual(
      a.diagnostics.map((d) => [d.line, lines[d.line].slice(d.start, d.end), d.severity, d.status]),
      [
        [4, 'returned 0x8018000a', 'error', '0x8018000a'],
        [6, 'failed, status 0x8018000a', 'error', '0x8018000a'],
      ],
    );
  });

  it('builds process and thread symbols and folds each pid.tid block (blank lines inside a block fold with it)', () => {
    const streef = analyzeGpsvcLines(linesOf(STREEFKERK));
    assert.deepEqual(shape(streef.symbols), [
      ['Process 23ec', 'process', 0, 5, [['Thread 341c', 'thread', 0, 5, []]]],
      ['Process 1478', 'process', 6, 9, [['Thread 1d60', 'thread', 6, 9, []]]],
    ]);
    assert.equal(streef.symbols[0].detail, '6 lines, 1 thread');
    assert.deepEqual(streef.folding, [{ start: 0, end: 5, kind: 'block' }, { start: 6, end: 9, kind: 'block' }]);
    assert.deepEqual(streef.diagnostics, []);

    const drive = analyzeGpsvcLines(linesOf(DRIVE_MAPS));
    assert.deepEqual(shape(drive.symbols), [
      ['Process 5a0', 'process', 0, 42, [['Thread 730', 'thread', 0, 18, []], ['Thread 217c', 'thread', 20, 42, []]]],
    ]);
    assert.equal(drive.symbols[0].detail, '22 lines, 2 threads');
    assert.deepEqual(drive.folding, [{ start: 0, end: 18, kind: 'block' }, { start: 20, end: 42, kind: 'block' }]);
    // `Error = 0x0` and `RsopStatus = 0x0` are successes.
    assert.deepEqual(drive.diagnostics, []);
  });

  it('gives the same result for CRLF text split by the editor and for a chunked feed', () => {
    const text = toCrlf(readFixture(STARTUP));
    const whole = analyzeGpsvcLines(text.split(/\r?\n/));
    const analyzer = new GpsvcAnalyzer();
    for (const line of text.split('\n')) {
      analyzer.push(line.replace(/\r$/, ''));
    }
    assert.equal(analyzer.lines, 20);
    assert.deepEqual(analyzer.finish(), whole);
  });

  it('groups a ProcessGPOs run under its thread and folds it (derived from the dated Windows 11 line)', () => {
    const start = DATED_LINE.replace('...', '------------------------------------------');
    const [old] = linesOf(VPN);
    const stale = old.replace('> GPSVC(231c.2d14) 11:56:10:651', 'GPSVC(188c.25d8) 2026-01-30 11:13:17:300');
    const end = DATED_LINE.replace('11:13:17:216', '11:13:18:002').replace('...', 'Leaving with 0.');
    const other = linesOf(STREEFKERK)[0];
    const a = analyzeGpsvcLines([start, other, stale, end]);
    assert.deepEqual(shape(a.symbols), [
      ['Process 188c', 'process', 0, 3, [
        ['Thread 25d8', 'thread', 0, 3, [
          ['ProcessGPOs(Machine)', 'run', 0, 3, [['Group list not refreshed (stale)', 'event', 2, 2, []]]],
        ]],
      ]],
      ['Process 23ec', 'process', 1, 1, [['Thread 341c', 'thread', 1, 1, []]]],
    ]);
    assert.equal(a.symbols[0].children[0].children[0].detail, '11:13:17:216 – 11:13:18:002');
    assert.deepEqual(a.folding, [{ start: 0, end: 3, kind: 'run' }, { start: 2, end: 3, kind: 'block' }]);
    assert.equal(a.summary, '1 group refresh: 1 stale, 0 new; last at 2026-01-30 11:13:17');
  });

  it('formats the summary line', () => {
    const [old] = linesOf(VPN);
    const refreshes = analyzeGpsvcLines([old, old, linesOf(VPN)[4]]).groupRefreshes;
    assert.equal(formatGpsvcSummary(summarizeRefreshes(refreshes)), '3 group refreshes: 2 stale, 1 new; last at 11:56:10');
    assert.equal(formatGpsvcSummary(summarizeRefreshes([{ ...refreshes[0], time: '<DateTime>' }])), '1 group refresh: 1 stale, 0 new; last on line 1');
    assert.equal(formatGpsvcSummary(summarizeRefreshes([])), 'No group refreshes logged');
    assert.equal(shortTime('hh:mm:41:316'), null);
    assert.equal(shortTime('9:05:01:002'), '9:05:01');
  });

  it('explains common Win32, HRESULT and NTSTATUS codes and nothing else', () => {
    assert.equal(describeStatusCode('1355')?.name, 'ERROR_NO_SUCH_DOMAIN');
    assert.equal(describeStatusCode('0x54b')?.name, 'ERROR_NO_SUCH_DOMAIN');
    assert.equal(describeStatusCode('0x6ba')?.name, 'RPC_S_SERVER_UNAVAILABLE');
    assert.equal(describeStatusCode('1722')?.text, 'the RPC server is unavailable');
    assert.equal(describeStatusCode('0x800704CF')?.name, 'HRESULT_FROM_WIN32(ERROR_NETWORK_UNREACHABLE)');
    assert.equal(describeStatusCode('0xC000005E')?.name, 'STATUS_NO_LOGON_SERVERS');
    assert.equal(describeStatusCode('0x0')?.text, 'success');
    assert.equal(describeStatusCode('0x8018000a'), null);
    assert.equal(describeStatusCode('684390'), null);
    assert.equal(describeStatusCode('not a code'), null);
  });

  it('gives large files the same findings from the streaming summary as from the document lines', () => {
    for (const file of [STARTUP, VPN, MDM, DRIVE_MAPS]) {
      const text = readFixture(file);
      const lines = text.split(/\r?\n/);
      const full = analyzeGpsvcLines(lines);
      const fromDisk = analysisFromSummary(summarizeGpsvcText(text), (line) => lines[line]);
      assert.deepEqual(fromDisk.diagnostics, full.diagnostics, file);
      assert.deepEqual(fromDisk.groupRefreshes, full.groupRefreshes, file);
      assert.equal(fromDisk.summary, full.summary, file);
      assert.deepEqual(fromDisk.folding, [], file);
    }
    const startup = readFixture(STARTUP).split(/\r?\n/);
    const events = analysisFromSummary(summarizeGpsvcText(startup.join('\n')), (line) => startup[line]).symbols;
    assert.deepEqual(events.map((s) => [s.name, s.startLine]), [
      ['Failure reported 0x15', 11],
      ['Failure reported 1355', 13],
      ['Network location not ready', 15],
      ['No network connectivity', 17],
    ]);
    // A line that changed since the file was read is skipped, not mis-ranged.
    const edited = analysisFromSummary(summarizeGpsvcText(startup.join('\n')), (line) => (line === 13 ? 'edited' : startup[line]));
    assert.deepEqual(edited.diagnostics.map((d) => d.line), [11, 15, 17]);
  });

  it('finds the status code under the cursor for hovers, decimal ones only after a status word', () => {
    const startup = linesOf(STARTUP);
    const nla = startup[11];
    assert.deepEqual(statusCodeAt(nla, nla.indexOf('0x15') + 2), { text: '0x15', start: nla.indexOf('0x15'), end: nla.indexOf('0x15') + 4 });
    const user = startup[13];
    assert.deepEqual(statusCodeAt(user, user.indexOf('1355')), { text: '1355', start: user.indexOf('1355'), end: user.indexOf('1355') + 4 });
    // `Average is 388.` is a number, not a status.
    assert.equal(statusCodeAt(startup[1], startup[1].indexOf('388') + 1), null);
    const guid = linesOf(DRIVE_MAPS)[20];
    assert.equal(statusCodeAt(guid, guid.indexOf('5794DAFD') + 1), null);
    assert.equal(statusCodeAt(guid, guid.lastIndexOf('0x0') + 1)?.text, '0x0');
  });

  it('caps diagnostics and symbols on a huge document and says so', () => {
    const [old] = linesOf(VPN);
    const a = analyzeGpsvcLines(Array.from({ length: 50 }, () => old), { maxDiagnostics: 10, maxSymbols: 5 });
    assert.equal(a.diagnostics.length, 10);
    assert.equal(a.symbols[0].children[0].children.length, 5);
    assert.equal(a.groupRefreshes.length, 50);
    assert.equal(a.truncated, true);
  });
});
