/** What the gpupdate sample tests share. */
import * as assert from 'node:assert/strict';
import { parseAuto } from '../../src/parse/auto';
import { looksLikeGpresult } from '../../src/parse/gpresult';
import { looksLikeGpupdate } from '../../src/parse/gpupdate';
import type { Gpupdate } from '../../src/parse/gpupdate';

/** Detected as gpupdate (not gpresult), and auto finds exactly one gpupdate section that reads `expected`. */
export function assertOneGpupdateSection(text: string, expected: Gpupdate): void {
  assert.equal(looksLikeGpupdate(text), true);
  assert.equal(looksLikeGpresult(text), false);
  const sections = parseAuto(text).value.sections;
  assert.deepEqual(
    sections.map((s) => s.kind),
    ['gpupdate'],
  );
  assert.deepEqual(sections[0]?.result.value, expected);
}
