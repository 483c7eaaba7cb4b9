/**
 * A real MIT Kerberos KDC on 127.0.0.1 for integration tests. Everything (database, stash,
 * configs, logs, caches) lives in one temp dir; nothing in /etc is read or changed because the
 * tools get KRB5_CONFIG/KRB5_KDC_PROFILE through `realm.env`, never through process.env.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { SkipReason, requirePackages } from './ensurePackages';

export { SkipReason } from './ensurePackages';

export const MIT_PACKAGES = ['krb5-kdc', 'krb5-admin-server', 'krb5-user'] as const;

export interface RunResult {
  status: number | null;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Becomes KRB5CCNAME (e.g. `FILE:/tmp/x/cc` or `DIR:/tmp/x/coll`). */
  ccache?: string;
  /** Written to stdin (passwords go here, never on the command line). */
  input?: string;
  /** Extra variables (e.g. LANG); merged over process.env and the realm's env. */
  env?: Record<string, string>;
}

export interface KinitOptions {
  ccache: string;
  /** `-r`: renewable life, e.g. `7d`. */
  renewable?: string;
  /** `-l`: ticket lifetime, e.g. `2m`. */
  lifetime?: string;
}

export interface MitRealm {
  readonly realm: string;
  readonly port: number;
  readonly dir: string;
  /** KRB5_CONFIG and KRB5_KDC_PROFILE: pass to child processes, merged over process.env. */
  readonly env: Readonly<Record<string, string>>;
  addPrincipal(name: string, password: string): void;
  kinit(principal: string, password: string, options: KinitOptions): RunResult;
  kvno(spn: string, ccache: string): RunResult;
  /**
   * Adds each principal, kinits them in order into a new `DIR:` collection under the realm's dir
   * (the last one becomes primary) and returns the collection with the environment a client tool
   * needs to read it (LANG=C, so dates print MM/DD/YY).
   */
  collection(name: string, principals: readonly (readonly [string, string])[], options?: Omit<KinitOptions, 'ccache'>): { ccache: string; env: Record<string, string> };
  /** Runs any Kerberos tool with the realm's env (LANG=C unless options.env says otherwise). */
  run(command: string, args: readonly string[], options?: RunOptions): RunResult;
  /** Idempotent: TERM the KDC, wait for it to go, remove the temp dir. */
  stop(): Promise<void>;
}

export interface MitRealmOptions {
  realm?: string;
}

/** kdb5_util, kadmin.local and krb5kdc live in /usr/sbin, which a normal user's PATH may lack. */
export function withSbin(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const parts = (env.PATH ?? '/usr/bin:/bin').split(':');
  return { ...env, PATH: [...parts, ...['/usr/sbin', '/sbin'].filter((p) => !parts.includes(p))].join(':') };
}

/** Runs without a shell; a spawn failure (ENOENT, timeout) becomes status null + message. */
export function runTool(command: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: string): RunResult {
  const r = spawnSync(command, [...args], { env: withSbin(env), input: input ?? '', encoding: 'utf8', timeout: 60_000 });
  return { status: r.status, stdout: r.stdout ?? '', stderr: r.error ? `${String(r.error)}\n${r.stderr ?? ''}` : (r.stderr ?? '') };
}

function mustRun(command: string, args: readonly string[], env: NodeJS.ProcessEnv, input?: string): RunResult {
  const r = runTool(command, args, env, input);
  if (r.status !== 0) {
    throw new Error(`${command} ${args.join(' ')} failed (exit ${String(r.status)}): ${r.stderr.trim() || r.stdout.trim()}`);
  }
  return r;
}

/** A port free for both TCP and UDP on 127.0.0.1 (the KDC listens on both). */
async function freeLoopbackPort(): Promise<number> {
  for (let attempt = 0; attempt < 20; attempt++) {
    const port = await new Promise<number>((resolve, reject) => {
      const server = net.createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const address = server.address();
        const p = typeof address === 'object' && address !== null ? address.port : 0;
        server.close(() => resolve(p));
      });
    });
    const udpFree = await new Promise<boolean>((resolve) => {
      const socket = dgram.createSocket('udp4');
      socket.once('error', () => resolve(false));
      socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(true)));
    });
    if (port > 0 && udpFree) {
      return port;
    }
  }
  throw new Error('no free TCP+UDP port on 127.0.0.1');
}

export function tcpAccepts(port: number, host = '127.0.0.1', timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** True while the process runs; a zombie (our own exited child not yet reaped) counts as gone. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true;
  }
}

export function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 1 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** TERM, wait up to `waitMs`, then KILL: a daemon must never outlive the test run. */
export async function terminate(pid: number | undefined, waitMs = 5000): Promise<void> {
  if (pid === undefined || !isAlive(pid)) {
    return;
  }
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + waitMs;
  while (isAlive(pid) && Date.now() < deadline) {
    await sleep(50);
  }
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  // A daemon's zombie is reaped by init a moment later; wait for it so `pgrep` right after
  // the tests shows nothing.
  const reapDeadline = Date.now() + 2000;
  while (pidExists(pid) && Date.now() < reapDeadline) {
    await sleep(50);
  }
}

function pidExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** For exit hooks, where nothing async can run: TERM, wait up to `waitMs`, then KILL. */
export function terminateSync(pid: number | undefined, waitMs = 3000): void {
  if (pid === undefined || !isAlive(pid)) {
    return;
  }
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const pause = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + waitMs;
  while (isAlive(pid) && Date.now() < deadline) {
    Atomics.wait(pause, 0, 0, 50);
  }
  if (isAlive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * Cleanup that must also run when a test fails or mocha exits early: kept in one registry and
 * run synchronously from process 'exit' (only sync work is possible there).
 */
const exitCleanups = new Set<() => void>();
let exitHookInstalled = false;

export function onProcessExit(cleanup: () => void): () => void {
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.on('exit', () => {
      for (const c of exitCleanups) {
        try {
          c();
        } catch {
          // best effort at exit
        }
      }
    });
  }
  exitCleanups.add(cleanup);
  return () => exitCleanups.delete(cleanup);
}

export function makeTempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `${prefix}${randomBytes(4).toString('hex')}-`));
}

/** Spawn failures and missing tools mean "this machine cannot run it", not a test failure. */
function checkTools(env: NodeJS.ProcessEnv): void {
  for (const tool of ['kdb5_util', 'kadmin.local', 'krb5kdc', 'kinit', 'klist']) {
    const r = spawnSync('which', [tool], { env: withSbin(env), stdio: 'ignore' });
    if (r.error || r.status !== 0) {
      throw new SkipReason(`${tool} not found on PATH after installing ${MIT_PACKAGES.join(' ')}`);
    }
  }
}

export async function startMitRealm(options: MitRealmOptions = {}): Promise<MitRealm> {
  const realmName = options.realm ?? 'TEST.LOCAL';
  try {
    requirePackages(MIT_PACKAGES);
  } catch (error) {
    throw error instanceof SkipReason ? error : new SkipReason(`cannot install MIT Kerberos: ${String(error)}`);
  }
  checkTools(process.env);

  const dir = makeTempDir('tti-krb5-');
  const pidFile = path.join(dir, 'krb5kdc.pid');
  let stopped = false;
  const stopSync = (): void => {
    terminateSync(readPid(pidFile));
    fs.rmSync(dir, { recursive: true, force: true });
  };
  const unregister = onProcessExit(stopSync);

  try {
    const port = await freeLoopbackPort();
    const kdcConf = path.join(dir, 'kdc.conf');
    const krb5Conf = path.join(dir, 'krb5.conf');
    fs.writeFileSync(
      kdcConf,
      [
        '[kdcdefaults]',
        `  kdc_listen = 127.0.0.1:${port}`,
        `  kdc_tcp_listen = 127.0.0.1:${port}`,
        '[realms]',
        `  ${realmName} = {`,
        `    database_name = ${path.join(dir, 'principal')}`,
        `    key_stash_file = ${path.join(dir, 'stash')}`,
        `    acl_file = ${path.join(dir, 'kadm5.acl')}`,
        `    admin_keytab = FILE:${path.join(dir, 'kadm5.keytab')}`,
        `    kdc_listen = 127.0.0.1:${port}`,
        `    kdc_tcp_listen = 127.0.0.1:${port}`,
        '    max_life = 10h',
        '    max_renewable_life = 7d',
        '  }',
        '[logging]',
        `  kdc = FILE:${path.join(dir, 'kdc.log')}`,
        `  default = FILE:${path.join(dir, 'krb5lib.log')}`,
        '',
      ].join('\n'),
    );
    fs.writeFileSync(
      krb5Conf,
      [
        '[libdefaults]',
        `  default_realm = ${realmName}`,
        '  dns_lookup_kdc = false',
        '  dns_lookup_realm = false',
        '  rdns = false',
        '  dns_canonicalize_hostname = false',
        // A tool run without KRB5CCNAME must not touch the machine's /tmp/krb5cc_<uid>.
        `  default_ccache_name = FILE:${path.join(dir, 'krb5cc_default')}`,
        '[realms]',
        `  ${realmName} = {`,
        `    kdc = 127.0.0.1:${port}`,
        '  }',
        '',
      ].join('\n'),
    );
    fs.writeFileSync(path.join(dir, 'kadm5.acl'), '');
    const realmEnv: Record<string, string> = { KRB5_CONFIG: krb5Conf, KRB5_KDC_PROFILE: kdcConf };
    const toolEnv = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ ...process.env, LANG: 'C', LC_ALL: '', ...realmEnv, ...extra });

    const masterPassword = randomBytes(12).toString('hex');
    mustRun('kdb5_util', ['create', '-s', '-r', realmName, '-P', masterPassword], toolEnv());
    // Renewable TGTs need a max renewable life on krbtgt as well as on the client.
    mustRun('kadmin.local', ['-r', realmName, '-q', `modprinc -maxrenewlife 7d krbtgt/${realmName}@${realmName}`], toolEnv());
    mustRun('krb5kdc', ['-P', pidFile, '-r', realmName], toolEnv());

    const deadline = Date.now() + 10_000;
    while (!(readPid(pidFile) !== undefined && (await tcpAccepts(port)))) {
      if (Date.now() > deadline) {
        const log = fs.existsSync(path.join(dir, 'kdc.log')) ? fs.readFileSync(path.join(dir, 'kdc.log'), 'utf8') : '';
        throw new Error(`krb5kdc did not answer on 127.0.0.1:${port} within 10 s. kdc.log: ${log.slice(-500)}`);
      }
      await sleep(50);
    }

    const run = (command: string, args: readonly string[], runOptions: RunOptions = {}): RunResult =>
      runTool(command, args, toolEnv({ ...(runOptions.ccache !== undefined ? { KRB5CCNAME: runOptions.ccache } : {}), ...runOptions.env }), runOptions.input);

    const realm: MitRealm = {
      realm: realmName,
      port,
      dir,
      env: realmEnv,
      addPrincipal(name: string, password: string): void {
        // kadmin.local -q takes one line; the password is ours and throwaway, so it may appear there.
        mustRun('kadmin.local', ['-r', realmName, '-q', `addprinc -maxrenewlife 7d -pw ${password} ${name}`], toolEnv());
      },
      kinit(principal: string, password: string, kinitOptions: KinitOptions): RunResult {
        // KRB5CCNAME rather than -c: with a DIR: collection kinit then adds a cache per principal.
        const args = [
          ...(kinitOptions.renewable !== undefined ? ['-r', kinitOptions.renewable] : []),
          ...(kinitOptions.lifetime !== undefined ? ['-l', kinitOptions.lifetime] : []),
          principal,
        ];
        const r = run('kinit', args, { ccache: kinitOptions.ccache, input: `${password}\n` });
        if (r.status !== 0) {
          throw new Error(`kinit ${principal} failed (exit ${String(r.status)}): ${r.stderr.trim()}`);
        }
        return r;
      },
      kvno(spn: string, ccache: string): RunResult {
        return run('kvno', [spn], { ccache });
      },
      collection(name: string, principals: readonly (readonly [string, string])[], options: Omit<KinitOptions, 'ccache'> = {}): { ccache: string; env: Record<string, string> } {
        const collectionDir = path.join(dir, name);
        fs.mkdirSync(collectionDir);
        const ccache = `DIR:${collectionDir}`;
        for (const [principal, password] of principals) {
          this.addPrincipal(principal, password);
          this.kinit(principal, password, { ...options, ccache });
        }
        return { ccache, env: { ...realmEnv, KRB5CCNAME: ccache, LANG: 'C', LC_ALL: 'C' } };
      },
      run,
      async stop(): Promise<void> {
        if (stopped) {
          return;
        }
        stopped = true;
        await terminate(readPid(pidFile));
        fs.rmSync(dir, { recursive: true, force: true });
        unregister();
      },
    };
    return realm;
  } catch (error) {
    await terminate(readPid(pidFile));
    fs.rmSync(dir, { recursive: true, force: true });
    unregister();
    if (error instanceof SkipReason) {
      throw error;
    }
    const spawnFailed = error instanceof Error && /ENOENT|EACCES|EPERM/.test(error.message);
    throw spawnFailed ? new SkipReason(`cannot run the MIT KDC here: ${error.message}`) : error;
  }
}
