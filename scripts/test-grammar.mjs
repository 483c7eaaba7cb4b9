#!/usr/bin/env node
// Grammar tests for syntaxes/gpsvc.tmLanguage.json:
//   vscode-tmgrammar-test  assertion files   test/grammar/*.test.gpsvc
//   vscode-tmgrammar-snap  snapshots         test/grammar/snap/*.gpsvc (+ .snap)
// Usage: node scripts/test-grammar.mjs [-u|--update]   (-u rewrites the snapshots after a reviewed change)
// Exits non-zero when either tool reports a failure.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
const toolDir = path.dirname(require.resolve('vscode-tmgrammar-test/package.json'));
const grammar = 'syntaxes/gpsvc.tmLanguage.json';
const update = process.argv.includes('-u') || process.argv.includes('--update');

function run(label, script, args) {
  // No shell: the globs reach the tools unexpanded, as they expect ("quotes are important").
  const result = spawnSync(process.execPath, [path.join(toolDir, 'dist', script), ...args], { cwd: root, stdio: 'inherit' });
  if (result.error) {
    console.error(`${label}: ${result.error.message}`);
    return false;
  }
  if (result.status !== 0) {
    console.error(`${label}: failed (exit ${result.status ?? result.signal})`);
    return false;
  }
  return true;
}

const unitOk = run('vscode-tmgrammar-test', 'unit.js', ['-g', grammar, 'test/grammar/*.test.gpsvc']);
const snapOk = run('vscode-tmgrammar-snap', 'snapshot.js', [
  ...(update ? ['--updateSnapshot'] : []),
  '-s',
  'text.gpsvc',
  '-g',
  grammar,
  'test/grammar/snap/*.gpsvc',
]);
process.exit(unitOk && snapOk ? 0 : 1);
