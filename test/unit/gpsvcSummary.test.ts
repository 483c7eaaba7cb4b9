import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { encode } from '../../src/parse/encoding';
import { parseGpsvc } from '../../src/parse/gpsvc';
import type { GpsvcSummary } from '../../src/parse/gpsvcSummary';
import { GpsvcSummarizer, summarizeGpsvcText } from '../../src/parse/gpsvcSummary';
import { readGpsvcText, summarizeGpsvcFile } from '../../src/platform/readGpsvcFile';
import { listFixtures, readFixture, toCrlf } from './fixtures';

const VPN = 'gpsvc/gpsvc-msdocs-vpn-security-grps-restoring-vs-logging.txt';
const STARTUP = 'gpsvc/gpsvc-msdocs-startup-no-network-mixed-prefix-datetime-placeholder.txt';
const REPO = path.resolve(__dirname, '..', '..');

/** Every sample one after the other: quoting, placeholders, unprefixed lines, blank lines. */
function allSamples(): string {
  return listFixtures('gpsvc')
    .map((f) => readFixture(f))
    .join('\n');
}

function inChunks(text: string, size: number): GpsvcSummary {
  const s = new GpsvcSummarizer();
  for (let i = 0; i < text.length; i += size) {
    s.push(text.slice(i, i + size));
  }
  return s.end();
}

describe('gpsvc streaming summary (unit)', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tti-gpsvc-'));
  });
  after(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('summarizes the VPN sample: records, process, stale then refreshed group list', () => {
    const s = summarizeGpsvcText(readFixture(VPN));
    assert.equal(s.recordCount, 3);
    assert.equal(s.prefixedCount, 2);
    assert.equal(s.lineCount, 5);
    assert.deepEqual(s.processes, [{ pid: '231c', records: 2 }]);
    assert.deepEqual(s.groupRefreshes, [
      { line: 1, outcome: 'old', time: '11:56:10:651', date: null, pid: '231c', tid: '2d14' },
      { line: 5, outcome: 'new', time: '11:56:10:651', date: null, pid: '231c', tid: '2d14' },
    ]);
    assert.equal(s.eventCounts['groups-old'], 1);
    assert.equal(s.eventCounts['groups-new'], 1);
    assert.equal(s.firstTime, '11:56:10:651');
    assert.equal(s.lastTime, '11:56:10:651');
    assert.equal(s.truncatedEvents, 0);
  });

  it('skips placeholder times and counts unprefixed lines in the startup sample', () => {
    const s = summarizeGpsvcText(readFixture(STARTUP));
    assert.equal(s.recordCount, 17);
    assert.equal(s.prefixedCount, 2);
    assert.deepEqual(s.processes, [{ pid: '530', records: 2 }]);
    assert.equal(s.firstTime, null, '<DateTime> is not a time');
    assert.deepEqual(
      s.events.map((e) => [e.line, e.kind]),
      [
        [12, 'failure'],
        [14, 'failure'],
        [16, 'nla-not-ready'],
        [18, 'no-connectivity'],
      ],
    );
  });

  it('agrees with the whole-text parser on every sample', () => {
    for (const f of listFixtures('gpsvc')) {
      const text = readFixture(f);
      const whole = parseGpsvc(text).value;
      const s = summarizeGpsvcText(text);
      assert.equal(s.recordCount, whole.recordCount, f);
      assert.equal(s.prefixedCount, whole.prefixedCount, f);
      assert.deepEqual(
        s.processes,
        whole.processes.map((p) => ({ pid: p.pid, records: p.lines })),
        f,
      );
      assert.deepEqual(s.events, whole.events, f);
      assert.deepEqual(s.groupRefreshes, whole.groupRefreshes, f);
    }
  });

  it('gives the same summary for chunks of every size from 1 to 50, LF and CRLF', () => {
    for (const text of [allSamples(), toCrlf(allSamples())]) {
      const whole = summarizeGpsvcText(text);
      assert.equal(whole.eventCounts['groups-old'], 1);
      assert.equal(whole.prefixedCount, 2 + 2 + 0 + 2 + 10 + 22);
      for (let size = 1; size <= 50; size++) {
        assert.deepEqual(inChunks(text, size), whole, `chunk size ${size}`);
      }
    }
  });

  it('reads only the first maxLineLength characters of a giant line and counts it', () => {
    const line = readFixture(VPN).split('\n')[0];
    const text = `${line}\nGPSVC(1.2) 10:00:00:000 ${'x'.repeat(300_000)} failed with 5\n${line}\n`;
    const s = inChunks(text, 65_536);
    assert.equal(s.longLines, 1);
    assert.equal(s.recordCount, 3);
    assert.equal(s.eventCounts['groups-old'], 2);
    assert.deepEqual(
      s.groupRefreshes.map((g) => g.line),
      [1, 3],
    );
  });

  it('caps the events list and keeps exact counts', () => {
    const text = toCrlf(readFixture(VPN)).repeat(30);
    const s = summarizeGpsvcText(text, { maxEvents: 5, maxGroupRefreshes: 7 });
    assert.equal(s.events.length, 5);
    assert.equal(s.truncatedEvents, 55);
    assert.equal(s.groupRefreshes.length, 7);
    assert.equal(s.truncatedGroupRefreshes, 53);
    assert.equal(s.eventCounts['groups-old'] + s.eventCounts['groups-new'], 60);
    assert.equal(s.groupRefreshes[2].line, 6, 'the second copy starts after 5 lines, its CRLF ends included');
  });

  it('reads UTF-16LE with and without BOM, UTF-8 with BOM and CRLF from disk like the text', async () => {
    // Many copies with a small odd read size: reads split characters, CRLF and surrogate pairs.
    const text = toCrlf(allSamples().replace('MDM Policy', 'MDM Policy \u{1F512} é')).repeat(40);
    const expected = summarizeGpsvcText(text);
    assert.equal(expected.recordCount, 40 * (3 + 17 + 7 + 2 + 10 + 22));
    const variants: [string, Buffer][] = [
      ['utf16le-bom', encode(text, 'utf16le', true)],
      ['utf16le', encode(text, 'utf16le', false)],
      ['utf8-bom', encode(text, 'utf8', true)],
      ['utf8', encode(text, 'utf8', false)],
    ];
    for (const [name, bytes] of variants) {
      const file = path.join(dir, `${name}.log`);
      fs.writeFileSync(file, bytes);
      let last = 0;
      const got = await summarizeGpsvcFile(file, { chunkBytes: 4097, onProgress: (n, total) => (last = n === total ? n : last) });
      assert.deepEqual(got, expected, name);
      assert.equal(last, bytes.length, `${name}: progress reaches the file size`);
      assert.equal(await readGpsvcText(file), text, name);
    }
  });

  it('stops when aborted', async () => {
    const file = path.join(dir, 'abort.log');
    fs.writeFileSync(file, encode(toCrlf(readFixture(VPN)).repeat(5000), 'utf16le', true));
    const before = new AbortController();
    before.abort();
    await assert.rejects(summarizeGpsvcFile(file, { signal: before.signal }));
    const during = new AbortController();
    let calls = 0;
    await assert.rejects(
      summarizeGpsvcFile(file, {
        chunkBytes: 4096,
        signal: during.signal,
        onProgress: () => {
          calls++;
          during.abort();
        },
      }),
    );
    assert.equal(calls, 1);
  });

  it('matches the counts the generator printed for a 5 MB log (UTF-16LE and UTF-8)', async () => {
    for (const extra of [[], ['--encoding', 'utf8', '--no-bom', '--seed', '7']]) {
      const file = path.join(dir, `gen-${extra.length}.log`);
      const out = execFileSync(process.execPath, [path.join(REPO, 'scripts', 'gen-gpsvc.mjs'), '--size', '5MB', '--out', file, ...extra], {
        encoding: 'utf8',
      });
      const printed = JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, number>;
      assert.ok(printed.records > 20_000);
      const s = await summarizeGpsvcFile(file);
      assert.equal(s.recordCount, printed.records);
      assert.equal(s.prefixedCount, printed.records);
      assert.equal(s.lineCount, printed.lines);
      assert.equal(s.eventCounts['groups-old'], printed['groups-old']);
      assert.equal(s.eventCounts['groups-new'], printed['groups-new']);
      assert.equal(s.groupRefreshes.length, printed['groups-old'] + printed['groups-new']);
      assert.equal(s.groupRefreshes[0].line, printed.firstGroupLine);
      assert.equal(s.processes.length, printed.distinctPids);
      assert.ok(s.firstTime !== null && s.lastTime !== null && /^\d{4}-\d{2}-\d{2} /.test(s.lastTime), 'dated at the end');
    }
  });

  it('is not recognized and has no events for PAN-OS GlobalProtect\'s gpsvc.log, even read as UTF-16LE bytes', () => {
    const text = readFixture('extra/panos-globalprotect-gpsvc-log-json-line-cve-2024-3400-negative.txt');
    for (const s of [summarizeGpsvcText(text), summarizeBytes(encode(text, 'utf16le', true))]) {
      assert.equal(s.recognized, false);
      assert.equal(s.recordCount, 1);
      assert.equal(s.prefixedCount, 0);
      assert.equal(s.eventCounts.failure, 0);
      assert.deepEqual(s.events, []);
      assert.equal(s.truncatedEvents, 0);
    }
  });

  it('recognizes prefixed logs and unprefixed excerpts (their failures kept)', () => {
    assert.equal(summarizeGpsvcText(readFixture(VPN)).recognized, true);
    for (const f of ['gpsvc/gpsvc-msdocs-mdm-policy-unprefixed-lines.txt', 'extra/gpsvc-msdocs-mdm-policy-blockquote-bold-2020.txt']) {
      for (const s of [summarizeGpsvcText(readFixture(f)), summarizeBytes(encode(readFixture(f), 'utf16le', false))]) {
        assert.equal(s.recognized, true, f);
        assert.equal(s.prefixedCount, 0, f);
        assert.equal(s.eventCounts.failure, 2, f);
        assert.deepEqual(s.events.map((e) => [e.line, e.status]), [[5, '0x8018000a'], [7, '0x8018000a']], f);
      }
    }
  });
});

describe('gpsvc streaming summary: processing rounds in UTF-16LE bytes', () => {
  // No real sample has the start and end lines of a processing round: these are derived from the
  // real dated Windows 11 line (GPSVC(188c.25d8) ... ProcessGPOs(Machine): ...) with the marker
  // texts classifyGpsvcMessage knows. Mid-stream lines of one thread: the byte scanner judges them
  // from its kernel's keyword hits, not in the line path a thread's first line takes.
  const round = [
    'GPSVC(188c.25d8) 2026-01-30 11:13:17:216 ProcessGPOs(Machine): Get 2 GPOs to process.',
    'GPSVC(188c.25d8) 2026-01-30 11:13:17:217 ProcessGPOs(Machine): Background processing.',
    'GPSVC(188c.25d8) 2026-01-30 11:13:17:218 ProcessGPOs(Machine): Processing extension Registry',
    'GPSVC(188c.25d8) 2026-01-30 11:13:17:219 ProcessGPOs(MACHINE) :  --------------------------',
    'GPSVC(188c.25d8) 2026-01-30 11:13:17:220 ProcessGPOs(Machine): Leaving with 0.',
    'GPSVC(188c.25d8) 2026-01-30 11:13:17:221 ProcessGPOs(User): Computer group policy has been applied.',
    'GPSVC(188c.25d8) 2026-01-30 11:13:17:222 ProcessGPOs(User): User group policy has been applied.',
    'GPSVC(188c.25d8) 2026-01-30 11:13:17:223 ProcessGPOs(User): Startup scripts',
    'GPSVC(188c.25d8) 2026-01-30 11:13:17:224 ProcessGPOs(User):Starting user policy',
    '',
  ].join('\r\n');

  it('finds the same starts and ends as the text path', () => {
    const text = summarizeGpsvcText(round);
    assert.deepEqual(
      text.events.map((e) => [e.line, e.kind, e.scope]),
      [
        [2, 'processing-start', 'Machine'],
        [5, 'processing-end', 'Machine'],
        [6, 'processing-end', 'User'],
        [7, 'processing-end', 'User'],
        [9, 'processing-start', 'User'],
      ],
    );
    assert.deepEqual(summarizeBytes(encode(round, 'utf16le', true)), text);
    const repeated = round.repeat(50);
    assert.deepEqual(summarizeBytes(encode(repeated, 'utf16le', false)), summarizeGpsvcText(repeated));
  });
});

function summarizeBytes(bytes: Uint8Array): GpsvcSummary {
  const s = new GpsvcSummarizer();
  s.pushUtf16le(bytes);
  return s.end();
}
