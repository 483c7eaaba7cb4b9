/**
 * End to end on Linux: a process of a real user starts, then the user is added to a group; `tti
 * diagnose` run from inside that old process reports the group as added in the directory (a
 * fresh NSS lookup) but missing from its own groups, with "start a new login session" to do.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { skipOnReason } from '../kerberos/ensurePackages';
import type { ThrowawayUser } from '../kerberos/linuxUser';
import { createThrowawayUser } from '../kerberos/linuxUser';

const CLI = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');

interface DiagnoseJson {
  drift: boolean;
  findings: { kind: string; group: { name: string }; actions: { id: string }[] }[];
}

describe('tti diagnose inside a process that started before usermod (integration)', function () {
  this.timeout(60_000);
  let account: ThrowawayUser | undefined;
  let dir = '';

  before(function () {
    if (!fs.existsSync(CLI)) {
      console.warn(`SKIPPED (not built: ${CLI}; npm test builds it first)`);
      this.skip();
    }
    try {
      account = createThrowawayUser();
    } catch (error) {
      skipOnReason(this, error);
    }
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tti-diag-'));
    fs.chmodSync(dir, 0o755);
  });

  after(function () {
    account?.remove();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reports the new group as added in the directory but missing from the process', async () => {
    assert.ok(account);
    const trigger = path.join(dir, 'go');
    // The old process: waits for the trigger, then runs tti diagnose as its child (same groups).
    const script = [
      "const fs = require('node:fs');",
      "const { spawnSync } = require('node:child_process');",
      `const wait = () => fs.existsSync(${JSON.stringify(trigger)}) ? run() : setTimeout(wait, 50);`,
      `const run = () => { const r = spawnSync(process.execPath, [${JSON.stringify(CLI)}, 'diagnose', '--json', '--user', ${JSON.stringify(account.user)}], { encoding: 'utf8' }); process.stdout.write(r.stdout); process.stderr.write(r.stderr); process.exit(r.status ?? 1); };`,
      // Its groups are fixed by now (setpriv set them before node started): tell the test.
      "process.stdout.write('ready\\n');",
      'wait();',
    ].join('\n');
    const child = account.start(process.execPath, ['-e', script]);
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
    // Change the directory only once the old process runs: a fixed delay lost the race on a busy CI machine.
    const deadline = Date.now() + 30_000;
    while (!out.startsWith('ready\n')) {
      assert.ok(Date.now() < deadline, `the old process never started: ${err}`);
      await new Promise((r) => setTimeout(r, 20));
    }
    account.addToGroup();
    fs.writeFileSync(trigger, '');
    const code = await exited;
    assert.equal(code, 0, err);
    const d = JSON.parse(out.slice('ready\n'.length)) as DiagnoseJson;
    assert.equal(d.drift, true);
    assert.deepEqual(d.findings.map((f) => [f.kind, f.group.name]), [['added', account.group]]);
    assert.ok(d.findings[0]?.actions.some((a) => a.id === 'new-login-session'));
  });

  it('finds no drift for a process started after the change', () => {
    assert.ok(account);
    const out = account.run(process.execPath, [CLI, 'diagnose', '--json', '--user', account.user]);
    const d = JSON.parse(out) as DiagnoseJson;
    assert.equal(d.drift, false);
    assert.deepEqual(d.findings, []);
  });
});
