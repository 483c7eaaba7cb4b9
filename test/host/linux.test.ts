/** On Linux the views show this machine's real `id` groups (real tools, no replay). */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { api, rows } from './helpers';

describe('This Linux machine, read with the real tools', function () {
  before(function () {
    if (process.platform !== 'linux') {
      console.warn(`SKIPPED (not Linux: ${process.platform})`);
      this.skip();
    }
  });

  it('shows the process groups that id prints', async () => {
    const tti = await api();
    tti.useRunner(undefined);
    await tti.refreshNow('command');
    const expected = execFileSync('id', ['-Gn'], { encoding: 'utf8' }).trim().split(/\s+/);
    const [machine] = await rows(tti.providers.groups);
    assert.equal(machine?.label, 'This machine');
    const sessions = await rows(tti.providers.groups, machine?.node);
    const process0 = sessions.find((s) => s.contextValue === 'tti:session:process');
    assert.ok(process0, `sessions: ${sessions.map((s) => s.label).join(', ')}`);
    const groups = await rows(tti.providers.groups, process0.node);
    assert.deepEqual(groups.map((g) => g.label).sort(), [...new Set(expected)].sort());
    const directory = sessions.find((s) => s.contextValue === 'tti:session:directory');
    assert.ok(directory, 'the fresh NSS lookup of the account is shown beside the process');
  });
});
