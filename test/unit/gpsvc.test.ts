import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  GPSVC_EVENT_INFO,
  GPSVC_EVENT_KINDS,
  looksLikeGpsvc,
  parseGpsvc,
  parseGpsvcLine,
} from '../../src/parse/gpsvc';
import { parseAuto } from '../../src/parse/auto';
import type { GpsvcResult } from '../../src/parse/gpsvc';
import { listFixtures, readFixture, toCrlf } from './fixtures';

const VPN = 'gpsvc/gpsvc-msdocs-vpn-security-grps-restoring-vs-logging.txt';
const STARTUP = 'gpsvc/gpsvc-msdocs-startup-no-network-mixed-prefix-datetime-placeholder.txt';
const MDM = 'gpsvc/gpsvc-msdocs-mdm-policy-unprefixed-lines.txt';
const RSOP = 'gpsvc/gpsvc-msdocs-rsop-delay-placeholder-times.txt';
const STREEFKERK = 'gpsvc/gpsvc-excerpt-streefkerk-blog-2015.txt';
const DRIVE_MAPS = 'gpsvc/gpsvc-msqa-drive-maps-slow-logon-win10.txt';
/** The dated prefix of late-2025 Windows 11 builds, as quoted by Microsoft (domain facts). */
const DATED_LINE = 'GPSVC(188c.25d8) 2026-01-30 11:13:17:216 ProcessGPOs(Machine): ...';

describe('gpsvc line parser (unit)', () => {
  it('event text has no Markdown bold from a quoted support article', () => {
    const r = parseGpsvc(readFixture('extra/gpsvc-msdocs-mdm-policy-blockquote-bold-2020.txt'));
    const failures = r.value.events.filter((e) => e.kind === 'failure');
    assert.deepEqual(failures.map((e) => e.line), [5, 7]);
    assert.ok(failures.every((e) => !e.text.includes('**')), JSON.stringify(failures.map((e) => e.text)));
    assert.match(failures[0]?.text ?? '', /Extension MDM Policy returned 0x8018000a/);
  });

  it('reads pid, tid, time and message of a classic line and finds the message column', () => {
    const text = readFixture(STREEFKERK).split('\n')[0];
    const line = parseGpsvcLine(text);
    assert.equal(line.prefixed, true);
    assert.equal(line.pid, '23ec');
    assert.equal(line.tid, '341c');
    assert.equal(line.date, null);
    assert.equal(line.time, '23:25:15:981');
    assert.equal(line.message, 'Waiting for machine group policy thread to terminate.');
    assert.equal(line.messageStart, 'GPSVC(23ec.341c) 23:25:15:981 '.length);
    assert.equal(line.event, null);
  });

  it('reads the dated prefix of newer Windows 11 builds and sees a processing start', () => {
    const line = parseGpsvcLine(DATED_LINE);
    assert.equal(line.pid, '188c');
    assert.equal(line.tid, '25d8');
    assert.equal(line.date, '2026-01-30');
    assert.equal(line.time, '11:13:17:216');
    assert.equal(line.message, 'ProcessGPOs(Machine): ...');
    assert.equal(line.messageStart, 41);
    // `...` is an elision, not a marker.
    assert.equal(line.event, null);
    const start = parseGpsvcLine(DATED_LINE.replace('...', '------------------------------------------'));
    assert.deepEqual(start.event, { kind: 'processing-start', scope: 'Machine' });
    const end = parseGpsvcLine(DATED_LINE.replace('Machine): ...', 'User): Leaving with 1.'));
    assert.deepEqual(end.event, { kind: 'processing-end', scope: 'User' });
  });

  it('strips Markdown quoting and keeps the column of the message in the quoted line', () => {
    const text = readFixture(VPN).split('\n')[0];
    assert.ok(text.startsWith('> GPSVC('));
    const line = parseGpsvcLine(text);
    assert.equal(line.pid, '231c');
    assert.equal(line.tid, '2d14');
    assert.equal(line.messageStart, 2 + 'GPSVC(231c.2d14) 11:56:10:651 '.length);
    assert.equal(text.slice(line.messageStart), 'CSessionLogger::Log: restoring old security grps');
    assert.deepEqual(line.event, { kind: 'groups-old' });
  });

  it('keeps placeholders as the time: <DateTime> and hh:mm', () => {
    const noNet = readFixture(STARTUP).split('\n')[17];
    const line = parseGpsvcLine(noNet);
    assert.equal(line.pid, '530');
    assert.equal(line.tid, 'ae0');
    assert.equal(line.time, '<DateTime>');
    assert.equal(line.message, 'There is no connectivity');
    assert.deepEqual(line.event, { kind: 'no-connectivity' });

    const rsop = parseGpsvcLine(readFixture(RSOP).split('\n')[0]);
    assert.equal(rsop.pid, '638');
    assert.equal(rsop.tid, '13d4');
    assert.equal(rsop.time, 'hh:mm:41:316');
    assert.ok(rsop.message.startsWith('AllocAdmFileInfo: Adding File name <'));
    assert.ok(rsop.message.endsWith('to the Adm list.'), 'trailing spaces trimmed');
  });

  it('takes an unprefixed line whole and classifies its failure', () => {
    const lines = readFixture(MDM).split('\n');
    const first = parseGpsvcLine(lines[0]);
    assert.equal(first.prefixed, false);
    assert.equal(first.pid, null);
    assert.equal(first.time, null);
    assert.equal(first.messageStart, 0);
    assert.equal(first.message, 'ProcessGPOs(Machine): Processing extension MDM Policy');
    assert.equal(first.event, null);
    assert.deepEqual(parseGpsvcLine(lines[6]).event, { kind: 'failure', status: '0x8018000a' });
    assert.deepEqual(parseGpsvcLine(lines[4]).event, { kind: 'failure', status: '0x8018000a' });
  });

  it('does not call a zero status a failure', () => {
    const lines = readFixture(DRIVE_MAPS).split('\n').filter((l) => l.trim() !== '');
    const zero = lines.filter((l) => /dwStatus = 0x0$|RsopStatus = 0x0|returned 0x0\./.test(l));
    assert.ok(zero.length >= 3);
    for (const l of zero) {
      assert.equal(parseGpsvcLine(l).event, null, l);
    }
    const nonZero = zero[0].replace('dwStatus = 0x0', 'dwStatus = 0x80070005');
    assert.deepEqual(parseGpsvcLine(nonZero).event, { kind: 'failure', status: '0x80070005' });
  });

  it('matches markers case-insensitively and accepts numbered pastes', () => {
    const text = readFixture(VPN).split('\n')[4].replace('logging new security grps', 'LOGGING NEW SECURITY GRPS');
    assert.deepEqual(parseGpsvcLine(text).event, { kind: 'groups-new' });
    const numbered = parseGpsvcLine('  12. ' + readFixture(STREEFKERK).split('\n')[6]);
    assert.equal(numbered.pid, '1478');
    assert.equal(numbered.message, 'CGPNotify::OnNotificationTriggered: SetEvent = 0x30c');
    // A numbered line that is not GPSVC keeps its number in the message.
    assert.equal(parseGpsvcLine('1. Waiting for SamSs').message, '1. Waiting for SamSs');
  });

  it('parses 1 MB pathological lines quickly', () => {
    const started = Date.now();
    const a = parseGpsvcLine('GPSVC(' + 'a'.repeat(1e6));
    const b = parseGpsvcLine('((('.repeat(350_000));
    const c = parseGpsvcLine('GPSVC(1.2)' + ' '.repeat(1e6) + 'x');
    const d = parseGpsvcLine('ProcessGPOs(User): ' + 'Extension '.repeat(100_000) + 'failed');
    assert.ok(Date.now() - started < 2000);
    assert.equal(a.prefixed, false);
    assert.equal(a.message.length, 1e6 + 6);
    assert.equal(b.event, null);
    assert.equal(c.prefixed, true);
    assert.equal(c.message, 'x');
    assert.deepEqual(d.event, { kind: 'failure', status: null });
  });

  it('never throws on 1000 mutated samples, and the message is where messageStart says', () => {
    const lines = listFixtures('gpsvc').flatMap((f) => readFixture(f).split(/\r?\n/));
    fc.assert(
      fc.property(
        fc.constantFrom(...lines),
        fc.nat(200),
        fc.nat(6),
        fc.string({ maxLength: 12, unit: 'binary' }),
        (line, at, cut, insert) => {
          const i = Math.min(at, line.length);
          const mutated = line.slice(0, i) + insert + line.slice(i + cut);
          const parsed = parseGpsvcLine(mutated);
          assert.ok(parsed.messageStart >= 0 && parsed.messageStart <= mutated.length);
          assert.equal(mutated.slice(parsed.messageStart, parsed.messageStart + parsed.message.length), parsed.message);
          parseGpsvc(mutated + '\n' + line);
        },
      ),
      { numRuns: 1000, seed: 7 },
    );
  });
});

describe('gpsvc whole-text parser (unit)', () => {
  it('finds the VPN sample: stale group list, then refreshed, with line numbers', () => {
    const r = parseGpsvc(readFixture(VPN));
    assert.equal(r.kind, 'gpsvc');
    assert.equal(r.recognized, true);
    assert.equal(r.value.recordCount, 3, 'two log lines and one prose line');
    assert.equal(r.value.prefixedCount, 2);
    assert.deepEqual(r.value.processes, [{ pid: '231c', threads: ['2d14'], lines: 2 }]);
    assert.deepEqual(r.value.groupRefreshes, [
      { line: 1, outcome: 'old', time: '11:56:10:651', date: null, pid: '231c', tid: '2d14' },
      { line: 5, outcome: 'new', time: '11:56:10:651', date: null, pid: '231c', tid: '2d14' },
    ]);
    assert.deepEqual(
      r.value.events.map((e) => [e.line, e.kind]),
      [
        [1, 'groups-old'],
        [5, 'groups-new'],
      ],
    );
  });

  it('finds the startup-without-network markers in the mixed sample', () => {
    const r = parseGpsvc(readFixture(STARTUP));
    assert.equal(r.value.recordCount, 17);
    assert.equal(r.value.prefixedCount, 2);
    assert.deepEqual(r.value.processes, [{ pid: '530', threads: ['ae0', '8e0'], lines: 2 }]);
    assert.deepEqual(
      r.value.events.map((e) => [e.line, e.kind, e.status ?? null, e.time]),
      [
        [12, 'failure', '0x15', null],
        [14, 'failure', '1355', null],
        [16, 'nla-not-ready', null, null],
        [18, 'no-connectivity', null, '<DateTime>'],
      ],
    );
    assert.equal(r.value.events[3].pid, '530');
    assert.equal(r.value.events[2].text, 'NlaGetIntranetCapability returned Not Ready error. Consider it as NOT intranet capable.');
  });

  it('counts the MDM lines as unprefixed records and still recognizes the paste', () => {
    const r = parseGpsvc(readFixture(MDM));
    assert.equal(r.recognized, true);
    assert.equal(r.value.recordCount, 7);
    assert.equal(r.value.prefixedCount, 0);
    assert.deepEqual(r.value.processes, []);
    assert.deepEqual(
      r.value.events.map((e) => [e.line, e.kind, e.status]),
      [
        [5, 'failure', '0x8018000a'],
        [7, 'failure', '0x8018000a'],
      ],
    );
  });

  it('counts records and processes of the other samples', () => {
    const blog = parseGpsvc(readFixture(STREEFKERK));
    assert.equal(blog.value.recordCount, 10);
    assert.equal(blog.value.prefixedCount, 10);
    assert.deepEqual(blog.value.processes, [
      { pid: '23ec', threads: ['341c'], lines: 6 },
      { pid: '1478', threads: ['1d60'], lines: 4 },
    ]);
    assert.deepEqual(blog.value.events, []);

    const maps = parseGpsvc(readFixture(DRIVE_MAPS));
    assert.equal(maps.value.recordCount, 22, 'blank lines between records are not records');
    assert.deepEqual(maps.value.processes, [{ pid: '5a0', threads: ['730', '217c'], lines: 22 }]);
    assert.deepEqual(maps.value.events, []);

    const rsop = parseGpsvc(readFixture(RSOP));
    assert.equal(rsop.value.prefixedCount, 2);
    assert.deepEqual(rsop.value.processes, [{ pid: '638', threads: ['13d4'], lines: 2 }]);
  });

  it('gives the same result with CRLF line ends', () => {
    for (const f of listFixtures('gpsvc')) {
      const text = readFixture(f);
      assert.deepEqual(parseGpsvc(toCrlf(text)).value, parseGpsvc(text).value, f);
    }
  });


  it('counts interleaved threads and old Mac line ends like the sample as written (derived)', () => {
    // The two processes of the blog excerpt, their lines alternating: heads come back.
    const lines = readFixture(STREEFKERK).split('\n').filter((l) => l !== '');
    const interleaved = [lines[0], lines[6], lines[1], lines[7], lines[2], lines[8], lines[3], lines[9], lines[4], lines[5]].join('\n');
    const r = parseGpsvc(interleaved);
    assert.equal(r.value.prefixedCount, 10);
    assert.deepEqual(r.value.processes, [
      { pid: '23ec', threads: ['341c'], lines: 6 },
      { pid: '1478', threads: ['1d60'], lines: 4 },
    ]);
    // A lone CR ends a line too: the VPN sample's markers keep their line numbers (1 and 5).
    const vpn = parseGpsvc(readFixture(VPN).replace(/\n/g, '\r'));
    assert.deepEqual(
      vpn.value.groupRefreshes.map((g) => [g.line, g.outcome, g.tid]),
      [
        [1, 'old', '2d14'],
        [5, 'new', '2d14'],
      ],
    );
  });
  it('caps the events list with a warning', () => {
    const r = parseGpsvc(readFixture(STARTUP), { maxEvents: 2 });
    assert.equal(r.value.events.length, 2);
    assert.equal(r.warnings.length, 1);
    assert.match(r.warnings[0].message, /^2 more events/);
  });

  it('looksLikeGpsvc tells GPSVC from other tool output', () => {
    assert.equal(looksLikeGpsvc(readFixture(VPN)), true);
    assert.equal(looksLikeGpsvc(readFixture(STREEFKERK)), true);
    // No prefix at all, but every line starts with a GPSVC function name: parseGpsvc recognizes it too.
    assert.equal(looksLikeGpsvc(readFixture(MDM)), true, 'unprefixed GPSVC lines');
    for (const f of listFixtures('whoami').slice(0, 3)) {
      assert.equal(looksLikeGpsvc(readFixture(f)), false, f);
      assert.equal(parseGpsvc(readFixture(f)).recognized, false, f);
    }
  });

  it('explains every event kind', () => {
    assert.deepEqual(Object.keys(GPSVC_EVENT_INFO).sort(), [...GPSVC_EVENT_KINDS].sort());
    assert.equal(GPSVC_EVENT_INFO['groups-old'].severity, 'warning');
    assert.match(GPSVC_EVENT_INFO['groups-old'].explanation, /lock and unlock/);
    assert.equal(GPSVC_EVENT_INFO.failure.severity, 'error');
    assert.equal(GPSVC_EVENT_INFO['groups-new'].severity, 'info');
  });
});

// Group g2's samples (test/fixtures/extra/SOURCES.md).
const MDM_QUOTED = 'extra/gpsvc-msdocs-mdm-policy-blockquote-bold-2020.txt';
const DRIVE_MAPS_ANSWER = 'extra/gpsvc-msqa-drive-maps-after-reboot-many-pids-cgpnotify-blank-lines.txt';
const PANOS = 'extra/panos-globalprotect-gpsvc-log-json-line-cve-2024-3400-negative.txt';

describe('gpsvc: unprefixed excerpts and another program\'s gpsvc.log (unit)', () => {
  it('reads the quoted, bold MDM excerpt without prefixes: 7 records, the 0x8018000a failures', () => {
    const text = readFixture(MDM_QUOTED);
    assert.equal(looksLikeGpsvc(text), true);
    const r = parseGpsvc(text);
    assert.equal(r.recognized, true);
    assert.equal(r.value.recordCount, 7);
    assert.equal(r.value.prefixedCount, 0);
    assert.deepEqual(
      r.value.events.map((e) => [e.line, e.kind, e.status]),
      [
        [5, 'failure', '0x8018000a'],
        [7, 'failure', '0x8018000a'],
      ],
    );
  });

  it('parse auto finds a gpsvc section in both unprefixed MDM excerpts', () => {
    for (const f of [MDM, MDM_QUOTED]) {
      const sections = parseAuto(readFixture(f)).value.sections;
      assert.deepEqual(sections.map((s) => [s.kind, s.startLine, s.endLine]), [['gpsvc', 1, 7]], f);
      const events = (sections[0]?.result.value as GpsvcResult).events;
      assert.deepEqual(events.map((e) => e.status), ['0x8018000a', '0x8018000a'], f);
    }
  });

  it('does not take other tools\' output for an unprefixed GPSVC excerpt', () => {
    const others = ['whoami', 'klist-windows', 'gpupdate-gpresult', 'klist-mit-heimdal', 'linux-id-sssd'].flatMap((d) => listFixtures(d));
    const extras = listFixtures('extra').filter((f) => !/\/(?:gpsvc|panos)-/.test(f));
    assert.ok(others.length > 20 && extras.length > 30);
    for (const f of [...others, ...extras]) {
      assert.equal(looksLikeGpsvc(readFixture(f)), false, f);
    }
  });

  it('reads the Q&A answer after a reboot: 28 lines of 6 processes, blank lines between them, no event', () => {
    const r = parseGpsvc(readFixture(DRIVE_MAPS_ANSWER));
    assert.equal(r.recognized, true);
    assert.equal(r.value.recordCount, 28);
    assert.equal(r.value.prefixedCount, 28);
    assert.deepEqual(
      r.value.processes.map((p) => [p.pid, p.threads, p.lines]),
      [
        ['58c', ['1c98'], 6],
        ['1c18', ['1c30'], 2],
        ['1ee4', ['1efc'], 4],
        ['1ae8', ['1fc8'], 4],
        ['36c', ['3bc'], 8],
        ['2048', ['2064'], 4],
      ],
    );
    // `Exiting with status = 0` / `dwStatus = 0x0` are successes.
    assert.deepEqual(r.value.events, []);
  });

  it('reports no event for PAN-OS GlobalProtect\'s gpsvc.log (a JSON line saying "failed")', () => {
    const text = readFixture(PANOS);
    assert.equal(looksLikeGpsvc(text), false);
    const r = parseGpsvc(text);
    assert.equal(r.recognized, false);
    assert.equal(r.value.recordCount, 1);
    assert.equal(r.value.prefixedCount, 0);
    assert.deepEqual(r.value.events, []);
    assert.deepEqual(r.value.groupRefreshes, []);
    assert.deepEqual(parseAuto(text).value.sections, []);
  });
});
