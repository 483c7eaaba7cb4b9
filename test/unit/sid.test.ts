import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { sidFromBytes, sidToBytes } from '../../src/parse/sid';
import { readFixture } from './fixtures';

/** `attr:: base64` or `attr: text` values of one attribute, in order, from real LDIF. */
function ldifValues(ldif: string, attribute: string): { base64: boolean; value: string }[] {
  return ldif
    .split('\n')
    .filter((l) => l.startsWith(`${attribute}:`))
    .map((l) => (l.startsWith(`${attribute}::`) ? { base64: true, value: l.slice(attribute.length + 2).trim() } : { base64: false, value: l.slice(attribute.length + 1).trim() }));
}

const bytes = (...b: number[]): Uint8Array => Uint8Array.from(b);

describe('sid: binary SIDs from a real Samba DC', function () {
  // The same user read twice: as binary over LDAPS and as strings Samba converts itself.
  const binary = readFixture('real/samba-testdc-ldapsearch-ldaps-tokengroups-base64.ldif');
  const strings = readFixture('real/samba-testdc-ldbsearch-sam-ldb-tokengroups-strings.ldif');

  for (const attribute of ['objectSid', 'tokenGroups']) {
    it(`decodes every base64 ${attribute} to the string Samba prints, in order`, function () {
      const fromLdaps = ldifValues(binary, attribute);
      const fromSamba = ldifValues(strings, attribute);
      assert.equal(fromLdaps.length, attribute === 'objectSid' ? 1 : 4);
      assert.ok(fromLdaps.every((v) => v.base64) && fromSamba.every((v) => !v.base64));
      assert.deepEqual(
        fromLdaps.map((v) => sidFromBytes(Buffer.from(v.value, 'base64'))),
        fromSamba.map((v) => v.value),
      );
    });
  }

  it('tokenGroups ends with Domain Users (-513) and BUILTIN\\Users (S-1-5-32-545)', function () {
    const sids = ldifValues(binary, 'tokenGroups').map((v) => sidFromBytes(Buffer.from(v.value, 'base64')));
    assert.match(sids[2] ?? '', /^S-1-5-21-\d+-\d+-\d+-513$/);
    assert.equal(sids[3], 'S-1-5-32-545');
  });

  it('sidToBytes gives back the exact bytes the DC sent', function () {
    for (const v of ldifValues(binary, 'tokenGroups')) {
      const raw = Buffer.from(v.value, 'base64');
      const sid = sidFromBytes(raw);
      assert.ok(sid !== null);
      assert.deepEqual(Buffer.from(sidToBytes(sid) ?? []), raw);
    }
  });
});

describe('sid: layout (MS-DTYP 2.4.2.2)', function () {
  it('reads revision, count, big-endian authority and little-endian sub-authorities', function () {
    // S-1-5-32-544 BUILTIN\Administrators
    assert.equal(sidFromBytes(bytes(1, 2, 0, 0, 0, 0, 0, 5, 0x20, 0, 0, 0, 0x20, 2, 0, 0)), 'S-1-5-32-544');
    // S-1-16-12288 High Mandatory Level
    assert.equal(sidFromBytes(bytes(1, 1, 0, 0, 0, 0, 0, 16, 0, 0x30, 0, 0)), 'S-1-16-12288');
    // S-1-1-0 Everyone
    assert.equal(sidFromBytes(bytes(1, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0)), 'S-1-1-0');
  });

  it('handles the top sub-authority value and a zero-count SID', function () {
    assert.equal(sidFromBytes(bytes(1, 1, 0, 0, 0, 0, 0, 5, 0xff, 0xff, 0xff, 0xff)), 'S-1-5-4294967295');
    assert.equal(sidFromBytes(bytes(1, 0, 0, 0, 0, 0, 0, 5)), 'S-1-5');
    assert.deepEqual(sidToBytes('S-1-5-4294967295'), bytes(1, 1, 0, 0, 0, 0, 0, 5, 0xff, 0xff, 0xff, 0xff));
  });

  it('writes authorities of 2^32 and above in hex, and reads them back', function () {
    const sid = sidFromBytes(bytes(1, 1, 0, 1, 0, 0, 0, 0, 7, 0, 0, 0));
    assert.equal(sid, 'S-1-0x000100000000-7');
    assert.deepEqual(sidToBytes('S-1-0x000100000000-7'), bytes(1, 1, 0, 1, 0, 0, 0, 0, 7, 0, 0, 0));
  });

  it('rejects malformed bytes with null', function () {
    assert.equal(sidFromBytes(bytes()), null);
    assert.equal(sidFromBytes(bytes(2, 1, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0)), null, 'revision 2');
    assert.equal(sidFromBytes(bytes(1, 2, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0)), null, 'count says 2, one present');
    assert.equal(sidFromBytes(bytes(1, 1, 0, 0, 0, 0, 0, 5, 0, 0, 0, 0, 9)), null, 'trailing byte');
    assert.equal(sidFromBytes(new Uint8Array(8 + 4 * 16).fill(0).map((v, i) => (i === 0 ? 1 : i === 1 ? 16 : v))), null, '16 sub-authorities');
  });

  it('rejects malformed strings with null', function () {
    for (const bad of ['', 'S-1', 'S-2-5-32', 'S-1-5-x', 'S-1-5-', 'S-1-5-4294967296', 'S-1-281474976710656-1', 'X-1-5-32', `S-1-5${'-1'.repeat(16)}`, 'S-1-0x-1', 'S-1-5--1']) {
      assert.equal(sidToBytes(bad), null, bad);
    }
  });

  it('round-trips any valid SID (property)', function () {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 48 - 1 }),
        fc.array(fc.integer({ min: 0, max: 0xffffffff }), { maxLength: 15 }),
        (authority, subs) => {
          const a = authority > 0xffffffff ? `0x${authority.toString(16).toUpperCase().padStart(12, '0')}` : String(authority);
          const sid = ['S-1', a, ...subs.map(String)].join('-');
          const raw = sidToBytes(sid);
          assert.ok(raw !== null, sid);
          assert.equal(raw.length, 8 + 4 * subs.length);
          assert.equal(sidFromBytes(raw), sid);
        },
      ),
    );
  });

  it('never throws on random bytes and stays fast on a 1 MB string', function () {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 80 }), (b) => {
        const sid = sidFromBytes(b);
        assert.ok(sid === null || sid.startsWith('S-1-'));
      }),
    );
    const started = Date.now();
    assert.equal(sidToBytes(`S-1-5-${'1'.repeat(1_000_000)}`), null);
    assert.equal(sidFromBytes(new Uint8Array(1_000_000).fill(1)), null);
    assert.ok(Date.now() - started < 200);
  });
});
