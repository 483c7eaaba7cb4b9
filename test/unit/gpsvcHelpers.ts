/** What the GPSVC sample tests share: the streaming summary fed in pieces, and its agreement with the parser. */
import * as assert from 'node:assert/strict';
import { parseGpsvc } from '../../src/parse/gpsvc';
import type { GpsvcSummary } from '../../src/parse/gpsvcSummary';
import { GpsvcSummarizer, summarizeGpsvcText } from '../../src/parse/gpsvcSummary';
import { PASTE_FORMS, readFixture } from './fixtures';

/** The summary of `text` pushed in pieces of `size` characters. */
export function inChunks(text: string, size: number): GpsvcSummary {
  const s = new GpsvcSummarizer();
  for (let i = 0; i < text.length; i += size) {
    s.push(text.slice(i, i + size));
  }
  return s.end();
}

/** The summary of `text` as UTF-16LE bytes (the byte scanner). */
export function fromUtf16le(text: string): GpsvcSummary {
  const s = new GpsvcSummarizer();
  s.pushUtf16le(new Uint8Array(Buffer.from(text, 'utf16le')));
  return s.end();
}

/**
 * Every sample in every paste form: the streaming summary agrees with the whole-text parser, and
 * gives the same result in chunks of 1 to 40 characters and as UTF-16LE bytes.
 */
export function assertSummaryAgreesWithParser(fixtures: readonly string[]): void {
  for (const f of fixtures) {
    for (const [form, shape] of PASTE_FORMS) {
      const text = shape(readFixture(f));
      const whole = parseGpsvc(text);
      const s = summarizeGpsvcText(text);
      const label = `${f} (${form})`;
      assert.equal(s.recognized, whole.recognized, label);
      assert.equal(s.recordCount, whole.value.recordCount, label);
      assert.equal(s.prefixedCount, whole.value.prefixedCount, label);
      assert.deepEqual(
        s.processes,
        whole.value.processes.map((p) => ({ pid: p.pid, records: p.lines })),
        label,
      );
      assert.deepEqual(s.events, whole.value.events, label);
      assert.deepEqual(s.groupRefreshes, whole.value.groupRefreshes, label);
      assert.deepEqual(fromUtf16le(text), s, `${label} UTF-16LE`);
      for (let size = 1; size <= 40; size++) {
        assert.deepEqual(inChunks(text, size), s, `${label} chunk ${size}`);
      }
    }
  }
}
