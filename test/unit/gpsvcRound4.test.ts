import * as assert from 'node:assert/strict';
import { looksLikeGpsvc, parseGpsvc, parseGpsvcLine } from '../../src/parse/gpsvc';
import { GpsvcSummarizer, summarizeGpsvcText } from '../../src/parse/gpsvcSummary';
import { PASTE_FORMS, readFixture } from './fixtures';
import { assertSummaryAgreesWithParser } from './gpsvcHelpers';

const DATED = 'extra/gpsvc-askds-2026-win11-24h2-dated-gpupdate-refresh-attribution-trailing-space.txt';
const WMI_FILTER = 'extra/gpsvc-msdocs-wmi-filter-timeout-hr-escaped-italic-datetime-placeholder.txt';
const DEFERRED_OUS = 'extra/gpsvc-msdocs-evaluatedeferredous-failed-xp-era-unscoped-lazy-blockquote.txt';
const LONG_GAP = 'extra/gpsvc-msqa-gpo-long-process-21s-gap-trailing-spaces-fenced-2021.txt';
const USERENV = 'extra/userenv-msdocs-xp-2003-italic-datetime-ldap-bind-failed-negative.txt';

const ROUND4 = [DATED, WMI_FILTER, DEFERRED_OUS, LONG_GAP, USERENV];

describe('gpsvc round 4: real published excerpts', () => {
  describe('Windows 11 24H2 dated lines (AskDS 2026, gpupdate refresh attribution)', () => {
    for (const [form, shape] of PASTE_FORMS) {
      it(`reads date, time, pid and tid of every line (${form})`, () => {
        const r = parseGpsvc(shape(readFixture(DATED)));
        assert.equal(r.recognized, true);
        assert.deepEqual(r.warnings, []);
        assert.equal(r.value.recordCount, 4);
        assert.equal(r.value.prefixedCount, 4);
        // 0x3650 = 13904: the gpupdate.exe process that logs RefreshPolicyForPrincipal (its own currentProcessId).
        assert.deepEqual(r.value.processes, [
          { pid: '3650', threads: ['36a0'], lines: 1 },
          { pid: '377c', threads: ['29f8'], lines: 3 },
        ]);
        // Nothing in a refresh request is a failure or a processing round: `dwTimeout = 600000` is no status.
        assert.deepEqual(r.value.events, []);
      });
    }

    it('keeps the whole message, without the trailing space, and the ISO date', () => {
      const lines = readFixture(DATED).split('\n');
      const first = parseGpsvcLine(lines[0] ?? '');
      assert.equal(first.date, '2026-01-01');
      assert.equal(first.time, '07:01:02:493');
      assert.equal(
        first.message,
        'RefreshPolicyForPrincipal: Entering with bMachine = 1, SID = null, options: 1, dwTimeout = 600000, currentProcessId = 13904, processImageName = C:\\Windows\\System32\\gpupdate.exe',
      );
      const last = parseGpsvcLine(lines[3] ?? '');
      assert.equal(last.message, 'CGPApplicationService::RefreshEvent for Machine.');
    });

    it('gives the summary its first and last date and time', () => {
      const s = summarizeGpsvcText(readFixture(DATED));
      assert.equal(s.firstTime, '2026-01-01 07:01:02:493');
      assert.equal(s.lastTime, '2026-01-01 07:01:02:501');
    });
  });

  describe('WMI filter time-out with Microsoft\'s Markdown placeholder `*\\<DateTime>*`', () => {
    it('takes `*\\<DateTime>*` for the time placeholder, not for the start of the message', () => {
      const lines = readFixture(WMI_FILTER).split('\n');
      const first = parseGpsvcLine(lines[0] ?? '');
      assert.equal(first.prefixed, true);
      assert.equal(first.pid, '320');
      assert.equal(first.tid, 'af8');
      assert.equal(first.time, '<DateTime>');
      assert.equal(first.date, null);
      assert.equal(first.message, 'FilterCheck: Evaluate returned error. hr=0x80041069');
      const second = parseGpsvcLine(lines[1] ?? '');
      assert.equal(second.time, '<DateTime>');
      assert.equal(second.message, 'ProcessGPO: The GPO does not pass the filter check and so will not be applied.');
    });

    for (const [form, shape] of PASTE_FORMS) {
      it(`counts one process with two lines (${form})`, () => {
        const r = parseGpsvc(shape(readFixture(WMI_FILTER)));
        assert.equal(r.recognized, true);
        assert.equal(r.value.recordCount, 2);
        assert.equal(r.value.prefixedCount, 2);
        assert.deepEqual(r.value.processes, [{ pid: '320', threads: ['af8'], lines: 2 }]);
        // `hr=0x80041069` is a failure HRESULT (severity bit set): the WMI filter could not be evaluated.
        assert.deepEqual(
          r.value.events.map((e) => [e.line, e.kind, e.pid, e.tid, 'status' in e ? e.status : undefined]),
          [[1, 'failure', '320', 'af8', '0x80041069']],
        );
      });
    }

    it('the streaming summary finds the same failure on text and on UTF-16LE bytes (the byte scanner)', () => {
      const text = readFixture(WMI_FILTER);
      const bytes = new GpsvcSummarizer();
      bytes.pushUtf16le(new Uint8Array(Buffer.from(text, 'utf16le')));
      for (const s of [summarizeGpsvcText(text), bytes.end()]) {
        assert.equal(s.eventCounts.failure, 1);
        assert.deepEqual(s.events.map((e) => [e.line, e.kind, 'status' in e ? e.status : undefined]), [[1, 'failure', '0x80041069']]);
      }
    });

    it('takes no success HRESULT (S_OK, S_FALSE) and no `hr=` inside a word for a failure, in either reader', () => {
      // Mid-stream lines of one thread: the byte scanner judges them in its kernel's runs, not in
      // the JS line path a thread's first line and the unfinished last line take.
      const lines = [
        'GPSVC(320.af8) 10:11:12:012 ProcessGPO: Searching <CN={31B2F340-016D-11D2-945F-00C04FB984F9},CN=Policies,CN=System,DC=contoso,DC=com>',
        'GPSVC(320.af8) 10:11:12:013 FilterCheck: Evaluate returned error. hr=0x80041069',
        'GPSVC(320.af8) 10:11:12:014 FilterCheck: Evaluate returned. hr=0x00000000',
        'GPSVC(320.af8) 10:11:12:015 FilterCheck: Evaluate returned. hr=0x1',
        'GPSVC(320.af8) 10:11:12:016 Something: thr=0x80041069',
        'GPSVC(320.af8) 10:11:12:017 Something: hr=0x800410691',
        'GPSVC(320.af8) 10:11:12:018 FilterCheck: Evaluate returned error. HR = 0X80041069',
        'GPSVC(320.af8) 10:11:12:019 ProcessGPO: The GPO does not pass the filter check and so will not be applied.',
        '',
      ].join('\r\n');
      assert.deepEqual(parseGpsvc(lines).value.events.map((e) => e.line), [2, 7]);
      const bytes = new GpsvcSummarizer();
      bytes.pushUtf16le(new Uint8Array(Buffer.from(lines, 'utf16le')));
      for (const s of [summarizeGpsvcText(lines), bytes.end()]) {
        assert.deepEqual(s.events.map((e) => e.line), [2, 7]);
      }
    });

    it('gives the summary no first time: a placeholder is no time', () => {
      const s = summarizeGpsvcText(readFixture(WMI_FILTER));
      assert.equal(s.firstTime, null);
      assert.equal(s.lastTime, null);
    });

    it('also strips `_\\<DateTime>_` and an unescaped `*<DateTime>*`', () => {
      const a = parseGpsvcLine('GPSVC(320.af8) _\\<DateTime>_ ProcessGPO: x');
      assert.equal(a.time, '<DateTime>');
      assert.equal(a.message, 'ProcessGPO: x');
      const b = parseGpsvcLine('GPSVC(320.af8) *<DateTime>* ProcessGPO: x');
      assert.equal(b.time, '<DateTime>');
      assert.equal(b.message, 'ProcessGPO: x');
      // A real time is unchanged, and an asterisk that is not around a placeholder stays in the message.
      const c = parseGpsvcLine('GPSVC(320.af8) 10:01:02:003 *note*');
      assert.equal(c.time, '10:01:02:003');
      assert.equal(c.message, '*note*');
    });
  });

  describe('EvaluateDeferredOUs excerpt (KB 909260): unscoped ProcessGPOs, lazy blockquote, `...` line', () => {
    for (const [form, shape] of PASTE_FORMS) {
      it(`is recognized from GetGPOInfo and reports the failure on line 5 only (${form})`, () => {
        const text = shape(readFixture(DEFERRED_OUS));
        assert.equal(looksLikeGpsvc(text), true);
        const r = parseGpsvc(text);
        assert.equal(r.recognized, true);
        assert.equal(r.value.recordCount, 5);
        assert.equal(r.value.prefixedCount, 0);
        assert.deepEqual(r.value.processes, []);
        assert.deepEqual(r.value.events, [
          {
            line: 5,
            kind: 'failure',
            time: null,
            date: null,
            pid: null,
            tid: null,
            text: 'GetGPOInfo: EvaluateDeferredOUs failed. Exiting',
            status: null,
          },
        ]);
      });
    }

    it('does not take the XP-era `ProcessGPOs:` (no Machine/User scope) for a processing round', () => {
      const line = parseGpsvcLine('> ProcessGPOs: User name is: UserOrComputerDN , Domain name is: DomainName  ');
      assert.equal(line.message, 'ProcessGPOs: User name is: UserOrComputerDN , Domain name is: DomainName');
      assert.equal(line.event, null);
    });
  });

  describe('21-second gap excerpt (Microsoft Q&A 440302), fenced, trailing double spaces', () => {
    for (const [form, shape] of PASTE_FORMS) {
      it(`reads three lines of one thread and no event (${form})`, () => {
        const r = parseGpsvc(shape(readFixture(LONG_GAP)));
        assert.equal(r.recognized, true);
        assert.equal(r.value.prefixedCount, 3);
        assert.deepEqual(r.value.processes, [{ pid: '1ed0', threads: ['2dc8'], lines: 3 }]);
        // `secureCachingState = 2` and `dwExtnCount is 2` are no status codes.
        assert.deepEqual(r.value.events, []);
      });
    }

    it('gives the summary the two ends of the gap', () => {
      const s = summarizeGpsvcText(readFixture(LONG_GAP));
      assert.equal(s.firstTime, '09:03:47:804');
      assert.equal(s.lastTime, '09:04:09:000');
    });
  });

  describe('Userenv.log excerpt (XP/2003 predecessor), negative control', () => {
    for (const [form, shape] of PASTE_FORMS) {
      it(`is no GPSVC log: no process, no failure from "ldap_bind_s failed with 82" (${form})`, () => {
        const text = shape(readFixture(USERENV));
        assert.equal(looksLikeGpsvc(text), false);
        const r = parseGpsvc(text);
        assert.equal(r.recognized, false);
        assert.equal(r.value.prefixedCount, 0);
        assert.deepEqual(r.value.processes, []);
        assert.deepEqual(r.value.events, []);
      });
    }
  });

  it('the summary agrees with the whole-text parser on every round-4 sample, in chunks of 1 to 40 and as UTF-16LE', () => {
    assertSummaryAgreesWithParser(ROUND4);
  });
});
