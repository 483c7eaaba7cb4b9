import * as assert from 'node:assert/strict';
import { parseAuto } from '../../src/parse/auto';
import { parseUnixKlist } from '../../src/parse/unixKlist';
import type { UnixKlistKeytab, UnixKlistResult } from '../../src/parse/unixKlist';
import { inPasteForms, readFixture } from './fixtures';

// Real samples in test/fixtures/extra/ (sources in test/fixtures/extra/SOURCES.md, merged by the lead).
const KET_OLD_ENCTYPES = 'extra/mit-klist-ket-old-enctype-descriptions-trailing-space-4space-md-rhel5-msktutil.txt';
const KTE_MSDOCS = 'extra/en-mit-klist-kte-lowercase-keytab-name-4digit-year-list-item-fences-msdocs-sql-linux.txt';
const KT_DOLLAR_PREFIXED = 'extra/mit-klist-kt-then-klist-every-line-dollar-prompt-prefixed-rst-sqream-hdfs.txt';
const K_FLUSH_LEFT = 'extra/es-mit-klist-k-kvno-flush-left-no-padding-htb-writeup-fenced.txt';
const EKT_DOTTED = 'extra/mit-klist-ekt-dotted-rule-collapsed-header-blank-line-between-rows-rst-fire-spark.txt';
const JAVA_CACHE = 'extra/java-klist-cache-windows-md-codehilite-text-marker-4space-dbeaver-blog.txt';
const JAVA_KEYS_AND_CACHE = 'extra/java-klist-k-keys-then-cache-etype-flags-html-pre-bold-command-oracle-sqldev-windows.txt';
const JAVA_KEYTAB_KVNO = 'extra/java-klist-kt-keytab-one-entry-kvno-only-gt-prompt-4space-jenkins-svn-notes.txt';

function klist(text: string, form: string): UnixKlistResult {
  const r = parseUnixKlist(text);
  assert.equal(r.recognized, true, form);
  return r.value;
}

function onlyKeytab(v: UnixKlistResult, form: string): UnixKlistKeytab {
  assert.equal(v.keytabs.length, 1, form);
  const [k] = v.keytabs;
  assert.ok(k, form);
  return k;
}

describe('unix klist, round 7 (real samples): keytab listings and the JDK klist', () => {
  describe('MIT klist -k', () => {
    it('reads `klist -ket` of an old MIT release: enctype descriptions with blanks, trailing blank after each row', () => {
      for (const [form, text] of inPasteForms(readFixture(KET_OLD_ENCTYPES))) {
        const v = klist(text, form);
        // Keys, not tickets: no cache, no ticket, no error.
        assert.deepEqual(v.caches, [], form);
        assert.deepEqual(v.tickets, [], form);
        assert.deepEqual(v.errors, [], form);
        const k = onlyKeytab(v, form);
        assert.equal(k.name, 'FILE:/etc/krb5.keytab', form);
        assert.equal(k.flavor, 'mit', form);
        assert.equal(k.entries.length, 15, form);
        assert.deepEqual(
          k.entries.map((e) => e.principal).filter((p, i, all) => all.indexOf(p) === i),
          ['server01-nfs$@LUX.INTERNAL', 'nfs/server01.lux.internal@LUX.INTERNAL', 'server01$@LUX.INTERNAL', 'host/server01.lux.internal@LUX.INTERNAL', 'host/server01@LUX.INTERNAL'],
          form,
        );
        assert.deepEqual(
          k.entries.slice(0, 3).map((e) => e.enctype),
          ['ArcFour with HMAC/md5', 'AES-128 CTS mode with 96-bit SHA-1 HMAC', 'AES-256 CTS mode with 96-bit SHA-1 HMAC'],
          form,
        );
        assert.ok(k.entries.every((e) => e.kvno === 2), form);
        assert.deepEqual(k.entries[0]?.timestamp, { raw: '02/15/13 20:42:49', iso: '2013-02-15T20:42:49' }, form);
        assert.deepEqual(k.entries[14]?.timestamp, { raw: '02/15/13 20:43:14', iso: '2013-02-15T20:43:14' }, form);
        assert.equal(k.entries[14]?.line, 19, form);
      }
    });

    it('reads a doc`s `keytab name:` in lower case, 4-digit years, principals with a port', () => {
      for (const [form, text] of inPasteForms(readFixture(KTE_MSDOCS))) {
        const k = onlyKeytab(klist(text, form), form);
        assert.equal(k.name, 'FILE:/var/opt/mssql/secrets/mssql.keytab', form);
        assert.deepEqual(
          k.entries.map((e) => [e.kvno, e.principal, e.enctype]),
          [
            [4, 'sqluser@CONTOSO.COM', 'aes256-cts-hmac-sha1-96'],
            [4, 'MSSQLSvc/sql1.contoso.com:1433@CONTOSO.COM', 'aes256-cts-hmac-sha1-96'],
            [4, 'MSSQLSvc/sql1.contoso.com@CONTOSO.COM', 'aes256-cts-hmac-sha1-96'],
            [4, 'MSSQLSvc/sql1:1433@CONTOSO.COM', 'aes256-cts-hmac-sha1-96'],
            [4, 'MSSQLSvc/sql1@CONTOSO.COM', 'aes256-cts-hmac-sha1-96'],
          ],
          form,
        );
        assert.deepEqual(k.entries[0]?.timestamp, { raw: '12/30/2021 14:02:08', iso: '2021-12-30T14:02:08' }, form);
      }
    });

    it('reads `klist -k` whose KVNO column an author printed flush left, in a fenced block', () => {
      for (const [form, text] of inPasteForms(readFixture(K_FLUSH_LEFT))) {
        const k = onlyKeytab(klist(text, form), form);
        assert.equal(k.name, 'FILE:/etc/krb5.keytab', form);
        assert.equal(k.entries.length, 15, form);
        assert.deepEqual(
          [...new Set(k.entries.map((e) => e.principal))],
          ['host/srv01.realcorp.htb@REALCORP.HTB', 'kadmin/changepw@REALCORP.HTB', 'kadmin/admin@REALCORP.HTB'],
          form,
        );
        // `klist -k` without -t or -e: no timestamp, no enctype.
        assert.ok(k.entries.every((e) => e.kvno === 2 && e.timestamp === undefined && e.enctype === undefined), form);
      }
    });

    it('reads `klist -e -k -t` with a dotted rule and a blank line between the rows', () => {
      for (const [form, text] of inPasteForms(readFixture(EKT_DOTTED))) {
        const k = onlyKeytab(klist(text, form), form);
        assert.equal(k.name, 'FILE:fire.keytab', form);
        assert.deepEqual(
          k.entries.map((e) => e.enctype),
          ['aes256-cts-hmac-sha1-96', 'aes128-cts-hmac-sha1-96', 'des3-cbc-sha1', 'arcfour-hmac', 'des-hmac-sha1', 'des-cbc-md5'],
          form,
        );
        assert.deepEqual(k.entries[0]?.timestamp, { raw: '07/24/16 17:55:07', iso: '2016-07-24T17:55:07' }, form);
        assert.deepEqual(k.entries[5]?.timestamp, { raw: '07/24/16 17:55:08', iso: '2016-07-24T17:55:08' }, form);
        assert.ok(k.entries.every((e) => e.principal === 'fire@EXAMPLE.COM' && e.kvno === 1), form);
      }
    });

    it('reads a keytab listing and a ticket cache whose every line an author prefixed with `$ `', () => {
      for (const [form, text] of inPasteForms(readFixture(KT_DOLLAR_PREFIXED))) {
        const v = klist(text, form);
        const k = onlyKeytab(v, form);
        assert.equal(k.name, 'FILE:hdfs.keytab', form);
        assert.equal(k.entries.length, 16, form);
        assert.equal(k.entries.filter((e) => e.principal === 'HTTP/nn1@SQ.COM').length, 8, form);
        assert.equal(k.entries.filter((e) => e.principal === 'hdfs/nn1@SQ.COM').length, 8, form);
        assert.deepEqual(k.entries[0]?.timestamp, { raw: '09/15/2020 18:03:05', iso: '2020-09-15T18:03:05' }, form);
        assert.equal(v.cache, 'FILE:/tmp/krb5cc_1000', form);
        assert.equal(v.principal, 'sqream@SQ.COM', form);
        assert.equal(v.tickets.length, 1, form);
        assert.equal(v.tickets[0]?.service, 'krbtgt/SQ.COM@SQ.COM', form);
        assert.deepEqual(v.tickets[0]?.validStarting, { raw: '09/16/2020 13:44:18', iso: '2020-09-16T13:44:18' }, form);
        assert.deepEqual(v.tickets[0]?.expires, { raw: '09/17/2020 13:44:18', iso: '2020-09-17T13:44:18' }, form);
      }
    });

    it('keeps no key bytes of `klist -K` and says they were shown (output of MIT 1.20.1)', () => {
      const text = [
        'Keytab name: FILE:t.keytab',
        'KVNO Principal',
        '---- --------------------------------------------------------------------------',
        '   3 host/web1.example.test@EXAMPLE.TEST (aes256-cts-hmac-sha1-96)  (0x8fc5668beed0442bf3a6a7441aeb90e6ce2b38a97d9ef22cbe512452e9831397)',
        '   3 host/web1.example.test@EXAMPLE.TEST (aes128-cts-hmac-sha1-96)  (0xf5d3deb7a64595d124a041860b06378c)',
      ].join('\n');
      const r = parseUnixKlist(text);
      assert.equal(JSON.stringify(r.value).includes('8fc5668b'), false);
      assert.equal(JSON.stringify(r.value).includes('f5d3deb7'), false);
      const k = onlyKeytab(r.value, 'K');
      assert.deepEqual(
        k.entries.map((e) => [e.kvno, e.principal, e.enctype]),
        [
          [3, 'host/web1.example.test@EXAMPLE.TEST', 'aes256-cts-hmac-sha1-96'],
          [3, 'host/web1.example.test@EXAMPLE.TEST', 'aes128-cts-hmac-sha1-96'],
        ],
      );
      assert.equal(k.keysShown, true);
      assert.equal(r.warnings.filter((w) => /klist -K/.test(w.message)).length, 1);
    });

    it('reads the keytab errors of MIT 1.20.1, English and German, with the keytab they name', () => {
      const text = [
        'Keytab name: FILE:none.keytab',
        "klist: Key table file 'none.keytab' not found while starting keytab scan",
        'Keytab name: FILE:none.keytab',
        'klist: Schlüsseltabellendatei »none.keytab« nicht gefunden beim Start des Schlüsseltabellen-Scans',
      ].join('\n');
      const r = parseUnixKlist(text);
      assert.equal(r.recognized, true);
      assert.deepEqual(
        r.value.errors.map((e) => [e.kind, e.keytab, e.cache]),
        [
          ['keytab', 'none.keytab', null],
          ['keytab', 'none.keytab', null],
        ],
      );
      assert.equal(r.value.keytabs.length, 2);
    });
  });

  describe('the JDK klist', () => {
    it('reads its cache listing: the principal without `, 1 entry found.`, the ticket and its times', () => {
      for (const [form, text] of inPasteForms(readFixture(JAVA_CACHE))) {
        const v = klist(text, form);
        assert.equal(v.caches.length, 1, form);
        assert.equal(v.caches[0]?.flavor, 'java', form);
        assert.equal(v.caches[0]?.declaredTickets, 1, form);
        assert.equal(v.cache, 'C:\\Users\\windowsuser\\krb5cc_windowsuser', form);
        assert.equal(v.principal, 'windowsuser@SAMPLE.COM', form);
        assert.equal(v.tickets.length, 1, form);
        const [t] = v.tickets;
        assert.equal(t?.service, 'krbtgt/SAMPLE.COM@SAMPLE.COM', form);
        assert.deepEqual(t?.validStarting, { raw: 'Mar 26, 2020 21:35:00', iso: '2020-03-26T21:35:00' }, form);
        assert.deepEqual(t?.expires, { raw: 'Mar 27, 2020 07:35:00', iso: '2020-03-27T07:35:00' }, form);
      }
    });

    it('reads `klist -k` with key types, keys (never kept) and time stamps, then the cache with etypes and flags', () => {
      for (const [form, text] of inPasteForms(readFixture(JAVA_KEYS_AND_CACHE))) {
        const r = parseUnixKlist(text);
        const v = r.value;
        assert.equal(JSON.stringify(v).includes('12886815a6cf'), false, form);
        assert.equal(JSON.stringify(v).includes('0x42cf1f44'), false, form);
        assert.equal(r.warnings.filter((w) => /klist -K/.test(w.message)).length, 1, form);
        const k = onlyKeytab(v, form);
        assert.equal(k.flavor, 'java', form);
        assert.equal(k.name, 'C:\\Users\\demo\\AppData\\Local\\krb5_demo.keytab', form);
        assert.equal(k.declaredEntries, 4, form);
        assert.deepEqual(
          k.entries.map((e) => [e.kvno, e.principal, e.enctype]),
          [
            [1, 'demo@EXAMPLE.COM', 'aes256-cts-hmac-sha1-96'],
            [1, 'demo@EXAMPLE.COM', 'aes128-cts-hmac-sha1-96'],
            [1, 'demo@EXAMPLE.COM', 'aes256-cts-hmac-sha384-192'],
            [1, 'demo@EXAMPLE.COM', 'aes128-cts-hmac-sha256-128'],
          ],
          form,
        );
        assert.deepEqual(k.entries[3]?.timestamp, { raw: 'Oct 14, 2025 12:47:57', iso: '2025-10-14T12:47:57' }, form);
        assert.equal(v.caches.length, 1, form);
        assert.equal(v.cache, 'C:\\Users\\demo\\AppData\\Local\\krb5cc_demo', form);
        assert.equal(v.principal, 'demo@EXAMPLE.COM', form);
        const [t] = v.tickets;
        assert.equal(v.tickets.length, 1, form);
        assert.equal(t?.service, 'krbtgt/EXAMPLE.COM@EXAMPLE.COM', form);
        assert.deepEqual(t?.validStarting, { raw: 'Oct 14, 2025 13:12:13', iso: '2025-10-14T13:12:13' }, form);
        assert.deepEqual(t?.expires, { raw: 'Oct 14, 2025 23:12:13', iso: '2025-10-14T23:12:13' }, form);
        assert.deepEqual(t?.encryption, { sessionKey: 'AES256 CTS mode with HMAC SHA1-96', ticket: 'AES256 CTS mode with HMAC SHA1-96' }, form);
        assert.equal(t?.flagsRaw, 'INITIAL;PRE-AUTHENT', form);
        assert.deepEqual(t?.flags, ['initial', 'preauthenticated'], form);
      }
    });

    it('reads `klist -kt` that printed only the KVNO, after a `>` prompt', () => {
      for (const [form, text] of inPasteForms(readFixture(JAVA_KEYTAB_KVNO))) {
        const k = onlyKeytab(klist(text, form), form);
        assert.equal(k.name, 'C:\\Jenkins\\etc\\JenkinsAccount.keytab', form);
        assert.equal(k.declaredEntries, 1, form);
        assert.deepEqual(
          k.entries.map((e) => [e.kvno, e.principal, e.enctype, e.timestamp]),
          [[1, 'JenkinsAccount@DOMAIN.ORG', undefined, undefined]],
        );
      }
    });
  });

  describe('parseAuto', () => {
    it('takes a keytab listing for unix-klist output, from its `Keytab name:` line (as `Ticket cache:` opens a cache)', () => {
      const r = parseAuto(readFixture(KET_OLD_ENCTYPES));
      assert.deepEqual(
        r.value.sections.map((s) => [s.kind, s.startLine, s.endLine]),
        [['unix-klist', 2, 19]],
      );
      const v = r.value.sections[0]?.result.value as UnixKlistResult;
      assert.equal(v.keytabs[0]?.entries.length, 15);
    });

    it('splits the JDK keytab listing and the cache listing into two unix-klist sections', () => {
      const r = parseAuto(readFixture(JAVA_KEYS_AND_CACHE));
      const sections = r.value.sections.map((s) => [s.kind, s.startLine] as const);
      // The keytab section opens at the JDK's `Key tab:` line, after the page's prose and the command.
      assert.deepEqual(sections, [
        ['unix-klist', 5],
        ['unix-klist', 54],
      ]);
      const keytab = r.value.sections[0]?.result.value as UnixKlistResult;
      const cache = r.value.sections[1]?.result.value as UnixKlistResult;
      assert.equal(keytab.keytabs[0]?.entries.length, 4);
      assert.equal(cache.tickets[0]?.service, 'krbtgt/EXAMPLE.COM@EXAMPLE.COM');
    });
  });
});
