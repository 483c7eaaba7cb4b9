/**
 * Real pastes from write-ups and Q&A threads found in session 3 (test/fixtures/extra/SOURCES.md):
 * each one exposed a misreading that is fixed here, or pins a form that reads right.
 */
import * as assert from 'node:assert/strict';
import { parseAuto } from '../../src/parse/auto';
import { parseGpresult } from '../../src/parse/gpresult';
import { parseGpupdate } from '../../src/parse/gpupdate';
import { parseKlist } from '../../src/parse/klist';
import { parseWhoami } from '../../src/parse/whoami';
import { readFixture } from './fixtures';

describe('real write-up and Q&A pastes (unit)', () => {
  it('keeps a PowerShell remoting prompt `[host]: PS ...> klist` that opens the paste', () => {
    const auto = parseAuto(readFixture('extra/es-writeup-klist-pssession-7space-asc-renew0.txt'));
    assert.deepEqual(auto.value.sections.map((s) => [s.kind, s.startLine]), [['klist', 1]]);
    const klist = parseKlist(readFixture('extra/es-writeup-klist-pssession-7space-asc-renew0.txt')).value;
    assert.equal(klist.command, 'klist');
    assert.equal(klist.currentLogonId, '0x11e387');
    const ticket = klist.tickets[0];
    assert.equal(ticket?.server, 'HTTP/ACADEMY-AEN-DEV01.INLANEFREIGHT.LOCAL @ INLANEFREIGHT.LOCAL');
    assert.deepEqual(ticket?.renewTime, { raw: '0' });
    assert.deepEqual(ticket?.cacheFlags, ['ASC']);
    assert.equal(ticket?.kdcCalled, '');
  });

  it('says where an author cut ticket blocks short with `...`', () => {
    const two = parseKlist(readFixture('extra/it-writeup-klist-two-tickets-each-elided.txt'));
    assert.deepEqual(
      two.warnings.map((w) => [w.line, w.message]),
      [
        [10, 'The paste cuts ticket #0 short here: the fields after this line are missing.'],
        [15, 'The paste cuts ticket #1 short here: the fields after this line are missing.'],
      ],
    );
    assert.deepEqual(two.value.tickets.map((t) => [t.serverName, t.encryptionType, t.startTime]), [
      ['krbtgt/inlanefreight.local', 'RSADSI RC4-HMAC(NT)', null],
      ['HTTP/dc01', 'AES-256-CTS-HMAC-SHA1-96', null],
    ]);
    const golden = parseKlist(readFixture('extra/it-writeup-klist-golden-rc4-elided-after-endtime.txt'));
    assert.deepEqual(golden.warnings.map((w) => w.line), [13]);
    assert.equal(golden.value.tickets[0]?.endTime?.iso, '2030-08-15T14:52:10');
  });

  it('reads English whoami headers with Dutch names and descriptions', () => {
    const v = parseWhoami(readFixture('extra/nl-whoami-priv-groups-english-headers-dutch-names-bankrobber.txt')).value;
    assert.deepEqual(v.privileges.map((p) => [p.name, p.state]), [
      ['SeShutdownPrivilege', 'disabled'],
      ['SeChangeNotifyPrivilege', 'enabled'],
      ['SeUndockPrivilege', 'disabled'],
      ['SeIncreaseWorkingSetPrivilege', 'disabled'],
      ['SeTimeZonePrivilege', 'disabled'],
    ]);
    assert.equal(v.groups.length, 10);
    assert.deepEqual(v.groups.slice(0, 2).map((g) => [g.name, g.sid]), [
      ['Iedereen', 'S-1-1-0'],
      ['INGEBOUWD\\Gebruikers', 'S-1-5-32-545'],
    ]);
    assert.equal(v.integrityLevel, 'medium');
  });

  it('reads a gpupdate failure the author put in quotation marks', () => {
    const v = parseGpupdate(readFixture('extra/en-gpupdate-fail-no-dc-and-ldap-bind-msqa-quoted-event-1006-trailing-spaces.txt')).value;
    assert.equal(v.computer?.outcome, 'failure');
    assert.match(v.computer?.messages[0] ?? '', /^The processing of Group Policy failed because of lack of network connectivity to a domain controller\./);
    assert.equal(v.user?.outcome, 'failure');
    assert.match(v.user?.messages[0] ?? '', /\(LDAP Bind function call failed\)/);
  });

  it('reads `gpresult /r /scope computer`, whose RSOP line names no user', () => {
    const v = parseGpresult(readFixture('extra/en-gpresult-r-scope-computer-dc2022-empty-rsop-user-fenced.txt')).value;
    assert.equal(v.computer, 'WIN-O8VCKD4SEGV');
    assert.equal(v.user, null);
    assert.equal(v.computerGroups.length, 14);
    assert.equal(v.computerDn, 'CN=WIN-O8VCKD4SEGV,OU=Domain Controllers,DC=cs,DC=org');
    assert.deepEqual(v.appliedGpos.computer, ['Default Domain Controllers Policy', 'Default Domain Policy']);
  });

  it('reads headings a 64-column console cut short, and takes no Get-ADUser object for whoami', () => {
    const text = readFixture('extra/en-gpresult-r-ps-transcript-dc2016-truncated-64col-lines.txt');
    const v = parseGpresult(text).value;
    assert.deepEqual(v.filteredGpos, [
      { name: 'Local Group Policy', reason: 'Not Applied (Empty)', scope: 'computer' },
      { name: 'Local Group Policy', reason: 'Not Applied (Empty)', scope: 'user' },
    ]);
    assert.equal(v.computerGroups.length, 15);
    assert.equal(v.userGroups.length, 18);
    assert.deepEqual(parseAuto(text).value.sections.map((s) => s.kind), ['gpresult']);
  });
  it('keeps gpupdate error text pasted above its header, with a warning', () => {
    const r = parseGpupdate(readFixture('extra/en-gpupdate-fail-gptini-redacted-list-bullets-header-after-paragraph-msqa.txt'));
    assert.equal(r.value.messages.length, 4);
    assert.match(r.value.messages[0] ?? '', /^The processing of Group Policy failed\. Windows attempted to read the file \*{10}gpt\.ini from a domain controller/);
    assert.deepEqual(r.value.messages.slice(1).map((m) => m.slice(0, 6)), ['-  a) ', '-  b) ', '-  c) ']);
    assert.equal(r.value.user?.outcome, 'failure');
    assert.deepEqual(r.warnings.map((w) => w.line), [3]);
  });
});
