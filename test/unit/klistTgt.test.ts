import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { parseAuto } from '../../src/parse/auto';
import { looksLikeKlistTgt, parseKlistTgt } from '../../src/parse/klistTgt';
import type { KlistTgt } from '../../src/parse/klistTgt';
import { listFixtures, readFixture, toCrlf } from './fixtures';
import { WINDOWS_TOOL_FRAGMENTS, mutate, mutationOps } from '../support/mutate';

const SAMPLE = 'klist-windows/klist-tgt-non-admin-zeroed-key-hexdump.txt';

// Random damage of the kind pastes suffer: deletions, insertions, truncation, shuffled lines.
const opArb = mutationOps(WINDOWS_TOOL_FRAGMENTS);

describe('klist tgt (unit)', () => {
  const text = readFixture(SAMPLE);
  const r = parseKlistTgt(text);
  const t = r.value;

  it('reads every key of the Cached TGT layout', () => {
    assert.equal(r.recognized, true);
    assert.deepEqual(r.warnings, []);
    assert.equal(t.currentLogonId, '0x977a31');
    assert.equal(t.currentLogonIdRaw, '0:0x977a31');
    assert.equal(t.targetedLogonId, null);
    assert.equal(t.serviceName, 'krbtgt');
    assert.equal(t.targetName, 'krbtgt');
    assert.equal(t.clientName, 'Brandon.Keywarp');
    assert.equal(t.domainName, 'MIST.HTB');
    assert.equal(t.targetDomainName, 'MIST.HTB');
    assert.equal(t.altTargetDomainName, 'MIST.HTB');
    assert.equal(t.flagsHex, '0x40e10000');
    assert.deepEqual(t.flags, ['forwardable', 'renewable', 'initial', 'pre_authent', 'name_canonicalize']);
    assert.equal(t.error, null);
    assert.equal(t.shadowedBy, null);
  });

  it('keeps the session key type and length, not the key', () => {
    assert.equal(t.sessionKeyType, 'AES-256-CTS-HMAC-SHA1-96');
    assert.equal(t.sessionKeyTypeId, 0x12);
    assert.equal(t.sessionKeyLength, 32);
    assert.equal(t.sessionKeyZeroed, true); // non-admin: klist prints zeros
  });

  it('reads StartTime, EndTime, RenewUntil (month-first proven by 3/31) and TimeSkew', () => {
    assert.deepEqual(t.startTime, { raw: '3/31/2024 9:38:58 (local)', iso: '2024-03-31T09:38:58' });
    assert.deepEqual(t.endTime, { raw: '3/31/2024 19:38:58 (local)', iso: '2024-03-31T19:38:58' });
    assert.deepEqual(t.renewUntil, { raw: '4/7/2024 9:38:58 (local)', iso: '2024-04-07T09:38:58' });
    assert.equal(t.timeSkew, '+ 0:00 minute(s)');
  });

  it('keeps the EncodedTicket size and drops the hex dump', () => {
    assert.equal(t.encodedTicketSize, 1182);
    const json = JSON.stringify(r);
    for (const dumpBytes of ['61 82 04 9a', '84 a4 86 79', 'a...0', '.MIST.HTB..0', '0090']) {
      assert.ok(!json.includes(dumpBytes), dumpBytes);
    }
  });

  it('never stores session key bytes (the sample key, and the same sample with a real-looking key)', () => {
    const keyLine = /KeyLength 32 - ((?:[0-9a-f]{2} ){31}[0-9a-f]{2})/.exec(text);
    assert.ok(keyLine?.[1]);
    assert.ok(!JSON.stringify(r).includes(keyLine[1]));
    assert.ok(!JSON.stringify(r).includes('00 00'));
    // Same sample with 32 non-zero bytes taken from its own hex dump in place of the zeros.
    const bytes = '4c 84 a4 86 79 cb 3a 70 e0 bc f3 97 76 24 cb b3 45 78 86 b1 ab e0 5c f5 bd 58 5e d6 1b e9 63 f9';
    const keyed = text.replace(keyLine[1], bytes);
    assert.notEqual(keyed, text);
    const k = parseKlistTgt(keyed);
    assert.equal(k.value.sessionKeyLength, 32);
    assert.equal(k.value.sessionKeyZeroed, false);
    const json = JSON.stringify(k);
    for (const fragment of [bytes, '4c 84 a4', 'cb 3a 70', '5e d6 1b', '4c84a486']) {
      assert.ok(!json.includes(fragment), fragment);
    }
  });

  it('gives the same result for CRLF and for a Markdown-quoted copy', () => {
    assert.deepEqual(parseKlistTgt(toCrlf(text)), r);
    assert.deepEqual(parseKlistTgt(text.split('\n').map((l) => `> ${l}`).join('\n')).value, t);
  });

  it('only claims klist tgt output', () => {
    assert.equal(looksLikeKlistTgt(text), true);
    for (const f of listFixtures('klist-windows').filter((f) => f !== SAMPLE)) {
      assert.equal(looksLikeKlistTgt(readFixture(f)), false, f);
    }
    for (const f of ['klist-2-and-3-tickets-aes-rc4-lab-vx.txt', 'klist-sessions-22-sessions-server.txt', 'klist-purge-msdocs-sql-bdc.txt']) {
      assert.equal(parseKlistTgt(readFixture(`klist-windows/${f}`)).recognized, false, f);
    }
  });

  it('reads the shared error lines when klist tgt fails', () => {
    const e = parseKlistTgt(readFixture('klist-windows/klist-error-1312-logon-session-does-not-exist-winrm.txt')).value.error;
    assert.equal(e?.code, 1312);
    assert.equal(e?.status, '0xc000005f');
  });

  it('drops hex bytes a damaged paste glued to a value', () => {
    const glued = text.replace('ClientName         : Brandon.Keywarp', 'ClientName         : Brandon.Keywarp 0000  61 82 04 9a 30 82 04 96:a0 03 02 01 05 a1 0a 1b');
    assert.notEqual(glued, text);
    assert.equal(parseKlistTgt(glued).value.clientName, 'Brandon.Keywarp 0000');
  });

  it('stays fast on 1 MB hostile lines', () => {
    for (const h of ['a'.repeat(1_000_000), `Session Key : KeyLength 32 - ${'00 '.repeat(333_333)}`, `0000  ${'61 '.repeat(333_333)}`, `EncodedTicket : (size: ${'1'.repeat(1_000_000)}`]) {
      const started = Date.now();
      assert.equal(typeof parseKlistTgt(h).recognized, 'boolean');
      looksLikeKlistTgt(h);
      assert.ok(Date.now() - started < 1500);
    }
  });

  it('never throws on 1000 mutated samples and answers recognized as a boolean', () => {
    const samples = listFixtures('klist-windows').map(readFixture);
    fc.assert(
      fc.property(fc.constantFrom(...samples), fc.array(opArb, { maxLength: 8 }), (sample, ops) => {
        const m = parseKlistTgt(mutate(sample, ops));
        assert.equal(m.kind, 'klist-tgt');
        assert.equal(typeof m.recognized, 'boolean');
        assert.deepEqual(JSON.parse(JSON.stringify(m)), m);
        assert.doesNotMatch(JSON.stringify(m), /(?:[0-9a-f]{2} ){7}[0-9a-f]{2}/);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('klist tgt pasted into a web form or cut short (unit, real samples outside the corpus)', () => {
  it('decodes the flags from the hex when the printed names were cut (`renewable i`)', () => {
    const r = parseKlistTgt(readFixture('extra/win-klist-tgt-msqa-truncated-wrapped-redacted.txt'));
    assert.equal(r.recognized, true);
    assert.deepEqual(r.warnings, []);
    assert.equal(r.value.flagsHex, '0x40e00000');
    assert.deepEqual(r.value.flags, ['forwardable', 'renewable', 'initial', 'pre_authent']);
  });

  it('reads EndTime and RenewUntil wrapped onto the next line', () => {
    const t = parseKlistTgt(readFixture('extra/win-klist-tgt-msqa-truncated-wrapped-redacted.txt')).value;
    assert.equal(t.startTime?.raw, '10/6/2017 15:23:33 (local)');
    assert.equal(t.endTime?.raw, '10/7/2017 1:23:33 (local)');
    assert.equal(t.renewUntil?.raw, '10/7/2017 1:23:33 (local)');
    assert.equal(t.timeSkew, '+ 0:00 minute(s)');
    assert.equal(t.encodedTicketSize, 1528);
  });

  it('completes the cut session key type from its etype number (0x12 = 18)', () => {
    const t = parseKlistTgt(readFixture('extra/win-klist-tgt-msqa-truncated-wrapped-redacted.txt')).value;
    assert.equal(t.sessionKeyTypeId, 18);
    assert.equal(t.sessionKeyType, 'AES-256-CTS-HMAC-SHA1-96');
    assert.equal(t.sessionKeyLength, 32);
    assert.equal(t.sessionKeyZeroed, true);
    assert.equal(t.serviceName, 'krbtgt');
    assert.equal(t.clientName, 'XXXXXXXXX');
  });

  it('reads the Credential Guard TGT with a 171-byte zeroed key and no times', () => {
    const r = parseKlistTgt(readFixture('extra/win-klist-tgt-credential-guard-keylength-171-cut.txt'));
    assert.equal(r.recognized, true);
    const t = r.value;
    assert.equal(t.currentLogonId, '0x468c4f9');
    assert.equal(t.clientName, 'Administrator');
    assert.equal(t.domainName, 'TEST.LOCAL');
    assert.equal(t.altTargetDomainName, 'TEST.LOCAL');
    assert.equal(t.flagsHex, '0x40e10000');
    assert.deepEqual(t.flags, ['forwardable', 'renewable', 'initial', 'pre_authent', 'name_canonicalize']);
    assert.equal(t.sessionKeyType, 'AES-256-CTS-HMAC-SHA1-96');
    assert.equal(t.sessionKeyTypeId, 18);
    assert.equal(t.sessionKeyLength, 171);
    assert.equal(t.sessionKeyZeroed, true);
    assert.equal(t.startTime, null);
    assert.equal(t.endTime, null);
    assert.equal(t.encodedTicketSize, null);
    assert.ok(!JSON.stringify(t).includes('00 00'));
  });
});

describe('localized klist tgt (unit, real samples outside the corpus)', () => {
  const ZH = 'extra/zh-klist-tgt-jzfz-zero-key-hexdump-cut.txt';
  const text = readFixture(ZH);

  it('reads the zh-CN labels by their place in the fixed field order', () => {
    const r = parseKlistTgt(text);
    assert.equal(r.recognized, true);
    assert.deepEqual(r.warnings, []);
    const t = r.value;
    assert.equal(t.currentLogonId, '0x13d0ec');
    assert.equal(t.serviceName, 'krbtgt');
    assert.equal(t.targetName, 'krbtgt');
    assert.equal(t.clientName, 'chengongyi');
    assert.equal(t.domainName, 'JZFZ.LOCAL');
    assert.equal(t.targetDomainName, 'JZFZ.LOCAL');
    assert.equal(t.altTargetDomainName, 'JZFZ.LOCAL');
    assert.equal(t.flagsHex, '0x40e10000');
    assert.deepEqual(t.flags, ['forwardable', 'renewable', 'initial', 'pre_authent', 'name_canonicalize']);
    assert.equal(t.timeSkew, '+ 0:00 分钟'); // the TimeSkew label stays English in zh-CN
    assert.equal(t.encodedTicketSize, 2423); // `(大小: 2423)`
  });

  it('reads the localized session key lines (`密钥类型 0x12`, `密钥长度 32`) and keeps no key byte', () => {
    const r = parseKlistTgt(text);
    const t = r.value;
    assert.equal(t.sessionKeyType, 'AES-256-CTS-HMAC-SHA1-96');
    assert.equal(t.sessionKeyTypeId, 0x12);
    assert.equal(t.sessionKeyLength, 32);
    assert.equal(t.sessionKeyZeroed, true);
    const json = JSON.stringify(r);
    assert.doesNotMatch(json, /(?:00 ){7}00/);
    for (const dumpBytes of ['61 82 09 73', 'd6 0a', 'a..s0..o']) {
      assert.ok(!json.includes(dumpBytes), dumpBytes);
    }
  });

  it('reads the times month-first (8/14/2026 proves it)', () => {
    const t = parseKlistTgt(text).value;
    assert.deepEqual(t.startTime, { raw: '8/7/2026 10:02:54 (本地)', iso: '2026-08-07T10:02:54' });
    assert.deepEqual(t.endTime, { raw: '8/7/2026 20:02:54 (本地)', iso: '2026-08-07T20:02:54' });
    assert.deepEqual(t.renewUntil, { raw: '8/14/2026 10:02:54 (本地)', iso: '2026-08-14T10:02:54' });
  });

  it('reads the same with CRLF line ends, and without the `缓存的 TGT:` header (the krbtgt line starts the block)', () => {
    const expected = parseKlistTgt(text).value;
    assert.deepEqual(parseKlistTgt(toCrlf(text)).value, expected);
    const headerless = text.replace('缓存的 TGT:\n', '');
    assert.notEqual(headerless, text);
    assert.deepEqual(parseKlistTgt(headerless).value, expected);
  });

  it('is found by looksLikeKlistTgt and parse auto', () => {
    assert.equal(looksLikeKlistTgt(text), true);
    assert.equal(looksLikeKlistTgt(toCrlf(text.replace('缓存的 TGT:\n', ''))), true);
    const sections = parseAuto(text).value.sections;
    assert.deepEqual(
      sections.map((s) => s.kind),
      ['klist-tgt'],
    );
    assert.equal((sections[0]?.result.value as KlistTgt).clientName, 'chengongyi');
  });

  it('does not take a localized ticket list (`服务器: krbtgt/JZFZ.LOCAL @ ...`) for klist tgt', () => {
    assert.equal(looksLikeKlistTgt(readFixture('extra/zh-klist-3-tickets-jzfz-ps-prompt.txt')), false);
    assert.equal(looksLikeKlistTgt(readFixture('extra/zh-klist-li-system-7-tickets-tabs-trailing-spaces-delegation.txt')), false);
  });

  it('never throws and never keeps key bytes on 300 mutations of the zh-CN sample', () => {
    fc.assert(
      fc.property(fc.array(opArb, { maxLength: 8 }), (ops) => {
        const m = parseKlistTgt(mutate(text, ops));
        assert.equal(typeof m.recognized, 'boolean');
        assert.doesNotMatch(JSON.stringify(m), /(?:[0-9a-f]{2} ){7}[0-9a-f]{2}/);
      }),
      { numRuns: 300 },
    );
  });

  it('stays fast on 1 MB hostile localized lines', () => {
    for (const h of [`缓存的 TGT:\n会话密钥 : 密钥类型 0x12${' '.repeat(1_000_000)}\u2028`, `${'>'.repeat(1_000_000)}a:krbtgt!`, `a: ${' '.repeat(1_000_000)}krbtgt!`]) {
      const started = Date.now();
      assert.equal(typeof parseKlistTgt(h).recognized, 'boolean');
      looksLikeKlistTgt(h);
      assert.ok(Date.now() - started < 1500);
    }
  });
});
