/**
 * The Kerberos view and the purge command on a real MIT realm, inside the real extension host:
 * two principals in a DIR: collection, then the purge of one cache through the command.
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { Prompts } from '../../src/commands/prompts';
import { skipOnReason } from '../kerberos/ensurePackages';
import type { MitRealm } from '../kerberos/realm';
import { startMitRealm } from '../kerberos/realm';
import { api, byLabel, rows } from './helpers';
import type { Row } from './helpers';

describe('Kerberos view on a real MIT realm', function () {
  this.timeout(60_000);
  let realm: MitRealm | undefined;

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
    const { env } = realm.collection('host-collection', [['alice', 'alice-Pw-1'], ['bob', 'bob-Pw-2']], { renewable: '1h' });
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
});
