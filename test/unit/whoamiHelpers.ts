/** Assertions the whoami sample tests share. */
import * as assert from 'node:assert/strict';
import { parseWhoami } from '../../src/parse/whoami';
import type { WhoamiGroup, WhoamiResult } from '../../src/parse/whoami';

/** What most groups carry: `Mandatory group, Enabled by default, Enabled group`. */
export const BASIC = ['mandatory', 'enabledByDefault', 'enabled'];

/** The whoami result of a paste that must be recognized, and its warnings' texts. */
export function parsed(text: string): { v: WhoamiResult; warnings: string[] } {
  const r = parseWhoami(text);
  assert.equal(r.kind, 'whoami');
  assert.equal(r.recognized, true);
  return { v: r.value, warnings: r.warnings.map((w) => w.message) };
}

export function group(v: WhoamiResult, sid: string): WhoamiGroup {
  const g = v.groups.find((x) => x.sid === sid);
  assert.ok(g, `group ${sid} present`);
  return g;
}

/** [name, type, sid] of every group, in order. */
export function rows(v: WhoamiResult): string[][] {
  return v.groups.map((g) => [g.name, g.type, g.sid]);
}

/** [name, description, state] of every privilege, in order. */
export function privs(v: WhoamiResult): (string | null)[][] {
  return v.privileges.map((p) => [p.name, p.description, p.state]);
}
