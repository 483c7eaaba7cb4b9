/**
 * Real Samba AD DC on 127.0.0.1: nested groups in tokenGroups, and the stale-TGT situation the
 * product diagnoses (the directory changes at once; a TGT keeps the groups of its issue time
 * until a fresh kinit). Steps run in order and share the DC, like one support case.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { skipOnReason } from '../kerberos/ensurePackages';
import type { TimeValue } from '../../src/parse/types';
import type { UnixKlistTicket } from '../../src/parse/unixKlist';
import { parseUnixKlist } from '../../src/parse/unixKlist';
import { collectMachine } from '../../src/model/collect';
import type { SessionInfo } from '../../src/model/types';
import { SpawnProcessRunner } from '../../src/platform/spawnRunner';
import { sleep } from '../kerberos/realm';
import type { SambaDc } from '../kerberos/samba';
import { startSambaDc } from '../kerberos/samba';

const USER = 'ttiuser';
const USER_PW = 'Ttiuser-Pw-1';

describe('Samba AD DC on 127.0.0.1 (integration)', function () {
  // Own timeouts, so any mocha config works; hooks that may install packages raise theirs.
  this.timeout(60_000);
  let dc: SambaDc | undefined;
  let ccache = '';
  let sids: Record<'g1' | 'g2' | 'g3', string> = { g1: '', g2: '', g3: '' };
  let oldTgt: UnixKlistTicket | undefined;
  let changeMs = 0;

  before(async function () {
    // Covers a first-time apt-get install of Samba plus provisioning (about 5-8 s).
    this.timeout(300_000);
    try {
      dc = await startSambaDc();
    } catch (error) {
      skipOnReason(this, error);
    }
    ccache = `FILE:${path.join(dc.dir, 'user.cc')}`;
    await dc.createUser(USER, USER_PW);
    for (const g of ['g1', 'g2', 'g3']) {
      await dc.addGroup(g);
    }
    // user -> g1 -> g2 (nested); g3 comes later.
    await dc.addMembers('g1', [USER]);
    await dc.addMembers('g2', ['g1']);
    sids = { g1: await dc.groupSid('g1'), g2: await dc.groupSid('g2'), g3: await dc.groupSid('g3') };
  });

  after(async function () {
    this.timeout(30_000);
    await dc?.stop();
  });

  function live(): SambaDc {
    assert.ok(dc, 'DC not started');
    return dc;
  }

  /** Epoch ms of a parsed klist time (LANG=C, local time). */
  function ms(time: TimeValue | null | undefined): number {
    assert.ok(time?.iso, `no unambiguous time in ${JSON.stringify(time)}`);
    return new Date(time.iso).getTime();
  }

  /** The user's TGT as the real klist shows it, read by the product's parser. */
  function tgt(): UnixKlistTicket {
    const out = live().run('klist', ['-f'], { ccache });
    assert.equal(out.status, 0, out.stderr);
    const parsed = parseUnixKlist(out.stdout, { dateOrder: 'MDY' });
    assert.deepEqual(parsed.warnings, []);
    assert.equal(parsed.value.principal, `${USER}@SAMDOM.TEST`);
    const ticket = parsed.value.tickets.find((t) => t.service === 'krbtgt/SAMDOM.TEST@SAMDOM.TEST');
    assert.ok(ticket, out.stdout);
    return ticket;
  }

  it('tokenGroups holds the direct and the nested group, Domain Users and BUILTIN\\Users', async function () {
    const groups = await live().tokenGroups(USER);
    const domainSid = sids.g1.slice(0, sids.g1.lastIndexOf('-'));
    assert.match(domainSid, /^S-1-5-21-\d+-\d+-\d+$/);
    assert.deepEqual([...groups].sort(), [sids.g1, sids.g2, `${domainSid}-513`, 'S-1-5-32-545'].sort());
    assert.ok(!groups.includes(sids.g3));
  });

  it('binary tokenGroups over LDAPS decode (sidFromBytes) to the SIDs Samba itself prints', async function () {
    const fromLdaps = await live().tokenGroups(USER);
    const fromSamLdb = await live().tokenGroupsLocal(USER);
    assert.equal(fromLdaps.length, 4);
    assert.deepEqual([...fromLdaps].sort(), [...fromSamLdb].sort());
  });

  /** What the product reads as "in Active Directory now": ldapsearch -Y GSSAPI with the user's TGT. */
  async function adSession(): Promise<SessionInfo> {
    const source = await collectMachine(new SpawnProcessRunner(), { platform: 'linux', userName: USER, env: { ...live().env, KRB5CCNAME: ccache, LANG: 'C' }, ldap: { uri: 'ldap://127.0.0.1' } });
    const ad = source.sessions.find((s) => s.id === 'directory-ldap');
    assert.ok(ad, 'no AD session');
    assert.deepEqual(ad.problems, []);
    return ad;
  }

  it('kinit gets a renewable initial TGT from the DC', async function () {
    const r = live().kinit(USER, USER_PW, ccache);
    assert.equal(r.stdout, `Password for ${USER}@SAMDOM.TEST: \n`);
    oldTgt = tgt();
    assert.ok(ms(oldTgt.expires) > Date.now());
    // Samba's KDC also sets pre-authenticated (A), unlike our MIT realm.
    assert.equal(oldTgt.flagsRaw, 'RIA');
    // klist shows whole seconds: let the clock pass the TGT's second before the change.
    await sleep(1100);
  });

  it('the product reads tokenGroups with the user\'s own ticket (GSSAPI): nested g2 and BUILTIN\\Users by name', async function () {
    const ad = await adSession();
    assert.equal(ad.account, live().userDn(USER));
    assert.deepEqual(ad.groups?.map((g) => g.name).sort(), ['BUILTIN\\Users', 'Domain Users', 'g1', 'g2']);
    assert.deepEqual(ad.groups?.map((g) => g.sid).sort(), [...(await live().tokenGroups(USER))].sort());
  });

  it('adding the user to g3 shows in tokenGroups at once, while the cached TGT predates the change', async function () {
    assert.ok(oldTgt, 'needs the TGT from the previous step');
    await live().addMembers('g3', [USER]);
    changeMs = Date.now();
    assert.ok((await live().tokenGroups(USER)).includes(sids.g3));
    const cached = tgt();
    assert.equal(ms(cached.validStarting), ms(oldTgt.validStarting), 'the cache still holds the old TGT');
    assert.ok(ms(cached.validStarting) < changeMs, 'TGT issued before the group change: its PAC has the old groups');
  });

  it('after kdestroy + kinit the new TGT is issued after the change', async function () {
    assert.ok(oldTgt && changeMs > 0, 'needs the previous steps');
    await sleep(1100);
    const destroy = live().run('kdestroy', [], { ccache });
    assert.equal(destroy.status, 0, destroy.stderr);
    assert.equal(live().run('klist', [], { ccache }).status, 1);
    live().kinit(USER, USER_PW, ccache);
    const fresh = tgt();
    assert.ok(ms(fresh.validStarting) > ms(oldTgt.validStarting));
    assert.ok(ms(fresh.validStarting) >= Math.floor(changeMs / 1000) * 1000, `start ${fresh.validStarting.raw} vs change ${new Date(changeMs).toISOString()}`);
  });

  it('removing the user from g1 drops g1 and the nested g2 from tokenGroups at once', async function () {
    await live().removeMembers('g1', [USER]);
    const groups = await live().tokenGroups(USER);
    assert.ok(!groups.includes(sids.g1) && !groups.includes(sids.g2), groups.join(' '));
    assert.ok(groups.includes(sids.g3));
    // The product's read says the same, through the user's ticket.
    assert.deepEqual((await adSession()).groups?.map((g) => g.name).sort(), ['BUILTIN\\Users', 'Domain Users', 'g3']);
  });

  it('tti diagnose --ldap-uri compares this process with AD: the domain groups it lacks are "added"', function () {
    const cli = path.resolve(__dirname, '..', '..', 'dist', 'cli.js');
    const r = spawnSync(process.execPath, [cli, 'diagnose', '--json', '--user', USER, '--ldap-uri', 'ldap://127.0.0.1'], {
      encoding: 'utf8',
      env: { ...process.env, ...live().env, KRB5CCNAME: ccache, LANG: 'C' },
    });
    assert.equal(r.status, 0, r.stderr);
    const result = JSON.parse(r.stdout) as { evidence: { used: string[] }; findings: { kind: string; group: { name?: string; sid?: string } }[] };
    assert.ok(result.evidence.used.includes('Directory groups (tokenGroups read from Active Directory (LDAP))'), result.evidence.used.join('; '));
    // This test process is not an AD user: both domain groups are missing from its token.
    assert.deepEqual(result.findings.filter((f) => f.kind === 'added').map((f) => f.group.name).sort(), ['Domain Users', 'g3']);
    assert.equal(result.findings.find((f) => f.group.name === 'g3')?.group.sid, sids.g3);
  });
});
