/**
 * A throwaway MIT realm for the UI tests and the demo: starts the KDC, puts two principals'
 * TGTs (and a service ticket) into a DIR: collection, prints one JSON line with the environment
 * the server must get (KRB5_CONFIG, KRB5CCNAME), and stops everything when stdin closes or on
 * SIGTERM. Run: npx tsx test/kerberos/uiRealm.ts
 */
import { startMitRealm } from './realm';

async function main(): Promise<void> {
  let realm;
  try {
    realm = await startMitRealm();
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ skipped: error instanceof Error ? error.message : String(error) })}\n`);
    return;
  }
  realm.addPrincipal('HTTP/localhost', 'http-Pw-3');
  const { ccache } = realm.collection('ui-collection', [['bob', 'bob-Pw-2'], ['alice', 'alice-Pw-1']], { renewable: '7d' });
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
