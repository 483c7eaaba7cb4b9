/** The translators' bundle (npm run l10n) holds every string the extension localizes. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GPSVC_EVENT_INFO } from '../../src/parse/gpsvc';

const root = path.resolve(__dirname, '..', '..');
const bundle = JSON.parse(fs.readFileSync(path.join(root, 'l10n', 'bundle.l10n.json'), 'utf8')) as Record<string, unknown>;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

/** The text of a single-quoted TypeScript literal (the escapes our sources use). */
function unquote(body: string): string {
  return body.replace(/\\(.)/g, (_, c: string) => (c === 'n' ? '\n' : c));
}

describe('l10n bundle (unit)', () => {
  it('has every literal vscode.l10n.t string of src/', () => {
    const literals = sourceFiles(path.join(root, 'src')).flatMap((f) => [...fs.readFileSync(f, 'utf8').matchAll(/l10n\.t\('((?:[^'\\]|\\.)*)'/g)].map((m) => unquote(m[1] ?? '')));
    assert.ok(literals.length > 100, `found ${literals.length} literals`);
    assert.deepEqual(literals.filter((s) => !(s in bundle)), [], 'run `npm run l10n`');
  });

  it('has the GPSVC event titles and explanations the hovers localize (not literals: added by scripts/l10n.mjs)', () => {
    const texts = Object.values(GPSVC_EVENT_INFO).flatMap((i) => [i.title, i.explanation]);
    assert.equal(texts.length, Object.keys(GPSVC_EVENT_INFO).length * 2);
    assert.deepEqual(texts.filter((s) => !(s in bundle)), [], 'run `npm run l10n`');
  });
});
