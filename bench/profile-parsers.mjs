#!/usr/bin/env node
/**
 * node --enable-source-maps bench/profile-parsers.mjs [parseName...]
 *
 * CPU-profiles each parser on the same 10 MB corpus concatenation as bench/run.mjs and prints the
 * functions with the most self time, mapped back to src/ file:line through the bundle's source
 * map. Run `npm run bench` once first (it builds bench/.data/build), or this builds it.
 */
import * as fs from 'node:fs';
import { Session } from 'node:inspector/promises';
import { createRequire, findSourceMap } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { corpusText } from './corpus.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const out = path.join(root, 'bench', '.data', 'build', 'lib-profile.cjs');
await esbuild.build({
  entryPoints: [path.join(root, 'bench', 'lib.ts')],
  outfile: out,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  external: ['vscode'],
  sourcemap: true,
  logLevel: 'error',
});
const require = createRequire(import.meta.url);
const lib = require(out);
const map = findSourceMap(out);
if (!map) {
  console.error('no source map: run with node --enable-source-maps');
  process.exit(2);
}


const wanted = new Set(process.argv.slice(2));
const session = new Session();
session.connect();
await session.post('Profiler.enable');
await session.post('Profiler.setSamplingInterval', { interval: 200 });
for (const { name, parse, samples } of lib.PARSERS) {
  if (wanted.size && !wanted.has(name)) {
    continue;
  }
  const input = corpusText(root, samples);
  parse(input.slice(0, 200_000)); // warm-up
  await session.post('Profiler.start');
  const t = performance.now();
  parse(input);
  const ms = performance.now() - t;
  const { profile } = await session.post('Profiler.stop');
  const self = new Map();
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  for (let i = 0; i < profile.samples.length; i++) {
    const node = byId.get(profile.samples[i]);
    const f = node.callFrame;
    let where = `${f.url ? path.basename(f.url) : '(native)'}:${f.lineNumber + 1}`;
    if (f.url && f.url.endsWith('lib-profile.cjs')) {
      const entry = map.findEntry(f.lineNumber, f.columnNumber);
      if (entry && entry.originalSource) {
        where = `${path.relative(root, fileURLToPath(new URL(entry.originalSource, 'file://')))}:${entry.originalLine + 1}`;
      }
    }
    const key = `${f.functionName || '(anonymous)'} ${where}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  }
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  // The bench's target: parser throughput >= 0.2x a plain split of the same input (medians).
  const median = (f, n) => {
    const times = [];
    for (let r = 0; r < n; r++) {
      const t0 = performance.now();
      f();
      times.push(performance.now() - t0);
    }
    return times.sort((a, b) => a - b)[n >> 1];
  };
  const splitMs = median(() => input.split('\n'), 7);
  const parseMs = median(() => parse(input), 3);
  const ratio = splitMs / parseMs;
  console.log(`\n${name}: ${ms.toFixed(0)} ms on 10 MB (profiled); median ${parseMs.toFixed(0)} ms vs split ${splitMs.toFixed(1)} ms -> ${ratio.toFixed(2)}x ${ratio >= 0.2 ? 'met' : 'MISSED'} (target >= 0.2x)`);
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, Number(process.env.TOP ?? 6))) {
    console.log(`  ${((100 * us) / total).toFixed(0).padStart(3)} %  ${key}`);
  }
}
session.disconnect();
