import * as assert from 'node:assert/strict';
import { parseAuto } from '../../src/parse/auto';
import { isGpsvcSpecificMessage, looksLikeGpsvc, parseGpsvc, parseGpsvcLine } from '../../src/parse/gpsvc';
import { summarizeGpsvcText } from '../../src/parse/gpsvcSummary';
import { PASTE_FORMS, readFixture } from './fixtures';
import { assertSummaryAgreesWithParser, fromUtf16le } from './gpsvcHelpers';

const XP_PROCESSGPO = 'extra/gpsvc-betaarchive-kb929624-xp-userenv-unprefixed-processgpo-no-access-elision.txt';
const VPN_OLDER = 'extra/gpsvc-msdocs-vpn-security-grps-older-wording-blockquotes-prose-between.txt';
const USERENV_BOOT = 'extra/gpsvc-userenv-msdn-richpec-2009-xp-winlogon-boot-real-times-blank-lines-negative.txt';
const USERENV_1053 = 'extra/gpsvc-userenv-msdocs-kb937535-dc-getusernameex-failed-14-italic-datetime-negative.txt';
const KB_PROSE = 'extra/gpsvc-kb4338819-release-note-quoted-extension-returned-0xea-in-prose-negative.txt';

const ROUND6 = [XP_PROCESSGPO, VPN_OLDER, USERENV_BOOT, USERENV_1053, KB_PROSE];

describe('gpsvc round 6: real published excerpts', () => {
  describe('KB 929624 (XP), unprefixed `ProcessGPO:` lines without a Machine/User scope', () => {
    for (const [form, shape] of PASTE_FORMS) {
      it(`is recognized from its first line, three records, no process and no event (${form})`, () => {
        const text = shape(readFixture(XP_PROCESSGPO));
        assert.equal(looksLikeGpsvc(text), true);
        const r = parseGpsvc(text);
        assert.equal(r.recognized, true);
        assert.equal(r.value.recordCount, 3);
        assert.equal(r.value.prefixedCount, 0);
        assert.deepEqual(r.value.processes, []);
        // "Machine does not have access to the GPO and so will not be applied" is no failure code.
        assert.deepEqual(r.value.events, []);
        assert.deepEqual(r.warnings, []);
      });
    }

    it('takes each unscoped `ProcessGPO:` line as a Group Policy function, not the `...` elision', () => {
      const lines = readFixture(XP_PROCESSGPO).split('\n');
      assert.equal(isGpsvcSpecificMessage(parseGpsvcLine(lines[0] ?? '').message), true);
      assert.equal(isGpsvcSpecificMessage(parseGpsvcLine(lines[1] ?? '').message), true);
      assert.equal(parseGpsvcLine(lines[1] ?? '').message, 'ProcessGPO: Machine does not have access to the GPO and so will not be applied.');
      assert.equal(isGpsvcSpecificMessage(parseGpsvcLine(lines[2] ?? '').message), false);
    });

    it('is one gpsvc section in parse auto', () => {
      const auto = parseAuto(readFixture(XP_PROCESSGPO));
      assert.deepEqual(
        auto.value.sections.map((s) => [s.kind, s.startLine, s.endLine, s.result.recognized]),
        [['gpsvc', 1, 3, true]],
      );
    });

    it('is recognized by the streaming summary too, on text and on UTF-16LE bytes', () => {
      const text = readFixture(XP_PROCESSGPO);
      for (const s of [summarizeGpsvcText(text), fromUtf16le(text), fromUtf16le(text.replace(/\n/g, '\r\n'))]) {
        assert.equal(s.recognized, true);
        assert.equal(s.recordCount, 3);
        assert.equal(s.prefixedCount, 0);
        assert.deepEqual(s.events, []);
      }
    });
  });

  describe('VPN stale groups article, older wording: two quoted lines with a sentence between', () => {
    for (const [form, shape] of PASTE_FORMS) {
      it(`reads "restoring old" on line 1 and "logging new" on line 5 of thread 231c.2d14 (${form})`, () => {
        const r = parseGpsvc(shape(readFixture(VPN_OLDER)));
        assert.equal(r.recognized, true);
        assert.equal(r.value.recordCount, 3);
        assert.equal(r.value.prefixedCount, 2);
        assert.deepEqual(r.value.processes, [{ pid: '231c', threads: ['2d14'], lines: 2 }]);
        assert.deepEqual(
          r.value.events.map((e) => [e.line, e.kind, e.time, e.date, e.pid, e.tid, e.text]),
          [
            [1, 'groups-old', '11:56:10:651', null, '231c', '2d14', 'CSessionLogger::Log: restoring old security grps'],
            [5, 'groups-new', '11:56:10:651', null, '231c', '2d14', 'CSessionLogger::Log: logging new security grps'],
          ],
        );
        assert.deepEqual(
          r.value.groupRefreshes.map((g) => [g.line, g.outcome]),
          [
            [1, 'old'],
            [5, 'new'],
          ],
        );
      });
    }

    it('the summary on UTF-16LE bytes finds the same two refreshes and times', () => {
      const s = fromUtf16le(readFixture(VPN_OLDER));
      assert.deepEqual(
        s.groupRefreshes.map((g) => [g.line, g.outcome, g.time]),
        [
          [1, 'old', '11:56:10:651'],
          [5, 'new', '11:56:10:651'],
        ],
      );
      assert.equal(s.firstTime, '11:56:10:651');
      assert.equal(s.lastTime, '11:56:10:651');
    });
  });

  describe('Userenv.log with real times (MSDN blog 2009, XP boot), negative control', () => {
    for (const [form, shape] of PASTE_FORMS) {
      it(`is no GPSVC log: six records, no process, no event (${form})`, () => {
        const text = shape(readFixture(USERENV_BOOT));
        assert.equal(looksLikeGpsvc(text), false);
        const r = parseGpsvc(text);
        assert.equal(r.recognized, false);
        assert.equal(r.value.recordCount, 6);
        assert.equal(r.value.prefixedCount, 0);
        assert.deepEqual(r.value.processes, []);
        assert.deepEqual(r.value.events, []);
      });
    }

    it('takes no USERENV(16c.170) prefix for a GPSVC one, and the summary agrees on bytes', () => {
      const first = parseGpsvcLine(readFixture(USERENV_BOOT).split('\n')[0] ?? '');
      assert.equal(first.prefixed, false);
      assert.equal(first.pid, null);
      assert.equal(first.time, null);
      const s = fromUtf16le(readFixture(USERENV_BOOT));
      assert.equal(s.recognized, false);
      assert.equal(s.firstTime, null);
      assert.deepEqual(s.processes, []);
    });
  });

  describe('Userenv.log on a 2003 DC (KB 937535), `GetUserNameEx failed with 14`, negative control', () => {
    for (const [form, shape] of PASTE_FORMS) {
      it(`is no GPSVC log and keeps no failure (${form})`, () => {
        const text = shape(readFixture(USERENV_1053));
        assert.equal(looksLikeGpsvc(text), false);
        const r = parseGpsvc(text);
        assert.equal(r.recognized, false);
        assert.equal(r.value.recordCount, 2);
        assert.deepEqual(r.value.events, []);
        assert.deepEqual(parseAuto(text).value.sections, []);
      });
    }
  });

  describe('KB 4338819 release note quoting a gpsvc line inside a sentence, negative control', () => {
    it('is no GPSVC log: the quoted `Extension MitigationOptions returned 0xea` is prose', () => {
      const text = readFixture(KB_PROSE);
      assert.equal(looksLikeGpsvc(text), false);
      const r = parseGpsvc(text);
      assert.equal(r.recognized, false);
      assert.deepEqual(r.value.events, []);
      assert.equal(fromUtf16le(text).recognized, false);
    });
  });

  it('the summary agrees with the whole-text parser on every round-6 sample, in chunks of 1 to 40 and as UTF-16LE', () => {
    assertSummaryAgreesWithParser(ROUND6);
  });
});
