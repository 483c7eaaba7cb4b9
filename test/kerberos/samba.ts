/**
 * A real Samba Active Directory DC on 127.0.0.1 for integration tests: provisioned into a temp
 * dir with an empty config (so /etc/samba/smb.conf is neither read nor changed), LDAP and KDC
 * services only. AD ports are fixed (88, 389, 464, 636, 3268, 3269): when one is busy the
 * fixture rejects with a SkipReason instead of fighting the machine's own services.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as dgram from 'node:dgram';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { sidFromBytes } from '../../src/parse/sid';
import { SkipReason, requirePackages, requireRoot } from './ensurePackages';
import type { RunOptions, RunResult } from './realm';
import { makeTempDir, onProcessExit, readPid, runTool, sleep, tcpAccepts, terminate, terminateSync, withSbin } from './realm';

export { SkipReason } from './ensurePackages';

export const SAMBA_PACKAGES = ['samba-ad-dc', 'samba-ad-provision', 'samba-dsdb-modules', 'winbind', 'ldb-tools', 'ldap-utils', 'libsasl2-modules-gssapi-mit'] as const;
export const SAMBA_REALM = 'SAMDOM.TEST';
export const SAMBA_DOMAIN = 'SAMDOM';
export const SAMBA_BASE_DN = 'DC=samdom,DC=test';

const TCP_PORTS = [88, 389, 464, 636, 3268, 3269];
const UDP_PORTS = [88, 464];

export interface SambaDc {
  readonly realm: string;
  readonly domain: string;
  readonly baseDn: string;
  readonly dir: string;
  /** KRB5_CONFIG for the SAMDOM.TEST krb5.conf (KDC 127.0.0.1:88); pass to child processes. */
  readonly env: Readonly<Record<string, string>>;
  createUser(name: string, password: string): Promise<void>;
  addGroup(name: string): Promise<void>;
  /** Members may be users or groups (nested groups). */
  addMembers(group: string, members: readonly string[]): Promise<void>;
  removeMembers(group: string, members: readonly string[]): Promise<void>;
  userDn(name: string): string;
  /** The constructed `tokenGroups` over LDAPS (binary SIDs, decoded with sidFromBytes). */
  tokenGroups(user: string): Promise<string[]>;
  /** The same attribute read straight from sam.ldb by ldbsearch (Samba prints it as strings). */
  tokenGroupsLocal(user: string): Promise<string[]>;
  groupSid(name: string): Promise<string>;
  kinit(user: string, password: string, ccache: string): RunResult;
  /** Runs a tool with the SAMDOM.TEST krb5.conf (LANG=C unless options.env says otherwise). */
  run(command: string, args: readonly string[], options?: RunOptions): RunResult;
  /** Idempotent: TERM samba, wait for it to go, remove the temp dir. */
  stop(): Promise<void>;
}

function portsInUse(): Promise<string[]> {
  const tcp = TCP_PORTS.map(
    (port) =>
      new Promise<string | undefined>((resolve) => {
        const server = net.createServer();
        server.once('error', () => resolve(`tcp/${port}`));
        server.listen(port, '127.0.0.1', () => server.close(() => resolve(undefined)));
      }),
  );
  const udp = UDP_PORTS.map(
    (port) =>
      new Promise<string | undefined>((resolve) => {
        const socket = dgram.createSocket('udp4');
        socket.once('error', () => resolve(`udp/${port}`));
        socket.bind(port, '127.0.0.1', () => socket.close(() => resolve(undefined)));
      }),
  );
  return Promise.all([...tcp, ...udp]).then((all) => all.filter((p): p is string => p !== undefined));
}

/** A UDP socket bound to 127.0.0.1:<port> (there is nothing to connect to, so ask the kernel). */
function udpBound(port: number): boolean {
  const wanted = `0100007F:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  try {
    return fs
      .readFileSync('/proc/net/udp', 'utf8')
      .split('\n')
      .some((line) => line.trim().split(/\s+/)[1] === wanted);
  } catch {
    return false;
  }
}

/** LDIF values of one attribute: `attr: text` as is, `attr:: base64` decoded as a binary SID. */
export function ldifSids(ldif: string, attribute: string): string[] {
  const sids: string[] = [];
  const lower = attribute.toLowerCase();
  // LDIF folds long lines with a leading space; unfold first.
  for (const line of ldif.replace(/\r?\n /g, '').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0 || line.slice(0, colon).toLowerCase() !== lower) {
      continue;
    }
    if (line[colon + 1] === ':') {
      const sid = sidFromBytes(Buffer.from(line.slice(colon + 2).trim(), 'base64'));
      if (sid !== null) {
        sids.push(sid);
      }
    } else {
      sids.push(line.slice(colon + 1).trim());
    }
  }
  return sids;
}

export async function startSambaDc(): Promise<SambaDc> {
  requireRoot('a Samba AD DC (ports 88/389)');
  try {
    requirePackages(SAMBA_PACKAGES);
  } catch (error) {
    throw error instanceof SkipReason ? error : new SkipReason(`cannot install Samba: ${String(error)}`);
  }
  for (const tool of ['samba', 'samba-tool', 'ldbsearch', 'ldapsearch', 'kinit']) {
    if (spawnSync('which', [tool], { env: withSbin(process.env), stdio: 'ignore' }).status !== 0) {
      throw new SkipReason(`${tool} not found on PATH after installing ${SAMBA_PACKAGES.join(' ')}`);
    }
  }
  const busy = await portsInUse();
  if (busy.length > 0) {
    throw new SkipReason(`AD ports busy on 127.0.0.1 (${busy.join(', ')}); a Samba DC needs them free`);
  }

  const dir = makeTempDir('tti-samba-');
  const target = path.join(dir, 'dc');
  const smbConf = path.join(target, 'etc', 'smb.conf');
  const pidFile = path.join(target, 'run', 'samba.pid');
  const krb5Conf = path.join(dir, 'krb5.conf');
  const adminPassword = `Adm-${randomBytes(9).toString('hex')}`;
  let stopped = false;
  const unregister = onProcessExit(() => {
    terminateSync(readPid(pidFile));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  const env = (extra: Record<string, string> = {}): NodeJS.ProcessEnv => ({ ...process.env, LANG: 'C', LC_ALL: '', KRB5_CONFIG: krb5Conf, ...extra });
  const must = (command: string, args: readonly string[], extra: Record<string, string> = {}): RunResult => {
    const r = runTool(command, args, env(extra));
    if (r.status !== 0) {
      throw new Error(`${command} ${args.join(' ')} failed (exit ${String(r.status)}): ${(r.stderr.trim() || r.stdout.trim()).slice(-800)}`);
    }
    return r;
  };
  const tool = (args: readonly string[]): Promise<RunResult> => Promise.resolve(must('samba-tool', [...args, '-s', smbConf]));

  try {
    const empty = path.join(dir, 'empty.conf');
    fs.writeFileSync(empty, '');
    const run = path.join(target, 'run');
    must('samba-tool', [
      'domain', 'provision', '-s', empty, `--targetdir=${target}`, `--realm=${SAMBA_REALM}`, `--domain=${SAMBA_DOMAIN}`,
      '--server-role=dc', '--dns-backend=NONE', '--host-name=dc1', '--host-ip=127.0.0.1', `--adminpass=${adminPassword}`, '--use-rfc2307',
      // 127.0.0.1, not `lo`: `lo` also binds ::1, and these tests stay on 127.0.0.1.
      '--option=interfaces=127.0.0.1', '--option=bind interfaces only=yes',
      `--option=pid directory=${run}`, `--option=ncalrpc dir=${path.join(run, 'ncalrpc')}`,
      `--option=winbindd socket directory=${path.join(run, 'winbindd')}`, `--option=ntp signd socket directory=${path.join(run, 'ntp_signd')}`,
      `--option=log file=${path.join(target, 'samba.log')}`, '--option=server services=ldap kdc',
    ]);
    // No complexity and no expiry: kinit must not print "password will expire" on stdout.
    await tool(['domain', 'passwordsettings', 'set', '--complexity=off', '--max-pwd-age=0', '--min-pwd-age=0']);
    // GSSAPI binds to ldap://127.0.0.1 ask for ldap/127.0.0.1 (no DNS here to find dc1's name).
    await tool(['spn', 'add', 'ldap/127.0.0.1', 'dc1$']);
    fs.writeFileSync(
      krb5Conf,
      [
        '[libdefaults]',
        `  default_realm = ${SAMBA_REALM}`,
        '  dns_lookup_kdc = false',
        '  dns_lookup_realm = false',
        '  rdns = false',
        '  dns_canonicalize_hostname = false',
        `  default_ccache_name = FILE:${path.join(dir, 'krb5cc_default')}`,
        '[realms]',
        `  ${SAMBA_REALM} = {`,
        '    kdc = 127.0.0.1:88',
        '  }',
        '[domain_realm]',
        `  .samdom.test = ${SAMBA_REALM}`,
        '',
      ].join('\n'),
    );
    // Simple binds only over TLS; the DC's self-signed cert names dc1, not 127.0.0.1.
    const ldapConf = path.join(dir, 'ldap.conf');
    fs.writeFileSync(ldapConf, 'TLS_REQCERT never\n');
    const adminPwFile = path.join(dir, 'admin.pw');
    fs.writeFileSync(adminPwFile, adminPassword, { mode: 0o600 });

    must('samba', ['-D', '-M', 'single', '-s', smbConf]);
    const deadline = Date.now() + 30_000;
    while (!(readPid(pidFile) !== undefined && udpBound(88) && (await tcpAccepts(88)) && (await tcpAccepts(389)) && (await tcpAccepts(636)))) {
      if (Date.now() > deadline) {
        const log = fs.existsSync(path.join(target, 'samba.log')) ? fs.readFileSync(path.join(target, 'samba.log'), 'utf8') : '';
        throw new Error(`samba did not answer on 127.0.0.1 (88/udp, 88, 389, 636) within 30 s. samba.log: ${log.slice(-800)}`);
      }
      await sleep(100);
    }

    const userDn = (name: string): string => `CN=${name},CN=Users,${SAMBA_BASE_DN}`;
    const ldapEnv = { LDAPCONF: ldapConf, LDAPRC: path.join(dir, 'no-ldaprc'), HOME: dir };
    const dc: SambaDc = {
      realm: SAMBA_REALM,
      domain: SAMBA_DOMAIN,
      baseDn: SAMBA_BASE_DN,
      dir,
      env: { KRB5_CONFIG: krb5Conf },
      async createUser(name: string, password: string): Promise<void> {
        await tool(['user', 'create', name, password]);
      },
      async addGroup(name: string): Promise<void> {
        await tool(['group', 'add', name]);
      },
      async addMembers(group: string, members: readonly string[]): Promise<void> {
        await tool(['group', 'addmembers', group, members.join(',')]);
      },
      async removeMembers(group: string, members: readonly string[]): Promise<void> {
        await tool(['group', 'removemembers', group, members.join(',')]);
      },
      userDn,
      tokenGroups(user: string): Promise<string[]> {
        const r = must(
          'ldapsearch',
          ['-LLL', '-x', '-H', 'ldaps://127.0.0.1', '-D', `Administrator@${SAMBA_REALM.toLowerCase()}`, '-y', adminPwFile, '-b', userDn(user), '-s', 'base', 'tokenGroups'],
          ldapEnv,
        );
        return Promise.resolve(ldifSids(r.stdout, 'tokenGroups'));
      },
      tokenGroupsLocal(user: string): Promise<string[]> {
        const r = must('ldbsearch', ['-s', 'base', '-H', path.join(target, 'private', 'sam.ldb'), '-b', userDn(user), 'tokenGroups']);
        return Promise.resolve(ldifSids(r.stdout, 'tokenGroups'));
      },
      groupSid(name: string): Promise<string> {
        const r = must('ldbsearch', ['-H', path.join(target, 'private', 'sam.ldb'), '-b', SAMBA_BASE_DN, `(sAMAccountName=${name})`, 'objectSid']);
        const sid = ldifSids(r.stdout, 'objectSid')[0];
        return sid === undefined ? Promise.reject(new Error(`no objectSid for ${name}`)) : Promise.resolve(sid);
      },
      kinit(user: string, password: string, ccache: string): RunResult {
        const r = runTool('kinit', [user], env({ KRB5CCNAME: ccache }), `${password}\n`);
        if (r.status !== 0) {
          throw new Error(`kinit ${user} failed (exit ${String(r.status)}): ${r.stderr.trim()}`);
        }
        return r;
      },
      run(command: string, args: readonly string[], options: RunOptions = {}): RunResult {
        return runTool(command, args, env({ ...(options.ccache !== undefined ? { KRB5CCNAME: options.ccache } : {}), ...options.env }), options.input);
      },
      async stop(): Promise<void> {
        if (stopped) {
          return;
        }
        stopped = true;
        await terminate(readPid(pidFile), 10_000);
        fs.rmSync(dir, { recursive: true, force: true });
        unregister();
      },
    };
    return dc;
  } catch (error) {
    await terminate(readPid(pidFile), 10_000);
    fs.rmSync(dir, { recursive: true, force: true });
    unregister();
    throw error;
  }
}
