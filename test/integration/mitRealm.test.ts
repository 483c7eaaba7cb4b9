/**
 * Real MIT Kerberos on 127.0.0.1: a KDC in a temp dir, the real kinit/klist/kswitch/kdestroy.
 * These pin down what the Linux backend reads and does (cache collections, purge of one cache,
 * renew), on live output rather than pasted samples.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { skipOnReason } from '../kerberos/ensurePackages';
import type { MitRealm } from '../kerberos/realm';
import { readCKlist, sleep, startMitRealm } from '../kerberos/realm';

const PASSWORDS = { alice: 'alice-Pw-1', bob: 'bob-Pw-2', 'HTTP/localhost': 'http-Pw-3' } as const;

describe('MIT Kerberos realm on 127.0.0.1 (integration)', function () {
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
      const lines = out.stdout.split('\n');
      assert.match(lines[0] ?? '', /^Principal name +Cache name$/);
      assert.match(lines[1] ?? '', /^-+ +-+$/);
      return lines
        .slice(2)
        .filter((l) => l.trim() !== '')
        .map((l) => {
          const [principal = '', cache = ''] = l.trim().split(/ +/);
          return { principal, cache };
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
      assert.equal(readCKlist(r.run('klist', [], { ccache: collection }).stdout)[0]?.principal, 'bob@TEST.LOCAL');
      const sw = r.run('kswitch', ['-p', 'alice'], { ccache: collection });
      assert.equal(sw.status, 0, sw.stderr);
      assert.equal(readCKlist(r.run('klist', [], { ccache: collection }).stdout)[0]?.principal, 'alice@TEST.LOCAL');
    });

    it('klist -A -f -e shows a renewable initial TGT for krbtgt/TEST.LOCAL@TEST.LOCAL in each cache', function () {
      const out = live().run('klist', ['-A', '-f', '-e'], { ccache: collection });
      assert.equal(out.status, 0, out.stderr);
      const caches = readCKlist(out.stdout);
      assert.deepEqual(caches.map((c) => c.principal).sort(), ['alice@TEST.LOCAL', 'bob@TEST.LOCAL']);
      const now = Date.now();
      for (const cache of caches) {
        assert.equal(cache.tickets.length, 1, cache.cache);
        const tgt = cache.tickets[0];
        assert.ok(tgt);
        assert.equal(tgt.service, 'krbtgt/TEST.LOCAL@TEST.LOCAL');
        assert.ok(tgt.flags.includes('R') && tgt.flags.includes('I'), `flags ${tgt.flags}`);
        assert.ok(tgt.end.getTime() > now, `end ${tgt.end.toISOString()} not in the future`);
        assert.ok(tgt.renewUntil && tgt.renewUntil.getTime() > tgt.end.getTime(), 'renew until after end');
        // Default realm lifetime is 10 h (kdc.conf max_life).
        assert.equal(tgt.end.getTime() - tgt.start.getTime(), 10 * 3600 * 1000);
      }
      assert.match(out.stdout, /\tEtype \(skey, tkt\): aes256-cts-hmac-sha1-96, aes256-cts-hmac-sha1-96/);
    });

    it('kvno adds a service ticket (flags R, not I) beside the TGT in the primary cache', function () {
      const r = live();
      const kvno = r.kvno('HTTP/localhost', collection);
      assert.equal(kvno.status, 0, kvno.stderr);
      assert.match(kvno.stdout, /^HTTP\/localhost@TEST\.LOCAL: kvno = 1$/m);
      const [cache] = readCKlist(r.run('klist', ['-f'], { ccache: collection }).stdout);
      assert.equal(cache?.principal, 'alice@TEST.LOCAL');
      assert.deepEqual(cache.tickets.map((t) => t.service), ['krbtgt/TEST.LOCAL@TEST.LOCAL', 'HTTP/localhost@TEST.LOCAL']);
      const service = cache.tickets[1];
      assert.ok(service?.flags.includes('R') && !service.flags.includes('I'), `flags ${service?.flags ?? ''}`);
    });

    it('kdestroy -c <one cache> removes exactly that cache; the other principal keeps its TGT', function () {
      const r = live();
      const alice = listCaches().find((c) => c.principal === 'alice@TEST.LOCAL');
      assert.ok(alice);
      const destroy = r.run('kdestroy', ['-c', alice.cache], { ccache: collection });
      assert.equal(destroy.status, 0, destroy.stderr);

      assert.deepEqual(listCaches().map((c) => c.principal), ['bob@TEST.LOCAL']);
      const bob = readCKlist(r.run('klist', ['-A'], { ccache: collection }).stdout);
      assert.deepEqual(bob.map((c) => [c.principal, c.tickets.map((t) => t.service).join()]), [['bob@TEST.LOCAL', 'krbtgt/TEST.LOCAL@TEST.LOCAL']]);

      const gone = r.run('klist', ['-c', alice.cache], { ccache: collection });
      assert.equal(gone.status, 1);
      assert.equal(gone.stdout, '');
      assert.match(gone.stderr, /^klist: No credentials cache found \(filename: .*\/tkt\)\n$/);
    });
  });

  it('kinit -R renews a renewable TGT: new start and end later, renew-until unchanged', async function () {
    const r = live();
    const ccache = `FILE:${path.join(r.dir, 'renew.cc')}`;
    r.kinit('alice', PASSWORDS.alice, { ccache, lifetime: '2m', renewable: '1h' });
    const [before] = readCKlist(r.run('klist', ['-f'], { ccache }).stdout);
    const tgt0 = before?.tickets[0];
    assert.ok(tgt0);
    assert.equal(tgt0.end.getTime() - tgt0.start.getTime(), 120_000);
    assert.ok(tgt0.flags.includes('R'));

    await sleep(2100);
    const renew = r.run('kinit', ['-R'], { ccache });
    assert.equal(renew.status, 0, renew.stderr);
    assert.equal(renew.stdout, '', 'renewal must not ask for a password');

    const [after] = readCKlist(r.run('klist', ['-f'], { ccache }).stdout);
    const tgt1 = after?.tickets[0];
    assert.ok(tgt1);
    assert.equal(after.principal, 'alice@TEST.LOCAL');
    assert.equal(after.tickets.length, 1);
    assert.ok(tgt1.end.getTime() - tgt0.end.getTime() >= 1000, `end ${tgt0.end.toISOString()} -> ${tgt1.end.toISOString()}`);
    assert.ok(tgt1.start.getTime() > tgt0.start.getTime());
    assert.equal(tgt1.renewUntil?.getTime(), tgt0.renewUntil?.getTime());
  });

  it('klist on a cache that was never created: exit 1 and the filename on stderr', function () {
    const r = live();
    const file = path.join(r.dir, 'never.cc');
    const out = r.run('klist', [], { ccache: `FILE:${file}` });
    assert.equal(out.status, 1);
    assert.equal(out.stderr, `klist: No credentials cache found (filename: ${file})\n`);
  });
});
