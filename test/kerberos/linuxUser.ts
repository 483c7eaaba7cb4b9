/**
 * A throwaway Linux system user plus one extra group, for showing that running processes keep
 * their groups. System user: no home dir and no /etc/subuid range, so removing it leaves nothing.
 * useradd/userdel also rewrite the `-` backups in /etc; those are put back byte for byte.
 */
import type { ChildProcess } from 'node:child_process';
import { spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import { SkipReason, requireRoot } from './ensurePackages';
import { onProcessExit, terminateSync, withSbin } from './realm';

const SBIN_ENV = withSbin(process.env);

export const ETC_ACCOUNT_FILES = ['/etc/passwd', '/etc/group', '/etc/shadow', '/etc/gshadow'] as const;
const ETC_BACKUPS = ETC_ACCOUNT_FILES.map((f) => `${f}-`);

export interface ThrowawayUser {
  readonly user: string;
  /** The extra group, not yet a membership: see addToGroup(). */
  readonly group: string;
  readonly uid: number;
  /** The user's primary group (same name as the user). */
  readonly gid: number;
  readonly groupGid: number;
  /** Starts a process as the user with the groups NSS gives it now (like a login). */
  start(command: string, args: readonly string[]): ChildProcess;
  /** Runs a command as the user (fresh groups) and returns its stdout. */
  run(command: string, args: readonly string[]): string;
  /** `usermod -aG <group> <user>`. */
  addToGroup(): void;
  /** Kills started processes, removes user and group, restores the /etc backups. Idempotent. */
  remove(): void;
  /** The account files as they were before the user was created (undefined where missing). */
  readonly before: ReadonlyMap<string, Buffer | undefined>;
}

/** Runs a tool without a shell, LANG=C; throws with its stderr when it fails. */
export function mustRun(command: string, args: readonly string[]): string {
  const r = spawnSync(command, [...args], { encoding: 'utf8', env: { ...SBIN_ENV, LANG: 'C', LC_ALL: '' } });
  if (r.error || r.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${String(r.status)}): ${r.error ? String(r.error) : r.stderr.trim()}`);
  }
  return r.stdout;
}

export function createThrowawayUser(names: { user?: string; group?: string } = {}): ThrowawayUser {
  requireRoot('adding a throwaway Linux user');
  for (const tool of ['useradd', 'usermod', 'userdel', 'groupadd', 'groupdel', 'setpriv', 'id', 'getent']) {
    if (spawnSync('which', [tool], { env: SBIN_ENV, stdio: 'ignore' }).status !== 0) {
      throw new SkipReason(`${tool} not found`);
    }
  }
  const suffix = randomBytes(3).toString('hex');
  const user = names.user ?? `ttiu${suffix}`;
  const group = names.group ?? `ttig${suffix}`;
  for (const [kind, name] of [['passwd', user], ['group', user], ['group', group]] as const) {
    if (spawnSync('getent', [kind, name], { stdio: 'ignore' }).status === 0) {
      throw new Error(`${kind} entry ${name} already exists; remove it first`);
    }
  }
  const before = new Map([...ETC_ACCOUNT_FILES, ...ETC_BACKUPS].map((f) => [f, fs.existsSync(f) ? fs.readFileSync(f) : undefined]));
  const children: ChildProcess[] = [];
  const created = { user: false, group: false };

  const remove = (): void => {
    for (const child of children.splice(0)) {
      terminateSync(child.pid, 2000);
    }
    if (created.user) {
      spawnSync('userdel', [user], { env: SBIN_ENV, stdio: 'ignore' });
      created.user = false;
    }
    if (created.group) {
      spawnSync('groupdel', [group], { env: SBIN_ENV, stdio: 'ignore' });
      created.group = false;
    }
    for (const file of ETC_BACKUPS) {
      const content = before.get(file);
      if (content !== undefined && !content.equals(fs.readFileSync(file))) {
        fs.writeFileSync(file, content);
      }
    }
  };
  const unregister = onProcessExit(remove);

  try {
    mustRun('groupadd', [group]);
    created.group = true;
    mustRun('useradd', ['--system', '--no-create-home', '--user-group', '--shell', '/usr/sbin/nologin', user]);
    created.user = true;
    const uid = Number(mustRun('id', ['-u', user]).trim());
    const gid = Number(mustRun('id', ['-g', user]).trim());
    const groupGid = Number(mustRun('getent', ['group', group]).split(':')[2]);
    const asUser = [`--reuid=${uid}`, `--regid=${gid}`, '--init-groups'];
    return {
      user,
      group,
      uid,
      gid,
      groupGid,
      before,
      start(command: string, args: readonly string[]): ChildProcess {
        const child = spawn('setpriv', [...asUser, command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
        children.push(child);
        return child;
      },
      run(command: string, args: readonly string[]): string {
        return mustRun('setpriv', [...asUser, command, ...args]);
      },
      addToGroup(): void {
        mustRun('usermod', ['-aG', group, user]);
      },
      remove(): void {
        remove();
        unregister();
      },
    };
  } catch (error) {
    remove();
    unregister();
    throw error;
  }
}

/** The `Groups:` line of /proc/<pid>/status as numbers. */
export function processGroups(pid: number): number[] {
  const line = fs
    .readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('Groups:'));
  if (line === undefined) {
    throw new Error(`no Groups: line for ${pid}`);
  }
  return line
    .slice('Groups:'.length)
    .trim()
    .split(/\s+/)
    .filter((t) => t !== '')
    .map(Number);
}

export function processUid(pid: number): number | undefined {
  try {
    const line = fs
      .readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('Uid:'));
    return line === undefined ? undefined : Number(line.split(/\s+/)[1]);
  } catch {
    return undefined;
  }
}
