/**
 * Real MIT Kerberos on 127.0.0.1: a KDC in a temp dir, the real kinit/klist/kswitch/kdestroy.
 * These pin down what the Linux backend reads and does (cache collections, purge of one cache,
 * renew), on live output rather than pasted samples.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { UnixKlistResult } from '../../src/parse/unixKlist';
import { parseUnixKlist } from '../../src/parse/unixKlist';
import type { TimeValue } from '../../src/parse/types';
import { skipOnReason } from '../kerberos/ensurePackages';
import type { MitRealm } from '../kerberos/realm';
import { sleep, startMitRealm } from '../kerberos/realm';

const PASSWORDS = { alice: 'alice-Pw-1', bob: 'bob-Pw-2', 'HTTP/localhost': 'http-Pw-3' } as const;

describe('MIT Kerberos realm on 127.0.0.1 (integration)', function () {
  // Own timeouts, so any mocha config works; hooks that may install packages raise theirs.
  this.timeout(60_000);
  let realm: MitRealm | undefined;

  before(async function () {
    // Covers a first-time apt-get install of the KDC packages.
    this.timeout(300_000);
    try {
      realm = await startMitRealm();
    } catch (error) {
      skipOnReason(this, error);
    }
    for (const [name, pw] of Object.entries(PASSWORDS)) {
      realm.addPrincipal(name, pw);
    }
  });

  after(async function () {
    this.timeout(20_000);
    await realm?.stop();
  });

  function live(): MitRealm {
    assert.ok(realm, 'realm not started');
    return realm;
  }

  /** Real klist (LANG=C, so dates are MM/DD/YY) read by the product's parser. */
  function klist(args: readonly string[], ccache: string): UnixKlistResult {
    const out = live().run('klist', args, { ccache });
    assert.equal(out.status, 0, out.stderr);
    const parsed = parseUnixKlist(out.stdout, { dateOrder: 'MDY' });
    assert.ok(parsed.recognized, out.stdout);
    assert.deepEqual(parsed.warnings, []);
    return parsed.value;
  }

  /** Epoch ms of a parsed klist time (local time, as klist prints it). */
  function ms(time: TimeValue | null | undefined): number {
    assert.ok(time?.iso, `no unambiguous time in ${JSON.stringify(time)}`);
    return new Date(time.iso).getTime();
  }

  describe('a DIR: collection with two principals', function () {
    let collection = '';

    before(function () {
      const r = live();
      const dir = path.join(r.dir, 'collection');
      fs.mkdirSync(dir);
      collection = `DIR:${dir}`;
      r.kinit('alice', PASSWORDS.alice, { ccache: collection, renewable: '7d' });
      // With KRB5CCNAME naming a collection, kinit of another principal adds a cache and
      // makes it the primary one.
      r.kinit('bob', PASSWORDS.bob, { ccache: collection, renewable: '7d' });
    });

    function listCaches(): { principal: string; cache: string }[] {
      const out = live().run('klist', ['-l'], { ccache: collection });
      assert.equal(out.status, 0, out.stderr);
      assert.match(out.stdout, /^Principal name +Cache name\n-+ +-+\n/);
      return klist(['-l'], collection).collection.map((e) => {
        assert.equal(e.expired, false);
        return { principal: e.principal, cache: e.cache };
      });
    }

    it('klist -l lists one cache per principal, both inside the collection dir', function () {
      const caches = listCaches();
      assert.deepEqual(caches.map((c) => c.principal).sort(), ['alice@TEST.LOCAL', 'bob@TEST.LOCAL']);
      const dir = collection.slice('DIR:'.length);
      for (const c of caches) {
        // Subsidiary caches are named `DIR::<dir>/tkt...` (two colons).
        assert.ok(c.cache.startsWith(`DIR::${dir}/tkt`), c.cache);
      }
      assert.notEqual(caches[0]?.cache, caches[1]?.cache);
    });

    it('the last kinit made bob primary; kswitch -p alice makes alice primary', function () {
      const r = live();
      assert.equal(klist([], collection).principal, 'bob@TEST.LOCAL');
      const sw = r.run('kswitch', ['-p', 'alice'], { ccache: collection });
      assert.equal(sw.status, 0, sw.stderr);
      assert.equal(klist([], collection).principal, 'alice@TEST.LOCAL');
    });

    it('klist -A -f -e shows a renewable initial TGT for krbtgt/TEST.LOCAL@TEST.LOCAL in each cache', function () {
      const { caches } = klist(['-A', '-f', '-e'], collection);
      assert.deepEqual(caches.map((c) => c.principal).sort(), ['alice@TEST.LOCAL', 'bob@TEST.LOCAL']);
      const now = Date.now();
      for (const cache of caches) {
        assert.equal(cache.flavor, 'mit');
        assert.ok(cache.cache?.startsWith('DIR::'), cache.cache ?? '');
        assert.equal(cache.tickets.length, 1, cache.cache ?? '');
        const tgt = cache.tickets[0];
        assert.ok(tgt);
        assert.equal(tgt.service, 'krbtgt/TEST.LOCAL@TEST.LOCAL');
        assert.equal(tgt.flagsRaw, 'RI');
        assert.deepEqual(tgt.flags, ['renewable', 'initial']);
        assert.deepEqual(tgt.encryption, { sessionKey: 'aes256-cts-hmac-sha1-96', ticket: 'aes256-cts-hmac-sha1-96' });
        assert.ok(ms(tgt.expires) > now, `expires ${tgt.expires.raw} not in the future`);
        assert.ok(ms(tgt.renewUntil) > ms(tgt.expires), 'renew until after expiry');
        // Default realm lifetime is 10 h (kdc.conf max_life).
        assert.equal(ms(tgt.expires) - ms(tgt.validStarting), 10 * 3600 * 1000);
      }
    });

    it('kvno adds a service ticket (flags R, not I) beside the TGT in the primary cache', function () {
      const r = live();
      const kvno = r.kvno('HTTP/localhost', collection);
      assert.equal(kvno.status, 0, kvno.stderr);
      assert.match(kvno.stdout, /^HTTP\/localhost@TEST\.LOCAL: kvno = 1$/m);
      const cache = klist(['-f'], collection);
      assert.equal(cache.principal, 'alice@TEST.LOCAL');
      assert.deepEqual(cache.tickets.map((t) => t.service), ['krbtgt/TEST.LOCAL@TEST.LOCAL', 'HTTP/localhost@TEST.LOCAL']);
      assert.equal(cache.tickets[1]?.flagsRaw, 'RT');
      assert.deepEqual(cache.tickets[1]?.flags, ['renewable', 'transitPolicyChecked']);
    });

    it('kdestroy -c <one cache> removes exactly that cache; the other principal keeps its TGT', function () {
      const r = live();
      const alice = listCaches().find((c) => c.principal === 'alice@TEST.LOCAL');
      assert.ok(alice);
      const destroy = r.run('kdestroy', ['-c', alice.cache], { ccache: collection });
      assert.equal(destroy.status, 0, destroy.stderr);

      assert.deepEqual(listCaches().map((c) => c.principal), ['bob@TEST.LOCAL']);
      const bob = klist(['-A'], collection).caches;
      assert.deepEqual(bob.map((c) => [c.principal, c.tickets.map((t) => t.service).join()]), [['bob@TEST.LOCAL', 'krbtgt/TEST.LOCAL@TEST.LOCAL']]);

      const gone = r.run('klist', ['-c', alice.cache], { ccache: collection });
      assert.equal(gone.status, 1);
      assert.equal(gone.stdout, '');
      const error = parseUnixKlist(gone.stderr).value.error;
      assert.equal(error?.kind, 'no-cache', gone.stderr);
      assert.equal(error.cache, `${alice.cache.slice('DIR::'.length)}`);
    });
  });

  it('kinit -R renews a renewable TGT: new start and end later, renew-until unchanged', async function () {
    const r = live();
    const ccache = `FILE:${path.join(r.dir, 'renew.cc')}`;
    r.kinit('alice', PASSWORDS.alice, { ccache, lifetime: '2m', renewable: '1h' });
    const tgt0 = klist(['-f'], ccache).tickets[0];
    assert.ok(tgt0);
    assert.equal(ms(tgt0.expires) - ms(tgt0.validStarting), 120_000);
    assert.equal(ms(tgt0.renewUntil) - ms(tgt0.validStarting), 3600_000);
    assert.ok(tgt0.flags.includes('renewable'));

    await sleep(2100);
    const renew = r.run('kinit', ['-R'], { ccache });
    assert.equal(renew.status, 0, renew.stderr);
    assert.equal(renew.stdout, '', 'renewal must not ask for a password');

    const after = klist(['-f'], ccache);
    const tgt1 = after.tickets[0];
    assert.ok(tgt1);
    assert.equal(after.principal, 'alice@TEST.LOCAL');
    assert.equal(after.tickets.length, 1);
    assert.ok(ms(tgt1.expires) - ms(tgt0.expires) >= 1000, `expires ${tgt0.expires.raw} -> ${tgt1.expires.raw}`);
    assert.ok(ms(tgt1.validStarting) > ms(tgt0.validStarting));
    assert.equal(ms(tgt1.renewUntil), ms(tgt0.renewUntil));
  });

  it('klist on a cache that was never created: exit 1 and the filename on stderr', function () {
    const r = live();
    const file = path.join(r.dir, 'never.cc');
    const out = r.run('klist', [], { ccache: `FILE:${file}` });
    assert.equal(out.status, 1);
    assert.equal(out.stderr, `klist: No credentials cache found (filename: ${file})\n`);
    assert.deepEqual(parseUnixKlist(out.stderr).value.error, { message: `No credentials cache found (filename: ${file})`, kind: 'no-cache', cache: file, line: 1 });
  });
});
