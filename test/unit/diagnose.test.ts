import * as assert from 'node:assert/strict';
import { diagnose, diagnosisMarkdown } from '../../src/model/diagnose';
import type { DiagnosisInput } from '../../src/model/diagnose';
import { diagnosisInputFrom } from '../../src/model/diagnosisInput';
import { sourceFromEvidence } from '../../src/model/evidence';
import { groupsFromId } from '../../src/model/build';
import { parseDirectoryGroups } from '../../src/parse/directoryGroups';
import { parseId } from '../../src/parse/id';
import type { SessionInfo } from '../../src/model/types';
import { readFixture } from './fixtures';

const FRENCH = readFixture('whoami/fr-domain-user-groups-tssr.txt');
const GG_ADMIN = 'S-1-5-21-3751794092-3013587998-2465217153-1113';
const NEW_GROUP = 'S-1-5-21-3751794092-3013587998-2465217153-1200';

function frenchToken(extra: Partial<SessionInfo> = {}): SessionInfo {
  const source = sourceFromEvidence(FRENCH, 'ticket');
  const session = source.sessions[0];
  assert.ok(session?.groups, 'the French sample gives a token');
  return { ...session, ...extra };
}

function input(directorySids: string[], sessions: SessionInfo[], extra: Partial<DiagnosisInput> = {}): DiagnosisInput {
  return { sessions, directory: { groups: directorySids.map((sid) => ({ sid })), source: 'test' }, platform: 'windows', ...extra };
}

describe('diagnosis (unit)', () => {
  it('finds no drift when the directory has exactly the token\'s domain groups', () => {
    const d = diagnose(input([GG_ADMIN], [frenchToken()]));
    assert.equal(d.drift, false);
    assert.deepEqual(d.findings, []);
    assert.match(diagnosisMarkdown(d), /No drift found/);
  });

  it('reports a group added in the directory but missing from the token, with the Windows refresh order', () => {
    const d = diagnose(input([GG_ADMIN, NEW_GROUP], [frenchToken()]));
    assert.equal(d.drift, true);
    assert.equal(d.findings.length, 1);
    const f = d.findings[0];
    assert.equal(f?.kind, 'added');
    assert.equal(f?.group.sid, NEW_GROUP);
    assert.equal(f?.sessions.length, 1);
    assert.deepEqual(
      f?.actions.map((a) => a.id),
      ['purge-tickets', 'get-ticket', 'close-connections', 'sign-out-in', 'foreground-refresh'],
    );
    assert.ok(f?.staleIn.some((s) => /Kerberos access to network resources \(until the tickets are purged/.test(s)));
    assert.ok(f?.staleIn.some((s) => /gpresult \/r and RSoP \(until a foreground refresh/.test(s)));
    assert.ok(f?.staleIn.some((s) => /Local resources, NTLM/.test(s)));
    assert.ok(f?.staleIn.some((s) => /Existing SMB\/TCP connections/.test(s)));
  });

  it('reports a group removed in the directory but still in the token', () => {
    const d = diagnose(input([NEW_GROUP], [frenchToken()]));
    assert.deepEqual(d.findings.map((f) => `${f.kind} ${f.group.sid ?? ''}`), [`added ${NEW_GROUP}`, `removed ${GG_ADMIN}`]);
    const removed = d.findings[1];
    assert.equal(removed?.group.name, 'TSSR-MEN\\GG-ADMINISTRATIF');
    assert.ok(removed?.staleIn.some((s) => /Access the removed group granted stays/.test(s)));
  });

  it('never reports well-known SIDs or the integrity label as removed', () => {
    const d = diagnose(input([GG_ADMIN], [frenchToken()]));
    assert.ok(!d.findings.some((f) => /^S-1-(1|2|5-(4|11|15)|16|18)-/.test(f.group.sid ?? '')));
  });

  it('adds the cached-credentials steps (VPN, lock/unlock, sign in twice) for a CachedInteractive logon', () => {
    const d = diagnose(input([GG_ADMIN, NEW_GROUP], [frenchToken({ cachedCredentials: true, logonType: 'CachedInteractive' })]));
    const ids = d.findings[0]?.actions.map((a) => a.id);
    assert.deepEqual(ids, ['vpn-lock-unlock', 'purge-tickets', 'get-ticket', 'close-connections', 'sign-out-in-twice', 'foreground-refresh']);
    assert.ok(d.notes.some((n) => /cached credentials \(logon type 11\)/.test(n)));
  });

  it('sends computer group changes to a reboot or a SYSTEM purge', () => {
    const system: SessionInfo = { ...frenchToken(), id: 'elevated:0x3e7', kind: 'system', label: 'SYSTEM (computer account, 0x3e7)' };
    const d = diagnose({ sessions: [system], computerDirectory: { groups: [{ sid: GG_ADMIN }, { sid: NEW_GROUP }], source: 'test' }, platform: 'windows' });
    assert.equal(d.findings[0]?.scope, 'computer');
    assert.deepEqual(d.findings[0]?.actions.map((a) => a.id), ['purge-system-tickets', 'reboot']);
  });

  it('notes a TGT issued before the membership change', () => {
    const s = frenchToken({
      caches: [{ name: 'LSA:0x1', principal: 'x', tickets: [{ client: 'x', server: 'krbtgt/X @ X', isTgt: true, start: { raw: '3/13/2025 1:33:47', iso: '2025-03-13T01:33:47' }, end: { raw: '' }, renewUntil: null, flags: [], cacheFlags: [] }] }],
    });
    const d = diagnose(input([GG_ADMIN, NEW_GROUP], [s], { changedAt: '2025-03-13T09:00:00' }));
    assert.ok(d.notes.some((n) => /TGT was issued at 3\/13\/2025 1:33:47, before the change/.test(n)));
  });

  it('tells what gpresult and the GPSVC log say', () => {
    const d = diagnose(input([GG_ADMIN, NEW_GROUP], [frenchToken()], { gpsvc: { outcome: 'old', line: 3, time: '11:56:10:123' }, gpresultGroups: ['Domain Users'] }));
    assert.ok(d.notes.some((n) => /line 3: "restoring old security grps"/.test(n)));
    assert.ok(d.evidence.used.some((e) => /gpresult \/r groups \(WMI view/.test(e)));
  });

  it('says which evidence was missing', () => {
    const d = diagnose({ sessions: [frenchToken()], platform: 'windows' });
    assert.equal(d.drift, false);
    assert.ok(d.evidence.missing.some((m) => /directory's current groups/.test(m)));
    assert.ok(d.evidence.missing.some((m) => /Kerberos ticket caches/.test(m)));
  });

  it('on Linux: a process started before usermod lacks the group a fresh lookup has (real outputs)', () => {
    const before = parseId(readFixture('real/linux-id-in-process-started-before-usermod-c.txt')).value;
    const now = parseId(readFixture('real/linux-id-throwaway-user-after-usermod-c.txt')).value;
    const process: SessionInfo = { id: 'process', kind: 'process', label: 'This process', groups: groupsFromId(before), problems: [] };
    const directory: SessionInfo = { id: 'directory', kind: 'directory', label: 'Account now', groups: groupsFromId(now), problems: [] };
    const d = diagnose(diagnosisInputFrom({ label: 'm', platform: 'linux', origin: 'machine', sessions: [process, directory], problems: [], warnings: [], readAt: '' }));
    assert.equal(d.findings.length, 1);
    assert.equal(d.findings[0]?.kind, 'added');
    assert.equal(d.findings[0]?.group.name, 'ttigcap');
    assert.deepEqual(d.findings[0]?.actions.map((a) => a.id), ['new-login-session']);
  });

  it('the report holds SIDs and names and never key material', () => {
    const md = diagnosisMarkdown(diagnose(input([GG_ADMIN, NEW_GROUP], [frenchToken()])));
    assert.match(md, new RegExp(NEW_GROUP));
    // A listing of SIDs only names no group: the row says so instead of repeating the SID.
    assert.ok(md.includes(`| Added in the directory, missing from the token | (no name in the listing) | ${NEW_GROUP} | Pasted token |`), md);
    assert.match(md, /## What to do, in order/);
    assert.doesNotMatch(md, /KeyLength|Session Key\s*:/i);
  });
});

describe('directory group listings (unit)', () => {
  it('reads the tokenGroups attribute of a real Samba ldbsearch', () => {
    const text = readFixture('real/samba-testdc-ldbsearch-sam-ldb-tokengroups-strings.ldif');
    // The test DC is provisioned anew by scripts/capture-real-outputs.ts: its domain SID varies.
    const domain = /objectSid: (S-1-5-21-\d+-\d+-\d+)-\d+/.exec(text)?.[1];
    assert.ok(domain);
    const r = parseDirectoryGroups(text);
    assert.equal(r.value.format, 'ldif');
    assert.deepEqual(r.value.groups.map((g) => g.sid), [`${domain}-1103`, `${domain}-1104`, `${domain}-513`, 'S-1-5-32-545']);
  });

  it('reads id -Gn output as names', () => {
    const r = parseDirectoryGroups(readFixture('real/linux-id-Gn-throwaway-user-after-usermod-c.txt'));
    assert.equal(r.value.format, 'name-list');
    assert.deepEqual(r.value.groups.map((g) => g.name), ['ttiucap', 'ttigcap']);
  });

  it('reads a list of SIDs copied from a whoami table', () => {
    const sids = ['S-1-5-21-3751794092-3013587998-2465217153-1113', 'S-1-5-32-545'];
    const r = parseDirectoryGroups(sids.join('\r\n'));
    assert.equal(r.value.format, 'sid-list');
    assert.deepEqual(r.value.groups, sids.map((sid) => ({ sid })));
  });
});
