import * as assert from 'node:assert/strict';
import { parseAuto } from '../../src/parse/auto';
import { parseKlist } from '../../src/parse/klist';
import type { Klist, KlistCloudDebug, KlistRun, KlistTicket } from '../../src/parse/klist';
import { parseKlistPurge } from '../../src/parse/klistPurge';
import { parseKlistTgt } from '../../src/parse/klistTgt';
import { PASTE_FORMS, readFixture } from './fixtures';

const CLOUD_DEBUG = 'extra/en-klist-cloud-debug-entra-cloud-trust-ps-prompt-broken-state.txt';
const CLOUD_DEBUG_5 = 'extra/en-klist-cloud-debug-win10-21h1-five-fields-no-header-fenced-3space-trailing-2space.txt';
const FAST_6 = 'extra/en-klist-6-tickets-fast-armored-cache-flags-tabs-trailing-space-ps-tools-prompt.txt';
const GMSA_PTT = 'extra/en-klist-rubeus-pkinit-ptt-gmsa-tgt-rc4-session-empty-kdc-trailing-space.txt';
const SILO = 'extra/en-klist-silo-2-hour-tgt-fast-armor-tgt-no-logon-id-line-css-wiki-fenced.txt';
const ENTRA = 'extra/en-klist-purge-then-get-entra-kerberos-cloud-tgt-unknown-etype-cache-flag-0x400-ps-block-comment.txt';
const TGT_LUMON = 'extra/en-klist-tgt-li-targeted-system-prompt-live-key-timeskew-negative-hexdump-snip-lumon.txt';

function ticketAt(tickets: readonly KlistTicket[], i: number): KlistTicket {
  const t = tickets[i];
  assert.ok(t, `ticket ${i} is missing`);
  return t;
}

function runAt(k: Klist, i: number): KlistRun {
  const r = k.runs[i];
  assert.ok(r, `run ${i} is missing`);
  return r;
}

function cloudDebugOf(r: KlistRun): KlistCloudDebug {
  assert.ok(r.cloudDebug, 'no cloud_debug output was read');
  return r.cloudDebug;
}

/** The klist sections parseAuto finds, with their values. */
function autoKlistValues(text: string): Klist[] {
  return parseAuto(text)
    .value.sections.filter((s) => s.kind === 'klist')
    .map((s) => s.result.value as Klist);
}

describe('Windows klist round 6 samples (unit)', () => {
  describe('klist cloud_debug (Entra ID cloud Kerberos trust, "broken state" blog post)', () => {
    for (const [form, transform] of PASTE_FORMS) {
      it(`reads every field and the logon id (${form})`, () => {
        const r = parseKlist(transform(readFixture(CLOUD_DEBUG)));
        assert.equal(r.recognized, true);
        assert.deepEqual(r.warnings, []);
        const k = r.value;
        assert.equal(k.runs.length, 1);
        assert.equal(k.command, 'klist cloud_debug');
        assert.equal(k.currentLogonId, '0x14d718');
        assert.equal(k.cachedTicketCount, null);
        assert.deepEqual(k.tickets, []);
        const cd = cloudDebugOf(k);
        assert.equal(cd.line, 4);
        assert.deepEqual(
          cd.fields.map((f) => [f.label, f.value]),
          [
            ['Cloud Kerberos enabled by policy', '0'],
            ['AS_REP callback received', '1'],
            ['AS_REP callback used', '0'],
            ['Cloud Referral TGT present in cache', '0'],
            ['SPN oracle configured', '0'],
            ['KDC proxy present in cache', '0'],
            ['Public Key Credential Present', '1'],
            ['Password-derived Keys Present', '0'],
            ['Plaintext Password Present', '0'],
            ['AS_REP Credential Type', '2'],
            ['Cloud Primary (Hybrid logon) TGT available', '0'],
          ],
        );
        assert.equal(cd.enabledByPolicy, false);
        assert.equal(cd.asRepCallbackReceived, true);
        assert.equal(cd.asRepCallbackUsed, false);
        assert.equal(cd.cloudReferralTgtPresent, false);
        assert.equal(cd.spnOracleConfigured, false);
        assert.equal(cd.kdcProxyPresent, false);
        assert.equal(cd.publicKeyCredentialPresent, true);
        assert.equal(cd.passwordDerivedKeysPresent, false);
        assert.equal(cd.plaintextPasswordPresent, false);
        assert.equal(cd.asRepCredentialType, 2);
        // The post's point: Windows Hello sign-in, but no partial TGT to exchange at a DC.
        assert.equal(cd.cloudPrimaryTgtAvailable, false);
      });
    }

    it('is found by parseAuto as one klist section with its prompt', () => {
      const sections = parseAuto(readFixture(CLOUD_DEBUG)).value.sections;
      assert.deepEqual(
        sections.map((s) => [s.kind, s.startLine, s.endLine]),
        [['klist', 1, 15]],
      );
      const k = autoKlistValues(readFixture(CLOUD_DEBUG))[0];
      assert.equal(k?.command, 'klist cloud_debug');
      assert.equal(k?.cloudDebug?.cloudPrimaryTgtAvailable, false);
    });

    it('is found by parseAuto after the bare command line of notes (the sample without its `PS ...>` prompt)', () => {
      // Derived: the same paste as notes often carry it, the command typed without a prompt.
      const text = readFixture(CLOUD_DEBUG).replace(/^PS C:\\Windows\\system32> /, '');
      assert.match(text, /^klist cloud_debug\r?\n/);
      const sections = parseAuto(text).value.sections;
      assert.deepEqual(sections.map((s) => [s.kind, s.startLine]), [['klist', 1]]);
      assert.equal(autoKlistValues(text)[0]?.command, 'klist cloud_debug');
    });
  });

  describe('klist cloud_debug excerpt: 5 lines of an older build, no header, fenced, 3-space indent, Markdown trailing blanks', () => {
    for (const [form, transform] of PASTE_FORMS) {
      it(`reads the five fields and leaves the missing ones null (${form})`, () => {
        const r = parseKlist(transform(readFixture(CLOUD_DEBUG_5)));
        assert.equal(r.recognized, true);
        assert.deepEqual(r.warnings, []);
        assert.equal(r.value.runs.length, 1);
        assert.equal(r.value.currentLogonId, null);
        const cd = cloudDebugOf(r.value);
        assert.equal(cd.line, 2);
        assert.equal(cd.fields.length, 5);
        assert.deepEqual(
          cd.fields.map((f) => f.line),
          [2, 3, 4, 5, 6],
        );
        assert.equal(cd.enabledByPolicy, false);
        assert.equal(cd.asRepCallbackReceived, true);
        assert.equal(cd.asRepCallbackUsed, true);
        assert.equal(cd.cloudReferralTgtPresent, false);
        assert.equal(cd.cloudPrimaryTgtAvailable, true);
        assert.equal(cd.spnOracleConfigured, null);
        assert.equal(cd.publicKeyCredentialPresent, null);
        assert.equal(cd.asRepCredentialType, null);
      });
    }

    it('is found by parseAuto', () => {
      const values = autoKlistValues(readFixture(CLOUD_DEBUG_5));
      assert.equal(values.length, 1);
      assert.equal(values[0]?.cloudDebug?.fields.length, 5);
      assert.equal(values[0]?.cloudDebug?.cloudPrimaryTgtAvailable, true);
    });

    it('a ticket listing pasted before it stays its own run, and no ticket line is taken for a field', () => {
      const k = parseKlist(`${readFixture(FAST_6)}\n${readFixture(CLOUD_DEBUG)}`).value;
      assert.equal(k.runs.length, 2);
      const listing = runAt(k, 0);
      assert.equal(listing.tickets.length, 6);
      assert.equal(listing.cloudDebug, null);
      const debug = runAt(k, 1);
      assert.equal(debug.command, 'klist cloud_debug');
      assert.deepEqual(debug.tickets, []);
      assert.equal(cloudDebugOf(debug).fields.length, 11);
    });
  });

  describe('klist of 6 tickets with FAST armoring cache flags, TAB-indented, trailing blank after flag names', () => {
    for (const [form, transform] of PASTE_FORMS) {
      it(`reads the DELEGATION/PRIMARY FAST TGTs and the FAST service tickets (${form})`, () => {
        const r = parseKlist(transform(readFixture(FAST_6)));
        assert.equal(r.recognized, true);
        assert.deepEqual(r.warnings, []);
        const k = r.value;
        assert.equal(k.command, 'klist');
        assert.equal(k.currentLogonId, '0x16c18ee1');
        assert.equal(k.cachedTicketCount, 6);
        assert.deepEqual(
          k.tickets.map((t) => t.serverName),
          [
            'krbtgt/MINDFREAK.LAB.LAN',
            'krbtgt/MINDFREAK.LAB.LAN',
            'host/CrissDC01.mindfreak.lab.lan',
            'RPCSS/CrissDC01.mindfreak.lab.lan',
            'ldap/CrissDC01.mindfreak.lab.lan',
            'LDAP/CrissDC01.mindfreak.lab.lan/mindfreak.lab.lan',
          ],
        );
        assert.deepEqual(
          k.tickets.map((t) => [t.cacheFlagsHex, t.cacheFlags.join(' ')]),
          [
            ['0x42', 'DELEGATION FAST'],
            ['0x41', 'PRIMARY FAST'],
            ['0x40', 'FAST'],
            ['0x40', 'FAST'],
            ['0x40', 'FAST'],
            ['0x40', 'FAST'],
          ],
        );
        const forwarded = ticketAt(k.tickets, 0);
        assert.equal(forwarded.flagsHex, '0x60a10000');
        assert.deepEqual(forwarded.flags, ['forwardable', 'forwarded', 'renewable', 'pre_authent', 'name_canonicalize']);
        assert.equal(forwarded.startTime?.iso, '2025-12-17T08:50:52');
        const host = ticketAt(k.tickets, 2);
        assert.deepEqual(host.flags, ['forwardable', 'renewable', 'pre_authent', 'ok_as_delegate', 'name_canonicalize']);
        for (const t of k.tickets) {
          assert.equal(t.clientName, 'jsykora');
          assert.equal(t.clientRealm, 'MINDFREAK.LAB.LAN');
          assert.equal(t.kdcCalled, 'CrissDC01.mindfreak.lab.lan');
          assert.equal(t.endTime?.iso, '2025-12-17T18:46:43');
          assert.equal(t.renewTime?.iso, '2025-12-24T08:46:43');
        }
      });
    }
  });

  describe('klist after Rubeus asktgt /ptt of a gMSA: AES ticket with an RC4 session key, empty Kdc Called with a trailing blank', () => {
    for (const [form, transform] of PASTE_FORMS) {
      it(`reads the injected TGT (${form})`, () => {
        const r = parseKlist(transform(readFixture(GMSA_PTT)));
        assert.equal(r.recognized, true);
        assert.deepEqual(r.warnings, []);
        assert.equal(r.value.cachedTicketCount, 1);
        const t = ticketAt(r.value.tickets, 0);
        assert.equal(t.clientName, 'testGMSA2$');
        assert.equal(t.serverName, 'krbtgt/mindfreak.lab.lan');
        assert.equal(t.serverRealm, 'MINDFREAK.LAB.LAN');
        assert.equal(t.encryptionType, 'AES-256-CTS-HMAC-SHA1-96');
        assert.equal(t.sessionKeyType, 'RSADSI RC4-HMAC(NT)');
        assert.deepEqual(t.cacheFlags, ['PRIMARY']);
        assert.equal(t.kdcCalled, '');
        assert.equal(t.endTime?.iso, '2025-12-17T19:09:32');
      });
    }
  });

  describe('klist of an authentication-silo user: 2-hour TGTs, FAST armor TGT, no logon id line (support wiki, fenced)', () => {
    for (const [form, transform] of PASTE_FORMS) {
      it(`reads both krbtgt tickets (${form})`, () => {
        const r = parseKlist(transform(readFixture(SILO)));
        assert.equal(r.recognized, true);
        assert.deepEqual(r.warnings, []);
        const k = r.value;
        assert.equal(k.currentLogonId, null);
        assert.equal(k.cachedTicketCount, 2);
        assert.equal(k.tickets.length, 2);
        const armor = ticketAt(k.tickets, 0);
        const primary = ticketAt(k.tickets, 1);
        assert.deepEqual(armor.flags, ['forwardable', 'renewable', 'pre_authent', 'name_canonicalize']);
        assert.deepEqual(armor.cacheFlags, ['FAST']);
        assert.deepEqual(primary.flags, ['forwardable', 'renewable', 'initial', 'pre_authent', 'name_canonicalize']);
        assert.deepEqual(primary.cacheFlags, ['PRIMARY', 'FAST']);
        for (const t of k.tickets) {
          assert.equal(t.client, 'admin1 @ CONTOSO.COM');
          assert.equal(t.serverName, 'krbtgt/CONTOSO.COM');
          assert.equal(t.kdcCalled, 'DC2');
          assert.equal(t.startTime?.iso, '2025-01-28T06:35:06');
          // The silo policy's 120-minute TGT: renewal ends with the ticket.
          assert.equal(t.endTime?.iso, '2025-01-28T08:35:06');
          assert.equal(t.renewTime?.iso, '2025-01-28T08:35:06');
        }
      });
    }
  });

  describe('klist purge then klist get of an Entra Kerberos (Azure Files) ticket inside a PowerShell block comment', () => {
    for (const [form, transform] of PASTE_FORMS) {
      it(`reads the cloud TGT with its unknown etype and unnamed cache flag (${form})`, () => {
        const r = parseKlist(transform(readFixture(ENTRA)));
        assert.equal(r.recognized, true);
        assert.deepEqual(r.warnings, []);
        const k = r.value;
        assert.equal(k.runs.length, 1);
        assert.equal(k.command, 'klist get cifs/entraazfiles1.file.core.windows.net');
        assert.equal(k.currentLogonId, '0x14c5c3f');
        assert.deepEqual(
          k.getResults.map((g) => g.spn),
          ['cifs/entraazfiles1.file.core.windows.net'],
        );
        assert.equal(k.cachedTicketCount, 2);
        const tgt = ticketAt(k.tickets, 0);
        assert.equal(tgt.clientName, 'ayan@<>');
        assert.equal(tgt.clientRealm, 'AzureAD');
        assert.equal(tgt.server, 'krbtgt/KERBEROS.MICROSOFTONLINE.COM @ KERBEROS.MICROSOFTONLINE.COM');
        assert.equal(tgt.encryptionType, 'Unknown (-1)');
        assert.equal(tgt.flagsHex, '0x40810000');
        assert.deepEqual(tgt.flags, ['forwardable', 'renewable', 'name_canonicalize']);
        assert.equal(tgt.cacheFlagsHex, '0x400');
        assert.equal(tgt.kdcCalled, 'TicketSuppliedAtLogon');
        const cifs = ticketAt(k.tickets, 1);
        assert.equal(cifs.serverRealm, 'KERBEROS.MICROSOFTONLINE.COM');
        assert.deepEqual(cifs.flags, ['forwardable']);
        assert.equal(cifs.renewTime?.raw, '0');
        assert.deepEqual(cifs.cacheFlags, []);
        assert.equal(cifs.kdcCalled, 'KdcProxy:login.microsoftonline.com');
        assert.equal(cifs.endTime?.iso, '2026-02-07T18:22:58');
      });
    }

    it('parseAuto splits it into the purge and the ticket list', () => {
      const sections = parseAuto(readFixture(ENTRA)).value.sections;
      assert.deepEqual(
        sections.map((s) => s.kind),
        ['klist-purge', 'klist'],
      );
      const purge = parseKlistPurge(readFixture(ENTRA)).value;
      assert.equal(purge.purged, true);
      assert.equal(purge.currentLogonId, '0x14c5c3f');
    });
  });

  describe('klist tgt -li of another session as SYSTEM, live key, negative TimeSkew, hexdump cut with <SNIP>', () => {
    for (const [form, transform] of PASTE_FORMS) {
      it(`reads the TGT and keeps the key bytes out (${form})`, () => {
        const r = parseKlistTgt(transform(readFixture(TGT_LUMON)));
        assert.equal(r.recognized, true);
        assert.deepEqual(r.warnings, []);
        const t = r.value;
        assert.equal(t.currentLogonId, '0x3e7');
        assert.equal(t.targetedLogonId, '0x154333');
        assert.equal(t.serviceName, 'krbtgt');
        assert.equal(t.clientName, 'jotter');
        assert.equal(t.domainName, 'LUMON.COM');
        assert.equal(t.flagsHex, '0x40e10000');
        assert.equal(t.sessionKeyTypeId, 18);
        assert.equal(t.sessionKeyLength, 32);
        assert.equal(t.sessionKeyZeroed, false);
        assert.equal(t.endTime?.iso, '2026-03-07T05:07:09');
        assert.equal(t.renewUntil?.iso, '2026-03-13T09:22:16');
        assert.equal(t.timeSkew, '- 0:05 minute(s)');
        assert.equal(t.encodedTicketSize, 1162);
        const json = JSON.stringify(r);
        assert.ok(!json.includes('80 31 1f 9e'), 'session key bytes leaked into the result');
        assert.ok(!json.includes('61 82 04 86'), 'ticket bytes leaked into the result');
      });
    }
  });
});
