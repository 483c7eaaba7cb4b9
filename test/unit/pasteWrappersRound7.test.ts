/**
 * Round 7: output as automation, CI and logging tools wrap it (Jenkins timestamps, journald /
 * syslog prefixes, Ansible results, Python bytes literals, Vagrant provisioner lines), undone by
 * splitLines for every parser. Real samples from test/fixtures/extra (SOURCES.md there).
 */
import * as assert from 'node:assert/strict';
import { parseAuto } from '../../src/parse/auto';
import { parseId } from '../../src/parse/id';
import { splitLines } from '../../src/parse/text';
import { parseUnixKlist } from '../../src/parse/unixKlist';
import { PASTE_FORMS, readFixture } from './fixtures';

const JENKINS = 'extra/en-mit-klist-jenkins-timestamper-hhmmss-prefix-12-space-pad-triple-quote-fence-ansible-issue.txt';
const PY_BYTES = 'extra/zh-id-python-repl-bytes-repr-utf8-escaped-zu-label-then-stderr-no-such-user-course.txt';
const ANSIBLE_DEBUG = 'extra/zh-id-ansible-debug-register-json-stdout-and-stdout-lines-selinux-context-notes.txt';
const ANSIBLE_ADHOC = 'extra/ko-id-ansible-adhoc-become-two-hosts-rc0-header-geurupdeul-label-study-notes.txt';
const JOURNALD = 'extra/ja-id-journald-syslog-prefix-systemd-execstartpre-five-records-between-ls-lines.txt';
const JOURNALD_MAIL = 'extra/en-id-journald-prefix-in-mail-quote-4-space-systemd-user-7up-oss-security.txt';
const VAGRANT = 'extra/fr-id-vagrant-provision-detail-prefix-default-two-records-elided-groups-lab-report.txt';

const kinds = (text: string): string[] => parseAuto(text).value.sections.map((s) => s.kind);
const users = (text: string): string[] =>
  parseId(text).value.records.map((r) => `${r.uid?.id ?? '?'}(${r.uid?.name ?? ''}) ${r.gid?.id ?? '?'}(${r.gid?.name ?? ''}) ${r.groups.map((g) => `${g.id}(${g.name ?? ''})`).join(',')}`);

describe('paste wrappers round 7 (unit)', () => {
  describe('MIT klist in a Jenkins console: `09:06:23` timestamper prefix and 12 blanks before every line', () => {
    for (const [form, transform] of PASTE_FORMS) {
      it(`reads the cache, principal and the TGT with its renew time (${form})`, () => {
        const r = parseUnixKlist(transform(readFixture(JENKINS)));
        assert.equal(r.recognized, true, form);
        assert.deepEqual(r.warnings, [], form);
        assert.equal(r.value.caches.length, 1, form);
        const cache = r.value.caches[0];
        assert.equal(cache?.cache, 'FILE:/tmp/krb5cc_513', form);
        assert.equal(cache?.principal, 'ansible-svc-dev@FHLBI.COM', form);
        assert.deepEqual(
          cache?.tickets.map((t) => [t.service, t.validStarting?.iso, t.expires?.iso, t.renewUntil?.iso]),
          [['krbtgt/FHLBI.COM@FHLBI.COM', '2016-04-19T09:06:22', '2016-04-19T19:06:22', '2016-04-20T09:06:22']],
          form,
        );
      });
    }

    it('auto finds one unix-klist section; the timestamps and the pad are gone, the indentation of `renew until` stays', () => {
      const text = readFixture(JENKINS);
      assert.deepEqual(kinds(text), ['unix-klist']);
      const lines = splitLines(text);
      assert.equal(lines[1], 'Ticket cache: FILE:/tmp/krb5cc_513');
      assert.equal(lines[3], '', 'a line that is only the timestamp and blanks');
      assert.equal(lines[6], '    renew until 04/20/16 09:06:22');
    });
  });

  describe('id as a Python bytes literal in a REPL: `\\xe7\\xbb\\x84=` is the UTF-8 of the zh_CN label 组=', () => {
    for (const [form, transform] of PASTE_FORMS) {
      it(`reads root's record and the stderr literal's "no such user" (${form})`, () => {
        const r = parseId(transform(readFixture(PY_BYTES)));
        assert.equal(r.recognized, true, form);
        assert.deepEqual(users(transform(readFixture(PY_BYTES))), ['0(root) 0(root) 0(root)'], form);
        assert.deepEqual(
          r.value.errors.map((e) => [e.user, e.message]),
          [['john', 'john: no such user']],
          form,
        );
      });
    }

    it('splitLines decodes the literal; auto finds the id section', () => {
      const lines = splitLines(readFixture(PY_BYTES));
      assert.equal(lines[2], 'uid=0(root) gid=0(root) 组=0(root)');
      assert.equal(lines[4], 'id: john: no such user');
      assert.deepEqual(kinds(readFixture(PY_BYTES)), ['id']);
    });
  });

  describe('id in an Ansible `debug: var=` result: JSON `"stdout"` and `"stdout_lines"` both hold the record', () => {
    for (const [form, transform] of PASTE_FORMS) {
      it(`reads one record with its SELinux context, without the JSON quotes (${form})`, () => {
        const r = parseId(transform(readFixture(ANSIBLE_DEBUG)));
        assert.equal(r.recognized, true, form);
        assert.equal(r.value.records.length, 1, form);
        assert.deepEqual(users(transform(readFixture(ANSIBLE_DEBUG))), ['0(root) 0(root) 0(root)'], form);
        assert.equal(r.value.records[0]?.context, 'unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023', form);
      });
    }

    it('auto finds the id section', () => {
      assert.deepEqual(kinds(readFixture(ANSIBLE_DEBUG)), ['id']);
    });
  });

  it('Ansible ad-hoc `host | CHANGED | rc=0 >>` headers: two ko_KR records (그룹들=), one per host', () => {
    const text = readFixture(ANSIBLE_ADHOC);
    assert.deepEqual(users(text), ['0(root) 0(root) 0(root)', '0(root) 0(root) 0(root)']);
    assert.deepEqual(parseId(text).warnings, []);
    assert.deepEqual(kinds(text), ['id']);
  });

  describe('journald / syslog prefixes (`Sep 24 03:43:07 buster32 sh[7608]: `)', () => {
    it('reads the five records a unit printed between `ls` lines and pam messages', () => {
      const text = readFixture(JOURNALD);
      assert.deepEqual(users(text), [
        '10(uucp) 10(uucp) 10(uucp)',
        '0(root) 0(root) 0(root),10(uucp)',
        '0(root) 0(root) 0(root),10(uucp)',
        '65534(nobody) 65534(nogroup) 65534(nogroup)',
        '65534(nobody) 65534(nogroup) 65534(nogroup)',
      ]);
      assert.deepEqual(kinds(text), ['id']);
      assert.equal(splitLines(text)[2], 'uid=10(uucp) gid=10(uucp) groups=10(uucp)');
    });

    it('takes the prefix off inside a mail quote with a 4-space code indent, and keeps the quote', () => {
      const text = readFixture(JOURNALD_MAIL);
      assert.deepEqual(users(text), ['0(root) 0(root) 0(root)']);
      assert.deepEqual(kinds(text), ['id']);
      const lines = splitLines(text);
      assert.equal(lines[16], '>     uid=0(root) gid=0(root) groups=0(root)');
      assert.equal(lines[14], '>     Invalid user/group name or numeric ID, ignoring: 7up', 'a continuation line without prefix stays');
    });
  });

  it('Vagrant provisioner lines `    default: uid=...` lose the machine name the `==> default:` line announced', () => {
    const text = readFixture(VAGRANT);
    const lines = splitLines(text);
    assert.equal(lines[2], 'uid=0(root) gid=0(root) groups=0(root)');
    assert.equal(lines[4], 'uid=1000(vagrant) gid=1000(vagrant) groups=1000(vagrant),...');
    assert.deepEqual(users(text), ['0(root) 0(root) 0(root)', '1000(vagrant) 1000(vagrant) 1000(vagrant)']);
    assert.deepEqual(kinds(text), ['id']);
    // A name no `==> name:` line announced is a tool's own field: klist's `    Server: ...` stays.
    assert.deepEqual(splitLines('==> dc: Running provisioner: shell...\n    Server: krbtgt/X @ X'), ['==> dc: Running provisioner: shell...', '    Server: krbtgt/X @ X']);
  });

  it('leaves lines alone that only look like a wrapper: ISO-dated klist rows, Heimdal rows, a single dated line', () => {
    // MIT klist in an ISO locale puts two blanks between its columns: no log prefix.
    const iso = ['Valid starting       Expires              Service principal', '2024-01-30 11:13:17  2024-01-30 21:13:17  krbtgt/A@A', '2024-01-30 11:14:02  2024-01-30 21:13:17  host/b@A', '2024-01-30 11:15:40  2024-01-30 21:13:17  cifs/c@A'];
    assert.deepEqual(splitLines(iso.join('\n')), iso);
    const heimdal = ['Jan 30 11:13:17  Jan 30 21:13:17  krbtgt/A@A', 'Jan 30 11:14:02  Jan 30 21:13:17  host/b@A', 'Jan 30 11:15:40  Jan 30 21:13:17  cifs/c@A'];
    assert.deepEqual(splitLines(heimdal.join('\n')), heimdal);
    assert.deepEqual(splitLines('09:06:23 one\nTicket cache: FILE:/tmp/x'), ['09:06:23 one', 'Ticket cache: FILE:/tmp/x'], 'fewer than three prefixed lines');
    // A plain string literal with only \n escapes stays for the whoami parser, which decodes it itself.
    assert.deepEqual(splitLines("'USER INFORMATION\\n----------------'"), ["'USER INFORMATION\\n----------------'"]);
  });
});
