/**
 * The extension's own Linux backend against real servers: the collector reads a real DIR:
 * collection, the purge command spec removes exactly the chosen cache, renew extends a TGT, and
 * the diagnosis sees a Samba group change that a TGT obtained earlier does not carry.
 */
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { collectMachine } from '../../src/model/collect';
import type { CollectOptions } from '../../src/model/collect';
import { diagnose } from '../../src/model/diagnose';
import type { CacheEntry, SessionInfo } from '../../src/model/types';
import { unix } from '../../src/platform/commands';
import { SpawnProcessRunner } from '../../src/platform/spawnRunner';
import { skipOnReason } from '../kerberos/ensurePackages';
import type { MitRealm } from '../kerberos/realm';
import { sleep, startMitRealm } from '../kerberos/realm';
import type { SambaDc } from '../kerberos/samba';
import { startSambaDc } from '../kerberos/samba';

const runner = new SpawnProcessRunner();

describe('the Linux backend on a real MIT realm (integration)', function () {
  this.timeout(60_000);
  let realm: MitRealm | undefined;
  let options: CollectOptions;

  before(async function () {
    this.timeout(300_000);
    try {
      realm = await startMitRealm();
    } catch (error) {
      skipOnReason(this, error);
    }
    const { env } = realm.collection('backend-collection', [['alice', 'alice-Pw-1'], ['bob', 'bob-Pw-2']], { renewable: '1h', lifetime: '10m' });
    options = { platform: 'linux', dateOrder: 'MDY', env };
  });

  after(async function () {
    this.timeout(20_000);
    await realm?.stop();
  });

  async function caches(): Promise<CacheEntry[]> {
    const source = await collectMachine(runner, options);
    return source.sessions[0]?.caches ?? [];
  }

  it('lists both caches of the collection with their TGTs, times and flags', async () => {
    const list = await caches();
    assert.deepEqual(list.map((c) => c.principal).sort(), ['alice@TEST.LOCAL', 'bob@TEST.LOCAL']);
    for (const c of list) {
      assert.match(c.name, /^DIR::.*backend-collection\/tkt/);
      const tgt = c.tickets.find((t) => t.isTgt);
      assert.equal(tgt?.server, 'krbtgt/TEST.LOCAL@TEST.LOCAL');
      assert.ok(tgt?.flags.includes('renewable') && tgt.flags.includes('initial'), tgt?.flags.join(','));
      const end = Date.parse(tgt?.end.iso ?? '');
      assert.ok(end > Date.now(), `ends in the future: ${tgt?.end.raw}`);
      assert.equal(tgt?.encryptionType, 'aes256-cts-hmac-sha1-96');
    }
  });

  it('purges exactly the chosen cache', async () => {
    const before = await caches();
    const bob = before.find((c) => c.principal === 'bob@TEST.LOCAL');
    assert.ok(bob);
    const spec = unix.kdestroy(bob.name);
    const result = await runner.run({ command: spec.command, args: spec.args, env: options.env ?? {} });
    assert.equal(result.exitCode, 0);
    const after = await caches();
    assert.deepEqual(after.map((c) => c.principal), ['alice@TEST.LOCAL']);
  });

  it('renews a renewable TGT to a later end time', async () => {
    const before = (await caches()).find((c) => c.principal === 'alice@TEST.LOCAL');
    assert.ok(before);
    const endBefore = Date.parse(before.tickets.find((t) => t.isTgt)?.end.iso ?? '');
    await sleep(2100);
    const spec = unix.kinitRenew(before.name);
    const result = await runner.run({ command: spec.command, args: spec.args, env: options.env ?? {} });
    assert.equal(result.exitCode, 0, Buffer.from(result.stderr).toString());
    const after = (await caches()).find((c) => c.principal === 'alice@TEST.LOCAL');
    const endAfter = Date.parse(after?.tickets.find((t) => t.isTgt)?.end.iso ?? '');
    assert.ok(endAfter - endBefore >= 1000, `${String(endBefore)} → ${String(endAfter)}`);
  });
});

describe('diagnosis against a real Samba AD DC (integration)', function () {
  this.timeout(120_000);
  let dc: SambaDc | undefined;

  before(async function () {
    this.timeout(300_000);
    try {
      dc = await startSambaDc();
    } catch (error) {
      skipOnReason(this, error);
    }
  });

  after(async function () {
    this.timeout(30_000);
    await dc?.stop();
  });

  it('reports a group added in the directory but not in the TGT, until kdestroy + kinit', async () => {
    assert.ok(dc);
    await dc.createUser('ttidiag', 'Diag-Pw-12345');
    await dc.addGroup('ttig-old');
    await dc.addGroup('ttig-new');
    await dc.addMembers('ttig-old', ['ttidiag']);
    const ccache = `FILE:${path.join(dc.dir, 'ttidiag.cc')}`;
    dc.kinit('ttidiag', 'Diag-Pw-12345', ccache);
    // What the TGT's PAC carries: the groups at the time it was issued.
    const atTgt = await dc.tokenGroups('ttidiag');
    const env = { ...dc.env, KRB5CCNAME: ccache, LANG: 'C', LC_ALL: 'C' };
    const session = async (groups: string[]): Promise<SessionInfo> => {
      const source = await collectMachine(runner, { platform: 'linux', dateOrder: 'MDY', env });
      return { id: 'tgt', kind: 'imported', label: 'TGT of ttidiag', groups: groups.map((sid) => ({ name: sid, sid, attributes: [] })), caches: source.sessions[0]?.caches ?? [], problems: [] };
    };

    await dc.addMembers('ttig-new', ['ttidiag']);
    const newSid = await dc.groupSid('ttig-new');
    const now = await dc.tokenGroups('ttidiag');
    assert.ok(now.includes(newSid) && !atTgt.includes(newSid));
    const stale = diagnose({ sessions: [await session(atTgt)], directory: { groups: now.map((sid) => ({ sid })), source: 'tokenGroups' }, platform: 'linux' });
    assert.deepEqual(stale.findings.map((f) => [f.kind, f.group.sid]), [['added', newSid]]);
    const actions = stale.findings[0]?.actions.map((a) => a.id) ?? [];
    assert.ok(actions.includes('purge-tickets') && actions.includes('get-ticket'), actions.join(','));

    dc.run('kdestroy', [], { ccache });
    dc.kinit('ttidiag', 'Diag-Pw-12345', ccache);
    const fresh = diagnose({ sessions: [await session(await dc.tokenGroups('ttidiag'))], directory: { groups: now.map((sid) => ({ sid })), source: 'tokenGroups' }, platform: 'linux' });
    assert.deepEqual(fresh.findings, []);
  });
});
