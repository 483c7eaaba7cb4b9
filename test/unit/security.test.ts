/**
 * Security properties that cut across layers: no shell anywhere, validated arguments, and no
 * Kerberos key material or ticket blobs in any output (parse JSON, evidence, exports, reports).
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../../src/cli/main';
import { sourceFromEvidence } from '../../src/model/evidence';
import { sessionToMarkdown } from '../../src/model/present';
import { InvalidArgumentError, applyToolPaths, gpupdate, unix, validateCacheName, validateLogonId, validateSpn, windows } from '../../src/platform/commands';
import { elevatedLaunchArgs } from '../../src/platform/elevated';
import { readFixture } from './fixtures';

const SRC = path.resolve(__dirname, '..', '..', 'src');
const PATHS = { systemRoot: 'C:\\Windows', wow64: false };

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(path.join(dir, e.name)) : e.name.endsWith('.ts') ? [path.join(dir, e.name)] : []));
}

describe('no shell, one process seam (unit)', () => {
  const files = sourceFiles(SRC).map((f) => ({ f, text: fs.readFileSync(f, 'utf8') }));

  it('never asks for a shell or runs a command string', () => {
    const offenders = files.filter(({ text }) => /shell\s*:\s*true|child_process['"]\)?\.exec\(|\bexecSync\(|\bexec\(\s*['"`]/.test(text)).map(({ f }) => path.relative(SRC, f));
    assert.deepEqual(offenders, []);
  });

  it('starts processes in one file only: src/platform/spawnRunner.ts', () => {
    const starters = files.filter(({ text }) => /from ['"](?:node:)?child_process['"]|require\(['"](?:node:)?child_process['"]\)|import\(['"](?:execa|(?:node:)?child_process)['"]\)/.test(text)).map(({ f }) => path.relative(SRC, f));
    assert.deepEqual(starters, [path.join('platform', 'spawnRunner.ts')]);
  });

  it('keeps vscode out of the parsers and the model', () => {
    const offenders = files.filter(({ f, text }) => /from ['"]vscode['"]/.test(text) && /[\\/](parse|model|platform|cli)[\\/]/.test(f)).map(({ f }) => path.relative(SRC, f));
    assert.deepEqual(offenders, []);
  });
});

describe('validated arguments (unit)', () => {
  it('accepts logon ids only as 0x + 1-16 hex digits', () => {
    assert.equal(validateLogonId('0x3E7'), '0x3e7');
    for (const bad of ['3e7', '0x', '0x3e7 purge', '0x3e7;calc', '-li', '0x12345678901234567', '0x3e7\n']) {
      assert.throws(() => validateLogonId(bad), InvalidArgumentError, bad);
    }
  });

  it('passes a logon id as its own argument', () => {
    assert.deepEqual(windows.klistPurge(PATHS, '0x3e7').args, ['-li', '0x3e7', 'purge']);
    assert.throws(() => windows.klistPurge(PATHS, '0x3e7 & calc'), InvalidArgumentError);
  });

  it('accepts SPNs and account names without spaces, quotes or a leading dash', () => {
    assert.equal(validateSpn('cifs/files04.corp.com'), 'cifs/files04.corp.com');
    assert.equal(validateSpn('LDAP/dc01.test.local'), 'LDAP/dc01.test.local');
    assert.equal(validateSpn('HTTP/localhost@TEST.LOCAL'), 'HTTP/localhost@TEST.LOCAL');
    // klist get also takes an account name: Microsoft's Seamless SSO check is `klist get AZUREADSSOACC`.
    assert.equal(validateSpn('AZUREADSSOACC'), 'AZUREADSSOACC');
    assert.equal(validateSpn('PC01$@CONTOSO.COM'), 'PC01$@CONTOSO.COM');
    for (const bad of ['-li', 'cifs/x y', 'cifs/"x"', '/cifs', 'a@b@c', 'cifs/x;rm', 'x&calc', '']) {
      assert.throws(() => validateSpn(bad), InvalidArgumentError, bad);
    }
    assert.deepEqual(windows.klistGet(PATHS, 'cifs/files04').args, ['get', 'cifs/files04']);
  });

  it('accepts cache names of known types only', () => {
    assert.equal(validateCacheName('DIR::/tmp/x/tkt'), 'DIR::/tmp/x/tkt');
    assert.equal(validateCacheName('KCM:1000'), 'KCM:1000');
    for (const bad of ['-A', 'x', 'FILE:/tmp/a\nb']) {
      assert.throws(() => validateCacheName(bad), InvalidArgumentError, bad);
    }
    assert.deepEqual(unix.kdestroy('FILE:/tmp/krb5cc_1000').args, ['-c', 'FILE:/tmp/krb5cc_1000']);
  });

  it('builds gpupdate arguments and a timeout that follows /wait', () => {
    assert.deepEqual(gpupdate(PATHS, { target: 'user', force: true, wait: 30 }), { command: 'C:\\Windows\\System32\\gpupdate.exe', args: ['/target:user', '/force', '/wait:30'], timeoutMs: 150_000 });
    assert.deepEqual(gpupdate(PATHS, { target: 'both', force: false, logoff: true, boot: true }).args, ['/logoff', '/boot']);
    assert.throws(() => gpupdate(PATHS, { target: 'both', force: false, wait: 1.5 }), InvalidArgumentError);
  });

  it('gives the elevated process only the fixed script and our own output path', () => {
    const args = elevatedLaunchArgs('C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', "C:\\Users\\O'Brien\\.vscode\\ext\\resources\\elevated-read.ps1", 'C:\\Users\\x\\AppData\\Local\\Temp\\tti-a1\\b2.txt');
    assert.deepEqual(args.slice(0, 5), ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-Command']);
    const command = args[5] ?? '';
    assert.match(command, /^Start-Process -FilePath 'C:\\Windows\\System32\\WindowsPowerShell\\v1\.0\\powershell\.exe' -Verb RunAs -Wait -WindowStyle Hidden -ArgumentList @\(/);
    assert.match(command, /'C:\\Users\\O''Brien\\\.vscode\\ext\\resources\\elevated-read\.ps1'/, 'single quotes doubled');
    assert.match(command, /'-OutFile','C:\\Users\\x\\AppData\\Local\\Temp\\tti-a1\\b2\.txt'\)$/);
  });
});

describe('never any session key or ticket blob in an output (unit)', () => {
  // The sample's key is zeroed (non-admin); give it a recognisable key to prove it is dropped.
  const KEY = '5a 17 c3 9e 42 b0 6d 81 f4 2e 77 c9 0b 35 e8 a6 19 d2 64 bf 83 4c 0e 71 ad 92 5f 36 e0 c8 2b 97';
  const sample = readFixture('klist-windows/klist-tgt-non-admin-zeroed-key-hexdump.txt').replace(/KeyLength 32 - (?:00 ){31}00/, `KeyLength 32 - ${KEY}`);
  const BLOB = '84 a4 86 79 cb 3a';
  const forbidden = (text: string): string[] =>
    [KEY, KEY.replace(/ /g, ''), KEY.slice(0, 23), BLOB, BLOB.replace(/ /g, '')].filter((needle) => text.toLowerCase().includes(needle));

  it('the derived sample really holds the key (the test can fail)', () => {
    assert.ok(sample.includes(KEY));
    assert.ok(sample.includes(BLOB));
  });

  it('tti parse klist-tgt and auto print neither the key nor the ticket bytes', async () => {
    for (const kind of ['klist-tgt', 'auto']) {
      let out = '';
      const code = await main(['parse', kind], { stdout: (t) => (out += t), stderr: () => undefined, readStdin: () => Promise.resolve(Buffer.from(sample)) });
      assert.equal(code, 0);
      assert.deepEqual(forbidden(out), [], kind);
    }
  });

  it('imported evidence and its Markdown export hold no key material', () => {
    const source = sourceFromEvidence(`${readFixture('whoami/en-domain-user-whoami-all-htb-university.txt')}\n${sample}`, 'x');
    const all = JSON.stringify(source) + source.sessions.map(sessionToMarkdown).join('\n');
    assert.deepEqual(forbidden(all), []);
  });
});

describe('tool path overrides (unit)', () => {
  it('replace only the program of the matching tool', () => {
    const spec = windows.klistPurge(PATHS, '0x3e7');
    assert.deepEqual(applyToolPaths(spec, { klist: 'C:\\Tools\\klist.exe' }), { command: 'C:\\Tools\\klist.exe', args: ['-li', '0x3e7', 'purge'] });
    assert.deepEqual(applyToolPaths(spec, { whoami: 'C:\\Tools\\whoami.exe' }), spec);
    assert.deepEqual(applyToolPaths(spec, { klist: '  ' }), spec);
    assert.deepEqual(applyToolPaths(spec, undefined), spec);
  });
});
