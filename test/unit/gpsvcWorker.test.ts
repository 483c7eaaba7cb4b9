import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import * as esbuild from 'esbuild';
import { encode } from '../../src/parse/encoding';
import { summarizeGpsvcFileInWorker } from '../../src/platform/gpsvcWorkerClient';
import { summarizeGpsvcFile } from '../../src/platform/readGpsvcFile';
import { readFixture, toCrlf } from './fixtures';

const VPN = 'gpsvc/gpsvc-msdocs-vpn-security-grps-restoring-vs-logging.txt';
const REPO = path.resolve(__dirname, '..', '..');

interface BuildOptions {
  outfile: string;
  plugins: { name: string }[];
}

/** dist/gpsvcWorker.js exactly as esbuild.mjs builds it, written to `dir`. */
async function buildWorker(dir: string): Promise<string> {
  const { bundles } = (await import(pathToFileURL(path.join(REPO, 'esbuild.mjs')).href)) as { bundles: (o: { production: boolean }) => BuildOptions[] };
  const worker = bundles({ production: true }).find((b) => b.outfile === 'dist/gpsvcWorker.js');
  assert.ok(worker, 'esbuild.mjs builds dist/gpsvcWorker.js');
  const outfile = path.join(dir, 'gpsvcWorker.js');
  await esbuild.build({ ...(worker as esbuild.BuildOptions), plugins: [], absWorkingDir: REPO, logLevel: 'error', outfile });
  return outfile;
}

describe('GPSVC summary on a worker thread', function () {
  this.timeout(60_000);
  let dir: string;
  let workerScript: string;
  let bigLog: string;
  before(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tti-gpsvc-worker-'));
    workerScript = await buildWorker(dir);
    bigLog = path.join(dir, 'big.log');
    execFileSync(process.execPath, [path.join(REPO, 'scripts', 'gen-gpsvc.mjs'), '--size', '24MB', '--seed', '11', '--out', bigLog]);
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('gives the same summary as reading on this thread (real sample, UTF-16LE with BOM, CRLF)', async () => {
    const file = path.join(dir, 'vpn.log');
    fs.writeFileSync(file, encode(toCrlf(readFixture(VPN)).repeat(300), 'utf16le', true));
    const here = await summarizeGpsvcFile(file);
    const there = await summarizeGpsvcFileInWorker(file, { workerScript });
    assert.deepEqual(there, here);
    assert.equal(there.groupRefreshes.length, 600);
    assert.deepEqual(there.groupRefreshes.slice(0, 2).map((g) => [g.outcome, g.line]), [['old', 1], ['new', 5]]);
  });

  it('passes the summarizer options and reports progress up to the file size (24 MB generated log)', async () => {
    const total = fs.statSync(bigLog).size;
    const seen: number[] = [];
    const there = await summarizeGpsvcFileInWorker(bigLog, { workerScript, maxEvents: 7, onProgress: (n, t) => (assert.equal(t, total), seen.push(n)) });
    const here = await summarizeGpsvcFile(bigLog, { maxEvents: 7 });
    assert.deepEqual(there, here);
    assert.equal(there.events.length, 7);
    assert.ok(there.truncatedEvents > 100, `truncated ${there.truncatedEvents}`);
    assert.ok(seen.length >= 3, `progress reports: ${seen.join(', ')}`);
    assert.deepEqual([...seen].sort((a, b) => a - b), seen, 'progress only grows');
    assert.equal(seen.at(-1), total);
  });

  it('stops the worker when aborted, before or while it reads', async () => {
    const before = new AbortController();
    before.abort();
    await assert.rejects(summarizeGpsvcFileInWorker(bigLog, { workerScript, signal: before.signal }), { name: 'AbortError' });
    const during = new AbortController();
    let calls = 0;
    await assert.rejects(
      summarizeGpsvcFileInWorker(bigLog, {
        workerScript,
        signal: during.signal,
        onProgress: (n, total) => {
          calls++;
          assert.ok(n < total, 'aborted before the end');
          during.abort();
        },
      }),
      { name: 'AbortError' },
    );
    assert.equal(calls, 1);
  });

  it('rejects with the reason when the worker cannot read the file or is missing', async () => {
    await assert.rejects(summarizeGpsvcFileInWorker(dir, { workerScript }), /EISDIR/);
    await assert.rejects(summarizeGpsvcFileInWorker(bigLog, { workerScript: path.join(dir, 'absent.js') }), /GPSVC worker is missing: .*absent\.js/);
  });
});
