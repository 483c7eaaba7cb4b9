import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { looksLikeUnixKlist, parseUnixKlist } from '../../src/parse/unixKlist';
import type { UnixKlistResult } from '../../src/parse/unixKlist';
import { listFixtures, readFixture, toCrlf } from './fixtures';
import { mutate, mutationOps } from '../support/mutate';

const DIR = 'klist-mit-heimdal';

function parse(name: string, options = {}): UnixKlistResult {
  const r = parseUnixKlist(readFixture(`${DIR}/${name}`), options);
  assert.equal(r.kind, 'unix-klist');
  assert.equal(r.recognized, true);
  return r.value;
}

describe('unix klist parser (unit)', () => {
  it('an author\'s "..." for a left-out encryption type is no type; DD/MM dates without seconds are read', () => {
    // TYPO3 Kerberos SSO docs (reStructuredText, 7-space indent; test/fixtures/extra/SOURCES.md).
    const r = parseUnixKlist(readFixture('extra/mit-klist-e-rst-dmy-no-seconds-elided-etype.txt'));
    assert.deepEqual(r.warnings, []);
    const [tgt, http] = r.value.caches[0]?.tickets ?? [];
    assert.deepEqual(tgt?.encryption, { sessionKey: 'aes256-cts-hmac-sha1-96', ticket: null });
    assert.equal(tgt?.validStarting.iso, '2014-10-31T14:53:00');
    assert.deepEqual(http?.encryption, { sessionKey: 'arcfour-hmac', ticket: 'arcfour-hmac' });
  });

  it('reads the referral entry GSSAPI leaves after an LDAP bind: `ldap/127.0.0.1@` issued for ldap/127.0.0.1@SAMDOM.TEST', () => {
    // Real MIT klist output after `ldapsearch -Y GSSAPI` against the test Samba DC (test/fixtures/real/README.md).
    for (const [file, flags] of [
      ['real/samba-testdc-klist-f-e-after-gssapi-ldap-referral-entry-c.txt', 'RATO'],
      ['real/samba-testdc-klist-after-gssapi-ldap-referral-entry-c.txt', undefined],
    ] as const) {
      const r = parseUnixKlist(readFixture(file), { dateOrder: 'MDY' });
      assert.deepEqual(r.warnings, [], file);
      const ldap = r.value.caches[0]?.tickets[1];
      assert.equal(ldap?.service, 'ldap/127.0.0.1@');
      assert.equal(ldap?.ticketServer, 'ldap/127.0.0.1@SAMDOM.TEST');
      assert.equal(ldap?.truncated, undefined, 'an empty referral realm is not a cut-off paste');
      assert.equal(ldap?.flagsRaw, flags);
      assert.equal(ldap?.renewUntil?.iso, '2026-11-23T02:12:11');
      assert.equal(r.value.caches[0]?.tickets.length, 2);
    }
  });

  describe('MIT', () => {
    it('reads a KCM cache with a UID suffix and a TAB-indented renew until line', () => {
      const v = parse('mit-klist-kcm-uid-suffix-renew-until-tab.txt');
      assert.equal(v.cache, 'KCM:1000:55628');
      assert.equal(v.principal, 'testuser@LOCALKDC.2A1A0335-BF33-4B96-AC68-F98DCBF154A9');
      assert.equal(v.tickets.length, 1);
      const t = v.tickets[0];
      assert.equal(t?.service, 'krbtgt/LOCALKDC.2A1A0335-BF33-4B96-AC68-F98DCBF154A9@LOCALKDC.2A1A0335-BF33-4B96-AC68-F98DCBF154A9');
      assert.equal(t?.validStarting.raw, '05/03/25 10:18:11');
      assert.equal(t?.expires.raw, '05/04/25 10:18:11');
      assert.equal(t?.renewUntil?.raw, '05/10/25 10:18:11');
      assert.equal(v.caches[0]?.flavor, 'mit');
    });

    it('does not guess MM/DD/YY: no iso without proof, iso with an explicit date order', () => {
      const r = parseUnixKlist(readFixture(`${DIR}/mit-klist-kcm-uid-suffix-renew-until-tab.txt`));
      assert.equal(r.value.tickets[0]?.validStarting.iso, undefined);
      assert.equal(r.value.dateOrder, null);
      assert.match(r.warnings.map((w) => w.message).join('\n'), /ambiguous/);
      const mdy = parse('mit-klist-kcm-uid-suffix-renew-until-tab.txt', { dateOrder: 'MDY' });
      assert.equal(mdy.tickets[0]?.validStarting.iso, '2025-05-03T10:18:11');
      assert.equal(mdy.tickets[0]?.renewUntil?.iso, '2025-05-10T10:18:11');
      assert.equal(mdy.dateOrderSource, 'option');
      const dmy = parse('mit-klist-kcm-uid-suffix-renew-until-tab.txt', { dateOrder: 'DMY' });
      assert.equal(dmy.tickets[0]?.validStarting.iso, '2025-03-05T10:18:11');
    });

    it('infers month/day order when a date of the same output proves it (03/30/24)', () => {
      const v = parse('mit-klist-file-ccache-ad-realm-renew-until.txt');
      assert.equal(v.cache, 'FILE:/tmp/krb5cc_1001');
      assert.equal(v.principal, 'dan1@EXAMPLE.COM');
      assert.equal(v.tickets.length, 1);
      assert.equal(v.tickets[0]?.service, 'krbtgt/EXAMPLE.COM@EXAMPLE.COM');
      // 8-space indented "renew until" (a TAB expanded by the paste).
      assert.equal(v.tickets[0]?.renewUntil?.raw, '03/31/24 00:06:24');
      assert.equal(v.dateOrder, 'MDY');
      assert.equal(v.dateOrderSource, 'inferred');
      assert.equal(v.tickets[0]?.validStarting.iso, '2024-03-30T00:06:30');
      assert.equal(v.tickets[0]?.renewUntil?.iso, '2024-03-31T00:06:24');
      assert.deepEqual(parseUnixKlist(readFixture(`${DIR}/mit-klist-file-ccache-ad-realm-renew-until.txt`)).warnings, []);
    });

    it('reads two tickets from a reStructuredText code block (4-space indent, TAB renew lines)', () => {
      const v = parse('mit-klist-two-tickets-rst-indented.txt');
      assert.equal(v.cache, 'FILE:/tmp/krb5cc_1003');
      assert.equal(v.principal, 'softioc@EPICS.ORG');
      assert.deepEqual(
        v.tickets.map((t) => [t.validStarting.raw, t.expires.raw, t.service, t.renewUntil?.raw]),
        [
          ['03/08/25 15:23:09', '03/09/25 15:23:09', 'krbtgt/EPICS.ORG@EPICS.ORG', '03/08/25 15:23:09'],
          ['03/08/25 15:23:21', '03/09/25 15:23:09', 'pvacms/cluster@EPICS.ORG', '03/08/25 15:23:09'],
        ],
      );
    });

    it('reads a KCM:0 ticket, then the "not found" error after kdestroy', () => {
      const v = parse('mit-klist-kcm-2digit-year-then-not-found.txt');
      assert.equal(v.cache, 'KCM:0');
      assert.equal(v.principal, 'admin@OTUS.LAN');
      assert.equal(v.tickets.length, 1);
      assert.equal(v.tickets[0]?.service, 'krbtgt/OTUS.LAN@OTUS.LAN');
      assert.equal(v.tickets[0]?.expires.raw, '08/20/24 18:21:59');
      assert.equal(v.tickets[0]?.renewUntil, null);
      assert.equal(v.tickets[0]?.validStarting.iso, '2024-08-19T19:03:34');
      assert.deepEqual(v.error, { message: "Credentials cache 'KCM:0' not found", kind: 'not-found', cache: 'KCM:0', line: 15 });
      assert.equal(v.caches.length, 1);
    });

    it('reads the old "No credentials cache found (ticket cache ...)" wording', () => {
      const v = parse('mit-klist-no-credentials-cache-found-old-wording.txt');
      assert.equal(v.error?.kind, 'no-cache');
      assert.equal(v.error?.cache, 'FILE:/tmp/krb5cc_500');
      assert.equal(v.error?.message, 'No credentials cache found (ticket cache FILE:/tmp/krb5cc_500)');
      assert.equal(v.cache, null);
      assert.deepEqual(v.tickets, []);
      assert.deepEqual(v.caches, []);
    });

    it('reads the new wording, then a stolen ccache whose last line is cut mid-realm', () => {
      const r = parseUnixKlist(readFixture(`${DIR}/mit-klist-no-credentials-cache-found-filename-then-file.txt`));
      const v = r.value;
      assert.equal(r.recognized, true);
      assert.deepEqual(v.error, {
        message: 'No credentials cache found (filename: /tmp/krb5cc_0)',
        kind: 'no-cache',
        cache: '/tmp/krb5cc_0',
        line: 3,
      });
      assert.equal(v.cache, 'FILE:/root/krb5cc_647401106_I8I133');
      assert.equal(v.principal, 'julio@INLANEFREIGHT.HTB');
      assert.equal(v.tickets.length, 1);
      assert.equal(v.tickets[0]?.validStarting.raw, '10/07/2022 13:25:01');
      assert.equal(v.tickets[0]?.expires.raw, '10/07/2022 23:25:01');
      assert.equal(v.tickets[0]?.service, 'krbtgt/INLANEFREIGHT.HTB@INLANEFREIGHT.H');
      assert.equal(v.tickets[0]?.truncated, true);
      assert.ok(r.warnings.some((w) => w.line === 11 && /cut off/.test(w.message)));
    });
  });

  describe('Heimdal (macOS)', () => {
    it('reads Credentials cache / Principal / Issued-Expires-Principal with space-padded days', () => {
      const v = parse('heimdal-macos-klist-api-uid-2017.txt');
      assert.equal(v.cache, 'API:501');
      assert.equal(v.principal, 'cassandra@DATASTAX.COM');
      assert.equal(v.caches[0]?.flavor, 'heimdal');
      assert.equal(v.tickets.length, 1);
      const t = v.tickets[0];
      assert.equal(t?.service, 'krbtgt/DATASTAX.COM@DATASTAX.COM');
      assert.deepEqual(t?.validStarting, { raw: 'Jul  5 15:55:18 2017', iso: '2017-07-05T15:55:18' });
      assert.deepEqual(t?.expires, { raw: 'Jul  6 15:55:15 2017', iso: '2017-07-06T15:55:15' });
    });

    it('reads klist -v (verbose): etype, times, renew till, flag names', () => {
      const v = parse('heimdal-macos-klist-v-verbose-placeholders.txt');
      assert.equal(v.cache, 'API:<Token HEX above>');
      assert.equal(v.principal, '<your_CERN_username>@CERN.CH');
      assert.equal(v.caches[0]?.cacheVersion, 0);
      assert.equal(v.tickets.length, 1);
      const t = v.tickets[0];
      assert.equal(t?.service, 'krbtgt/CERN.CH@CERN.CH');
      assert.equal(t?.client, '<your_CERN_username>@CERN.CH');
      assert.deepEqual(t?.encryption, { sessionKey: 'aes256-cts-hmac-sha1-96', ticket: 'aes256-cts-hmac-sha1-96' });
      assert.equal(t?.kvno, 5);
      assert.equal(t?.authTime?.raw, 'Jul 28 14:48:15 2024');
      assert.deepEqual(t?.validStarting, { raw: 'Jul 28 16:48:24 2024', iso: '2024-07-28T16:48:24' });
      assert.equal(t?.expires.raw, 'Jul 29 16:48:17 2024');
      assert.deepEqual(t?.renewUntil, { raw: 'Aug  4 14:48:08 2024', iso: '2024-08-04T14:48:08' });
      assert.deepEqual(t?.flags, ['encPaRep', 'preauthenticated', 'initial', 'renewable', 'proxiable', 'forwardable']);
      assert.equal(t?.flagsRaw, 'enc-pa-rep, pre-authent, initial, renewable, proxiable, forwardable');
      assert.equal(t?.addresses, 'addressless');
    });
  });

  // The corpus has no `klist -f -e -a`, `-l` or `-A` sample. These texts were printed by the
  // real MIT klist 1.20.1 (Debian krb5-user) on the build machine: the error lines on an empty
  // machine, the ticket forms over a hand-built ccache file (no KDC involved). The format is
  // MIT's own; the principals and dates are the test's.
  describe('MIT klist forms printed by klist 1.20.1 (see comment)', () => {
    const FE = [
      'Ticket cache: FILE:/tmp/kcc/cc1',
      'Default principal: alice@EXAMPLE.COM',
      '',
      'Valid starting     Expires            Service principal',
      '11/21/26 23:29:45  11/22/26 09:29:45  krbtgt/EXAMPLE.COM@EXAMPLE.COM',
      '\trenew until 11/28/26 23:29:45, Flags: FRIA',
      '\tEtype (skey, tkt): aes256-cts-hmac-sha1-96, aes256-cts-hmac-sha1-96 ',
      '\tAddresses: (none)',
      '11/21/26 23:29:45  11/22/26 09:29:45  HTTP/web.example.com@EXAMPLE.COM',
      '\tFlags: FAO, Etype (skey, tkt): aes128-cts-hmac-sha1-96, DEPRECATED:arcfour-hmac ',
      '\tAddresses: (none)',
      '',
    ].join('\n');

    it('reads klist -f -e -a: flags, enctypes and addresses on the continuation lines', () => {
      const r = parseUnixKlist(FE);
      assert.deepEqual(r.warnings, []);
      const [tgt, http] = r.value.tickets;
      assert.equal(tgt?.renewUntil?.raw, '11/28/26 23:29:45');
      assert.equal(tgt?.flagsRaw, 'FRIA');
      assert.deepEqual(tgt?.flags, ['forwardable', 'renewable', 'initial', 'preauthenticated']);
      assert.deepEqual(tgt?.encryption, { sessionKey: 'aes256-cts-hmac-sha1-96', ticket: 'aes256-cts-hmac-sha1-96' });
      assert.equal(tgt?.addresses, '(none)');
      assert.equal(http?.renewUntil, null);
      assert.deepEqual(http?.flags, ['forwardable', 'preauthenticated', 'okAsDelegate']);
      assert.deepEqual(http?.encryption, { sessionKey: 'aes128-cts-hmac-sha1-96', ticket: 'DEPRECATED:arcfour-hmac' });
      // 11/21/26 and 11/28/26 are ambiguous only in theory: 21 and 28 prove month/day.
      assert.equal(tgt?.validStarting.iso, '2026-11-21T23:29:45');
    });

    it('reads klist -A (every cache of a DIR: collection) and klist -l', () => {
      const a = [
        'Ticket cache: DIR::/tmp/kcc/dir/tktabc',
        'Default principal: alice@EXAMPLE.COM',
        '',
        'Valid starting     Expires            Service principal',
        '11/21/26 23:29:45  11/22/26 09:29:45  krbtgt/EXAMPLE.COM@EXAMPLE.COM',
        '\trenew until 11/28/26 23:29:45',
        '11/21/26 23:29:45  11/22/26 09:29:45  HTTP/web.example.com@EXAMPLE.COM',
        '',
        'Ticket cache: DIR::/tmp/kcc/dir/tkt',
        'Default principal: alice@EXAMPLE.COM',
        '',
        'Valid starting     Expires            Service principal',
        '11/21/26 23:29:45  11/22/26 09:29:45  krbtgt/EXAMPLE.COM@EXAMPLE.COM',
        '\trenew until 11/28/26 23:29:45',
        '11/21/26 23:29:45  11/22/26 09:29:45  HTTP/web.example.com@EXAMPLE.COM',
      ].join('\n');
      const v = parseUnixKlist(a).value;
      assert.deepEqual(
        v.caches.map((c) => [c.cache, c.tickets.length]),
        [
          ['DIR::/tmp/kcc/dir/tktabc', 2],
          ['DIR::/tmp/kcc/dir/tkt', 2],
        ],
      );
      assert.equal(v.cache, 'DIR::/tmp/kcc/dir/tktabc');
      const l = ['Principal name                 Cache name', '--------------                 ----------', 'alice@EXAMPLE.COM              FILE:/tmp/kcc/cc1', ''].join('\n');
      const lv = parseUnixKlist(l);
      assert.equal(lv.recognized, true);
      assert.deepEqual(lv.value.collection, [{ principal: 'alice@EXAMPLE.COM', cache: 'FILE:/tmp/kcc/cc1', expired: false }]);
      // An empty collection still is klist -l output.
      const empty = parseUnixKlist('Principal name                 Cache name\n--------------                 ----------\n');
      assert.equal(empty.recognized, true);
      assert.deepEqual(empty.value.collection, []);
    });

    it('classifies the error wordings', () => {
      const v = parseUnixKlist(
        [
          'klist: No credentials cache found (filename: /tmp/krb5cc_0)',
          "klist: Credentials cache keyring 'persistent:0:0' not found",
          'klist: No KCM server found while resolving ccache',
        ].join('\n'),
      ).value;
      assert.deepEqual(
        v.errors.map((e) => [e.kind, e.cache]),
        [
          ['no-cache', '/tmp/krb5cc_0'],
          ['not-found', 'persistent:0:0'],
          ['other', null],
        ],
      );
    });
  });

  // Real captures from the loopback MIT realm (test/fixtures/real/README.md): the same caches
  // printed by klist 1.20.1 under LANG=C, de_DE.UTF-8 and en_GB.UTF-8. The files can be
  // regenerated, so paths and times are read from the C capture, never written here.
  describe('real MIT captures in C, de_DE and en_GB', () => {
    const REAL = 'real';
    const LOCALES = ['c', 'de-de', 'en-gb'] as const;
    const TGT = 'krbtgt/TEST.LOCAL@TEST.LOCAL';
    const HTTP = 'HTTP/localhost@TEST.LOCAL';
    const RI = ['renewable', 'initial'];
    const RT = ['renewable', 'transitPolicyChecked'];

    function real(form: string, locale: (typeof LOCALES)[number]): ReturnType<typeof parseUnixKlist> {
      return parseUnixKlist(readFixture(`${REAL}/mit-testrealm-klist-${form}-${locale}.txt`));
    }

    /** MM/DD/YY hh:mm:ss (what LANG=C prints) to ISO, independently of the parser. */
    function isoFromC(raw: string): string {
      const m = /^(\d{2})\/(\d{2})\/(\d{2}) (\d{2}:\d{2}:\d{2})$/.exec(raw);
      assert.ok(m, `not a C klist date: ${raw}`);
      return `20${m[3]}-${m[1]}-${m[2]}T${m[4]}`;
    }

    /** Everything that must not depend on the locale. */
    function shape(v: UnixKlistResult): unknown {
      return {
        caches: v.caches.map((c) => ({
          cache: c.cache,
          principal: c.principal,
          flavor: c.flavor,
          tickets: c.tickets.map((t) => ({
            service: t.service,
            flags: t.flags,
            flagsRaw: t.flagsRaw,
            encryption: t.encryption,
            renewUntil: t.renewUntil?.iso ?? null,
            validStarting: t.validStarting.iso,
            expires: t.expires.iso,
            extra: t.extra,
          })),
        })),
        collection: v.collection,
        errors: v.errors.map((e) => [e.kind, e.cache, e.message]),
      };
    }

    const FORMS = [
      'file-tgt-and-service',
      'f-e-file-tgt-and-service',
      'l-dir-collection-2-principals',
      'A-dir-collection-2-principals',
      'A-f-e-dir-collection-2-principals',
      'l-empty-dir-collection',
      'after-kdestroy-stderr',
    ];

    for (const form of FORMS) {
      it(`reads klist ${form} the same in C, de_DE and en_GB`, () => {
        const c = real(form, 'c');
        assert.equal(c.recognized, true);
        assert.deepEqual(c.warnings, []);
        for (const locale of ['de-de', 'en-gb'] as const) {
          const r = real(form, locale);
          assert.equal(r.recognized, true, locale);
          assert.deepEqual(r.warnings, [], locale);
          assert.deepEqual(shape(r.value), shape(c.value), locale);
        }
      });
    }

    it('gives exact iso times: C proves month/day, de_DE and en_GB prove day/month', () => {
      for (const form of FORMS.filter((f) => !f.startsWith('l-') && f !== 'after-kdestroy-stderr')) {
        const c = real(form, 'c').value;
        assert.equal(c.dateOrder, 'MDY', form);
        assert.equal(c.dateOrderSource, 'inferred', form);
        const tickets = c.caches.flatMap((k) => k.tickets);
        assert.ok(tickets.length > 0, form);
        for (const t of tickets) {
          assert.equal(t.validStarting.iso, isoFromC(t.validStarting.raw), form);
          assert.equal(t.expires.iso, isoFromC(t.expires.raw), form);
          assert.ok(t.renewUntil, form);
          assert.equal(t.renewUntil.iso, isoFromC(t.renewUntil.raw), form);
        }
        for (const locale of ['de-de', 'en-gb'] as const) {
          const v = real(form, locale).value;
          assert.equal(v.dateOrder, 'DMY', `${form} ${locale}`);
          const raws = v.caches.flatMap((k) => k.tickets).map((t) => t.validStarting.raw);
          // German prints DD.MM.YYYY, British English DD/MM/YY: the same instants as C.
          for (const raw of raws) {
            assert.match(raw, locale === 'de-de' ? /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/ : /^\d{2}\/\d{2}\/\d{2} \d{2}:\d{2}:\d{2}$/);
          }
          assert.deepEqual(
            v.caches.flatMap((k) => k.tickets).map((t) => [t.validStarting.iso, t.expires.iso, t.renewUntil?.iso]),
            tickets.map((t) => [t.validStarting.iso, t.expires.iso, t.renewUntil?.iso]),
            `${form} ${locale}`,
          );
        }
      }
    });

    it('reads the German labels: Ticketzwischenspeicher, Standard-Principal, erneuern bis, Schalter, Etype (Skey, TKT)', () => {
      const text = readFixture(`${REAL}/mit-testrealm-klist-f-e-file-tgt-and-service-de-de.txt`);
      // Guard: the capture really is localized (else this test would prove nothing).
      assert.match(text, /^Ticketzwischenspeicher: /m);
      assert.match(text, /^\terneuern bis .*, Schalter: RI$/m);
      const c = real('f-e-file-tgt-and-service', 'c').value;
      const v = parseUnixKlist(text).value;
      assert.equal(v.caches.length, 1);
      assert.equal(v.caches[0]?.flavor, 'mit');
      assert.equal(v.cache, c.cache);
      assert.match(v.cache ?? '', /^FILE:\/.*\/alice\.cc$/);
      assert.equal(v.principal, 'alice@TEST.LOCAL');
      assert.deepEqual(
        v.tickets.map((t) => [t.service, t.flagsRaw, t.flags, t.encryption, t.extra]),
        [
          [TGT, 'RI', RI, { sessionKey: 'aes256-cts-hmac-sha1-96', ticket: 'aes256-cts-hmac-sha1-96' }, undefined],
          [HTTP, 'RT', RT, { sessionKey: 'aes256-cts-hmac-sha1-96', ticket: 'aes256-cts-hmac-sha1-96' }, undefined],
        ],
      );
      assert.match(v.tickets[0]?.renewUntil?.raw ?? '', /^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}:\d{2}$/);
      assert.equal(v.tickets[0]?.renewUntil?.iso, isoFromC(c.tickets[0]?.renewUntil?.raw ?? ''));
    });

    it('reads klist and klist -f -e of one FILE: cache: alice, a TGT and an HTTP ticket', () => {
      for (const locale of LOCALES) {
        const plain = real('file-tgt-and-service', locale).value;
        const fe = real('f-e-file-tgt-and-service', locale).value;
        for (const v of [plain, fe]) {
          assert.equal(v.principal, 'alice@TEST.LOCAL', locale);
          assert.deepEqual(
            v.tickets.map((t) => t.service),
            [TGT, HTTP],
            locale,
          );
          assert.ok(
            v.tickets.every((t) => t.renewUntil !== null),
            locale,
          );
        }
        assert.equal(fe.cache, plain.cache, locale);
        assert.deepEqual(
          plain.tickets.map((t) => t.flags),
          [[], []],
          locale,
        );
        assert.deepEqual(
          fe.tickets.map((t) => t.flags),
          [RI, RT],
          locale,
        );
      }
    });

    it('reads klist -A and klist -l of a DIR: collection consistently (alice and bob)', () => {
      for (const locale of LOCALES) {
        const l = real('l-dir-collection-2-principals', locale).value;
        const a = real('A-dir-collection-2-principals', locale).value;
        const afe = real('A-f-e-dir-collection-2-principals', locale).value;
        assert.deepEqual(l.collection.map((e) => e.principal).sort(), ['alice@TEST.LOCAL', 'bob@TEST.LOCAL'], locale);
        assert.ok(
          l.collection.every((e) => e.cache.startsWith('DIR::') && !e.expired),
          locale,
        );
        // Every cache klist -A shows is a row of klist -l, with the same principal.
        for (const v of [a, afe]) {
          assert.deepEqual(
            v.caches.map((k) => ({ principal: k.principal, cache: k.cache, expired: false })),
            l.collection,
            locale,
          );
        }
        const byPrincipal = (p: string): UnixKlistResult['caches'][number] | undefined => afe.caches.find((k) => k.principal === p);
        assert.deepEqual(
          byPrincipal('bob@TEST.LOCAL')?.tickets.map((t) => [t.service, t.flags]),
          [
            [TGT, RI],
            [HTTP, RT],
          ],
          locale,
        );
        assert.deepEqual(
          byPrincipal('alice@TEST.LOCAL')?.tickets.map((t) => [t.service, t.flags]),
          [[TGT, RI]],
          locale,
        );
        assert.deepEqual(
          a.caches.map((k) => k.tickets.map((t) => t.service)),
          afe.caches.map((k) => k.tickets.map((t) => t.service)),
          locale,
        );
        assert.ok(
          a.caches.every((k) => k.tickets.every((t) => t.renewUntil !== null && t.flags.length === 0)),
          locale,
        );
      }
    });

    it('reads an empty collection listing and the error after kdestroy (not translated by 1.20.1)', () => {
      for (const locale of LOCALES) {
        const empty = real('l-empty-dir-collection', locale);
        assert.equal(empty.recognized, true, locale);
        assert.deepEqual(empty.value.collection, [], locale);
        assert.deepEqual(empty.value.caches, [], locale);
        const gone = real('after-kdestroy-stderr', locale).value;
        assert.equal(gone.errors.length, 1, locale);
        assert.equal(gone.error?.kind, 'no-cache', locale);
        assert.match(gone.error?.cache ?? '', /^\/.*\/destroyed\.cc$/, locale);
        assert.deepEqual(gone.caches, [], locale);
      }
    });

    it('reads the Samba AD DC TGT (klist -f -e, LANG=C)', () => {
      const r = parseUnixKlist(readFixture(`${REAL}/samba-testdc-klist-f-e-user-tgt-c.txt`));
      assert.equal(r.recognized, true);
      assert.deepEqual(r.warnings, []);
      const v = r.value;
      assert.match(v.cache ?? '', /^FILE:\/.*\/user\.cc$/);
      assert.equal(v.principal, 'ttiuser@SAMDOM.TEST');
      assert.equal(v.tickets.length, 1);
      const t = v.tickets[0];
      assert.equal(t?.service, 'krbtgt/SAMDOM.TEST@SAMDOM.TEST');
      assert.equal(t?.flagsRaw, 'RIA');
      assert.deepEqual(t?.flags, ['renewable', 'initial', 'preauthenticated']);
      assert.deepEqual(t?.encryption, { sessionKey: 'aes256-cts-hmac-sha1-96', ticket: 'aes256-cts-hmac-sha1-96' });
      assert.equal(v.dateOrder, 'MDY');
      assert.equal(t?.validStarting.iso, isoFromC(t?.validStarting.raw ?? ''));
      assert.equal(t?.expires.iso, isoFromC(t?.expires.raw ?? ''));
      assert.equal(t?.renewUntil?.iso, isoFromC(t?.renewUntil?.raw ?? ''));
    });

    it('detects every localized capture', () => {
      for (const form of FORMS) {
        for (const locale of LOCALES) {
          assert.equal(looksLikeUnixKlist(readFixture(`${REAL}/mit-testrealm-klist-${form}-${locale}.txt`)), true, `${form} ${locale}`);
        }
      }
    });

    // The captures lack `klist -a`, an expired `klist -l` row and the translated errors. These
    // variants insert into the real German capture the exact msgstr texts of MIT krb5's de.po
    // (krb5-locales 1.20.1): "\tAdressen: (keine)\n", "(abgelaufen)", "\tfür Client %s",
    // "kein Anmeldedatenzwischenspeicher gefunden", "Anmeldedatenzwischenspeicherdatei »%s« nicht gefunden".
    it('reads the other German labels of de.po (derived from the real capture)', () => {
      const fe = readFixture(`${REAL}/mit-testrealm-klist-f-e-file-tgt-and-service-de-de.txt`);
      const withAddresses = fe.replace(/^(\tEtype \(Skey, TKT\): .*)$/gm, '$1\n\tAdressen: (keine)');
      assert.notEqual(withAddresses, fe);
      const v = parseUnixKlist(withAddresses);
      assert.deepEqual(v.warnings, []);
      assert.deepEqual(
        v.value.tickets.map((t) => t.addresses),
        ['(keine)', '(keine)'],
      );
      const forClient = fe.replace(/^\t(erneuern bis [^\n]*, Schalter: RT)$/m, '\tfür Client bob@TEST.LOCAL, $1');
      assert.notEqual(forClient, fe);
      const http = parseUnixKlist(forClient).value.tickets[1];
      assert.equal(http?.client, 'bob@TEST.LOCAL');
      assert.deepEqual(http?.flags, RT);

      const l = readFixture(`${REAL}/mit-testrealm-klist-l-dir-collection-2-principals-de-de.txt`);
      const expired = l.replace(/^(bob@TEST\.LOCAL .*)$/m, '$1 (abgelaufen)');
      assert.notEqual(expired, l);
      const rows = parseUnixKlist(expired).value.collection;
      const plain = parseUnixKlist(l).value.collection;
      assert.deepEqual(
        rows.map((e) => [e.principal, e.cache, e.expired]),
        plain.map((e) => [e.principal, e.cache, e.principal === 'bob@TEST.LOCAL']),
      );

      const path = /\(filename: ([^)]*)\)/.exec(readFixture(`${REAL}/mit-testrealm-klist-after-kdestroy-stderr-de-de.txt`))?.[1] ?? '';
      assert.notEqual(path, '');
      const errors = parseUnixKlist(`klist: kein Anmeldedatenzwischenspeicher gefunden\nklist: Anmeldedatenzwischenspeicherdatei »${path}« nicht gefunden\n`);
      assert.equal(looksLikeUnixKlist(`klist: kein Anmeldedatenzwischenspeicher gefunden\n`), true);
      assert.deepEqual(
        errors.value.errors.map((e) => [e.kind, e.cache]),
        [
          ['no-cache', null],
          ['not-found', path],
        ],
      );
    });
  });

  describe('paste variants and detection', () => {
    it('gives the same result for CRLF line ends, for every sample', () => {
      for (const path of [...listFixtures(DIR), ...listFixtures('real').filter((f) => /klist/.test(f))]) {
        const text = readFixture(path);
        assert.deepEqual(parseUnixKlist(toCrlf(text)), parseUnixKlist(text), path);
      }
    });

    it('reads a Markdown-quoted copy the same way', () => {
      const text = readFixture(`${DIR}/mit-klist-two-tickets-rst-indented.txt`);
      const quoted = text
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n');
      assert.deepEqual(parseUnixKlist(quoted).value.tickets, parseUnixKlist(text).value.tickets);
    });

    it('keeps only the first cache at top level when several are pasted one after another (like klist -A)', () => {
      // Derived: two real samples concatenated.
      const a = readFixture(`${DIR}/mit-klist-file-ccache-ad-realm-renew-until.txt`);
      const b = readFixture(`${DIR}/mit-klist-two-tickets-rst-indented.txt`);
      const v = parseUnixKlist(`${a}\n${b}`).value;
      assert.deepEqual(
        v.caches.map((c) => [c.cache, c.principal, c.tickets.length]),
        [
          ['FILE:/tmp/krb5cc_1001', 'dan1@EXAMPLE.COM', 1],
          ['FILE:/tmp/krb5cc_1003', 'softioc@EPICS.ORG', 2],
        ],
      );
      assert.equal(v.cache, 'FILE:/tmp/krb5cc_1001');
      // 03/30/24 in the first cache proves month/day for the second one.
      assert.equal(v.caches[1]?.tickets[0]?.validStarting.iso, '2025-03-08T15:23:09');
    });

    it('detects every sample and rejects every other sample of the corpus', () => {
      for (const path of listFixtures(DIR)) {
        assert.equal(looksLikeUnixKlist(readFixture(path)), true, path);
      }
      // Windows klist prints `Server:`/`Client:` lines too: they must not read as Heimdal `klist -v`.
      for (const folder of ['whoami', 'linux-id-sssd', 'klist-windows', 'gpupdate-gpresult', 'gpsvc']) {
        for (const path of listFixtures(folder)) {
          assert.equal(looksLikeUnixKlist(readFixture(path)), false, path);
          assert.equal(parseUnixKlist(readFixture(path)).recognized, false, path);
        }
      }
    });
  });

  describe('robustness', () => {
    it('never throws on 1000 mutations of each real sample', () => {
      for (const path of [...listFixtures(DIR), 'real/mit-testrealm-klist-A-f-e-dir-collection-2-principals-de-de.txt']) {
        const sample = readFixture(path);
        fc.assert(
          fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 8 }), (ops) => {
            const r = parseUnixKlist(mutate(sample, ops));
            return typeof r.recognized === 'boolean' && Array.isArray(r.value.caches) && Array.isArray(r.warnings);
          }),
          { numRuns: 1000 },
        );
      }
    });

    it('stays fast on a 1 MB line of random text', () => {
      const t0 = Date.now();
      parseUnixKlist(`Valid starting     Expires            Service principal\n${'\trenew until , Flags: '.repeat(50000)}`);
      parseUnixKlist(`Valid starting     Expires            Service principal\n${'\terneuern bis , Schalter: , AD-Typen'.repeat(30000)}`);
      parseUnixKlist(`klist: (${'Ticket cache'.repeat(80000)}`);
      parseUnixKlist(`klist: ${'x'.repeat(1 << 20)}`);
      looksLikeUnixKlist(`${' '.repeat(1 << 20)}x`);
      assert.ok(Date.now() - t0 < 3000);
    });
  });
});

// ---- mutation helpers (random edits of a real sample) ----

const mutationArb = mutationOps(['\t', '\r\n', '\n', '\n\n', '  ', '\trenew until ', ', Flags: ', 'Etype (skey, tkt): ', 'Server: ', '>>>Expired<<<', 'klist: ', 'Principal name', '@', '\terneuern bis ', ', Schalter: ', 'Ticketzwischenspeicher: ', ' (abgelaufen)']);
