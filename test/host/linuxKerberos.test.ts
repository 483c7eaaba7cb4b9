/**
 * The Kerberos view and the purge command on a real MIT realm, inside the real extension host:
 * two principals in a DIR: collection, then the purge of one cache through the command.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Prompts } from '../../src/commands/prompts';
import { skipOnReason } from '../kerberos/ensurePackages';
import type { MitRealm } from '../kerberos/realm';
import { sleep, startMitRealm } from '../kerberos/realm';
import { api, byLabel, rows } from './helpers';
import type { Row } from './helpers';

describe('Kerberos view on a real MIT realm', function () {
  this.timeout(60_000);
  let realm: MitRealm | undefined;
  let collectionCcache = '';

  before(async function () {
    this.timeout(300_000);
    if (process.platform !== 'linux') {
      console.warn(`SKIPPED (not Linux: ${process.platform})`);
      this.skip();
    }
    try {
      realm = await startMitRealm();
    } catch (error) {
      skipOnReason(this, error);
    }
    const { env, ccache } = realm.collection('host-collection', [['alice', 'alice-Pw-1'], ['bob', 'bob-Pw-2']], { renewable: '1h' });
    collectionCcache = ccache;
    realm.addPrincipal('HTTP/localhost', 'http-Pw-3');
    const tti = await api();
    tti.useRunner(undefined, { platform: 'linux', dateOrder: 'MDY', env });
  });

  after(async function () {
    this.timeout(20_000);
    const tti = await api();
    tti.useRunner(undefined);
    tti.usePrompts(undefined);
    await realm?.stop();
  });

  async function cacheRows(): Promise<Row[]> {
    const tti = await api();
    await tti.refreshNow('command');
    const [machine] = await rows(tti.providers.kerberos);
    const [session] = await rows(tti.providers.kerberos, machine?.node);
    assert.equal(session?.contextValue, 'tti:session:process');
    return rows(tti.providers.kerberos, session.node);
  }

  it('lists both caches with their principal and TGT', async () => {
    const tti = await api();
    const caches = await cacheRows();
    assert.deepEqual(caches.map((c) => c.label).sort(), ['alice@TEST.LOCAL', 'bob@TEST.LOCAL']);
    const alice = byLabel(await cacheRows(), 'alice@TEST.LOCAL');
    assert.match(alice.description, /^DIR::.*host-collection\/tkt\w* · 1 ticket$/);
    const [tgt] = await rows(tti.providers.kerberos, alice.node);
    assert.equal(tgt?.label, 'krbtgt/TEST.LOCAL@TEST.LOCAL');
    assert.equal(tgt?.contextValue, 'tti:ticket:tgt');
    assert.match(tgt?.description ?? '', /^TGT · expires in (10|9) h, issued \d+ s ago · aes256-cts-hmac-sha1-96$/);
  });

  it('purges only the cache chosen in the command', async () => {
    const tti = await api();
    const prompts: Prompts = {
      confirm: () => Promise.resolve(true),
      pick: (items) => Promise.resolve(items.find((i) => i.label === 'bob@TEST.LOCAL')),
      pickMany: () => Promise.resolve(undefined),
      input: () => Promise.resolve(undefined),
    };
    tti.usePrompts(prompts);
    await cacheRows();
    assert.equal(await vscode.commands.executeCommand('tti.kerberos.purge'), true);
    const after = await cacheRows();
    // One cache left: the session shows its tickets directly.
    assert.deepEqual(after.map((r) => r.label), ['krbtgt/TEST.LOCAL@TEST.LOCAL']);
    const source = tti.store.machineSource;
    assert.deepEqual(source?.sessions[0]?.caches?.map((c) => c.principal), ['alice@TEST.LOCAL']);
  });

  it('renews the chosen cache\'s TGT through the command: the end time moves later', async () => {
    const tti = await api();
    // A short-lived, renewable TGT in the same collection (it becomes the primary cache).
    realm?.addPrincipal('carol', 'carol-Pw-4');
    realm?.kinit('carol', 'carol-Pw-4', { ccache: collectionCcache, lifetime: '2m', renewable: '1h' });
    const carolTgt = (): { end: string | null; start: string | null } => {
      const cache = tti.store.machineSource?.sessions[0]?.caches?.find((c) => c.principal === 'carol@TEST.LOCAL');
      const tgt = cache?.tickets.find((t) => t.isTgt);
      return { end: tgt?.end.iso ?? null, start: tgt?.start.iso ?? null };
    };
    const carol = byLabel(await cacheRows(), 'carol@TEST.LOCAL');
    const before = carolTgt();
    assert.ok(before.end, 'carol has a TGT');
    // klist prints whole seconds: wait until a renewal must show a later start and end.
    await sleep(2100);
    assert.equal(await vscode.commands.executeCommand('tti.kerberos.renew', carol.node), true);
    await cacheRows();
    const after = carolTgt();
    assert.ok((after.start ?? '') > (before.start ?? ''), `start ${String(before.start)} -> ${String(after.start)}`);
    assert.ok((after.end ?? '') > (before.end ?? ''), `end ${String(before.end)} -> ${String(after.end)}`);
  });

  it('shows the primary cache\'s TGT in the status bar: a 2-minute TGT is about to expire', async () => {
    const tti = await api();
    await tti.refreshNow('command');
    const status = tti.tgtStatus();
    assert.match(status?.text ?? '', /^\$\(key\) TGT [12] min$/);
    assert.equal(status?.state, 'expiring');
    assert.match(status?.tooltip ?? '', /^TGT for carol@TEST\.LOCAL: /);
  });

  it('gets a fresh service ticket with kvno: the primary cache gains it', async () => {
    const tti = await api();
    const outcome = await vscode.commands.executeCommand<{ ok: boolean; text: string }>('tti.kerberos.getTicket', 'HTTP/localhost');
    assert.equal(outcome?.ok, true, outcome?.text);
    const carol = tti.store.machineSource?.sessions[0]?.caches?.find((c) => c.principal === 'carol@TEST.LOCAL');
    assert.deepEqual(carol?.tickets.map((t) => t.server), ['krbtgt/TEST.LOCAL@TEST.LOCAL', 'HTTP/localhost@TEST.LOCAL']);
  });

  it('reports the KDC\'s answer for a service it does not know', async () => {
    const outcome = await vscode.commands.executeCommand<{ ok: boolean; text: string }>('tti.kerberos.getTicket', 'HTTP/nosuch.test.local');
    assert.equal(outcome?.ok, false);
    assert.match(outcome?.text ?? '', /^Could not get a ticket for HTTP\/nosuch\.test\.local: kvno: Server .*not found in Kerberos database/);
  });
});
