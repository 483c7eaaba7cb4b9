/**
 * A throwaway MIT realm for the UI tests and the demo: starts the KDC, puts two principals'
 * TGTs (and a service ticket) into a DIR: collection, prints one JSON line with the environment
 * the server must get (KRB5_CONFIG, KRB5CCNAME), and stops everything when stdin closes or on
 * SIGTERM. Run: npx tsx test/kerberos/uiRealm.ts
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startMitRealm } from './realm';

async function main(): Promise<void> {
  let realm;
  try {
    realm = await startMitRealm();
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ skipped: error instanceof Error ? error.message : String(error) })}\n`);
    return;
  }
  realm.addPrincipal('alice', 'alice-Pw-1');
  realm.addPrincipal('bob', 'bob-Pw-2');
  realm.addPrincipal('HTTP/localhost', 'http-Pw-3');
  const collection = path.join(realm.dir, 'ui-collection');
  fs.mkdirSync(collection);
  const ccache = `DIR:${collection}`;
  realm.kinit('bob', 'bob-Pw-2', { ccache, renewable: '7d' });
  realm.kinit('alice', 'alice-Pw-1', { ccache, renewable: '7d' });
  realm.kvno('HTTP/localhost', ccache);
  const stop = (): void => {
    void realm.stop().finally(() => process.exit(0));
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
  process.stdin.on('end', stop);
  process.stdin.on('close', stop);
  process.stdin.resume();
  process.stdout.write(`${JSON.stringify({ env: { ...realm.env, KRB5CCNAME: ccache } })}\n`);
}

void main();
