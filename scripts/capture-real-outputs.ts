/**
 * Regenerates test/fixtures/real/: real outputs of MIT klist, Samba tokenGroups and Linux `id`
 * from the loopback test servers (test/kerberos/). Run as root on Debian/Ubuntu:
 *   npx tsx scripts/capture-real-outputs.ts
 * Only real tool output is written; a part this machine cannot run is skipped (and says so),
 * leaving that part's existing files alone.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SkipReason } from '../test/kerberos/ensurePackages';
import { createThrowawayUser, mustRun, processUid } from '../test/kerberos/linuxUser';
import type { RunResult } from '../test/kerberos/realm';
import { makeTempDir, sleep, startMitRealm } from '../test/kerberos/realm';
import { startSambaDc } from '../test/kerberos/samba';

const OUT = path.resolve(__dirname, '..', 'test', 'fixtures', 'real');

interface Row {
  file: string;
  command: string;
  env: string;
  exit: string;
  stream: 'stdout' | 'stderr';
}
const rows: Row[] = [];
const skipped: string[] = [];

function write(file: string, text: string, row: Omit<Row, 'file'>): void {
  fs.writeFileSync(path.join(OUT, file), text);
  rows.push({ file, ...row });
  console.log(`wrote ${file}`);
}

function capture(file: string, command: string, r: RunResult, env: string, stream: 'stdout' | 'stderr' = 'stdout'): void {
  write(file, stream === 'stdout' ? r.stdout : r.stderr, { command, env, exit: String(r.status), stream });
}

function version(pkg: string): string {
  const r = spawnSync('dpkg-query', ['-W', '-f=${Version}', pkg], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : 'not installed';
}

/**
 * Locales other than C are compiled into a temp dir (localedef + LOCPATH), so nothing in /etc
 * changes; absent when the locale sources (package `locales`) are not on the machine.
 */
function buildLocales(dir: string): { tag: string; lang: string; env: Record<string, string> }[] {
  const locales: { tag: string; lang: string; env: Record<string, string> }[] = [{ tag: 'c', lang: 'C', env: { LANG: 'C' } }];
  for (const [tag, name] of [['de-de', 'de_DE'], ['en-gb', 'en_GB']] as const) {
    const r = spawnSync('localedef', ['-i', name, '-f', 'UTF-8', path.join(dir, `${name}.UTF-8`)], { encoding: 'utf8' });
    if (r.status === 0) {
      locales.push({ tag, lang: `${name}.UTF-8`, env: { LANG: `${name}.UTF-8`, LOCPATH: dir } });
    } else {
      skipped.push(`${name}.UTF-8: localedef failed (${(r.error ? String(r.error) : r.stderr).trim().slice(0, 200)})`);
    }
  }
  return locales;
}

async function captureMit(): Promise<string> {
  const realm = await startMitRealm();
  const localeDir = makeTempDir('tti-locales-');
  try {
    realm.addPrincipal('alice', 'alice-Pw-1');
    realm.addPrincipal('bob', 'bob-Pw-2');
    realm.addPrincipal('HTTP/localhost', 'http-Pw-3');
    const file = `FILE:${path.join(realm.dir, 'alice.cc')}`;
    const kinit = realm.kinit('alice', 'alice-Pw-1', { ccache: file, renewable: '7d' });
    write('mit-testrealm-kinit-password-prompt-stdout.txt', kinit.stdout, { command: 'echo <pw> | kinit -r 7d alice', env: 'LANG=C', exit: '0', stream: 'stdout' });
    realm.kvno('HTTP/localhost', file);
    const collDir = path.join(realm.dir, 'collection');
    fs.mkdirSync(collDir);
    const coll = `DIR:${collDir}`;
    realm.kinit('alice', 'alice-Pw-1', { ccache: coll, renewable: '7d' });
    realm.kinit('bob', 'bob-Pw-2', { ccache: coll, renewable: '7d' });
    realm.kvno('HTTP/localhost', coll);
    const emptyDir = path.join(realm.dir, 'empty-collection');
    fs.mkdirSync(emptyDir);
    const gone = `FILE:${path.join(realm.dir, 'destroyed.cc')}`;
    realm.kinit('alice', 'alice-Pw-1', { ccache: gone });
    realm.run('kdestroy', [], { ccache: gone });

    for (const locale of buildLocales(localeDir)) {
      const env = { ...locale.env, LANGUAGE: '' };
      const label = `LANG=${locale.lang}`;
      const t = locale.tag;
      capture(`mit-testrealm-klist-file-tgt-and-service-${t}.txt`, 'klist', realm.run('klist', [], { ccache: file, env }), `${label}, KRB5CCNAME=${file}`);
      capture(`mit-testrealm-klist-f-e-file-tgt-and-service-${t}.txt`, 'klist -f -e', realm.run('klist', ['-f', '-e'], { ccache: file, env }), `${label}, KRB5CCNAME=${file}`);
      capture(`mit-testrealm-klist-l-dir-collection-2-principals-${t}.txt`, 'klist -l', realm.run('klist', ['-l'], { ccache: coll, env }), `${label}, KRB5CCNAME=${coll}`);
      capture(`mit-testrealm-klist-A-dir-collection-2-principals-${t}.txt`, 'klist -A', realm.run('klist', ['-A'], { ccache: coll, env }), `${label}, KRB5CCNAME=${coll}`);
      capture(`mit-testrealm-klist-A-f-e-dir-collection-2-principals-${t}.txt`, 'klist -A -f -e', realm.run('klist', ['-A', '-f', '-e'], { ccache: coll, env }), `${label}, KRB5CCNAME=${coll}`);
      capture(`mit-testrealm-klist-l-empty-dir-collection-${t}.txt`, 'klist -l', realm.run('klist', ['-l'], { ccache: `DIR:${emptyDir}`, env }), `${label}, KRB5CCNAME=DIR:${emptyDir}`);
      capture(`mit-testrealm-klist-after-kdestroy-stderr-${t}.txt`, 'kdestroy; klist', realm.run('klist', [], { ccache: gone, env }), `${label}, KRB5CCNAME=${gone}`, 'stderr');
    }
    const v = realm.run('klist', ['-V']);
    return v.stdout.trim();
  } finally {
    await realm.stop();
    fs.rmSync(localeDir, { recursive: true, force: true });
  }
}

async function captureSamba(): Promise<void> {
  const dc = await startSambaDc();
  try {
    await dc.createUser('ttiuser', 'Ttiuser-Pw-1');
    await dc.addGroup('g1');
    await dc.addGroup('g2');
    await dc.addMembers('g1', ['ttiuser']);
    await dc.addMembers('g2', ['g1']);
    const pwFile = path.join(dc.dir, 'admin.pw');
    const ldapEnv = { LDAPCONF: path.join(dc.dir, 'ldap.conf'), LDAPRC: path.join(dc.dir, 'no-ldaprc'), HOME: dc.dir };
    const ldaps = dc.run('ldapsearch', ['-LLL', '-x', '-H', 'ldaps://127.0.0.1', '-D', 'Administrator@samdom.test', '-y', pwFile, '-b', dc.userDn('ttiuser'), '-s', 'base', 'objectSid', 'tokenGroups'], { env: ldapEnv });
    capture('samba-testdc-ldapsearch-ldaps-tokengroups-base64.ldif', `ldapsearch -LLL -x -H ldaps://127.0.0.1 -D Administrator@samdom.test -y <pwfile> -b ${dc.userDn('ttiuser')} -s base objectSid tokenGroups`, ldaps, 'LDAPCONF with TLS_REQCERT never');
    const sam = path.join(dc.dir, 'dc', 'private', 'sam.ldb');
    const ldb = dc.run('ldbsearch', ['-s', 'base', '-H', sam, '-b', dc.userDn('ttiuser'), 'objectSid', 'tokenGroups']);
    capture('samba-testdc-ldbsearch-sam-ldb-tokengroups-strings.ldif', `ldbsearch -s base -H <dir>/private/sam.ldb -b ${dc.userDn('ttiuser')} objectSid tokenGroups`, ldb, 'LANG=C');
    const cc = `FILE:${path.join(dc.dir, 'user.cc')}`;
    dc.kinit('ttiuser', 'Ttiuser-Pw-1', cc);
    capture('samba-testdc-klist-f-e-user-tgt-c.txt', 'klist -f -e', dc.run('klist', ['-f', '-e'], { ccache: cc }), `LANG=C, KRB5CCNAME=${cc}`);
  } finally {
    await dc.stop();
  }
}

async function captureLinuxId(): Promise<void> {
  const account = createThrowawayUser({ user: 'ttiucap', group: 'ttigcap' });
  try {
    capture('linux-id-root-c.txt', 'id', { status: 0, stdout: mustRun('id', []), stderr: '' }, 'LANG=C, as root');
    capture('linux-id-throwaway-user-before-usermod-c.txt', 'id ttiucap', { status: 0, stdout: mustRun('id', [account.user]), stderr: '' }, 'LANG=C');
    // `id` run later by a process that started before the change: the stale groups, in-process.
    const old = account.start(process.execPath, ['-e', "setTimeout(() => process.stdout.write(require('child_process').execFileSync('id')), 1500)"]);
    let oldOut = '';
    old.stdout?.on('data', (d: Buffer) => {
      oldOut += d.toString('utf8');
    });
    const exited = new Promise<number | null>((resolve) => old.on('exit', resolve));
    const deadline = Date.now() + 5000;
    while (old.pid === undefined || processUid(old.pid) !== account.uid) {
      if (Date.now() > deadline) {
        throw new Error('the old process never switched to the throwaway user');
      }
      await sleep(20);
    }
    account.addToGroup();
    const code = await exited;
    capture('linux-id-in-process-started-before-usermod-c.txt', 'id (inside a process started as ttiucap before usermod -aG ttigcap ttiucap)', { status: code, stdout: oldOut, stderr: '' }, 'LANG=C');
    capture('linux-id-Gn-throwaway-user-after-usermod-c.txt', 'id -Gn ttiucap', { status: 0, stdout: mustRun('id', ['-Gn', account.user]), stderr: '' }, 'LANG=C');
    capture('linux-id-throwaway-user-after-usermod-c.txt', 'id ttiucap', { status: 0, stdout: mustRun('id', [account.user]), stderr: '' }, 'LANG=C');
    capture('linux-id-in-process-started-after-usermod-c.txt', 'id (setpriv --init-groups as ttiucap after usermod)', { status: 0, stdout: account.run('id', []), stderr: '' }, 'LANG=C');
  } finally {
    account.remove();
  }
}

async function part(name: string, fn: () => Promise<unknown>): Promise<void> {
  try {
    await fn();
  } catch (error) {
    if (error instanceof SkipReason) {
      skipped.push(`${name}: ${error.message}`);
      console.warn(`SKIPPED ${name} (${error.message})`);
      return;
    }
    throw error;
  }
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  let klistVersion = '';
  await part('MIT Kerberos', async () => {
    klistVersion = await captureMit();
  });
  await part('Samba AD DC', captureSamba);
  await part('Linux id', captureLinuxId);

  const readme = [
    '# Real outputs from the loopback test servers',
    '',
    'Captured by `npx tsx scripts/capture-real-outputs.ts` (as root) from the servers in `test/kerberos/`:',
    'an MIT KDC for realm `TEST.LOCAL` on a random 127.0.0.1 port (principals alice, bob,',
    '`HTTP/localhost`), a Samba AD DC for `SAMDOM.TEST` on 127.0.0.1 (user ttiuser in g1, g1 in g2),',
    'and a throwaway system user `ttiucap` with group `ttigcap`. Nothing here is edited: every file is',
    'exactly what the tool wrote to the stream named below. Paths in them are the temp dirs of that run.',
    'Locales other than C were compiled with `localedef` into a temp dir and used through `LOCPATH`.',
    '',
    `- Captured: ${new Date().toISOString()} on ${fs.readFileSync('/etc/debian_version', 'utf8').trim() ? `Debian ${fs.readFileSync('/etc/debian_version', 'utf8').trim()}` : 'Linux'}`,
    `- MIT krb5: krb5-user ${version('krb5-user')}, krb5-kdc ${version('krb5-kdc')}${klistVersion ? ` (\`klist -V\`: ${klistVersion})` : ''}`,
    `- Samba: samba ${version('samba')}, ldap-utils ${version('ldap-utils')}, ldb-tools ${version('ldb-tools')}`,
    `- coreutils (id): ${version('coreutils')}, util-linux (setpriv): ${version('util-linux')}, passwd (useradd): ${version('passwd')}`,
    '',
    'What these captures show (krb5 1.20.1, glibc 2.36; check again after regenerating):',
    '',
    '- `de_DE.UTF-8`: klist translates its labels (`Ticketzwischenspeicher:`, `Standard-Principal:`,',
    '  `erneuern bis`, `Schalter:`, `Etype (Skey, TKT)`) but not the column header (`Valid starting`),',
    '  the `klist -l` header or the `No credentials cache found` error; dates are `DD.MM.YYYY`, so the',
    '  columns are wider than in C.',
    '- `en_GB.UTF-8`: English labels, dates `DD/MM/YY`; C: `MM/DD/YY`.',
    '- Caches in a `DIR:` collection are named `DIR::<dir>/tkt...` (two colons); an empty collection',
    '  prints only the `klist -l` header and exits 1.',
    '- `id` inside a process started before `usermod -aG` keeps the old groups; `id <user>` and a',
    '  new process show the new group.',
    '- `ldapsearch` returns `objectSid`/`tokenGroups` as base64 binary SIDs (`attr:: ...`); Samba\'s',
    '  `ldbsearch` prints the same values as strings.',
    '',
    '| File | Command | Environment | Exit | Stream |',
    '|---|---|---|---|---|',
    ...rows.map((r) => `| \`${r.file}\` | \`${r.command.replace(/\|/g, '\\|')}\` | ${r.env} | ${r.exit} | ${r.stream} |`),
    '',
    ...(skipped.length > 0 ? ['Not captured on this run:', '', ...skipped.map((s) => `- ${s}`), ''] : []),
  ].join('\n');
  if (rows.length > 0) {
    fs.writeFileSync(path.join(OUT, 'README.md'), readme);
  }
  console.log(`${rows.length} files in ${OUT}${skipped.length > 0 ? `; skipped: ${skipped.join('; ')}` : ''}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
