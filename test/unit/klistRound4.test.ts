import * as assert from 'node:assert/strict';
import { parseAuto } from '../../src/parse/auto';
import { classifyKlistError, parseKlist } from '../../src/parse/klist';
import { isPromptLine } from '../../src/parse/text';
import type { KlistTicket } from '../../src/parse/klist';
import { PASTE_FORMS, readFixture } from './fixtures';

const RU_13 = 'extra/ru-klist-13-tickets-ps-prompt-mdy-dates-cyrillic-client-then-net-use-ai-chat-log.txt';
const PADDED_236 = 'extra/en-klist-evil-winrm-s4u-empty-server-realm-console-padded-236-cols-oscp-notes.txt';
const NOTE_ON_SERVER = 'extra/en-klist-evil-winrm-double-hop-author-inline-arrow-comment-on-server-line-4space.txt';
const FLUSH_LEFT = 'extra/en-klist-zero-then-three-flush-left-no-blank-lines-cut-flag-names-second-ticket-cut-writeup.txt';
const GET_0X520 = 'extra/en-klist-get-0x520-no-credentials-sec-e-arrow-prefixed-lines-research-notes.txt';


const FORMS = PASTE_FORMS;

function ticketAt(tickets: readonly KlistTicket[], i: number): KlistTicket {
  const t = tickets[i];
  assert.ok(t, `ticket ${i} is missing`);
  return t;
}

describe('klist round 4 samples (unit)', () => {
  describe('ru-RU klist: Russian labels, lower-case colon-less flags label, 13 tickets', () => {
    for (const [form, transform] of FORMS) {
      it(`reads all 13 tickets of the Cyrillic client by position (${form})`, () => {
        const r = parseKlist(transform(readFixture(RU_13)));
        assert.equal(r.recognized, true);
        assert.deepEqual(r.warnings, []);
        const k = r.value;
        assert.equal(k.runs.length, 1);
        assert.equal(k.command, 'klist');
        assert.equal(k.currentLogonId, '0x93c84');
        assert.equal(k.cachedTicketCount, 13);
        assert.equal(k.tickets.length, 13);
        assert.deepEqual(
          k.tickets.map((t) => t.index),
          [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
        );
        for (const t of k.tickets) {
          assert.equal(t.clientName, 'Базров');
          assert.equal(t.clientRealm, 'KRNN.RU');
          assert.equal(t.serverRealm, 'KRNN.RU');
          assert.equal(t.encryptionType, 'AES-256-CTS-HMAC-SHA1-96');
          assert.equal(t.sessionKeyType, 'AES-256-CTS-HMAC-SHA1-96');
          assert.equal(t.endTime?.raw, '9/5/2026 23:59:38 (локально)');
        }
        const first = ticketAt(k.tickets, 0);
        assert.equal(first.serverName, 'krbtgt/KRNN.RU');
        assert.equal(first.flagsHex, '0x60a10000');
        assert.deepEqual(first.flags, ['forwardable', 'forwarded', 'renewable', 'pre_authent', 'name_canonicalize']);
        assert.equal(first.cacheFlagsHex, '0x2');
        assert.deepEqual(first.cacheFlags, ['DELEGATION']);
        assert.equal(first.kdcCalled, 'ANDQ.krnn.ru');
        const primary = ticketAt(k.tickets, 1);
        assert.equal(primary.flagsHex, '0x40e10000');
        assert.deepEqual(primary.cacheFlags, ['PRIMARY']);
        assert.equal(ticketAt(k.tickets, 3).serverName, 'LDAP/75873f0c-932c-4e44-8368-2cb40743dcc1._msdcs.krnn.ru');
        assert.equal(ticketAt(k.tickets, 2).kdcCalled, 'dc.krnn.ru');
        const last = ticketAt(k.tickets, 12);
        assert.equal(last.server, 'LDAP/dc.krnn.ru/krnn.ru @ KRNN.RU');
        assert.equal(last.cacheFlagsHex, '0');
        assert.deepEqual(last.cacheFlags, []);
        assert.equal(last.kdcCalled, 'ANDQ.krnn.ru');
      });
    }

    it('gives no ISO time while no day is above 12 (9/5 and 9/12 prove no order), and reads MDY when told', () => {
      const text = readFixture(RU_13);
      const unsure = ticketAt(parseKlist(text).value.tickets, 0);
      assert.equal(unsure.startTime?.raw, '9/5/2026 13:59:40 (локально)');
      assert.equal(unsure.startTime?.iso, undefined);
      const mdy = ticketAt(parseKlist(text, { dateOrder: 'MDY' }).value.tickets, 0);
      assert.equal(mdy.startTime?.iso, '2026-09-05T13:59:40');
      assert.equal(mdy.endTime?.iso, '2026-09-05T23:59:38');
      assert.equal(mdy.renewTime?.iso, '2026-09-12T13:59:38');
    });

    it('ends ticket #12 at the next prompt: the net use lines after it are not ticket fields', () => {
      const last = ticketAt(parseKlist(readFixture(RU_13)).value.tickets, 12);
      assert.equal(last.kdcCalled, 'ANDQ.krnn.ru');
      assert.equal(last.line, 139);
    });
  });

  describe('Evil-WinRM klist padded to 236 columns, S4U ticket with an empty server realm', () => {
    it('is the sample as stored: 11 output lines padded to 236 characters', () => {
      const lines = readFixture(PADDED_236).split('\n');
      assert.equal(lines.slice(1, 12).every((l) => l.length === 236), true);
      assert.equal(lines[12], '        Renew Time: 12/25/2025 10:22:16 (local)');
    });

    for (const [form, transform] of FORMS) {
      it(`reads the one ticket whatever the padding (${form})`, () => {
        const r = parseKlist(transform(readFixture(PADDED_236)));
        assert.equal(r.recognized, true);
        assert.deepEqual(r.warnings, []);
        const k = r.value;
        assert.equal(k.runs.length, 1);
        assert.equal(k.currentLogonId, '0x47acbd');
        assert.equal(k.cachedTicketCount, 1);
        assert.equal(k.tickets.length, 1);
        const t = ticketAt(k.tickets, 0);
        assert.equal(t.client, 'r.andrews @ oscp.exam');
        assert.equal(t.clientRealm, 'oscp.exam');
        assert.equal(t.server, 'ws26$ @');
        assert.equal(t.serverName, 'ws26$');
        assert.equal(t.serverRealm, '');
        assert.equal(t.flagsHex, '0x40a10000');
        assert.deepEqual(t.flags, ['forwardable', 'renewable', 'pre_authent', 'name_canonicalize']);
        assert.equal(t.startTime?.iso, '2025-12-18T12:39:25');
        assert.equal(t.endTime?.iso, '2025-12-18T12:54:25');
        assert.equal(t.renewTime?.iso, '2025-12-25T10:22:16');
        assert.equal(t.cacheFlagsHex, '0x4');
        assert.deepEqual(t.cacheFlags, ['S4U']);
        assert.equal(t.kdcCalled, 'DC20.oscp.exam');
      });
    }
  });

  describe("an author's note after the server value", () => {
    for (const [form, transform] of FORMS) {
      it(`keeps "# <-- ..." out of the server realm and says so (${form})`, () => {
        const r = parseKlist(transform(readFixture(NOTE_ON_SERVER)));
        assert.equal(r.recognized, true);
        assert.equal(r.warnings.length, 1);
        const w = r.warnings[0];
        assert.equal(w?.line, 8);
        assert.match(w?.message ?? '', /note the author added/);
        assert.match(w?.message ?? '', /# <-- This shows the name of the machine/);
        const k = r.value;
        assert.equal(k.currentLogonId, '0x57f8a');
        assert.equal(k.tickets.length, 1);
        const t = ticketAt(k.tickets, 0);
        assert.equal(t.client, 'backupadm @ INLANEFREIGHT.LOCAL');
        assert.equal(t.server, 'academy-aen-ms0$ @');
        assert.equal(t.serverName, 'academy-aen-ms0$');
        assert.equal(t.serverRealm, '');
        assert.equal(t.flagsHex, '0xa10000');
        assert.deepEqual(t.flags, ['renewable', 'pre_authent', 'name_canonicalize']);
        assert.equal(t.startTime?.iso, '2022-06-28T07:31:53');
        assert.equal(t.renewTime?.iso, '2022-07-05T07:31:18');
        assert.deepEqual(t.cacheFlags, ['S4U']);
        assert.equal(t.kdcCalled, 'DC01.INLANEFREIGHT.LOCAL');
      });
    }

    it('leaves the flags arrow and values without a note alone', () => {
      const text = [
        'Cached Tickets: (1)',
        '',
        '#0>     Client: svc#1 @ CONTOSO.COM',
        '        Server: krbtgt/CONTOSO.COM @ CONTOSO.COM <-- the TGT',
        '        KerbTicket Encryption Type: AES-256-CTS-HMAC-SHA1-96',
        '        Ticket Flags 0x40e10000 -> forwardable renewable initial pre_authent name_canonicalize',
      ].join('\n');
      const r = parseKlist(text);
      const t = ticketAt(r.value.tickets, 0);
      assert.equal(t.client, 'svc#1 @ CONTOSO.COM');
      assert.equal(t.server, 'krbtgt/CONTOSO.COM @ CONTOSO.COM');
      assert.equal(t.serverRealm, 'CONTOSO.COM');
      assert.equal(t.flagsHex, '0x40e10000');
      assert.equal(t.flags.length, 5);
      assert.equal(r.warnings.length, 1);
      assert.equal(r.warnings[0]?.line, 4);
    });
  });

  describe('two klist runs pasted flush left with no blank lines, flag names cut, the last ticket cut', () => {
    for (const [form, transform] of FORMS) {
      it(`reads both runs and both tickets, names from the hex (${form})`, () => {
        const r = parseKlist(transform(readFixture(FLUSH_LEFT)));
        assert.equal(r.recognized, true);
        const k = r.value;
        assert.equal(k.runs.length, 2);
        const [empty, full] = k.runs;
        assert.equal(empty?.currentLogonId, '0x1583ae');
        assert.equal(empty?.cachedTicketCount, 0);
        assert.deepEqual(empty?.tickets, []);
        assert.equal(full?.cachedTicketCount, 3);
        assert.equal(full?.tickets.length, 2);
        assert.deepEqual(r.warnings, [{ line: 9, message: 'klist announced 3 cached ticket(s) but 2 were found (truncated or edited paste?).' }]);
        const t0 = ticketAt(full?.tickets ?? [], 0);
        assert.equal(t0.client, 'fcastle @ Marvel.local');
        assert.equal(t0.serverName, 'krbtgt/Marvel.local');
        assert.equal(t0.flagsHex, '0x60a10000');
        assert.deepEqual(t0.flags, ['forwardable', 'forwarded', 'renewable', 'pre_authent', 'name_canonicalize']);
        assert.equal(t0.startTime?.iso, '2018-02-12T13:59:40');
        assert.equal(t0.endTime?.iso, '2018-02-12T23:59:40');
        assert.deepEqual(t0.cacheFlags, ['DELEGATION']);
        assert.equal(t0.kdcCalled, 'DC01.corp.com');
        const t1 = ticketAt(full?.tickets ?? [], 1);
        assert.equal(t1.client, 'jeff_admin @ CORP.COM');
        assert.equal(t1.flagsHex, '0x40e10000');
        assert.deepEqual(t1.flags, ['forwardable', 'renewable', 'initial', 'pre_authent', 'name_canonicalize']);
        assert.equal(t1.startTime, null);
        assert.equal(t1.kdcCalled, null);
      });
    }
  });

  describe('klist get 0x520 with SEC_E_NO_CREDENTIALS, lines prefixed with " -> "', () => {
    for (const [form, transform] of FORMS) {
      it(`reads both codes and lets the status, not the substatus, classify (${form})`, () => {
        const r = parseKlist(transform(readFixture(GET_0X520)));
        assert.equal(r.recognized, true);
        assert.deepEqual(r.warnings, []);
        const k = r.value;
        assert.equal(k.command, 'klist get cifs/nas1.example.site');
        assert.deepEqual(k.tickets, []);
        const e = k.error;
        assert.ok(e);
        assert.equal(e.api, 'LsaCallAuthenticationPackage');
        assert.equal(e.operation, 'GetTicket');
        assert.equal(e.code, 1312);
        assert.equal(e.codeRaw, '0x520');
        assert.equal(e.status, '0x8009030e');
        assert.equal(e.message, 'No credentials are available in the security package');
        // 1312 alone means a network logon without a TGT; with SEC_E_NO_CREDENTIALS it does not.
        assert.equal(e.kind, 'other');
        assert.doesNotMatch(e.explanation, /network logon/);
      });
    }

    it('classifies by status first and by the substatus only when klist printed no status', () => {
      assert.equal(classifyKlistError(1312, '0x8009030e').kind, 'other');
      assert.equal(classifyKlistError(0x520, null).kind, 'no-tgt-network-logon');
      assert.equal(classifyKlistError(1312, '0xC000005F').kind, 'no-tgt-network-logon');
      assert.equal(classifyKlistError(0x51f, '0xc000005e').kind, 'no-logon-servers');
    });

    it('auto keeps the arrow-prefixed error lines in the klist get section (` -> ` is no prompt)', () => {
      const sections = parseAuto(readFixture(GET_0X520)).value.sections;
      assert.deepEqual(sections.map((s) => [s.kind, s.startLine, s.endLine]), [['klist', 1, 3]]);
      assert.equal((sections[0]?.result.value as { error: { kind: string } | null }).error?.kind, 'other');
      assert.equal(isPromptLine(' -> klist failed with 0x8009030e/-2146893042: No credentials are available in the security package'), false);
      assert.equal(isPromptLine('beacon> klist'), true);
      assert.equal(isPromptLine('mimikatz.exe> whoami'), true);
    });
  });
});
