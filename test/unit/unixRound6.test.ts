import * as assert from 'node:assert/strict';
import { parseAuto } from '../../src/parse/auto';
import type { AutoSection } from '../../src/parse/auto';
import { parseId } from '../../src/parse/id';
import type { IdRecord, IdResult } from '../../src/parse/id';
import { parseUnixKlist } from '../../src/parse/unixKlist';
import type { UnixKlistResult, UnixKlistTicket } from '../../src/parse/unixKlist';
import { inPasteForms, readFixture } from './fixtures';

// Real samples in test/fixtures/extra/ (sources in test/fixtures/extra/SOURCES.md).
const RU_DASH_NOTE = 'extra/ru-id-gruppy-label-author-dash-comment-after-record-minikube-notes.txt';
const ES_SEMICOLON = 'extra/es-id-grupos-root-id-semicolon-hostname-then-hostname-output-lower5.txt';
const DOCKER_EXEC_ID = 'extra/en-id-docker-compose-exec-id-a-user-command-without-prompt-list-item.txt';
const IT_GRUPPI = 'extra/it-id-gruppi-label-then-groups-names-then-grep-kubuntu-forum-2006.txt';
const FR_GROUPES = 'extra/fr-id-groupes-label-13-groups-debian-prompt-mount-course.txt';
const ES_CONTEXTO = 'extra/es-id-grupos-contexto-labels-reverse-shell-bare-id-then-pty-haystack.txt';
const AZURE_ADDS = 'extra/en-id-sssd-azure-adds-hash-id-prompt-two-users-context-then-getent-group-notes.txt';
const WRAPPED_MAC_UBUNTU = 'extra/en-id-macos-and-ubuntu-records-wrapped-after-comma-nfs-forum-2009.txt';
const KLIST_L_MAC_PROMPT = 'extra/en-mit-klist-l-docker-compose-exec-blank-line-then-macos-prompt.txt';
const KLIST_L_MISALIGNED = 'extra/cs-mit-klist-l-4space-md-indent-author-renamed-principal-misaligned-cesnet.txt';
const KLIST_TABS = 'extra/ru-mit-klist-kcm-tab-separated-header-and-row-dotted-dmy-freeipa-sudo-fenced.txt';
const KLIST_E_THEN_L = 'extra/es-mit-klist-e-renew-and-etype-one-line-then-klist-l-rhel-prompts-md-headings.txt';
const KLIST_NO_CACHE_EMPTY_L = 'extra/en-mit-klist-no-cache-then-empty-klist-l-after-adcli-join-md-heading.txt';
const HEIMDAL_MACHINE = 'extra/heimdal-macos-klist-machine-dollar-principal-two-caches-blog-prose-1space-indent.txt';
const ZH_HTML_P = 'extra/zh-id-zu-label-html-br-p-close-two-hosts-hadoop-nfs-notes.txt';
const VIEWER_NUMBERS_KEYRING = 'extra/en-mit-klist-keyring-persistent-code-viewer-line-numbers-git-branch-prompt-fenced.txt';
const VIEWER_NUMBERS_01 = 'extra/en-mit-klist-a-keyring-code-viewer-line-numbers-01-15-ssh-k-referral-entry.txt';

function klist(text: string, form: string): UnixKlistResult {
  const r = parseUnixKlist(text);
  assert.equal(r.recognized, true, form);
  assert.deepEqual(r.warnings, [], form);
  return r.value;
}

function ids(text: string, form: string): IdResult {
  const r = parseId(text);
  assert.equal(r.recognized, true, form);
  assert.deepEqual(r.warnings, [], form);
  return r.value;
}

function names(record: IdRecord | undefined): (string | null)[] {
  return (record?.groups ?? []).map((g) => g.name);
}

function row(t: UnixKlistTicket | undefined): [string, string, string] {
  return [t?.validStarting.raw ?? '', t?.expires.raw ?? '', t?.service ?? ''];
}

function sectionsOf(text: string): AutoSection[] {
  return parseAuto(text).value.sections;
}

describe('unix klist + id, round 6 (real samples)', () => {
  describe('id: fixes', () => {
    it('takes an author note after the record (` - нет групп у awx`) for no field, and the bare `id awx` line above it for the query', () => {
      for (const [form, text] of inPasteForms(readFixture(RU_DASH_NOTE))) {
        const v = ids(text, form);
        assert.equal(v.records.length, 1, form);
        assert.deepEqual(v.uid, { id: 1001, name: 'awx' }, form);
        assert.deepEqual(v.gid, { id: 1001, name: 'awx' }, form);
        // `группы=` is the Russian `groups=`.
        assert.deepEqual(v.groups, [{ id: 1001, name: 'awx' }], form);
        assert.equal(v.query, 'awx', form);
        assert.equal(v.records[0]?.line, 8, form);
      }
    });

    it('ends the `id` arguments at a shell separator: `id ; hostname` asks for no user', () => {
      for (const [form, text] of inPasteForms(readFixture(ES_SEMICOLON))) {
        const v = ids(text, form);
        assert.equal(v.records.length, 1, form);
        assert.deepEqual(v.uid, { id: 0, name: 'root' }, form);
        assert.deepEqual(v.groups, [{ id: 0, name: 'root' }], form);
        assert.equal(v.query, null, form);
      }
    });

    it('reads the user of `sudo docker-compose exec sshserver id -a testuser` written without a prompt', () => {
      for (const [form, text] of inPasteForms(readFixture(DOCKER_EXEC_ID))) {
        const v = ids(text, form);
        assert.equal(v.records.length, 1, form);
        assert.deepEqual(v.uid, { id: 1000, name: 'testuser' }, form);
        assert.deepEqual(v.groups, [{ id: 1000, name: 'testuser' }], form);
        assert.equal(v.query, 'testuser', form);
      }
    });
  });

  describe('id: macOS prompt', () => {
    it('reads the user of `id` after a macOS bash prompt (the Mac record of the NFS forum post, prompt line added)', () => {
      const text = readFixture(WRAPPED_MAC_UBUNTU).replace('```\nuid=501', '```\nMacBook-Pro:~ matsolsen$ id matsolsen\nuid=501');
      const v = ids(text, 'mac prompt');
      assert.equal(v.records[0]?.query, 'matsolsen');
      assert.deepEqual(v.records[0]?.uid, { id: 501, name: 'matsolsen' });
      assert.equal(v.records[1]?.query, null);
    });
  });

  describe('id: pinned', () => {
    it('reads the Italian `gruppi=` label, and takes neither the `groups` names nor the `grep` for a record', () => {
      for (const [form, text] of inPasteForms(readFixture(IT_GRUPPI))) {
        const v = ids(text, form);
        assert.equal(v.records.length, 1, form);
        assert.deepEqual(v.uid, { id: 111, name: 'hal' }, form);
        assert.deepEqual(v.gid, { id: 111, name: 'hal' }, form);
        assert.deepEqual(names(v.records[0]), ['hal', 'cdrom', 'floppy', 'plugdev'], form);
        assert.deepEqual(v.groups[3], { id: 46, name: 'plugdev' }, form);
        assert.equal(v.query, 'hal', form);
        assert.deepEqual(v.passwd, [], form);
        assert.deepEqual(v.groupEntries, [], form);
      }
    });

    it('reads the French `groupes=` label with 13 groups', () => {
      for (const [form, text] of inPasteForms(readFixture(FR_GROUPES))) {
        const v = ids(text, form);
        assert.equal(v.records.length, 1, form);
        assert.deepEqual(v.uid, { id: 1000, name: 'sdejongh' }, form);
        assert.equal(v.groups.length, 13, form);
        assert.deepEqual(v.groups[3], { id: 27, name: 'sudo' }, form);
        assert.deepEqual(v.groups.at(-1), { id: 143, name: 'ubridge' }, form);
        assert.equal(v.query, null, form);
      }
    });

    it('reads the Spanish `grupos=` and `contexto=` labels of a reverse shell, between Ncat and the pty upgrade', () => {
      for (const [form, text] of inPasteForms(readFixture(ES_CONTEXTO))) {
        const v = ids(text, form);
        assert.equal(v.records.length, 1, form);
        assert.deepEqual(v.uid, { id: 994, name: 'kibana' }, form);
        assert.deepEqual(v.gid, { id: 992, name: 'kibana' }, form);
        assert.deepEqual(v.groups, [{ id: 992, name: 'kibana' }], form);
        assert.equal(v.context, 'system_u:system_r:unconfined_service_t:s0', form);
        assert.equal(v.records[0]?.line, 9, form);
      }
    });

    it('reads two Azure AD DS users after `#id` lines, with SSSD names holding spaces and SELinux contexts', () => {
      for (const [form, text] of inPasteForms(readFixture(AZURE_ADDS))) {
        const v = ids(text, form);
        const [admin, user] = v.records;
        assert.equal(v.records.length, 2, form);
        assert.deepEqual(admin?.uid, { id: 377601110, name: 'bellamra@harcs.onmicrosoft.com' }, form);
        assert.deepEqual(admin?.gid, { id: 377600513, name: 'domain users@harcs.onmicrosoft.com' }, form);
        assert.deepEqual(
          names(admin),
          [
            'domain users@harcs.onmicrosoft.com',
            'group policy creator owners@harcs.onmicrosoft.com',
            'denied rodc password replication group@harcs.onmicrosoft.com',
            'dnsadmins@harcs.onmicrosoft.com',
            'aad dc administrators@harcs.onmicrosoft.com',
            'sudoroot@harcs.onmicrosoft.com',
          ],
          form,
        );
        assert.equal(admin?.context, 'unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023', form);
        assert.deepEqual(user?.uid, { id: 377601112, name: 'chris@harcs.onmicrosoft.com' }, form);
        assert.deepEqual(user?.groups[1], { id: 377601108, name: 'serviceaccounts@harcs.onmicrosoft.com' }, form);
        // `#id` runs `id` with no user.
        assert.equal(admin?.query, null, form);
        assert.equal(user?.query, null, form);
        assert.deepEqual(
          v.groupEntries.map((g) => [g.name, g.gid, g.members]),
          [['ADDEMO', 1000, []]],
          form,
        );
      }
    });

    it('joins a macOS and an Ubuntu record each wrapped after a comma', () => {
      for (const [form, text] of inPasteForms(readFixture(WRAPPED_MAC_UBUNTU))) {
        const v = ids(text, form);
        const [mac, ubuntu] = v.records;
        assert.equal(v.records.length, 2, form);
        assert.deepEqual(mac?.uid, { id: 501, name: 'matsolsen' }, form);
        assert.deepEqual(mac?.gid, { id: 20, name: 'staff' }, form);
        assert.deepEqual(names(mac), ['staff', '_lpadmin', '_appserveradm', '_appserverusr', 'admin', 'com.apple.sharepoint.group.1'], form);
        assert.deepEqual(ubuntu?.uid, { id: 1000, name: 'mats' }, form);
        assert.deepEqual(names(ubuntu), ['adm', 'dialout', 'cdrom', 'plugdev', 'lpadmin', 'sambashare', 'admin', 'mats'], form);
      }
      const sections = sectionsOf(readFixture(WRAPPED_MAC_UBUNTU));
      const records = sections.filter((s) => s.kind === 'id').flatMap((s) => (s.result.value as IdResult).records.map((r) => r.groups.length));
      assert.deepEqual(records, [6, 8]);
    });
  });

  describe('klist: fixes', () => {
    it('ends a `klist -l` listing at the macOS bash prompt after it (`pinky:kerberostest mrpink$`)', () => {
      for (const [form, text] of inPasteForms(readFixture(KLIST_L_MAC_PROMPT))) {
        const v = klist(text, form);
        assert.deepEqual(v.collection, [{ principal: 'testuser@MYDOMAIN.COM', cache: 'FILE:/tmp/krb5cc_0', expired: false }], form);
        assert.deepEqual(v.caches, [], form);
      }
    });

    it('ends a `klist -l` listing at a macOS zsh prompt too (the same listing, prompt line in zsh form)', () => {
      const text = readFixture(KLIST_L_MAC_PROMPT).replace('pinky:kerberostest mrpink$', 'mrpink@pinky kerberostest % klist');
      const v = klist(text, 'zsh');
      assert.deepEqual(v.collection, [{ principal: 'testuser@MYDOMAIN.COM', cache: 'FILE:/tmp/krb5cc_0', expired: false }]);
    });
  });

  describe('paste forms shared by every parser (text.ts)', () => {
    it('drops HTML `<p>`/`</p>` around `<br>` lines: two hosts\' `id nfsuser` with the Chinese `组=` label', () => {
      const r = parseId(readFixture(ZH_HTML_P));
      assert.equal(r.recognized, true);
      assert.deepEqual(r.warnings, []);
      assert.equal(r.value.records.length, 2);
      for (const record of r.value.records) {
        assert.deepEqual([record.uid?.name, record.gid?.name, names(record)], ['nfsuser', 'users', ['users']]);
      }
      assert.equal(r.value.query, 'nfsuser');
    });

    it('drops the line numbers a web code viewer put in front of every line (`1    $ kinit`, `8    05/01/2015 ...`)', () => {
      const r = parseUnixKlist(readFixture(VIEWER_NUMBERS_KEYRING), { dateOrder: 'MDY' });
      assert.equal(r.recognized, true);
      assert.deepEqual(r.warnings, []);
      assert.equal(r.value.cache, 'KEYRING:persistent:14370:krb_ccache_H4Ss9cA');
      assert.equal(r.value.principal, 'ayoung@YOUNGLOGIC.NET');
      assert.deepEqual(r.value.tickets.map(row), [['05/01/2015 09:07:06', '05/02/2015 09:06:55', 'krbtgt/YOUNGLOGIC.NET@YOUNGLOGIC.NET']]);
    });

    it('drops zero-padded viewer numbers (`01` to `15`) and reads `klist -A` after `ssh -K`, the referral entry `host/...@` included', () => {
      const r = parseUnixKlist(readFixture(VIEWER_NUMBERS_01), { dateOrder: 'MDY' });
      assert.equal(r.recognized, true);
      assert.deepEqual(r.warnings, []);
      assert.deepEqual(
        r.value.caches.map((c) => [c.cache, c.principal, c.tickets.map((t) => t.service)]),
        [['KEYRING:persistent:14370:krb_ccache_WotXvlm', 'ayoung@YOUNGLOGIC.NET', ['host/rdo.younglogic.net@YOUNGLOGIC.NET', 'host/rdo.younglogic.net@', 'krbtgt/YOUNGLOGIC.NET@YOUNGLOGIC.NET']]],
      );
      assert.equal(r.value.tickets[2]?.expires.iso, '2015-05-02T12:42:45');
    });

    it('keeps numbers that do not count up from 1 in front of three or more lines', () => {
      const text = readFixture(VIEWER_NUMBERS_01).replace(/^01 {4}/, '00    ');
      assert.equal(parseUnixKlist(text, { dateOrder: 'MDY' }).recognized, false);
    });
  });

  describe('klist: pinned', () => {
    it('reads a `klist -l` row whose principal the author renamed out of its column, in a 4-space Markdown block', () => {
      for (const [form, text] of inPasteForms(readFixture(KLIST_L_MISALIGNED))) {
        const v = klist(text, form);
        assert.deepEqual(v.collection, [{ principal: 'jmeno_projmeni@EINFRA', cache: 'FILE:/tmp/krb5cc_1000', expired: false }], form);
      }
    });

    it('reads a KCM listing whose header and row are split by TABs, with dotted day-first dates', () => {
      for (const [form, text] of inPasteForms(readFixture(KLIST_TABS))) {
        const v = klist(text, form);
        assert.equal(v.caches.length, 1, form);
        assert.equal(v.cache, 'KCM:0', form);
        assert.equal(v.principal, 'admin@HQ.WORK', form);
        assert.deepEqual(v.tickets.map(row), [['11.05.2024 20:36:33', '12.05.2024 19:41:03', 'krbtgt/HQ.WORK@HQ.WORK']], form);
        assert.equal(v.tickets[0]?.validStarting.iso, '2024-05-11T20:36:33', form);
        assert.equal(v.tickets[0]?.expires.iso, '2024-05-12T19:41:03', form);
      }
    });

    it('reads `klist -e` (renew-until and Etype on one line) after an author-cut copy, then `klist -l`; Markdown `#` headings are no prompts', () => {
      for (const [form, text] of inPasteForms(readFixture(KLIST_E_THEN_L))) {
        const v = klist(text, form);
        assert.equal(v.caches.length, 2, form);
        const [cut, full] = v.caches;
        assert.equal(cut?.cache, 'FILE:/tmp/krb5cc_1002', form);
        assert.deepEqual(cut?.tickets, [], form);
        assert.equal(full?.principal, 'dobeslao@VINKOS.COM', form);
        const [t] = full?.tickets ?? [];
        assert.equal(full?.tickets.length, 1, form);
        assert.deepEqual(row(t), ['11/29/2017 13:07:36', '11/30/2017 13:07:36', 'krbtgt/VINKOS.COM@VINKOS.COM'], form);
        assert.deepEqual(t?.renewUntil, { raw: '12/06/2017 13:07:36', iso: '2017-12-06T13:07:36' }, form);
        assert.deepEqual(t?.encryption, { sessionKey: 'arcfour-hmac', ticket: 'arcfour-hmac' }, form);
        assert.deepEqual(v.collection, [{ principal: 'dobeslao@VINKOS.COM', cache: 'FILE:/tmp/krb5cc_1002', expired: false }], form);
      }
    });

    it('reads "No credentials cache found" and then an empty `klist -l` listing', () => {
      for (const [form, text] of inPasteForms(readFixture(KLIST_NO_CACHE_EMPTY_L))) {
        const v = klist(text, form);
        assert.deepEqual(v.errors.map((e) => [e.kind, e.cache, e.line]), [['no-cache', '/tmp/krb5cc_0', 5]], form);
        assert.deepEqual(v.collection, [], form);
        assert.deepEqual(v.caches, [], form);
      }
      const kinds = sectionsOf(readFixture(KLIST_NO_CACHE_EMPTY_L)).map((s) => s.kind);
      assert.deepEqual(kinds, ['unix-klist', 'unix-klist']);
    });

    it('reads two macOS Heimdal caches in blog prose: a machine principal with `$`, then a listing indented by one space', () => {
      for (const [form, text] of inPasteForms(readFixture(HEIMDAL_MACHINE))) {
        const v = klist(text, form);
        assert.equal(v.caches.length, 2, form);
        const [machine, admin] = v.caches;
        assert.equal(machine?.flavor, 'heimdal', form);
        assert.equal(machine?.cache, 'API:3FB02FDF-608F-4548-AFEC-85BFFBF4E073', form);
        assert.equal(machine?.principal, 'machpower$@TWOCANOES.COM', form);
        assert.deepEqual(machine?.tickets.map(row), [['Jan 27 22:53:33 2018', 'Jan 28 08:53:33 2018', 'krbtgt/TWOCANOES.COM@TWOCANOES.COM']], form);
        assert.equal(machine?.tickets[0]?.validStarting.iso, '2018-01-27T22:53:33', form);
        assert.equal(admin?.cache, 'API:EA1EADF6-195E-4503-A92D-8FA11A8FA327', form);
        assert.equal(admin?.principal, 'Administrator@TWOCANOES.COM', form);
        assert.deepEqual(admin?.tickets.map(row), [['Jan 27 22:57:16 2018', 'Jan 28 08:57:13 2018', 'krbtgt/TWOCANOES.COM@TWOCANOES.COM']], form);
        assert.equal(admin?.tickets[0]?.expires.iso, '2018-01-28T08:57:13', form);
      }
    });
  });
});
