/** Imported evidence: a user's pasted outputs become their own node beside "This machine". */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { api, byLabel, fixture, rows } from './helpers';

describe('Imported evidence', () => {
  it('parses the French whoami /groups paste and shows it with canonical attributes', async () => {
    const tti = await api();
    const id = await vscode.commands.executeCommand<string>('tti.evidence.import', { text: fixture('whoami/fr-domain-user-groups-tssr.txt'), label: 'Ticket 4711' });
    assert.match(id, /^evidence:\d+$/);
    try {
      const sources = await rows(tti.providers.groups);
      const evidence = byLabel(sources, 'Ticket 4711');
      assert.equal(evidence.contextValue, 'tti:source:evidence');
      const [session] = await rows(tti.providers.groups, evidence.node);
      assert.match(session?.description ?? '', /^Medium · 10 groups$/);
      const groups = await rows(tti.providers.groups, session?.node);
      const gg = byLabel(groups, 'TSSR-MEN\\GG-ADMINISTRATIF');
      assert.equal(gg.description, 'S-1-5-21-3751794092-3013587998-2465217153-1113 · enabled');
      assert.equal(byLabel(groups, 'Tout le monde').description, 'S-1-1-0 · enabled');
    } finally {
      await vscode.commands.executeCommand('tti.evidence.remove', id);
    }
    assert.equal((await rows(tti.providers.groups)).some((r) => r.label === 'Ticket 4711'), false, 'removed');
  });

  it('puts a pasted whoami and klist of one user into one session', async () => {
    const tti = await api();
    const text = `${fixture('whoami/en-domain-user-whoami-all-htb-university.txt')}\n${fixture('klist-windows/klist-zero-tickets-then-two-after-net-use.txt')}`;
    const id = await vscode.commands.executeCommand<string>('tti.evidence.import', { text, label: 'University paste' });
    try {
      const source = tti.store.find(id);
      assert.ok(source);
      assert.equal(source.platform, 'windows');
      const withGroups = source.sessions.filter((s) => s.groups);
      assert.equal(withGroups.length, 1);
      const sessions = await rows(tti.providers.kerberos);
      const evidence = byLabel(sessions, 'University paste');
      const [session] = await rows(tti.providers.kerberos, evidence.node);
      const tickets = await rows(tti.providers.kerberos, session?.node);
      assert.equal(tickets.length, 2, 'the later klist (after net use) is the current state');
      assert.equal(tickets[0]?.contextValue, 'tti:ticket:tgt');
    } finally {
      await vscode.commands.executeCommand('tti.evidence.remove', id);
    }
  });

  it('shows a pasted "id: alice: no such user" as its own session with the problem and what to check', async () => {
    const tti = await api();
    const id = await vscode.commands.executeCommand<string>('tti.evidence.import', { text: fixture('extra/id-ko-no-such-user-then-kubectl-exec-id-inline-comments-darak-docs.txt'), label: 'Darak docs' });
    try {
      const evidence = byLabel(await rows(tti.providers.groups), 'Darak docs');
      const sessions = await rows(tti.providers.groups, evidence.node);
      assert.deepEqual(sessions.map((s) => s.label), ['alice (id)', 'alice (id)']);
      const [failed, answered] = sessions;
      const problems = await rows(tti.providers.groups, failed?.node);
      assert.equal(problems.length, 1);
      assert.match(String(problems[0]?.label), /^id: 'alice': no such user — the account "alice" does not resolve on that machine/);
      assert.match(problems[0]?.description ?? '', /^Check the name form the machine expects/);
      const groups = await rows(tti.providers.groups, answered?.node);
      assert.deepEqual(groups.map((g) => g.label), ['alice']);
    } finally {
      await vscode.commands.executeCommand('tti.evidence.remove', id);
    }
  });
});
