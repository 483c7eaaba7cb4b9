/**
 * Pure command specs: which program, which argument vector. Everything that reaches a command
 * line is validated here and passed as separate arguments (no shell ever parses it).
 */

export interface CommandSpec {
  command: string;
  args: string[];
  timeoutMs?: number;
  /** Variables this command needs whatever the user's environment holds (merged last). */
  env?: Readonly<Record<string, string>>;
}

/**
 * MIT klist prints its times with the locale's `%x %X`: 04/12/26 in en_GB, 12/04/26 in en_US.
 * In the C locale it is always MM/DD/YY, so our own runs need no guess about the order.
 */
export const KLIST_LOCALE_ENV = { LC_ALL: 'C' } as const;
export const KLIST_C_LOCALE_DATE_ORDER = 'MDY' as const;

const LUID = /^0x[0-9a-fA-F]{1,16}$/;
/** `service/host[:port][@REALM]`, or an account name (`klist get AZUREADSSOACC`, `PC01$`); never a leading dash or a blank. */
const SPN = /^(?:[A-Za-z][A-Za-z0-9_.-]{0,63}\/[A-Za-z0-9_.:\-/$]{1,255}|[A-Za-z0-9][A-Za-z0-9_.$-]{0,63})(?:@[A-Za-z0-9_.-]{1,255})?$/;
/** Unix user names as useradd accepts them, plus SSSD `name@domain`. */
const UNIX_USER = /^[A-Za-z0-9_.][A-Za-z0-9_.@-]{0,255}$/;
/** A Kerberos cache name: TYPE:residual, no control characters, no leading dash. */
const CCACHE = /^(?:FILE|DIR|KCM|KEYRING|MEMORY|API|MSLSA):[^\0\r\n]{0,1024}$|^\/[^\0\r\n]{0,1024}$/;

export class InvalidArgumentError extends Error {
  constructor(what: string, value: string) {
    super(`Refusing to run: ${what} ${JSON.stringify(value)} is not valid.`);
    this.name = 'InvalidArgumentError';
  }
}

export function isLogonId(value: string): boolean {
  return LUID.test(value);
}

export function validateLogonId(value: string): string {
  if (!LUID.test(value)) {
    throw new InvalidArgumentError('logon ID', value);
  }
  return value.toLowerCase();
}

export function validateSpn(value: string): string {
  if (!SPN.test(value)) {
    throw new InvalidArgumentError('service principal name', value);
  }
  return value;
}

export function validateUnixUser(value: string): string {
  if (!UNIX_USER.test(value)) {
    throw new InvalidArgumentError('user name', value);
  }
  return value;
}

export function isCacheName(value: string): boolean {
  return CCACHE.test(value);
}

export function validateCacheName(value: string): string {
  if (!CCACHE.test(value)) {
    throw new InvalidArgumentError('credentials cache', value);
  }
  return value;
}

/** `ldap://host[:port]` or `ldaps://...`: a server, nothing else (no path, filter or extension). */
const LDAP_URI = /^ldaps?:\/\/[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?(?::\d{1,5})?\/?$/;
/** A distinguished name starts with an attribute name and '=' (never a '-': not an option) and has no control characters. */
const DN_START = /^[A-Za-z][\w-]{0,63}=/;
/** Any control character (C0 or DEL): a DN is one line of text. */
function hasControlCharacter(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) {
      return true;
    }
  }
  return false;
}
const SID = /^S-1-\d{1,14}(?:-\d{1,10}){1,15}$/;

export function validateLdapUri(value: string): string {
  if (!LDAP_URI.test(value)) {
    throw new InvalidArgumentError('LDAP server', value);
  }
  return value;
}

export function validateDn(value: string): string {
  if (value.length > 2048 || !DN_START.test(value) || hasControlCharacter(value)) {
    throw new InvalidArgumentError('distinguished name', value);
  }
  return value;
}

/** The DN of a Kerberos realm's AD domain: CORP.EXAMPLE -> DC=corp,DC=example. */
export function realmBaseDn(realm: string): string | undefined {
  return /^[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){0,10}$/.test(realm) ? realm.toLowerCase().split('.').map((p) => `DC=${p}`).join(',') : undefined;
}

export interface WindowsPaths {
  /** `%SystemRoot%`, e.g. `C:\Windows`. */
  systemRoot: string;
  /** A 32-bit process on 64-bit Windows must use Sysnative to reach the 64-bit tools. */
  wow64: boolean;
}

/** Full path of a Windows system tool: we never trust PATH (a JDK's klist.exe shadows it). */
export function systemTool(paths: WindowsPaths, exe: string): string {
  const root = paths.systemRoot.replace(/[\\/]+$/, '');
  return `${root}\\${paths.wow64 ? 'Sysnative' : 'System32'}\\${exe}`;
}

export function windowsPathsFrom(env: NodeJS.ProcessEnv, arch: string): WindowsPaths {
  return { systemRoot: env.SystemRoot ?? env.SYSTEMROOT ?? 'C:\\Windows', wow64: arch === 'ia32' && env.PROCESSOR_ARCHITEW6432 !== undefined };
}

export const windows = {
  /** One call for user, groups and privileges; the table form is parsed by SID and column (localized). */
  whoamiAll: (p: WindowsPaths): CommandSpec => ({ command: systemTool(p, 'whoami.exe'), args: ['/all'] }),
  klist: (p: WindowsPaths, logonId?: string): CommandSpec => ({
    command: systemTool(p, 'klist.exe'),
    args: logonId ? ['-li', validateLogonId(logonId)] : [],
  }),
  klistTgt: (p: WindowsPaths): CommandSpec => ({ command: systemTool(p, 'klist.exe'), args: ['tgt'] }),
  klistSessions: (p: WindowsPaths): CommandSpec => ({ command: systemTool(p, 'klist.exe'), args: ['sessions'] }),
  klistPurge: (p: WindowsPaths, logonId?: string): CommandSpec => ({
    command: systemTool(p, 'klist.exe'),
    args: logonId ? ['-li', validateLogonId(logonId), 'purge'] : ['purge'],
  }),
  klistGet: (p: WindowsPaths, spn: string, logonId?: string): CommandSpec => ({
    command: systemTool(p, 'klist.exe'),
    args: [...(logonId ? ['-li', validateLogonId(logonId)] : []), 'get', validateSpn(spn)],
  }),
  chcp: (p: WindowsPaths): CommandSpec => ({ command: systemTool(p, 'chcp.com'), args: [] }),
  /**
   * The directory's current groups of the signed-in user: the constructed tokenGroups attribute,
   * read with the user's own credentials through ADSI (needs a reachable DC). Fixed script: the
   * SID comes from the current identity, nothing from a workspace. Prints one SID per line.
   */
  tokenGroups: (p: WindowsPaths): CommandSpec => ({
    command: systemTool(p, 'WindowsPowerShell\\v1.0\\powershell.exe'),
    args: [
      '-NoProfile',
      '-NonInteractive',
      '-Command',
      "$sid = [Security.Principal.WindowsIdentity]::GetCurrent().User.Value; $u = [ADSI]('LDAP://<SID=' + $sid + '>'); $u.RefreshCache(@('tokenGroups')); foreach ($g in $u.Properties['tokenGroups']) { (New-Object Security.Principal.SecurityIdentifier($g, 0)).Value }",
    ],
    timeoutMs: 30_000,
  }),
  /** Reading the GPSVC debug level needs no elevation. */
  gpsvcDebugLevel: (p: WindowsPaths): CommandSpec => ({
    command: systemTool(p, 'reg.exe'),
    args: ['query', 'HKLM\\Software\\Microsoft\\Windows NT\\CurrentVersion\\Diagnostics', '/v', 'GPSvcDebugLevel'],
  }),
};

/** `GPSvcDebugLevel    REG_DWORD    0x30002` → 0x30002; undefined when the value is not set. */
export function parseRegDword(output: string): number | undefined {
  const m = /GPSvcDebugLevel\s+REG_DWORD\s+0x([0-9a-f]+)/i.exec(output);
  return m?.[1] ? parseInt(m[1], 16) : undefined;
}

export type GpupdateTarget = 'computer' | 'user' | 'both';

export interface GpupdateOptions {
  target: GpupdateTarget;
  force: boolean;
  /** Seconds; undefined = tool default (600). 0 = don't wait, -1 = forever. */
  wait?: number;
  logoff?: boolean;
  boot?: boolean;
}

export function gpupdate(p: WindowsPaths, o: GpupdateOptions): CommandSpec {
  const args: string[] = [];
  if (o.target !== 'both') {
    args.push(`/target:${o.target}`);
  }
  if (o.force) {
    args.push('/force');
  }
  if (o.wait !== undefined) {
    if (!Number.isInteger(o.wait) || o.wait < -1 || o.wait > 86_400) {
      throw new InvalidArgumentError('wait', String(o.wait));
    }
    args.push(`/wait:${o.wait}`);
  }
  if (o.logoff) {
    args.push('/logoff');
  }
  if (o.boot) {
    args.push('/boot');
  }
  // Our timeout follows /wait: the tool's own default wait is 600 s.
  const waitS = o.wait === undefined ? 600 : o.wait < 0 ? 3600 : o.wait;
  return { command: systemTool(p, 'gpupdate.exe'), args, timeoutMs: (waitS + 120) * 1000 };
}

export const unix = {
  id: (): CommandSpec => ({ command: 'id', args: [] }),
  idUser: (user: string): CommandSpec => ({ command: 'id', args: ['--', validateUnixUser(user)] }),
  /** MIT: every cache of the collection with flags and encryption types. */
  klistAll: (): CommandSpec => ({ command: 'klist', args: ['-A', '-f', '-e'], env: KLIST_LOCALE_ENV }),
  klistList: (): CommandSpec => ({ command: 'klist', args: ['-l'], env: KLIST_LOCALE_ENV }),
  klistCache: (cache: string): CommandSpec => ({ command: 'klist', args: ['-f', '-e', validateCacheName(cache)], env: KLIST_LOCALE_ENV }),
  /** Heimdal (macOS) has no -A; `klist -v` for details. */
  heimdalKlist: (): CommandSpec => ({ command: 'klist', args: [] }),
  kdestroy: (cache?: string): CommandSpec => ({ command: 'kdestroy', args: cache ? ['-c', validateCacheName(cache)] : [] }),
  kdestroyAll: (): CommandSpec => ({ command: 'kdestroy', args: ['-A'] }),
  kinitRenew: (cache?: string): CommandSpec => ({ command: 'kinit', args: cache ? ['-R', '-c', validateCacheName(cache)] : ['-R'] }),
  kvno: (spn: string, cache?: string): CommandSpec => ({ command: 'kvno', args: [...(cache ? ['-c', validateCacheName(cache)] : []), validateSpn(spn)] }),
  /**
   * The account's entry in Active Directory, bound with the user's own Kerberos ticket (GSSAPI,
   * -N: the server's name as given, no reverse lookup). Every value is validated; the filter is
   * built from a validated user name, so it cannot carry LDAP filter syntax.
   */
  ldapUserDn: (uri: string, baseDn: string, user: string): CommandSpec => ldapSearch(uri, validateDn(baseDn), 'sub', `(&(objectCategory=person)(sAMAccountName=${validateUnixUser(user)}))`, ['dn']),
  /** The constructed tokenGroups: every group of the account's token, nested ones included, as the DC computes it now. */
  ldapTokenGroups: (uri: string, userDn: string): CommandSpec => ldapSearch(uri, validateDn(userDn), 'base', '(objectClass=*)', ['tokenGroups']),
  /** Names of SIDs (AD accepts the S-1-5-... string form in objectSid filters). */
  ldapSidNames: (uri: string, baseDn: string, sids: readonly string[]): CommandSpec => {
    if (sids.length === 0 || sids.length > 1000 || sids.some((s) => !SID.test(s))) {
      throw new InvalidArgumentError('SID list', sids.join(','));
    }
    return ldapSearch(uri, validateDn(baseDn), 'sub', `(|${sids.map((s) => `(objectSid=${s})`).join('')})`, ['sAMAccountName', 'objectSid']);
  },
};

function ldapSearch(uri: string, base: string, scope: 'base' | 'sub', filter: string, attributes: readonly string[]): CommandSpec {
  return {
    command: 'ldapsearch',
    args: ['-LLL', '-N', '-Q', '-Y', 'GSSAPI', '-o', 'ldif-wrap=no', '-H', validateLdapUri(uri), '-b', base, '-s', scope, '--', filter, ...attributes],
    timeoutMs: 20_000,
  };
}

/** Machine-scoped settings that point a tool at another program (never from a workspace). */
export interface ToolPaths {
  klist?: string;
  whoami?: string;
  gpupdate?: string;
}

/** Replaces the program of a spec when the user configured one for that tool. */
export function applyToolPaths(spec: CommandSpec, paths: ToolPaths | undefined): CommandSpec {
  if (!paths) {
    return spec;
  }
  const tool = (spec.command.split(/[\\/]/).pop() ?? '').replace(/\.exe$/i, '').toLowerCase();
  const override = tool === 'klist' || tool === 'whoami' || tool === 'gpupdate' ? paths[tool] : undefined;
  return override && override.trim() !== '' ? { ...spec, command: override.trim() } : spec;
}
