// The same extension-host suite under @vscode/test-electron, for desktops that can download
// VS Code (our CI machines cannot: there, test/harness runs it in code-server instead).
import { runTests } from '@vscode/test-electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
try {
  await runTests({
    extensionDevelopmentPath: root,
    extensionTestsPath: join(root, 'out', 'test', 'host', 'index.js'),
    launchArgs: ['--disable-extensions', '--disable-workspace-trust', join(root, 'test', 'fixtures')],
  });
} catch (err) {
  console.error(`test:electron failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
}
