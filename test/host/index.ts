/**
 * Entry point of the extension-host test suite: VS Code (code-server's smoke-test driver, or
 * @vscode/test-electron on a desktop) loads this file inside the real extension host and calls
 * run(); mocha's output goes to the console, which the harness forwards.
 */
import Mocha from 'mocha';

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', timeout: 30_000, color: false, reporter: 'spec', ...(process.env.TTI_HOST_GREP ? { grep: process.env.TTI_HOST_GREP } : {}) });
  mocha.suite.emit('pre-require', globalThis, 'host-suite', mocha);
  // Loaded after pre-require (describe/it exist then); esbuild still bundles them into index.js.
  await import('./activation.test');
  await import('./windowsReplay.test');
  await import('./evidence.test');
  await import('./actions.test');
  await import('./gpsvc.test');
  await import('./linux.test');
  await import('./linuxKerberos.test');
  await import('./activeDirectory.test');
  if (process.env.TTI_HOST_DELIBERATE_FAILURE === '1') {
    await import('./deliberateFailure.test');
  }
  return new Promise((resolve, reject) => {
    const runner = mocha.run((failures) => {
      console.log(`host: ${runner.stats?.passes ?? 0} passed, ${failures} failed`);
      if (failures > 0) {
        reject(new Error(`${failures} extension-host tests failed`));
      } else {
        resolve();
      }
    });
  });
}
