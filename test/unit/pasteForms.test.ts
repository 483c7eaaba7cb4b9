/**
 * Ways of pasting that change whole lines, undone by splitLines for every parser: a web page's
 * `<br>` source, quoted-printable mail bodies, Markdown fences, a code viewer's line numbers.
 * Real samples from test/fixtures/extra (SOURCES.md there).
 */
import * as assert from 'node:assert/strict';
import { parseAuto } from '../../src/parse/auto';
import { parseGpresult } from '../../src/parse/gpresult';
import { parseUnixKlist } from '../../src/parse/unixKlist';
import { parseWhoami } from '../../src/parse/whoami';
import { isPromptLine, splitLines } from '../../src/parse/text';
import { readFixture } from './fixtures';

describe('paste forms (unit)', () => {
  it('a one-line <br> copy of gpresult /z and whoami /all reads like the real output', () => {
    const gp = parseGpresult(readFixture('extra/en-gpresult-z-server2008-html-br-one-line.txt'));
    assert.equal(gp.recognized, true);
    assert.equal(gp.value.user, 'LAB\\johndoe');
    assert.equal(gp.value.computer, 'WIN-0P19ULL2NB6');
    assert.equal(gp.value.userGroups.length, 10);
    assert.equal(gp.value.userGroups.at(-1), 'High Mandatory Level');

    const wa = parseWhoami(readFixture('extra/en-whoami-all-server2008-unknown-sid-type-label-html-br.txt'));
    assert.equal(wa.recognized, true);
    assert.deepEqual(wa.value.user, { name: 'lab\\johndoe', sid: 'S-1-5-21-60789211-843652525-1994898995-1001' });
    assert.equal(wa.value.groups.length, 9);
    assert.equal(wa.value.integrityLevel, 'medium');
    assert.equal(wa.value.privileges.length, 5);
    assert.deepEqual(parseAuto(readFixture('extra/en-whoami-all-server2008-unknown-sid-type-label-html-br.txt')).value.sections.map((s) => s.kind), ['whoami']);
  });

  it('quoted-printable mail: soft breaks joined, =20 undone (MIT klist -ce)', () => {
    const six = parseUnixKlist(readFixture('extra/mit-klist-ce-quoted-printable-email-6-tickets.txt'));
    assert.deepEqual(six.warnings, []);
    const tickets = six.value.caches[0]?.tickets ?? [];
    assert.equal(tickets.length, 6);
    assert.ok(tickets.every((t) => t.encryption?.ticket === 'aes256-cts-hmac-sha384-192'), JSON.stringify(tickets.map((t) => t.encryption)));
    const keyring = parseUnixKlist(readFixture('extra/mit-klist-ce-keyring-persistent-qp-tabs.txt'));
    assert.deepEqual(keyring.warnings, []);
    assert.equal(keyring.value.caches[0]?.cache, 'KEYRING:persistent:1052000003:1052000003');
    assert.deepEqual(keyring.value.caches[0]?.tickets.map((t) => t.encryption?.ticket), ['aes256-cts-hmac-sha384-192', 'camellia256-cts-cmac']);
  });

  it('Markdown fence lines are blank lines, wherever the author put them', () => {
    const sample = readFixture('extra/mit-klist-ansibash-3-hosts-kcm.txt');
    const fenced = sample.replace('=== u2@a2', '```\n=== u2@a2\n```text');
    // The same result, apart from the line numbers the two inserted lines shift.
    const withoutLines = (v: unknown): string => JSON.stringify(v, (k, x: unknown) => (k === 'line' ? undefined : x));
    assert.equal(withoutLines(parseUnixKlist(fenced).value), withoutLines(parseUnixKlist(sample).value));
    assert.equal(parseUnixKlist(fenced).warnings.length, parseUnixKlist(sample).warnings.length);
    assert.deepEqual(splitLines('```console \nx\n~~~\n> ```\ny'), ['', 'x', '', '', 'y']);
    assert.deepEqual(splitLines('a ``` b'), ['a ``` b'], 'only whole fence lines');
    // CommonMark allows blanks between the fence and its info string: a real paste opens with `    ``` info`.
    assert.deepEqual(splitLines('    ``` info\nx\n  ```'), ['', 'x', '']);
  });

  it('a code viewer\'s line numbers (1, line 1, 2, line 2, ...) are dropped', () => {
    const lines = splitLines(readFixture('extra/fr-gpresult-r-local-user-line-numbers-interleaved.txt'));
    assert.equal(lines[0], 'Données RSOP pour CLIENT1\\wilder sur CLIENT1 : mode journalisation');
    assert.ok(!lines.some((l) => /^\s*\d{1,3}\s*$/.test(l)), lines.filter((l) => /^\s*\d+\s*$/.test(l)).join(','));
    // Numbers that do not count up from 1 on their own lines stay.
    assert.deepEqual(splitLines('1\na\n3\nb\n5'), ['1', 'a', '3', 'b', '5']);
  });

  it('a multi-host runner\'s `=== host` lines separate three klist outputs without warnings', () => {
    const r = parseUnixKlist(readFixture('extra/mit-klist-ansibash-3-hosts-kcm.txt'), { dateOrder: 'MDY' });
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.value.caches.map((c) => `${c.cache ?? ''} ${c.tickets.length}`), ['KCM:322202610:62865 1', 'KCM:322202610:72575 1', 'KCM:322202610:85859 1']);
  });

  it('auto splits French gpresult and Spanish gpupdate pasted one after the other, in either order', () => {
    // Two real samples concatenated, as a user pastes several outputs into one ticket.
    const gpupdate = readFixture('extra/es-gpupdate-success-both-halves-samba-course.txt');
    const gpresult = readFixture('extra/fr-gpresult-r-banner-computer-and-user-domain-admin.txt');
    assert.deepEqual(parseAuto(`${gpresult}\n${gpupdate}`).value.sections.map((x) => x.kind), ['gpresult', 'gpupdate']);
    assert.deepEqual(parseAuto(`${gpupdate}\n${gpresult}`).value.sections.map((x) => x.kind), ['gpupdate', 'gpresult']);
  });

  it('auto keeps a klist prompt in its section: the command says which session was read', () => {
    const commands = (file: string): unknown[] => parseAuto(readFixture(file)).value.sections.map((x) => [x.kind, x.startLine, (x.result.value as { command?: unknown }).command]);
    assert.deepEqual(commands('extra/win-klist-es-2-tickets-ps-prompt.txt'), [['klist', 1, 'klist']]);
    assert.deepEqual(commands('extra/win-klist-sessions-elided-trailing-spaces-then-li-0x3e7.txt').at(-1), ['klist', 15, 'klist -li 0x3e7']);
  });

  it('Markdown bold around output goes; a redacted SID\'s asterisks stay', () => {
    // Lines of the Microsoft support article and of the EventGhost paste (test/fixtures/extra).
    assert.deepEqual(splitLines('> **Windows failed to apply the MDM Policy settings**. MDM Policy settings might have its own log file.'), ['> Windows failed to apply the MDM Policy settings. MDM Policy settings might have its own log file.']);
    const redacted = readFixture('extra/en-whoami-groups-redacted-sids-truncated-eventghost-pr.txt');
    assert.deepEqual(splitLines(redacted), redacted.split('\n'));
    assert.equal(parseWhoami(redacted).value.groups.find((g) => g.name.endsWith('HelpLibraryUpdaters'))?.sid, 'S-1-5-21-**********-**********-**********-1007');
  });
  it('knows the prompt forms real pastes show, and no account or label line is one', () => {
    // Each from a real paste in the fixtures or the session-3 sample hunt.
    const prompts = ['[ACADEMY-AEN-DEV01.INLANEFREIGHT.LOCAL]: PS C:\\Users\\backupadm\\Documents> klist', '-sh-5.1$ sudo -l', 'bash-5.1$ klist', 'SUSE12-2-MinOS:~ #', 'PS C:\\htb> klist', '*Evil-WinRM* PS C:\\Users\\svc> klist', '[root@ipa ~]# klist', 'user@host:~$ id'];
    assert.deepEqual(prompts.filter((p) => !isPromptLine(p)), []);
    const notPrompts = ['DC01$', 'WS01$', 'Ticket cache: FILE:/tmp/krb5cc_0', 'Default principal: alice@TEST.LOCAL', 'Matching Defaults entries for testuser on client:', 'hash-5$x'];
    assert.deepEqual(notPrompts.filter((p) => isPromptLine(p)), []);
    // Linear on a long line with every prompt character in it.
    const long = `[${'a'.repeat(90)}]: PS ${'>$# '.repeat(250_000)}`;
    const t = Date.now();
    isPromptLine(long);
    assert.ok(Date.now() - t < 1000);
  });
});
