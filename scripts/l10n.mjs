#!/usr/bin/env node
/**
 * npm run l10n: writes l10n/bundle.l10n.json, the strings translators get.
 *
 * `vscode-l10n-dev export` finds the literal `vscode.l10n.t('...')` calls. The GPSVC event titles
 * and explanations live in a table of the pure parser layer (src/parse/gpsvc.ts, also printed by
 * the CLI in English) and reach `l10n.t` as variables, so the exporter cannot see them: they are
 * added here from the table itself. test/unit/l10n.test.ts fails when the bundle is stale.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const bundleFile = path.join(root, 'l10n', 'bundle.l10n.json');

execFileSync(process.execPath, [path.join(root, 'node_modules', '@vscode', 'l10n-dev', 'dist', 'cli.js'), 'export', '-o', './l10n', './src'], { cwd: root, stdio: 'inherit' });

const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tti-l10n-')), 'gpsvc.cjs');
await esbuild.build({ entryPoints: [path.join(root, 'src', 'parse', 'gpsvc.ts')], outfile: out, bundle: true, format: 'cjs', platform: 'node', logLevel: 'error' });
const { GPSVC_EVENT_INFO } = createRequire(import.meta.url)(out);
fs.rmSync(path.dirname(out), { recursive: true, force: true });

const bundle = JSON.parse(fs.readFileSync(bundleFile, 'utf8'));
let added = 0;
for (const info of Object.values(GPSVC_EVENT_INFO)) {
  for (const text of [info.title, info.explanation]) {
    if (!(text in bundle)) {
      bundle[text] = text;
      added++;
    }
  }
}
fs.writeFileSync(bundleFile, `${JSON.stringify(bundle, null, 2)}\n`);
console.log(`l10n: ${Object.keys(bundle).length} strings in ${path.relative(root, bundleFile)} (${added} from GPSVC_EVENT_INFO)`);
