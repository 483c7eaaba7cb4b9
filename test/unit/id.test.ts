import * as assert from 'node:assert/strict';
import * as fc from 'fast-check';
import { looksLikeId, parseId, parseIdGroupNames } from '../../src/parse/id';
import { listFixtures, readFixture, toCrlf } from './fixtures';
import { mutate, mutationOps } from '../support/mutate';

const HTB = 'linux-id-sssd/id-ad-user-domain-admins-htb.txt';
const RHEL = 'linux-id-sssd/getent-and-id-rhel-sssd-lab-local.txt';

describe('id parser (unit)', () => {
  it('reads the account an unquoted, shell-escaped argument names (id WINADNTP\\\\test001)', () => {
    const r = parseId(readFixture('extra/id-winbind-nas-escaped-backslash-arg.txt'));
    assert.equal(r.value.query, 'WINADNTP\\test001');
    assert.deepEqual(r.value.groups.map((g) => g.name), ['WINADNTP\\test001', 'WINADNTP\\domain users', 'WINADNTP\\group002']);
  });

  it('joins a record re-wrapped for reading (uid / gid / groups=..., / indented groups)', () => {
    // An Italian Samba-AD lab report (test/fixtures/extra/SOURCES.md).
    const text = readFixture('extra/id-sssd-samba-ad-reformatted-multiline-it.txt');
    assert.equal(looksLikeId(text), true);
    const r = parseId(text);
    assert.deepEqual(r.warnings, []);
    assert.deepEqual(r.value.uid, { id: 1222401103, name: 'enrico@lalilulelo.local' });
    assert.deepEqual(r.value.gid, { id: 1222400513, name: 'domain users@lalilulelo.local' });
    assert.deepEqual(r.value.groups.map((g) => `${g.id} ${g.name ?? ''}`), [
      '1222400513 domain users@lalilulelo.local',
      '1222400512 domain admins@lalilulelo.local',
      '1222400572 denied rodc password replication group@lalilulelo.local',
    ]);
  });

  it('reads an SSSD user with space-containing group names (HTB)', () => {
    const r = parseId(readFixture(HTB));
    assert.equal(r.kind, 'id');
    assert.equal(r.recognized, true);
    assert.deepEqual(r.warnings, []);
    const v = r.value;
    assert.deepEqual(v.uid, { id: 647401106, name: 'julio@inlanefreight.htb' });
    assert.deepEqual(v.gid, { id: 647400513, name: 'domain users@inlanefreight.htb' });
    assert.deepEqual(v.groups, [
      { id: 647400513, name: 'domain users@inlanefreight.htb' },
      { id: 647400512, name: 'domain admins@inlanefreight.htb' },
      { id: 647400572, name: 'denied rodc password replication group@inlanefreight.htb' },
    ]);
    assert.equal(v.context, null);
    assert.equal(v.query, 'julio@inlanefreight.htb');
    assert.equal(v.records.length, 1);
    assert.equal(v.records[0]?.line, 3);
  });

  it('reads three quoted `id` runs and the getent passwd lines around them (RHEL)', () => {
    const v = parseId(readFixture(RHEL)).value;
    assert.deepEqual(
      v.records.map((r) => [r.query, r.uid.id, r.uid.name, r.gid?.name, r.groups.map((g) => g.name)]),
      [
        ['testuser01@lab.local', 264601103, 'testuser01@lab.local', 'domain users@lab.local', ['domain users@lab.local', 'linuxadmins@lab.local']],
        ['testuser02@lab.local', 264601104, 'testuser02@lab.local', 'domain users@lab.local', ['domain users@lab.local', 'linuxusers@lab.local']],
        ['service02@lab.local', 264601105, 'service02@lab.local', 'domain users@lab.local', ['domain users@lab.local']],
      ],
    );
    assert.deepEqual(v.groups, [
      { id: 264600513, name: 'domain users@lab.local' },
      { id: 264601602, name: 'linuxadmins@lab.local' },
    ]);
    assert.deepEqual(v.uid, { id: 264601103, name: 'testuser01@lab.local' });
    assert.deepEqual(
      v.passwd.map((p) => [p.name, p.uid, p.gid, p.gecos, p.home, p.shell]),
      [
        ['testuser01@lab.local', 264601103, 264600513, 'Testuser01', '/home/testuser01@lab.local', '/bin/bash'],
        ['testuser02@lab.local', 264601104, 264600513, 'Testuser02', '/home/testuser02@lab.local', '/bin/bash'],
        ['service02@lab.local', 264601105, 264600513, 'Service02', '/home/service02@lab.local', '/bin/bash'],
      ],
    );
    assert.deepEqual(v.groupEntries, []);
  });

  it('gives the same result with CRLF line ends and Markdown quoting', () => {
    for (const path of listFixtures('linux-id-sssd')) {
      const text = readFixture(path);
      assert.deepEqual(parseId(toCrlf(text)), parseId(text), path);
      const quoted = text
        .split('\n')
        .map((l) => `> ${l}`)
        .join('\n');
      assert.deepEqual(parseId(quoted).value.records, parseId(text).value.records, path);
    }
  });

  it('reads the SELinux context and a numeric-only group', () => {
    // Real output quoted from a public RHEL setup note ("[ec2-user@ansiblecontroller ~]$ id").
    const selinux =
      '[ec2-user@ansiblecontroller ~]$ id\nuid=1000(ec2-user) gid=1000(ec2-user) groups=1000(ec2-user),4(adm),190(systemd-journal) context=unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023\n';
    const v = parseId(selinux).value;
    assert.equal(v.context, 'unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023');
    assert.deepEqual(v.groups.map((g) => g.id), [1000, 4, 190]);
    assert.equal(v.query, null);
    // Derived from the HTB sample: the gid whose name NSS could not resolve prints as a bare number.
    const bare = readFixture(HTB).replace('647400512(domain admins@inlanefreight.htb)', '647400512');
    assert.deepEqual(parseId(bare).value.groups[1], { id: 647400512, name: null });
    assert.equal(parseId(bare).value.groups.length, 3);
  });

  it('keeps balanced parentheses and commas inside a name', () => {
    // Derived from the HTB sample: one group renamed to hold "(", ")" and ",".
    const text = readFixture(HTB).replace('domain admins@inlanefreight.htb', 'domain admins (tier 0), legacy@inlanefreight.htb');
    const v = parseId(text).value;
    assert.deepEqual(v.groups.map((g) => g.name), [
      'domain users@inlanefreight.htb',
      'domain admins (tier 0), legacy@inlanefreight.htb',
      'denied rodc password replication group@inlanefreight.htb',
    ]);
  });

  it('reads id -Gn names and warns when SSSD names were split on spaces', () => {
    // Real output quoted from a public French Linux course ("$ id -Gn").
    const plain = parseIdGroupNames('$ id -Gn\nkikinovak wheel\n');
    assert.deepEqual(plain.value.names, ['kikinovak', 'wheel']);
    assert.deepEqual(plain.warnings, []);
    // Derived: the HTB user's group names as id -Gn would join them with spaces.
    const names = parseId(readFixture(HTB)).value.groups.map((g) => g.name ?? '');
    const split = parseIdGroupNames(`${names.join(' ')}\n`);
    assert.deepEqual(split.value.names.slice(0, 3), ['domain', 'users@inlanefreight.htb', 'domain']);
    assert.equal(split.warnings.length, 1);
  });

  it('detects id output and rejects every other sample of the corpus', () => {
    for (const path of listFixtures('linux-id-sssd')) {
      assert.equal(looksLikeId(readFixture(path)), true, path);
    }
    for (const folder of ['whoami', 'klist-mit-heimdal', 'klist-windows', 'gpupdate-gpresult', 'gpsvc']) {
      for (const path of listFixtures(folder)) {
        assert.equal(looksLikeId(readFixture(path)), false, path);
        assert.equal(parseId(readFixture(path)).recognized, false, path);
      }
    }
  });

  describe('robustness', () => {
    it('never throws on 1000 mutations of each real sample', () => {
      for (const path of listFixtures('linux-id-sssd')) {
        const sample = readFixture(path);
        fc.assert(
          fc.property(fc.array(mutationArb, { minLength: 1, maxLength: 8 }), (ops) => {
            const r = parseId(mutate(sample, ops));
            const g = parseIdGroupNames(mutate(sample, ops));
            return typeof r.recognized === 'boolean' && Array.isArray(r.value.records) && typeof g.recognized === 'boolean';
          }),
          { numRuns: 1000 },
        );
      }
    });

    it('stays fast on a 1 MB line of random text', () => {
      const t0 = Date.now();
      parseId(`uid=1(${'('.repeat(1 << 20)}`);
      parseId(`uid=1 gid=2 groups=${'1(a),'.repeat(200000)}`);
      parseId(`uid=1 ${'a=1x '.repeat(200000)}`);
      looksLikeId(`${'uid=1('.repeat(170000)}`);
      assert.ok(Date.now() - t0 < 3000);
    });
  });
});

// ---- mutation helpers (random edits of a real sample) ----

const mutationArb = mutationOps(['(', ')', ',', ' ', '=', 'uid=', 'gid=0(', 'groups=', 'context=', '\n', '\r\n', ':', '# ']);
