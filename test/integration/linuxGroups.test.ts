/**
 * The "stale token" on Linux with nothing but root: a process keeps the supplementary groups it
 * started with, while `id -Gn <user>` (a fresh NSS lookup) sees a group added afterwards.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { spawnSync } from 'node:child_process';
import { skipOnReason } from '../kerberos/ensurePackages';
import type { ThrowawayUser } from '../kerberos/linuxUser';
import { createThrowawayUser, mustRun, processGroups, processUid } from '../kerberos/linuxUser';
import { isAlive, sleep } from '../kerberos/realm';

describe('Linux process groups go stale like a token (integration)', function () {
  // Own timeouts, so any mocha config works; hooks that may install packages raise theirs.
  this.timeout(60_000);
  let account: ThrowawayUser | undefined;
  let oldPid = 0;

  before(async function () {
    this.timeout(30_000);
    try {
      account = createThrowawayUser();
    } catch (error) {
      skipOnReason(this, error);
    }
    // A long-running process that "logged in" before the change.
    const pid = account.start('sleep', ['60']).pid;
    assert.ok(pid !== undefined, 'setpriv did not start');
    oldPid = pid;
    const deadline = Date.now() + 5000;
    while (processUid(pid) !== account.uid) {
      assert.ok(Date.now() < deadline, 'the process never switched to the throwaway user');
      await sleep(20);
    }
    account.addToGroup();
  });

  after(function () {
    account?.remove();
  });

  function live(): ThrowawayUser {
    assert.ok(account, 'no throwaway user');
    return account;
  }

  it('the running process keeps its old groups: no new gid in /proc/<pid>/status', function () {
    const a = live();
    assert.ok(isAlive(oldPid));
    assert.deepEqual(processGroups(oldPid), [a.gid]);
  });

  it('id -Gn <user> (a fresh lookup) has the new group at once', function () {
    const a = live();
    assert.deepEqual(mustRun('id', ['-Gn', a.user]).trim().split(' '), [a.user, a.group]);
  });

  it('a process started after the change gets the new group', function () {
    const a = live();
    assert.deepEqual(a.run('id', ['-G']).trim().split(' ').map(Number), [a.gid, a.groupGid]);
  });

  it('remove() ends the process, deletes user and group, and leaves the /etc account files as found', function () {
    const a = live();
    a.remove();
    assert.ok(!isAlive(oldPid));
    assert.equal(spawnSync('id', [a.user]).status, 1);
    assert.equal(spawnSync('getent', ['group', a.group]).status, 2);
    for (const [file, content] of a.before) {
      if (content !== undefined) {
        assert.ok(content.equals(fs.readFileSync(file)), `${file} changed`);
      }
    }
  });
});
