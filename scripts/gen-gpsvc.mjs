#!/usr/bin/env node
/**
 * Writes a large, deterministic GPSVC debug log for benchmarks and streaming tests.
 *
 *   node scripts/gen-gpsvc.mjs --size 200MB --out bench/.data/gpsvc-200mb.log [--seed 42]
 *        [--encoding utf16le|utf8] [--no-bom] [--lf] [--groups-rate 5000] [--notable-rate 400]
 *
 * Message shapes come from the real samples in test/fixtures/gpsvc (read at run time); pids,
 * tids, times and GUIDs vary. Like a real gpsvc.log the default output is UTF-16LE with a BOM
 * and CRLF line ends. The log starts undated and switches to the dated prefix of late-2025
 * Windows 11 builds at 60 % of the size, like a machine that got the update mid-log.
 * The last stdout line is JSON with the exact counts written, for checking summarizers.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const FIXTURES = path.resolve(here, '..', 'test', 'fixtures', 'gpsvc');

const GROUPS_OLD = 'CSessionLogger::Log: restoring old security grps';
const GROUPS_NEW = 'CSessionLogger::Log: logging new security grps';

function usage(message) {
  if (message) {
    process.stderr.write(`gen-gpsvc: ${message}\n`);
  }
  process.stderr.write(
    'usage: node scripts/gen-gpsvc.mjs --size 200MB [--out FILE] [--seed 42] [--encoding utf16le|utf8] [--no-bom] [--lf] [--groups-rate N] [--notable-rate N]\n',
  );
  process.exit(2);
}

function parseSize(text) {
  const m = /^(\d+(?:\.\d+)?)\s*(b|kb?|mb?|gb?|kib|mib|gib)?$/i.exec(String(text).trim());
  if (!m) {
    usage(`bad size: ${text}`);
  }
  const unit = (m[2] ?? 'b').toLowerCase()[0];
  const mult = unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1;
  return Math.round(Number(m[1]) * mult);
}

function parseArgs(argv) {
  const opts = { size: undefined, out: undefined, seed: 42, encoding: 'utf16le', bom: true, crlf: true, groupsRate: 5000, notableRate: 400 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = () => {
      if (i + 1 >= argv.length) {
        usage(`${a} needs a value`);
      }
      return argv[++i];
    };
    if (a === '--size') {
      opts.size = parseSize(next());
    } else if (a === '--out') {
      opts.out = next();
    } else if (a === '--seed') {
      opts.seed = Number(next()) >>> 0;
    } else if (a === '--encoding') {
      const e = next().toLowerCase().replace('-', '');
      if (e !== 'utf16le' && e !== 'utf8') {
        usage(`unsupported encoding: ${e}`);
      }
      opts.encoding = e;
    } else if (a === '--no-bom') {
      opts.bom = false;
    } else if (a === '--lf') {
      opts.crlf = false;
    } else if (a === '--groups-rate') {
      opts.groupsRate = Math.max(1, Number(next()) | 0);
    } else if (a === '--notable-rate') {
      opts.notableRate = Math.max(1, Number(next()) | 0);
    } else if (a === '--help' || a === '-h') {
      usage();
    } else {
      usage(`unknown argument: ${a}`);
    }
  }
  if (!opts.size) {
    usage('--size is required');
  }
  opts.out ??= path.join('bench', '.data', `gpsvc-${String(argv[argv.indexOf('--size') + 1]).toLowerCase()}.log`);
  return opts;
}

/** mulberry32: small, fast, seedable; the same seed always gives the same file. */
function prng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const PREFIX = /^\s*(?:>\s*)*GPSVC\(([0-9a-f]+)\.([0-9a-f]+)\)\s+(?:\d{4}-\d{2}-\d{2}\s+)?(?:\S+:\S+:\S+:\S+|<[^>]*>)?\s*/i;
/**
 * Failures and connectivity markers: the samples are excerpts chosen for them, a real log is
 * mostly routine lines, so these are written at a low rate (--notable-rate).
 */
const NOTABLE = /fail|not ready|no connectivity|(?:status|error|returned)[ \t]*[=:,]?[ \t]*0x0*[1-9a-f]/i;
const GUID = /\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\}/gi;

/** Message templates: every log line of the samples, prefix removed; prose and group markers left out. */
function loadTemplates() {
  const ordinary = [];
  const notable = [];
  for (const file of fs.readdirSync(FIXTURES).sort()) {
    if (file.endsWith('.md')) {
      continue;
    }
    const text = fs.readFileSync(path.join(FIXTURES, file), 'utf8');
    for (const raw of text.split(/\r?\n/)) {
      const line = raw.replace(/^\s*(?:>\s?)+/, '').trimEnd();
      if (line === '' || line.includes('`')) {
        continue; // blank or documentation prose around the excerpt
      }
      const message = line.replace(PREFIX, '');
      if (/security grps/i.test(message)) {
        continue; // written at a known rate instead
      }
      (NOTABLE.test(message) ? notable : ordinary).push(message);
    }
  }
  if (ordinary.length === 0 || notable.length === 0) {
    throw new Error(`not enough GPSVC samples found in ${FIXTURES}`);
  }
  return { ordinary, notable };
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const rand = prng(opts.seed);
  const int = (n) => Math.floor(rand() * n);
  const hex = (min, max) => (min + int(max - min)).toString(16);
  const { ordinary, notable } = loadTemplates();
  const eol = opts.crlf ? '\r\n' : '\n';
  const bytesPerChar = opts.encoding === 'utf16le' ? 2 : 1; // templates are ASCII

  // A handful of long-lived service processes plus short-lived client processes.
  const processes = [];
  const newProcess = () => {
    const threads = [];
    const nThreads = 2 + int(12);
    for (let t = 0; t < nThreads; t++) {
      threads.push(hex(0x100, 0x3fff));
    }
    return { pid: hex(0x200, 0x3fff), threads };
  };
  for (let p = 0; p < 6; p++) {
    processes.push(newProcess());
  }

  fs.mkdirSync(path.dirname(path.resolve(opts.out)), { recursive: true });
  const fd = fs.openSync(opts.out, 'w');
  let bytes = 0;
  const writeText = (text) => {
    const buf = Buffer.from(text, opts.encoding === 'utf16le' ? 'utf16le' : 'utf8');
    fs.writeSync(fd, buf);
    bytes += buf.length;
  };
  if (opts.bom) {
    writeText('\ufeff');
  }

  const datedFrom = Math.floor(opts.size * 0.6);
  let ms = (6 * 3600 + int(3600)) * 1000; // clock starts in the early morning
  let day = Date.UTC(2025, 10, 17);
  const pad = (n, w) => String(n).padStart(w, '0');
  const counts = { records: 0, groupsOld: 0, groupsNew: 0, notable: 0, dated: 0, firstGroupLine: null };
  const pids = new Set();
  let batch = '';
  let batchBytes = 0;
  let line = 0;

  while (bytes + batchBytes < opts.size) {
    // A run: one thread writes several lines in a row, as in real logs.
    if (rand() < 0.002) {
      processes[int(processes.length)] = newProcess(); // a process restarts: new pid
    }
    const proc = processes[rand() < 0.85 ? int(3) : int(processes.length)];
    const tid = proc.threads[int(proc.threads.length)];
    pids.add(proc.pid);
    const runLength = 1 + Math.floor(-Math.log(1 - rand()) * 12);
    let templateIndex = int(ordinary.length);
    for (let r = 0; r < runLength && bytes + batchBytes < opts.size; r++) {
      ms += rand() < 0.97 ? int(4) : int(20000);
      if (ms >= 86_400_000) {
        ms -= 86_400_000;
        day += 86_400_000;
      }
      const time = `${pad(Math.floor(ms / 3_600_000), 2)}:${pad(Math.floor(ms / 60_000) % 60, 2)}:${pad(Math.floor(ms / 1000) % 60, 2)}:${pad(ms % 1000, 3)}`;
      const dated = bytes + batchBytes >= datedFrom;
      const stamp = dated ? `${new Date(day).toISOString().slice(0, 10)} ${time}` : time;
      let message;
      const roll = int(opts.groupsRate);
      if (roll === 0) {
        message = GROUPS_OLD;
        counts.groupsOld++;
      } else if (roll === 1) {
        message = GROUPS_NEW;
        counts.groupsNew++;
      } else if (int(opts.notableRate) === 0) {
        message = notable[int(notable.length)];
        counts.notable++;
      } else {
        // Mostly walk the templates in order (real sequences), sometimes jump.
        templateIndex = rand() < 0.8 ? (templateIndex + 1) % ordinary.length : int(ordinary.length);
        message = ordinary[templateIndex];
        if (message.includes('{')) {
          message = message.replace(GUID, () => `{${guid()}}`);
        }
      }
      line++;
      if ((roll === 0 || roll === 1) && counts.firstGroupLine === null) {
        counts.firstGroupLine = line;
      }
      const text = `GPSVC(${proc.pid}.${tid}) ${stamp} ${message}${eol}`;
      counts.records++;
      if (dated) {
        counts.dated++;
      }
      batch += text;
      batchBytes += text.length * bytesPerChar;
      if (batchBytes >= 1 << 20) {
        writeText(batch);
        batch = '';
        batchBytes = 0;
      }
    }
  }
  if (batch !== '') {
    writeText(batch);
  }
  fs.closeSync(fd);

  function guid() {
    const h = (n) => {
      let s = '';
      for (let i = 0; i < n; i++) {
        s += '0123456789ABCDEF'[int(16)];
      }
      return s;
    };
    return `${h(8)}-${h(4)}-${h(4)}-${h(4)}-${h(12)}`;
  }

  process.stdout.write(
    JSON.stringify({
      out: opts.out,
      bytes,
      encoding: opts.encoding,
      bom: opts.bom,
      crlf: opts.crlf,
      seed: opts.seed,
      records: counts.records,
      lines: counts.records,
      'groups-old': counts.groupsOld,
      'groups-new': counts.groupsNew,
      notableRecords: counts.notable,
      datedRecords: counts.dated,
      distinctPids: pids.size,
      firstGroupLine: counts.firstGroupLine,
    }) + '\n',
  );
}

main();
