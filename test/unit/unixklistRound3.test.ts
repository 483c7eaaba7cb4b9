import * as assert from 'node:assert/strict';
import { parseUnixKlist } from '../../src/parse/unixKlist';
import type { UnixKlistResult, UnixKlistTicket } from '../../src/parse/unixKlist';
import { evidentDateOrder, parseDateTime } from '../../src/parse/time';
import type { ParseOptions, ParseWarning } from '../../src/parse/types';
import { readFixture, toCrlf } from './fixtures';

// Real samples in test/fixtures/extra/ (sources in test/fixtures/extra/SOURCES.md).
const SUDO_AFTER_KLIST = 'extra/mixed-id-then-ssh-then-klist-kcm-sh-prompt-then-sudo-l.txt';
const EMPTY_SERVICE = 'extra/mit-klist-headerless-cut-empty-service-10y-renew-zsh.txt';
const TAB_LINE_BEFORE_RENEW = 'extra/mit-klist-iso-t-tabs-mangled-columns-blank-tab-line-before-renew.txt';
const SUSE_COLLECTION = 'extra/mit-klist-l-dir-collection-suse-prompt.txt';
const KERBEROS4_SECTION = 'extra/mit-klist-cef-krb5-1.6-kerberos4-section-no-tickets.txt';
const FINNISH_DOTTED_TIME = 'extra/mit-klist-f-d-e-fi-locale-dotted-time-ad-types-rst.txt';
const RUSSIAN_DOTTED_DATE = 'extra/mit-klist-keyring-ru-freeipa-dmy-no-blank-before-header.txt';
const CACHE_LINE_COMMENT = 'extra/mit-klist-e-keyring-iso-t-dates-zh-inline-comment.txt';

/** The sample as pasted, with CRLF line ends, and quoted as a Markdown `> ` block. */
function forms(text: string): [string, string][] {
  return [
    ['as published', text],
    ['CRLF', toCrlf(text)],
    ['> quoted', text.split('\n').map((l) => (l === '' ? '>' : `> ${l}`)).join('\n')],
  ];
}

function parse(text: string, options: ParseOptions = {}): { value: UnixKlistResult; warnings: ParseWarning[] } {
  const r = parseUnixKlist(text, options);
  assert.equal(r.recognized, true);
  return { value: r.value, warnings: r.warnings };
}

function onlyTicket(value: UnixKlistResult, form: string): UnixKlistTicket {
  assert.equal(value.caches.length, 1, form);
  const tickets = value.caches[0]?.tickets ?? [];
  assert.equal(tickets.length, 1, form);
  const [ticket] = tickets;
  assert.ok(ticket, form);
  return ticket;
}

describe('unix klist round 3 (unit)', () => {
  describe('a ticket row starts with two times; anything else ends the listing', () => {
    it('reads one ticket before `-sh-5.1$ sudo -l` and its Defaults lines (FreeIPA workshop)', () => {
      for (const [form, text] of forms(readFixture(SUDO_AFTER_KLIST))) {
        const { value, warnings } = parse(text);
        assert.deepEqual(warnings, [], form);
        assert.equal(value.cache, 'KCM:167200003:41683', form);
        assert.equal(value.principal, 'testuser@IPA.TEST', form);
        const t = onlyTicket(value, form);
        assert.deepEqual(t.validStarting, { raw: '03/25/22 13:47:55', iso: '2022-03-25T13:47:55' }, form);
        assert.deepEqual(t.expires, { raw: '03/26/22 13:04:47', iso: '2022-03-26T13:04:47' }, form);
        assert.equal(t.service, 'krbtgt/IPA.TEST@IPA.TEST', form);
        assert.equal(t.renewUntil, null, form);
        assert.equal(t.extra, undefined, form);
      }
    });

    it('stops at `Matching Defaults entries ...` even without the prompt line before it', () => {
      // The same real sample with the `-sh-5.1$ sudo -l` line left out: as if the author had
      // not pasted the command. `sudo -l`'s output must not become tickets or warnings.
      const text = readFixture(SUDO_AFTER_KLIST)
        .split('\n')
        .filter((l) => l.trim() !== '-sh-5.1$ sudo -l')
        .join('\n');
      assert.ok(text.includes('   Matching Defaults entries for testuser on client:'));
      const { value, warnings } = parse(text);
      assert.deepEqual(warnings, []);
      const t = onlyTicket(value, 'without the prompt');
      assert.equal(t.service, 'krbtgt/IPA.TEST@IPA.TEST');
      assert.equal(t.extra, undefined);
    });

    it('reads a row whose service column is empty and attaches its `renew until` line', () => {
      for (const [form, text] of forms(readFixture(EMPTY_SERVICE))) {
        const { value, warnings } = parse(text);
        const t = onlyTicket(value, form);
        assert.deepEqual(t.validStarting, { raw: '2021-04-01T23:03:39', iso: '2021-04-01T23:03:39' }, form);
        assert.deepEqual(t.expires, { raw: '2021-04-02T23:03:39', iso: '2021-04-02T23:03:39' }, form);
        assert.deepEqual(t.renewUntil, { raw: '2031-03-30T23:02:57', iso: '2031-03-30T23:02:57' }, form);
        assert.equal(t.service, '', form);
        assert.equal(t.truncated, true, form);
        assert.equal(t.line, 4, form);
        assert.deepEqual(warnings, [{ line: 4, message: "The ticket row looks cut off (service '')." }], form);
        assert.equal(value.cache, null, form);
        assert.equal(value.principal, null, form);
      }
    });
  });

  it('keeps `renew until` after a line of TABs between it and the row', () => {
    for (const [form, text] of forms(readFixture(TAB_LINE_BEFORE_RENEW))) {
      const { value, warnings } = parse(text);
      assert.deepEqual(warnings, [], form);
      assert.equal(value.cache, 'FILE:/tmp/krb5cc_1000', form);
      assert.equal(value.principal, 'ekbana/admin@EKBANA.COM', form);
      const t = onlyTicket(value, form);
      assert.deepEqual(t.validStarting, { raw: '2020-02-15T16:11:35', iso: '2020-02-15T16:11:35' }, form);
      assert.deepEqual(t.expires, { raw: '2020-02-16T02:11:35', iso: '2020-02-16T02:11:35' }, form);
      assert.equal(t.service, 'krbtgt/EKBANA.COM@EKBANA.COM', form);
      assert.deepEqual(t.renewUntil, { raw: '2020-02-16T16:11:33', iso: '2020-02-16T16:11:33' }, form);
    }
  });

  it('does not read the trailing bare SUSE prompt `SUSE12-2-MinOS:~ #` as a klist -l entry', () => {
    for (const [form, text] of forms(readFixture(SUSE_COLLECTION))) {
      const { value, warnings } = parse(text);
      assert.deepEqual(warnings, [], form);
      assert.deepEqual(value.collection, [{ principal: 'root/admin@JINGLI.FENG', cache: 'DIR::/run/user/0/krb5cc/tkt', expired: false }], form);
      assert.deepEqual(value.caches, [], form);
    }
  });

  it('leaves the krb5-1.6 `Kerberos 4 ticket cache:` section and its "no tickets" message out of the Kerberos 5 result', () => {
    for (const [form, text] of forms(readFixture(KERBEROS4_SECTION))) {
      const { value, warnings } = parse(text);
      assert.deepEqual(warnings, [], form);
      assert.equal(value.error, null, form);
      assert.deepEqual(value.errors, [], form);
      assert.equal(value.cache, 'FILE:/tmp/krb5cc_0', form);
      assert.equal(value.principal, 'badadmin_ldap@LUX.INTERNAL', form);
      const t = onlyTicket(value, form);
      assert.equal(t.service, 'krbtgt/LUX.INTERNAL@LUX.INTERNAL', form);
      assert.deepEqual(t.renewUntil, { raw: '02/22/13 20:51:44', iso: '2013-02-22T20:51:44' }, form);
      assert.equal(t.flagsRaw, 'FRIA', form);
      assert.deepEqual(t.encryption, { sessionKey: 'ArcFour with HMAC/md5', ticket: 'ArcFour with HMAC/md5' }, form);
    }
  });

  describe('dotted dates and times', () => {
    const finnish = {
      validStarting: { raw: '06.03.2020 09.03.06', iso: '2020-03-06T09:03:06' },
      expires: { raw: '06.03.2020 17.03.06', iso: '2020-03-06T17:03:06' },
      renewUntil: { raw: '07.03.2020 09.03.01', iso: '2020-03-07T09:03:01' },
    };

    it('reads fi_FI times `09.03.06` (HH.MM.SS) with the DMY order set', () => {
      for (const [form, text] of forms(readFixture(FINNISH_DOTTED_TIME))) {
        const { value, warnings } = parse(text, { dateOrder: 'DMY' });
        assert.deepEqual(warnings, [], form);
        const t = onlyTicket(value, form);
        assert.deepEqual({ validStarting: t.validStarting, expires: t.expires, renewUntil: t.renewUntil }, finnish, form);
        assert.equal(t.service, 'krbtgt/IPADEMO.LOCAL@IPADEMO.LOCAL', form);
        assert.equal(value.dateOrder, 'DMY', form);
        assert.equal(value.dateOrderSource, 'option', form);
      }
    });

    it('reads a dotted date as day first without a setting and without an ambiguity warning', () => {
      const fi = parse(readFixture(FINNISH_DOTTED_TIME));
      assert.deepEqual(fi.warnings, []);
      const t = onlyTicket(fi.value, 'fi');
      assert.deepEqual({ validStarting: t.validStarting, expires: t.expires, renewUntil: t.renewUntil }, finnish);
      // The format settles each dotted date by itself; it proves no order for other dates.
      assert.equal(fi.value.dateOrder, null);

      const ru = parse(readFixture(RUSSIAN_DOTTED_DATE));
      assert.deepEqual(ru.warnings, []);
      const r = onlyTicket(ru.value, 'ru');
      assert.deepEqual(r.validStarting, { raw: '11.07.2022 19:17:32', iso: '2022-07-11T19:17:32' });
      assert.deepEqual(r.expires, { raw: '12.07.2022 19:17:23', iso: '2022-07-12T19:17:23' });
    });

    it('lets an explicit date order win over the dotted format', () => {
      const r = onlyTicket(parse(readFixture(RUSSIAN_DOTTED_DATE), { dateOrder: 'MDY' }).value, 'ru MDY');
      assert.equal(r.validStarting.iso, '2022-11-07T19:17:32');
    });

    it('time.ts: dotted times parse; the dotted format is no proof of order for inferDateOrder', () => {
      assert.deepEqual(parseDateTime('06.03.2020 09.03.06'), { raw: '06.03.2020 09.03.06', iso: '2020-03-06T09:03:06' });
      assert.deepEqual(parseDateTime('07.03.2020 09.03.01', 'DMY'), { raw: '07.03.2020 09.03.01', iso: '2020-03-07T09:03:01' });
      assert.equal(evidentDateOrder('06.03.2020 09.03.06'), undefined);
      assert.equal(evidentDateOrder('11.07.2022 19:17:32'), undefined);
    });
  });

  it('drops the author\'s bracketed comment after the cache name', () => {
    for (const [form, text] of forms(readFixture(CACHE_LINE_COMMENT))) {
      const { value, warnings } = parse(text);
      assert.deepEqual(warnings, [], form);
      assert.equal(value.cache, 'KEYRING:persistent:0:0', form);
      assert.equal(value.principal, 'root@HADOOP.EXAMPLE.COM', form);
      const t = onlyTicket(value, form);
      assert.equal(t.service, 'krbtgt/HADOOP.EXAMPLE.COM@HADOOP.EXAMPLE.COM', form);
      assert.deepEqual(t.encryption, { sessionKey: 'aes256-cts-hmac-sha1-96', ticket: 'aes256-cts-hmac-sha1-96' }, form);
    }
  });
});
