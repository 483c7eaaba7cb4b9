/**
 * Active Directory over LDAP on Linux/macOS: the LDIF parser, the ldapsearch argument vectors,
 * and the collector's "in Active Directory now" session, on real output of `ldapsearch -Y GSSAPI`
 * against the test Samba AD DC (test/fixtures/real/README.md).
 */
import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { collectMachine } from '../../src/model/collect';
import { Inspector } from '../../src/model/inspector';
import { InspectorStore } from '../../src/model/store';
import { diagnosisInputFrom } from '../../src/model/diagnosisInput';
import { diagnose } from '../../src/model/diagnose';
import { parseLdif } from '../../src/parse/ldif';
import { InvalidArgumentError, realmBaseDn, unix } from '../../src/platform/commands';
import { ReplayRunner } from '../../src/platform/replayRunner';
import type { Recording } from '../../src/platform/replayRunner';
import { readFixture } from './fixtures';

const DN = readFixture('real/samba-testdc-ldapsearch-gssapi-user-dn.txt');
const TOKEN_GROUPS = readFixture('real/samba-testdc-ldapsearch-gssapi-tokengroups.txt');
const NAMES = readFixture('real/samba-testdc-ldapsearch-gssapi-sid-names.txt');
const NO_CREDENTIALS = readFixture('real/samba-testdc-ldapsearch-gssapi-no-credentials.txt');
const KLIST = readFixture('real/samba-testdc-klist-f-e-user-tgt-c.txt');
// Real `id` lines: an SSSD AD user (fully qualified names) and root (local names only).
const SSSD_ID = `${readFixture('linux-id-sssd/getent-and-id-rhel-sssd-lab-local.txt').split('\n').find((l) => l.startsWith('uid=264601103(')) ?? ''}\n`;
const ROOT_ID = readFixture('real/linux-id-root-c.txt');
const DOMAIN = 'S-1-5-21-4018787651-3043588365-1069956272';
const USER_DN = 'CN=ttildap,CN=Users,DC=samdom,DC=test';
const URI = 'ldap://127.0.0.1';

describe('LDIF (unit)', () => {
  it('reads the DN of the account search and keeps the search reference apart', () => {
    const r = parseLdif(DN);
    assert.equal(r.recognized, true);
    assert.deepEqual(r.value.entries, [{ dn: USER_DN, attributes: {} }]);
    assert.deepEqual(r.value.references, ['ldap://samdom.test/CN=Configuration,DC=samdom,DC=test']);
    assert.deepEqual(r.warnings, []);
  });

  it('decodes the binary tokenGroups to SIDs: the direct group, the nested one, Domain Users, BUILTIN\\Users', () => {
    const r = parseLdif(TOKEN_GROUPS);
    assert.deepEqual(r.value.entries[0]?.attributes.tokengroups, [`${DOMAIN}-1103`, `${DOMAIN}-1104`, `${DOMAIN}-513`, 'S-1-5-32-545']);
  });

  it('reads names and SIDs of the groups, and folded lines when ldif-wrap was on', () => {
    const entries = parseLdif(NAMES).value.entries;
    assert.deepEqual(
      entries.map((e) => [e.attributes.samaccountname?.[0], e.attributes.objectsid?.[0]]),
      [['VPN Users', `${DOMAIN}-1104`], ['Users', 'S-1-5-32-545'], ['Domain Users', `${DOMAIN}-513`], ['Support Desk', `${DOMAIN}-1103`]],
    );
    // The same output folded at 20 columns, as ldapsearch prints without -o ldif-wrap=no.
    const folded = NAMES.split('\n').map((l) => (l.length > 20 ? l.match(/.{1,20}/g)?.join('\n ') ?? l : l)).join('\n');
    assert.deepEqual(parseLdif(folded).value, parseLdif(NAMES).value);
  });

  it('warns on a value that is not a SID and on non-LDIF text, and never throws', () => {
    const r = parseLdif('dn: CN=x\ntokenGroups:: AAEC\nthis is not ldif\n');
    assert.deepEqual(r.warnings.map((w) => w.line), [2, 3]);
    fc.assert(fc.property(fc.string(), fc.nat(NAMES.length), (noise, at) => {
      parseLdif(NAMES.slice(0, at) + noise + NAMES.slice(at));
    }), { numRuns: 1000 });
    const started = Date.now();
    parseLdif(`dn: ${'x'.repeat(1_000_000)}\nobjectSid:: ${'A'.repeat(1_000_000)}`);
    assert.ok(Date.now() - started < 2000);
  });
});

describe('ldapsearch commands (unit)', () => {
  it('binds with the user\'s ticket, never through a shell, with the filter after --', () => {
    assert.deepEqual(unix.ldapUserDn(URI, 'DC=samdom,DC=test', 'ttildap'), {
      command: 'ldapsearch',
      args: ['-LLL', '-N', '-Q', '-Y', 'GSSAPI', '-o', 'ldif-wrap=no', '-H', URI, '-b', 'DC=samdom,DC=test', '-s', 'sub', '--', '(&(objectCategory=person)(sAMAccountName=ttildap))', 'dn'],
      timeoutMs: 20_000,
    });
    assert.deepEqual(unix.ldapTokenGroups('ldaps://dc1.corp.example:636', USER_DN).args.slice(7), ['-H', 'ldaps://dc1.corp.example:636', '-b', USER_DN, '-s', 'base', '--', '(objectClass=*)', 'tokenGroups']);
    assert.deepEqual(unix.ldapSidNames(URI, 'DC=samdom,DC=test', [`${DOMAIN}-513`, 'S-1-5-32-545']).args.slice(-3), ['(|(objectSid=S-1-5-21-4018787651-3043588365-1069956272-513)(objectSid=S-1-5-32-545))', 'sAMAccountName', 'objectSid']);
  });

  it('refuses servers, DNs, users and SIDs that could smuggle options or filter syntax', () => {
    for (const bad of ['ldap://dc -Y EXTERNAL', '-H', 'ldapi:///', 'ldap://dc/dc=x??sub', 'file:///etc/passwd', '']) {
      assert.throws(() => unix.ldapUserDn(bad, 'DC=x', 'u'), InvalidArgumentError, bad);
    }
    for (const bad of ['-b', 'DC=x\nDC=y', 'no equals sign', '']) {
      assert.throws(() => unix.ldapTokenGroups(URI, bad), InvalidArgumentError, bad);
    }
    for (const bad of ['*', 'a)(objectClass=*', 'x\\2a', '-u']) {
      assert.throws(() => unix.ldapUserDn(URI, 'DC=x', bad), InvalidArgumentError, bad);
    }
    assert.throws(() => unix.ldapSidNames(URI, 'DC=x', ['S-1-5-21-1)(objectSid=*']), InvalidArgumentError);
    assert.throws(() => unix.ldapSidNames(URI, 'DC=x', []), InvalidArgumentError);
    assert.equal(realmBaseDn('SAMDOM.TEST'), 'DC=samdom,DC=test');
    assert.equal(realmBaseDn('BAD REALM'), undefined);
  });
});

describe('"in Active Directory now" session (unit, replayed real outputs)', () => {
  const recordings = (extra: Recording[] = []): Recording[] => [
    { tool: 'id', args: [], stdout: SSSD_ID },
    { tool: 'klist', args: ['-A', '-f', '-e'], stdout: KLIST },
    { tool: 'ldapsearch', args: unix.ldapUserDn(URI, 'DC=samdom,DC=test', 'ttildap').args, stdout: DN },
    { tool: 'ldapsearch', args: unix.ldapTokenGroups(URI, USER_DN).args, stdout: TOKEN_GROUPS },
    { tool: 'ldapsearch', args: unix.ldapSidNames(URI, 'DC=samdom,DC=test', [`${DOMAIN}-1103`, `${DOMAIN}-1104`, `${DOMAIN}-513`, 'S-1-5-32-545']).args, stdout: NAMES },
    ...extra,
  ];

  it('lists every group of the account with its SID, the base DN taken from the TGT\'s realm', async () => {
    const runner = new ReplayRunner(recordings());
    const source = await collectMachine(runner, { platform: 'linux', userName: 'ttildap@samdom.test', ldap: { uri: URI } });
    const ad = source.sessions.find((s) => s.id === 'directory-ldap');
    assert.ok(ad, 'the AD session exists');
    assert.equal(ad.label, 'ttildap in Active Directory now (tokenGroups)');
    assert.equal(ad.account, USER_DN);
    assert.deepEqual(ad.problems, []);
    assert.deepEqual(ad.groups?.map((g) => `${g.name} ${g.sid ?? ''}`), [`Support Desk ${DOMAIN}-1103`, `VPN Users ${DOMAIN}-1104`, `Domain Users ${DOMAIN}-513`, 'BUILTIN\\Users S-1-5-32-545']);
    assert.equal(runner.calls.filter((c) => c.command === 'ldapsearch').length, 3);
  });

  it('feeds the diagnosis: AD groups the SSSD token lacks are "added", a qualified token group AD lacks is "removed"', async () => {
    const source = await collectMachine(new ReplayRunner(recordings()), { platform: 'linux', userName: 'ttildap', ldap: { uri: URI } });
    const input = diagnosisInputFrom(source);
    assert.equal(input.directory?.source, 'tokenGroups read from Active Directory (LDAP)');
    // domain users@lab.local matches Domain Users by name; BUILTIN\Users is not compared.
    assert.deepEqual(diagnose(input).findings.map((f) => `${f.kind} ${f.group.name ?? ''}`), ['added Support Desk', 'added VPN Users', 'removed linuxadmins@lab.local']);
  });

  it('a local group (short name) is never called removed: AD cannot know it', async () => {
    const source = await collectMachine(new ReplayRunner([{ tool: 'id', args: [], stdout: ROOT_ID }, ...recordings().slice(1)]), { platform: 'linux', userName: 'ttildap', ldap: { uri: URI } });
    assert.deepEqual(diagnose(diagnosisInputFrom(source)).findings.map((f) => `${f.kind} ${f.group.name ?? ''}`), ['added Support Desk', 'added VPN Users', 'added Domain Users']);
  });

  it('says why when there is no ticket (real GSSAPI error) and runs nothing more', async () => {
    const stderr = NO_CREDENTIALS.split('--stderr--\n')[1] ?? '';
    const runner = new ReplayRunner([
      ...recordings().filter((r) => r.tool !== 'ldapsearch'),
      { tool: 'ldapsearch', args: unix.ldapUserDn(URI, 'DC=samdom,DC=test', 'ttildap').args, stdout: '', stderr, exitCode: 254 },
    ]);
    const source = await collectMachine(runner, { platform: 'linux', userName: 'ttildap', ldap: { uri: URI } });
    const ad = source.sessions.find((s) => s.id === 'directory-ldap');
    assert.equal(ad?.groups, undefined);
    assert.match(ad?.problems[0]?.message ?? '', /^LDAP account lookup: ldap_sasl_interactive_bind: Local error \(-2\) additional info: SASL\(-1\): generic failure: GSSAPI Error: No credentials were supplied/);
    assert.equal(runner.calls.filter((c) => c.command === 'ldapsearch').length, 1);
  });

  it('without a ticket or a base DN setting it says what to set, and runs nothing', async () => {
    const runner = new ReplayRunner([...recordings().slice(0, 1), { tool: 'klist', args: ['-A', '-f', '-e'], stdout: '', stderr: readFixture('real/mit-testrealm-klist-after-kdestroy-stderr-c.txt'), exitCode: 1 }]);
    const source = await collectMachine(runner, { platform: 'linux', userName: 'ttildap', ldap: { uri: URI } });
    assert.deepEqual(source.sessions.find((s) => s.id === 'directory-ldap')?.problems.map((p) => p.message), ['LDAP: no base DN: set one, or get a Kerberos ticket of the domain (its realm gives the DN).']);
    assert.equal(runner.calls.filter((c) => c.command === 'ldapsearch').length, 0);
  });

  it('an explicit base DN wins over the realm, and an unknown account is said so (only a search reference came back)', async () => {
    const reference = DN.split('\n').filter((l) => l.startsWith('#')).join('\n');
    const runner = new ReplayRunner([...recordings().slice(0, 2), { tool: 'ldapsearch', args: unix.ldapUserDn(URI, 'OU=Staff,DC=samdom,DC=test', 'ttildap').args, stdout: `${reference}\n` }]);
    const source = await collectMachine(runner, { platform: 'linux', userName: 'ttildap', ldap: { uri: URI, baseDn: 'OU=Staff,DC=samdom,DC=test' } });
    assert.deepEqual(source.sessions.find((s) => s.id === 'directory-ldap')?.problems.map((p) => p.message), ['LDAP: no account ttildap under OU=Staff,DC=samdom,DC=test.']);
  });

  it('refuses a bad server setting without running ldapsearch', async () => {
    const runner = new ReplayRunner(recordings());
    const source = await collectMachine(runner, { platform: 'linux', userName: 'ttildap', ldap: { uri: 'ldap://dc -Y EXTERNAL' } });
    assert.match(source.sessions.find((s) => s.id === 'directory-ldap')?.problems[0]?.message ?? '', /Refusing to run: LDAP server/);
    assert.equal(runner.calls.filter((c) => c.command === 'ldapsearch').length, 0);
  });

  it('a refresh shows the token and tickets first, then the directory (a slow DC does not hold the views)', async () => {
    const slow = recordings().map((r) => (r.tool === 'ldapsearch' ? { ...r, delayMs: 150 } : r));
    const store = new InspectorStore();
    const inspector = new Inspector(store, new ReplayRunner([...slow, { tool: 'id', args: ['--', 'ttildap'], stdout: ROOT_ID, delayMs: 150 }]), () => ({ platform: 'linux', userName: 'ttildap', ldap: { uri: URI } }));
    const published: string[][] = [];
    store.onDidChange(() => published.push(store.machineSource?.sessions.map((x) => x.id) ?? []));
    const done = await inspector.refreshMachine();
    assert.deepEqual(published, [['process'], ['process', 'directory', 'directory-ldap']]);
    assert.deepEqual(done.sessions.map((x) => x.id), ['process', 'directory', 'directory-ldap']);

    // The next refresh keeps the previous directory answer in view until the new one arrives.
    published.length = 0;
    await inspector.refreshMachine();
    assert.deepEqual(published, [['process', 'directory', 'directory-ldap'], ['process', 'directory', 'directory-ldap']]);
  });
});
