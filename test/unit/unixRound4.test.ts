import * as assert from 'node:assert/strict';
import { parseAuto } from '../../src/parse/auto';
import type { AutoSection } from '../../src/parse/auto';
import { looksLikeId, parseId } from '../../src/parse/id';
import type { IdResult } from '../../src/parse/id';
import { parseUnixKlist } from '../../src/parse/unixKlist';
import type { UnixKlistResult } from '../../src/parse/unixKlist';
import { inPasteForms, readFixture } from './fixtures';

// Real samples in test/fixtures/extra/ (sources in test/fixtures/extra/SOURCES.md).
const KEYTAB_THEN_TICKETS = 'extra/mit-klist-kt-keytab-then-kinit-then-klist-azure-adds-ldap-notes.txt';
const HEIMDAL_TAB_INDENTED = 'extra/heimdal-macos-klist-zh-notes-tab-indented-blank-lines-redacted-api-cache.txt';
const HEIMDAL_COLLAPSED = 'extra/heimdal-macos-homebrew-1.6-klist-html-pre-collapsed-spaces-blog.txt';
const GERMAN_KALI = 'extra/mit-klist-de-kali-two-line-prompt-impacket-silver-ticket-10y-htb.txt';
const HEIMDAL_AFS = 'extra/heimdal-klist-tf-flags-column-empty-flags-afs-tokens-no-year-rst-kth.txt';
const DUTCH_UPPERCASE = 'extra/id-nl-uppercase-uid-gid-groepen-two-records-blank-lines-forum.txt';
const GERMAN_BACKSLASH = 'extra/id-de-leanpub-ps-z-then-id-backslash-continued-gruppen-kontext.txt';
const GERMAN_ELIDED = 'extra/id-de-leanpub-elided-groups-line-kontext-backslash-then-sudo-id.txt';
const CZECH_TWO_USERS = 'extra/id-cs-skupiny-kontext-then-id-two-users-course.txt';
const NO_SUCH_USER = 'extra/id-ko-no-such-user-then-kubectl-exec-id-inline-comments-darak-docs.txt';

const SELINUX_UNCONFINED = 'unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023';

function klist(text: string): UnixKlistResult {
  const r = parseUnixKlist(text);
  assert.equal(r.recognized, true);
  assert.deepEqual(r.warnings, []);
  return r.value;
}

function idValue(section: AutoSection | undefined): IdResult {
  assert.ok(section, 'missing section');
  assert.equal(section.kind, 'id');
  return section.result.value as IdResult;
}

function groupNames(v: { groups: readonly { name: string | null }[] }): (string | null)[] {
  return v.groups.map((g) => g.name);
}

describe('unix klist + id, round 4 (real samples)', () => {
  describe('klist', () => {
    it('reads the ticket after `klist -kt`, and takes no keytab row for a ticket', () => {
      for (const [form, text] of inPasteForms(readFixture(KEYTAB_THEN_TICKETS))) {
        const v = klist(text);
        assert.equal(v.caches.length, 1, form);
        assert.equal(v.cache, 'FILE:/tmp/krb5cc_1000', form);
        assert.equal(v.principal, 'azureuser/testvm2.agceci.onmicrosoft.com@AGCECI.ONMICROSOFT.COM', form);
        assert.equal(v.tickets.length, 1, form);
        const [t] = v.tickets;
        assert.equal(t?.service, 'krbtgt/AGCECI.ONMICROSOFT.COM@AGCECI.ONMICROSOFT.COM', form);
        assert.deepEqual(t?.validStarting, { raw: '11/23/20 23:56:54', iso: '2020-11-23T23:56:54' }, form);
        assert.deepEqual(t?.expires, { raw: '11/24/20 00:26:54', iso: '2020-11-24T00:26:54' }, form);
        assert.deepEqual(t?.renewUntil, { raw: '11/30/20 23:56:54', iso: '2020-11-30T23:56:54' }, form);
        // The keytab row `1 11/23/20 23:52:01 azureuser/...` is no ticket and no error.
        assert.deepEqual(v.errors, [], form);
        assert.equal(v.collection.length, 0, form);
      }
    });

    it('reads the keytab listing alone as a keytab, not as tickets', () => {
      const text = readFixture(KEYTAB_THEN_TICKETS);
      const keytabOnly = text.slice(0, text.indexOf('azureuser@testvm1:~/ldap$ kinit'));
      assert.ok(keytabOnly.includes('KVNO Timestamp         Principal'));
      const r = parseUnixKlist(keytabOnly);
      assert.equal(r.recognized, true);
      assert.equal(r.value.keytabs[0]?.entries.length, 1);
      assert.deepEqual(r.value.tickets, []);
      assert.deepEqual(r.value.caches, []);
    });

    it('reads macOS Heimdal output indented by TABs with blank lines between its header lines', () => {
      for (const [form, text] of inPasteForms(readFixture(HEIMDAL_TAB_INDENTED))) {
        const v = klist(text);
        assert.equal(v.caches.length, 1, form);
        assert.equal(v.caches[0]?.flavor, 'heimdal', form);
        assert.equal(v.cache, 'API: ******', form);
        assert.equal(v.principal, 'somebody@***.COM', form);
        assert.equal(v.tickets.length, 1, form);
        const [t] = v.tickets;
        assert.equal(t?.service, 'krbtgt/***.COM@***.COM', form);
        assert.deepEqual(t?.validStarting, { raw: 'Apr 17 17:17:33 2022', iso: '2022-04-17T17:17:33' }, form);
        assert.deepEqual(t?.expires, { raw: 'Apr 18 17:17:31 2022', iso: '2022-04-18T17:17:31' }, form);
      }
    });

    it('reads Heimdal 1.6 output whose column spacing an HTML page collapsed to single spaces', () => {
      for (const [form, text] of inPasteForms(readFixture(HEIMDAL_COLLAPSED))) {
        const v = klist(text);
        assert.equal(v.caches.length, 1, form);
        assert.equal(v.caches[0]?.flavor, 'heimdal', form);
        assert.equal(v.cache, 'API:A5DE7730-A162-40ED-B44A-643C6B962C6F', form);
        assert.equal(v.principal, 'me@INVISIBLEROBOTS.ORG', form);
        assert.equal(v.tickets.length, 1, form);
        const [t] = v.tickets;
        assert.equal(t?.service, 'krbtgt/INVISIBLEROBOTS.ORG@INVISIBLEROBOTS.ORG', form);
        assert.deepEqual(t?.validStarting, { raw: 'Apr 7 21:01:05 2016', iso: '2016-04-07T21:01:05' }, form);
        assert.deepEqual(t?.expires, { raw: 'Apr 8 07:01:05 2016', iso: '2016-04-08T07:01:05' }, form);
      }
    });

    it('reads German MIT labels after a two-line Kali prompt: a forged ticket valid for 10 years', () => {
      for (const [form, text] of inPasteForms(readFixture(GERMAN_KALI))) {
        const v = klist(text);
        assert.equal(v.caches.length, 1, form);
        assert.equal(v.caches[0]?.flavor, 'mit', form);
        assert.equal(v.cache, 'FILE:rsmith.ccache', form);
        assert.equal(v.principal, 'rsmith@FULLHOUSE.HTB', form);
        assert.equal(v.tickets.length, 1, form);
        const [t] = v.tickets;
        assert.equal(t?.service, 'MSSQLSvc/dc.fullhouse.htb@FULLHOUSE.HTB', form);
        assert.deepEqual(t?.validStarting, { raw: '29.12.2023 18:55:33', iso: '2023-12-29T18:55:33' }, form);
        assert.deepEqual(t?.expires, { raw: '26.12.2033 18:55:33', iso: '2033-12-26T18:55:33' }, form);
        // `erneuern bis` is de.po's `renew until`.
        assert.deepEqual(t?.renewUntil, { raw: '26.12.2033 18:55:33', iso: '2033-12-26T18:55:33' }, form);
        assert.equal(v.dateOrder, 'DMY', form);
      }
    });

    it('reads Heimdal `klist -Tf`: a row with an empty Flags cell, and no AFS token line as a ticket', () => {
      for (const [form, text] of inPasteForms(readFixture(HEIMDAL_AFS))) {
        const v = klist(text);
        assert.equal(v.caches.length, 1, form);
        assert.equal(v.caches[0]?.flavor, 'heimdal', form);
        assert.equal(v.cache, 'FILE:/tmp/krb5cc_1000', form);
        assert.equal(v.principal, 'username@NADA.KTH.SE', form);
        assert.deepEqual(
          v.tickets.map((t) => [t.validStarting.raw, t.expires.raw, t.flags, t.service]),
          [
            ['Dec  8 10:56:11', 'Dec  8 20:56:11', ['forwardable', 'proxiable', 'initial'], 'krbtgt/NADA.KTH.SE@NADA.KTH.SE'],
            ['Dec  8 10:56:12', 'Dec  8 20:56:11', [], 'afs/pdc.kth.se@NADA.KTH.SE'],
          ],
          form,
        );
        assert.equal(v.tickets[0]?.flagsRaw, 'FPI', form);
        // No year printed: no exact time is made up.
        assert.equal(v.tickets[0]?.validStarting.iso, undefined, form);
      }
    });
  });

  describe('id', () => {
    it('reads the Dutch translation, whose labels are `UID=`, `GID=` and `groepen=`', () => {
      for (const [form, text] of inPasteForms(readFixture(DUTCH_UPPERCASE))) {
        const r = parseId(text);
        assert.equal(r.recognized, true, form);
        assert.deepEqual(r.warnings, [], form);
        const [patrick, balbina] = r.value.records;
        assert.equal(r.value.records.length, 2, form);
        assert.deepEqual(patrick?.uid, { id: 1002, name: 'patrick' }, form);
        assert.deepEqual(patrick?.gid, { id: 1002, name: 'patrick' }, form);
        assert.deepEqual(patrick && groupNames(patrick), ['patrick', 'familie'], form);
        assert.deepEqual(balbina?.uid, { id: 1003, name: 'balbina' }, form);
        assert.equal(balbina?.groups.length, 14, form);
        assert.deepEqual(balbina?.groups.at(-1), { id: 1005, name: 'familie' }, form);
        assert.deepEqual(balbina?.groups[12], { id: 128, name: 'sambashare' }, form);
      }
      assert.equal(looksLikeId(readFixture(DUTCH_UPPERCASE)), true);
    });

    it('finds both Dutch records with auto', () => {
      const sections = parseAuto(readFixture(DUTCH_UPPERCASE)).value.sections;
      const ids = sections.filter((s) => s.kind === 'id').flatMap((s) => idValue(s).records.map((r) => r.uid.name));
      assert.deepEqual(ids, ['patrick', 'balbina']);
    });

    it('joins a record the author continued with backslashes (`gid=... \\` / `Gruppen=...,\\` / `Kontext=...:\\`)', () => {
      for (const [form, text] of inPasteForms(readFixture(GERMAN_BACKSLASH))) {
        const r = parseId(text);
        assert.deepEqual(r.warnings, [], form);
        assert.equal(r.value.records.length, 1, form);
        const v = r.value;
        assert.deepEqual(v.uid, { id: 1000, name: 'mathias' }, form);
        assert.deepEqual(v.gid, { id: 1000, name: 'mathias' }, form);
        assert.deepEqual(groupNames(v), ['mathias', 'adm', 'cdrom', 'floppy', 'sudo', 'audio', 'dip', 'video', 'plugdev'], form);
        assert.deepEqual(v.groups[4], { id: 27, name: 'sudo' }, form);
        assert.equal(v.context, SELINUX_UNCONFINED, form);
        // The `ps -Z` label lines above it are no record.
        assert.equal(v.records[0]?.line, 11, form);
      }
    });

    it('skips a `...` line cut into a record (reported) and joins `Kontext=` on its own line', () => {
      for (const [form, text] of inPasteForms(readFixture(GERMAN_ELIDED))) {
        const r = parseId(text);
        assert.equal(r.value.records.length, 2, form);
        const [user, root] = r.value.records;
        assert.deepEqual(user?.uid, { id: 1000, name: 'mathias' }, form);
        assert.deepEqual(user?.groups, [], form);
        assert.equal(user?.context, SELINUX_UNCONFINED, form);
        assert.deepEqual(root?.uid, { id: 0, name: 'root' }, form);
        assert.deepEqual(root?.groups, [{ id: 0, name: 'root' }], form);
        assert.equal(root?.context, SELINUX_UNCONFINED, form);
        assert.equal(r.warnings.length, 1, form);
        assert.equal(r.warnings[0]?.line, 4, form);
        assert.match(r.warnings[0]?.message ?? '', /left out by hand/, form);
      }
    });

    it('gives each record of `id hanka root` its own user (Czech `skupiny=`, `kontext=`)', () => {
      for (const [form, text] of inPasteForms(readFixture(CZECH_TWO_USERS))) {
        const r = parseId(text);
        assert.deepEqual(r.warnings, [], form);
        assert.deepEqual(
          r.value.records.map((x) => [x.query, x.uid.name, groupNames(x), x.context]),
          [
            [null, 'hanka', ['hanka', 'wheel'], SELINUX_UNCONFINED],
            ['hanka', 'hanka', ['hanka', 'wheel'], null],
            ['root', 'root', ['root'], null],
          ],
          form,
        );
      }
    });

    it("reads `id: 'alice': no such user` as an error and ignores the author's `# comments`", () => {
      for (const [form, text] of inPasteForms(readFixture(NO_SUCH_USER))) {
        const r = parseId(text);
        assert.equal(r.recognized, true, form);
        assert.deepEqual(r.warnings, [], form);
        assert.deepEqual(r.value.errors, [{ message: "'alice': no such user", user: 'alice', line: 3 }], form);
        assert.equal(r.value.records.length, 1, form);
        assert.deepEqual(r.value.uid, { id: 3001, name: 'alice' }, form);
        assert.deepEqual(r.value.gid, { id: 3001, name: 'alice' }, form);
        assert.deepEqual(r.value.groups, [], form);
        // The `id alice` before the error was answered by the error, not by the record.
        assert.equal(r.value.query, 'alice', form);
      }
    });

    it('an error alone is recognized; other lines starting `id:` are not errors', () => {
      const text = readFixture(NO_SUCH_USER);
      const errorLine = text.split('\n').find((l) => l.startsWith('id: '));
      assert.ok(errorLine);
      const r = parseId(errorLine);
      assert.equal(r.recognized, true);
      assert.equal(r.value.errors[0]?.user, 'alice');
      assert.equal(parseId('id: invalid option -- z').recognized, false);
    });

    it('auto gives the failed id its own section before the id that answered', () => {
      const sections = parseAuto(readFixture(NO_SUCH_USER)).value.sections;
      assert.deepEqual(sections.map((s) => [s.kind, s.startLine, s.endLine]), [['id', 2, 3], ['id', 4, 5]]);
      assert.deepEqual(idValue(sections[0]).errors.map((e) => e.user), ['alice']);
      assert.deepEqual(idValue(sections[1]).records.map((r) => r.uid.name), ['alice']);
      assert.equal(looksLikeId('id: invalid option -- z'), false);
    });
  });
});
