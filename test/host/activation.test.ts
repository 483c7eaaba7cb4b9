/** The extension activates in a real VS Code and registers everything its manifest promises. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { ROOT, api } from './helpers';

interface Manifest {
  contributes: { commands: { command: string }[]; views: Record<string, { id: string }[]> };
  activationEvents: string[];
}

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Manifest;

describe('Activation', () => {
  it('activates and returns its API', async () => {
    const tti = await api();
    assert.ok(tti.store);
    assert.equal(typeof tti.refreshNow, 'function');
    assert.ok(tti.activationMs > 0);
    // For `npm run bench` (the target lives there, not in a timed test).
    console.log(`activationMs=${tti.activationMs.toFixed(2)}`);
  });

  it('registers every command of contributes.commands', async () => {
    await api();
    const registered = new Set(await vscode.commands.getCommands(true));
    const missing = manifest.contributes.commands.map((c) => c.command).filter((c) => !registered.has(c));
    assert.deepEqual(missing, []);
  });

  it('does not activate on startup (* or onStartupFinished)', () => {
    assert.ok(!manifest.activationEvents.includes('*'));
    assert.ok(!manifest.activationEvents.includes('onStartupFinished'));
  });

  it('reads this machine on activation', async () => {
    const tti = await api();
    await tti.refreshNow('command');
    const machine = tti.store.machineSource;
    assert.ok(machine, 'this machine was read');
    assert.equal(machine.origin, 'machine');
  });
});
