/**
 * node bench/verify-gpsvc.cjs <lib.cjs> [--no-wasm]: differential check of the GPSVC summarizer.
 * 300 random texts (corpus samples, slices of the generated log, long lines, CR/LF mixes, lone
 * surrogates, odd byte counts, BOM or not) fed as UTF-16LE bytes in random splits (in place and
 * copied) must give exactly the summary of the text path. Prints `ok N` or the first difference.
 */
'use strict';
if (process.argv.includes('--no-wasm')) {
  delete globalThis.WebAssembly; // the summarizer must fall back to decoding
}
const fs = require('node:fs');
const path = require('node:path');
const { GpsvcSummarizer, summarizeGpsvcText } = require(process.argv[2]);
const assert = require('node:assert/strict');
const dir = path.join(__dirname, '..', 'test', 'fixtures', 'gpsvc');
const samples = fs.readdirSync(dir).filter((f) => !f.endsWith('.md')).map((f) => fs.readFileSync(path.join(dir, f), 'utf8'));
let seed = 1;
const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
const gen = fs.readFileSync(path.join(__dirname, '.data', 'gpsvc-200mb.log')).subarray(2, 2 + 3_000_000).toString('utf16le');
let cases = 0;
for (let iter = 0; iter < 300; iter++) {
  // Build a text: samples, generated lines, odd variants (long lines, CR only, lone surrogates, blank, quoted).
  const parts = [];
  const n = 1 + Math.floor(rnd() * 30);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    if (r < 0.3) parts.push(samples[Math.floor(rnd() * samples.length)]);
    else if (r < 0.6) { const a = Math.floor(rnd() * (gen.length - 20000)); parts.push(gen.slice(a, a + Math.floor(rnd() * 20000))); }
    else if (r < 0.65) parts.push('GPSVC(1a.2b) 10:00:00:000 ' + 'x'.repeat(Math.floor(rnd() * 3000)) + ' failed with 5');
    else if (r < 0.7) parts.push('  > GPSVC(3.4) <DateTime> Status = 0x0000005\r\n\r\n   \n');
    else if (r < 0.75) parts.push('GPSVC(5.6) 2026-01-01 10:00:00:000 \ud83d x \udd12 Extension Foo returned 0x8018000a\r\n');
    else if (r < 0.8) parts.push('GPSVC(5.6)\r\nGPSVC(5.6\r\ngpsvc(7.8) 1:2:3:4 ProcessGPOs(User): Background processing.\r\nGPSVC(12345678901234567.1) x\r\n');
    else if (r < 0.85) parts.push('ProcessGPOs(Machine): ----- \r\nGPSVC(9.a) 11:11:11:111 NlaGetIntranetCapability returned Not Ready error\n');
    else if (r < 0.9) parts.push('GPSVC(9.a) 11:11:11:112 ProcessGPOs(Machine): Background processing.\r\nGPSVC(9.a) 11:11:11:113 ProcessGPOs(Machine): Processing extension Registry\r\nGPSVC(9.a) 11:11:11:114 ProcessGPOs(user) : Leaving with 0.\r\nGPSVC(9.a) 11:11:11:115 ProcessGPOs(User): -----\r\nGPSVC(9.a) 11:11:11:116 There is no connectivity.\n');
    else parts.push('GPSVC(ab.cd) 09:09:09:009 CSessionLogger::Log: restoring old security grps\r\nGPSVC(ab.cd) hh:mm:ss:mmm There is No Connectivity\r\n');
  }
  let text = parts.join(rnd() < 0.5 ? '\n' : '\r\n');
  if (rnd() < 0.3) text = text.replace(/\r?\n/g, '\r\n');
  const maxLineLength = rnd() < 0.3 ? 256 + Math.floor(rnd() * 2000) : undefined;
  const opts = maxLineLength ? { maxLineLength } : {};
  const expected = summarizeGpsvcText(text, opts);
  const bytes = Buffer.concat([rnd() < 0.5 ? Buffer.from([0xff, 0xfe]) : Buffer.alloc(0), Buffer.from(text, 'utf16le'), rnd() < 0.2 ? Buffer.from([0x41]) : Buffer.alloc(0)]);
  const odd = bytes.length % 2 === 1;
  const exp = odd ? summarizeGpsvcText(text + '\ufffd', opts) : expected;
  // Feed: in-place read buffers of random size, or foreign buffers of random (odd) sizes.
  const s = new GpsvcSummarizer(opts);
  const useSlots = rnd() < 0.5;
  const size = 4096 + 2 * Math.floor(rnd() * 40000);
  const slots = useSlots ? s.utf16leReadBuffers(2, size) : null;
  let at = 0, cur = 0;
  while (at < bytes.length) {
    const len = Math.min(bytes.length - at, useSlots ? size : 1 + Math.floor(rnd() * 50000));
    if (useSlots) { const b = slots[cur]; b.set(bytes.subarray(at, at + len)); s.pushUtf16le(b.subarray(0, len)); cur = 1 - cur; }
    else s.pushUtf16le(bytes.subarray(at, at + len));
    at += len;
  }
  const got = s.end();
  if (JSON.stringify(got) !== JSON.stringify(exp)) { console.log("FAIL", iter, {useSlots, size, len: bytes.length, odd, maxLineLength, first: got.lineCount, exp: exp.lineCount}); process.exit(1); }
  cases++;
}
console.log('ok', cases);
