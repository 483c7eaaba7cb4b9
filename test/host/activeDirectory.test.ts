/**
 * `tti.directory.ldapUri` in a real VS Code: the setting reaches the collector and the Token
 * Groups view shows the account as Active Directory sees it, from replayed real ldapsearch output
 * of the test Samba DC (test/fixtures/real/README.md).
 */
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { unix } from '../../src/platform/commands';
import { ReplayRunner } from '../../src/platform/replayRunner';
import { api, fixture, rows } from './helpers';

const URI = 'ldap://127.0.0.1';
const BASE = 'DC=samdom,DC=test';
const USER_DN = 'CN=ttildap,CN=Users,DC=samdom,DC=test';
const DOMAIN = 'S-1-5-21-4018787651-3043588365-1069956272';

function runner(): ReplayRunner {
  return new ReplayRunner([
    { tool: 'id', args: [], stdout: fixture('real/linux-id-root-c.txt') },
    { tool: 'klist', args: ['-A', '-f', '-e'], stdout: fixture('real/samba-testdc-klist-f-e-after-gssapi-ldap-referral-entry-c.txt') },
    { tool: 'ldapsearch', args: unix.ldapUserDn(URI, BASE, 'ttildap').args, stdout: fixture('real/samba-testdc-ldapsearch-gssapi-user-dn.txt') },
    { tool: 'ldapsearch', args: unix.ldapTokenGroups(URI, USER_DN).args, stdout: fixture('real/samba-testdc-ldapsearch-gssapi-tokengroups.txt') },
    { tool: 'ldapsearch', args: unix.ldapSidNames(URI, BASE, [`${DOMAIN}-1103`, `${DOMAIN}-1104`, `${DOMAIN}-513`, 'S-1-5-32-545']).args, stdout: fixture('real/samba-testdc-ldapsearch-gssapi-sid-names.txt') },
  ]);
}

describe('Active Directory over LDAP (tti.directory.ldapUri)', () => {
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('tti');

  afterEach(async () => {
    await config().update('directory.ldapUri', undefined, vscode.ConfigurationTarget.Global);
    const tti = await api();
    tti.useRunner(undefined);
  });

  it('without the setting, no LDAP search runs', async () => {
    const tti = await api();
    const replay = runner();
    tti.useRunner(replay, { platform: 'linux', userName: 'ttildap' });
    await tti.refreshNow('command');
    assert.equal(replay.calls.filter((c) => c.command === 'ldapsearch').length, 0);
  });

  it('with the setting, the groups view shows the account in AD (nested group included) and Kerberos the real ldap server', async () => {
    await config().update('directory.ldapUri', URI, vscode.ConfigurationTarget.Global);
    const tti = await api();
    const replay = runner();
    tti.useRunner(replay, { platform: 'linux', userName: 'ttildap' });
    await tti.refreshNow('command');
    assert.equal(replay.calls.filter((c) => c.command === 'ldapsearch').length, 3);
    const [machine] = await rows(tti.providers.groups);
    const sessions = await rows(tti.providers.groups, machine?.node);
    const ad = sessions.find((s) => s.label === 'ttildap in Active Directory now (tokenGroups)');
    assert.ok(ad, `sessions: ${sessions.map((s) => s.label).join(', ')}`);
    const groups = await rows(tti.providers.groups, ad.node);
    assert.deepEqual(groups.map((g) => g.label), ['Support Desk', 'VPN Users', 'Domain Users', 'BUILTIN\\Users']);

    const [kMachine] = await rows(tti.providers.kerberos);
    const kSessions = await rows(tti.providers.kerberos, kMachine?.node);
    const process0 = kSessions.find((s) => s.contextValue === 'tti:session:process');
    // One cache: its tickets sit right under the session.
    const tickets = await rows(tti.providers.kerberos, process0?.node);
    assert.deepEqual(tickets.map((t) => t.label), ['krbtgt/SAMDOM.TEST@SAMDOM.TEST', 'ldap/127.0.0.1@SAMDOM.TEST']);
  });
});
