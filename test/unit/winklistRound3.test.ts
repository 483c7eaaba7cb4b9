import * as assert from 'node:assert/strict';
import { parseAuto } from '../../src/parse/auto';
import { classifyKlistError, looksLikeKlist, parseKlist } from '../../src/parse/klist';
import type { KlistRun } from '../../src/parse/klist';
import { parseKlistPurge } from '../../src/parse/klistPurge';
import { looksLikeKlistTgt, parseKlistTgt } from '../../src/parse/klistTgt';
import { quoted, readFixture, toCrlf } from './fixtures';

const QUERY_BIND = 'extra/en-klist-query-bind-system-rst-8space-tab-after-index.txt';
const BIND_WIKI = 'extra/en-klist-query-purge-add-bind-css-wiki-fabrikam.txt';
const RUBEUS_THEN_KLIST = 'extra/en-klist-system-after-rubeus-describe-echoed-command-rc4-session-gcbhr.txt';
const LEGACY_TGT = 'extra/en-klist-tgt-legacy-fullservicename-layout-live-key-klist2-readme.txt';
const NO_INDEX = 'extra/en-klist-get-cross-forest-azure-files-docs-no-header-no-index-2-tickets.txt';
const ETYPE_ONE_LINE = 'extra/en-klist-get-azureadssoacc-etype-error-two-messages-one-line.txt';
const EMPTY_CLIENT = 'extra/en-klist-golden-ticket-empty-client-and-realm-mimikatz-issue-100.txt';


const FABRIKAM_ENTRY_0 = {
  index: 0,
  realm: 'fabrikam.com',
  kdcAddress: 'dc3',
  kdcName: null,
  flagsHex: '0x2c1000',
  flags: ['DS_6_REQUIRED', 'DS_8_REQUIRED', 'WRITABLE_REQUIRED', 'NEXTCLOSEST_SITE'],
  dcFlagsHex: '0xe003f1fc',
  dcFlags: ['GC', 'LDAP', 'DS', 'KDC', 'TIMESERV', 'CLOSEST_SITE', 'WRITABLE', 'FULL_SECRET', 'WS', 'DS_8', 'PING', 'DNS_DC', 'DNS_DOMAIN', 'DNS_FOREST'],
  cacheFlagsHex: '0',
  cacheFlags: [],
};

const FABRIKAM_ENTRY_1 = {
  index: 1,
  realm: 'fabrikam.com',
  kdcAddress: 'dc3',
  kdcName: null,
  flagsHex: '0',
  flags: [],
  dcFlagsHex: '0',
  dcFlags: [],
  cacheFlagsHex: '0',
  cacheFlags: [],
};

describe('klist round 3 fixes (unit)', () => {
  describe('klist query_bind / add_bind / purge_bind: KDC binding cache, not tickets', () => {
    for (const [form, transform] of [
      ['as published', (t: string) => t],
      ['CRLF', toCrlf],
      ['quoted', quoted],
    ] as const) {
      it(`reads the SYSTEM binding entry, TAB after #0> (${form})`, () => {
        const r = parseKlist(transform(readFixture(QUERY_BIND)));
        assert.equal(r.recognized, true);
        assert.deepEqual(r.warnings, []);
        const k = r.value;
        assert.equal(k.runs.length, 1);
        assert.equal(k.currentLogonId, '0x3e7');
        assert.deepEqual(k.tickets, []);
        assert.equal(k.cachedTicketCount, null);
        assert.equal(k.kdcBindingCount, 1);
        assert.deepEqual(k.kdcBindingMessages, ['The kerberos KDC binding cache has been queried successfully.']);
        assert.deepEqual(k.kdcBindings, [
          {
            index: 0,
            realm: 'XOR.COM',
            kdcAddress: '10.11.1.120',
            kdcName: 'xor-dc01.xor.com',
            flagsHex: '0',
            flags: [],
            dcFlagsHex: '0xe001f3fc',
            dcFlags: ['GC', 'LDAP', 'DS', 'KDC', 'TIMESERV', 'CLOSEST_SITE', 'WRITABLE', 'GTIMESERV', 'FULL_SECRET', 'WS', 'DS_8', 'PING', 'DNS_DC', 'DNS_DOMAIN', 'DNS_FOREST'],
            cacheFlagsHex: '0',
            cacheFlags: [],
            line: 6,
          },
        ]);
      });
    }

    it('reads query_bind, purge_bind and add_bind as three runs with their messages', () => {
      const r = parseKlist(readFixture(BIND_WIKI));
      assert.equal(r.recognized, true);
      assert.deepEqual(r.warnings, []);
      const runs: KlistRun[] = r.value.runs;
      assert.deepEqual(
        runs.map((run) => run.command),
        ['klist query_bind', 'klist purge_bind', 'klist add_bind fabrikam.com dc3'],
      );
      for (const run of runs) {
        assert.equal(run.currentLogonId, '0x24ba75');
        assert.deepEqual(run.tickets, []);
        assert.equal(run.cachedTicketCount, null);
      }
      const [query, purge, add] = runs;
      assert.equal(query?.kdcBindingCount, 2);
      assert.deepEqual(query?.kdcBindings, [
        { ...FABRIKAM_ENTRY_0, line: 8 },
        { ...FABRIKAM_ENTRY_1, line: 15 },
      ]);
      assert.deepEqual(purge?.kdcBindingMessages, ['The kerberos KDC binding cache has been purged successfully.']);
      assert.deepEqual(purge?.kdcBindings, []);
      assert.equal(purge?.kdcBindingCount, null);
      assert.deepEqual(add?.kdcBindingMessages, ['Domain fabrikam.com is now bound to KDC dc3.', 'The kerberos KDC binding cache has been queried successfully.']);
      assert.equal(add?.kdcBindingCount, 2);
      assert.deepEqual(add?.kdcBindings, [
        { ...FABRIKAM_ENTRY_0, line: 35 },
        { ...FABRIKAM_ENTRY_1, line: 42 },
      ]);
    });

    it('never reads a RealmName block as a ticket by position, even without the command or the count line', () => {
      // Only the `#N>` blocks of the published query: no command, no message, no count.
      const lines = readFixture(QUERY_BIND).split('\n');
      const blockOnly = lines.slice(lines.findIndex((l) => l.includes('#0>'))).join('\n');
      const k = parseKlist(blockOnly).value;
      assert.deepEqual(k.tickets, []);
      assert.deepEqual(
        k.kdcBindings.map((b) => [b.realm, b.kdcAddress, b.kdcName, b.dcFlagsHex]),
        [['XOR.COM', '10.11.1.120', 'xor-dc01.xor.com', '0xe001f3fc']],
      );
    });

    it('keeps purge_bind out of the klist purge result and every binding run in auto', () => {
      assert.equal(parseKlistPurge(readFixture(BIND_WIKI)).recognized, false);
      const sections = parseAuto(readFixture(BIND_WIKI)).value.sections;
      assert.deepEqual(
        sections.map((s) => s.kind),
        ['klist', 'klist', 'klist'],
      );
      const messages = sections.flatMap((s) => {
        const v = s.result.value as { kdcBindingMessages: string[] };
        return v.kdcBindingMessages;
      });
      assert.ok(messages.includes('The kerberos KDC binding cache has been purged successfully.'));
      assert.ok(messages.includes('Domain fabrikam.com is now bound to KDC dc3.'));
      assert.equal(looksLikeKlist('Current LogonId is 0:0x24ba75\nThe kerberos KDC binding cache has been purged successfully.\n'), true);
    });
  });

  describe("Rubeus' ticket summary is not klist tgt", () => {
    const text = readFixture(RUBEUS_THEN_KLIST);

    it('is not detected as klist tgt, so auto keeps only the klist section, whose ticket is read', () => {
      assert.equal(looksLikeKlistTgt(text), false);
      const rubeusOnly = text.slice(0, text.indexOf('PS C:\\> klist'));
      assert.equal(looksLikeKlistTgt(rubeusOnly), false);
      assert.deepEqual(
        parseAuto(text).value.sections.map((s) => s.kind),
        ['klist'],
      );
    });

    it('reads no field from it and never keeps its keys', () => {
      const r = parseKlistTgt(text);
      assert.equal(r.recognized, false);
      const t = r.value;
      assert.equal(t.serviceName, null);
      assert.equal(t.targetName, null);
      assert.equal(t.clientName, null);
      assert.equal(t.flagsHex, null);
      assert.equal(t.startTime, null);
      assert.equal(t.timeSkew, null);
      assert.equal(t.currentLogonId, '0x3e7');
      assert.deepEqual(r.warnings, [{ line: 3, message: 'Skipped a Rubeus ticket summary (ServiceRealm, UserRealm, KeyType...): it is not klist tgt output.' }]);
      const json = JSON.stringify(r);
      assert.ok(!json.includes('Qgwe9zNlBzJjDoPNHsMu6A=='));
      assert.ok(!json.includes('8AC67FCB8E19AB697A6F74F7D83436C4'));
      // The klist ticket that follows is still read.
      const k = parseKlist(text).value;
      assert.equal(k.currentLogonId, '0x3e7');
      assert.equal(k.tickets.length, 1);
      assert.equal(k.tickets[0]?.client, 'Administrator @ GCBHR.LOCAL');
      assert.equal(k.tickets[0]?.sessionKeyType, 'RSADSI RC4-HMAC(NT)');
    });
  });

  describe('the old SDK-sample klist tgt layout (klist2.exe output under a `klist tgt` prompt)', () => {
    const r = parseKlistTgt(readFixture(LEGACY_TGT));

    it('splits `TicketFlags : (0x40e10000) ... preauth` into hex and the names klist uses today, and reads the rest', () => {
      assert.equal(r.recognized, true);
      assert.equal(r.value.flagsHex, '0x40e10000');
      // Names come from the hex, as for every klist ticket: 0x00010000 is name_canonicalize, which the old tool did not name.
      assert.deepEqual(r.value.flags, ['forwardable', 'renewable', 'initial', 'pre_authent', 'name_canonicalize']);
      // The other keys, the client under FullServiceName, and no live key bytes.
      const t = r.value;
      assert.equal(t.serviceName, 'krbtgt/TEST.LOCAL');
      assert.equal(t.targetName, 'krbtgt/TEST');
      assert.equal(t.clientName, 'Administrator');
      assert.equal(t.domainName, 'TEST.LOCAL');
      assert.equal(t.altTargetDomainName, 'TEST.LOCAL');
      assert.equal(t.sessionKeyTypeId, 18);
      assert.equal(t.sessionKeyLength, 32);
      assert.equal(t.sessionKeyZeroed, false);
      assert.equal(t.startTime?.raw, '9/2/2025 12:05:02');
      assert.equal(t.timeSkew, '0');
      assert.equal(t.encodedTicketSize, 1226);
      assert.ok(!JSON.stringify(r).includes('35 1D E3 98'));
    });
  });

  describe('ticket blocks without #N> markers', () => {
    for (const [form, transform] of [
      ['as published', (t: string) => t],
      ['CRLF', toCrlf],
      ['quoted', quoted],
    ] as const) {
      it(`reads both tickets of the trimmed docs paste (${form})`, () => {
        const r = parseKlist(transform(readFixture(NO_INDEX)));
        assert.equal(r.recognized, true);
        assert.deepEqual(r.warnings, [{ line: 1, message: 'The ticket blocks have no "#N>" numbers (edited paste): they are numbered in order from 0.' }]);
        const [tgt, cifs, more] = r.value.tickets;
        assert.equal(more, undefined);
        assert.equal(tgt?.index, 0);
        assert.equal(tgt?.clientName, 'onprem2user');
        assert.equal(tgt?.clientRealm, 'ONPREMAD2.COM');
        assert.equal(tgt?.server, 'krbtgt/ONPREMAD2.COM @ ONPREMAD2.COM');
        assert.equal(tgt?.encryptionType, 'AES-256-CTS-HMAC-SHA1-96');
        assert.equal(tgt?.flagsHex, '0x40e10000');
        assert.deepEqual(tgt?.cacheFlags, ['PRIMARY']);
        assert.equal(tgt?.kdcCalled, 'onprem2');
        assert.equal(tgt?.startTime?.iso, '2022-11-22T18:46:35');
        assert.equal(tgt?.endTime?.iso, '2022-11-23T04:46:35');
        assert.equal(tgt?.renewTime?.iso, '2022-11-29T18:46:35');
        assert.equal(cifs?.index, 1);
        assert.equal(cifs?.line, 12);
        assert.equal(cifs?.client, 'onprem2user @ ONPREMAD2.COM');
        assert.equal(cifs?.serverName, 'cifs/onprem1sa.file.core.windows.net');
        assert.equal(cifs?.serverRealm, 'ONPREMAD1.COM');
        assert.equal(cifs?.flagsHex, '0x40a10000');
        assert.deepEqual(cifs?.flags, ['forwardable', 'renewable', 'pre_authent', 'name_canonicalize']);
        assert.equal(cifs?.cacheFlagsHex, '0x200');
        assert.deepEqual(cifs?.cacheFlags, ['DISABLE-TGT-DELEGATION']);
        assert.equal(cifs?.kdcCalled, 'onpremad1.onpremad1.com');
      });
    }
  });

  describe('klist get failure with both messages on one line', () => {
    it('reads the substatus, the NTSTATUS and the message', () => {
      const r = parseKlist(readFixture(ETYPE_ONE_LINE));
      assert.equal(r.recognized, true);
      const e = r.value.error;
      assert.ok(e);
      assert.equal(e.api, 'LsaCallAuthenticationPackage');
      assert.equal(e.operation, 'GetTicket');
      assert.equal(e.codeRaw, '0x80090342');
      assert.equal(e.status, '0xc00002fd');
      assert.equal(e.message, 'The encryption type requested is not supported by the KDC.');
      assert.equal(e.kind, 'unsupported-etype');
      assert.equal(e.line, 1);
    });

    it('classifies SEC_E_KDC_UNKNOWN_ETYPE and STATUS_KDC_UNKNOWN_ETYPE alone', () => {
      assert.equal(classifyKlistError(0x80090342, null).kind, 'unsupported-etype');
      assert.equal(classifyKlistError(null, '0xC00002FD').kind, 'unsupported-etype');
    });
  });

  it('gives `Client: @` an empty name and an empty realm, as printed', () => {
    const t = parseKlist(readFixture(EMPTY_CLIENT)).value.tickets[0];
    assert.equal(t?.client, '@');
    assert.equal(t?.clientName, '');
    assert.equal(t?.clientRealm, '');
    assert.equal(t?.serverName, 'krbtgt/');
    assert.equal(t?.serverRealm, null);
    assert.equal(t?.kdcCalled, '');
  });
});
