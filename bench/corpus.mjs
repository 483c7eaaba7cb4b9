/**
 * The parsers' benchmark input, shared by bench/run.mjs and bench/profile-parsers.mjs: the corpus
 * samples of a kind (test/fixtures/<folder>/<file name prefix>) concatenated and repeated to 10 MB.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** Every corpus sample of a kind, one string each, in file-name order. */
export function corpusSamples(root, prefixes) {
  const texts = [];
  for (const prefix of prefixes) {
    const [folder, start] = prefix.split('/');
    for (const f of fs.readdirSync(path.join(root, 'test', 'fixtures', folder)).sort()) {
      if (!f.endsWith('.md') && f.startsWith(start)) {
        texts.push(fs.readFileSync(path.join(root, 'test', 'fixtures', folder, f), 'utf8'));
      }
    }
  }
  return texts;
}

export function corpusText(root, prefixes) {
  const one = corpusSamples(root, prefixes).join('\n');
  if (one.length === 0) {
    return '';
  }
  return (one + '\n').repeat(Math.ceil(10_000_000 / (one.length + 1))).slice(0, 10_000_000);
}
