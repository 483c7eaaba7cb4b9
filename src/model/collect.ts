/**
 * Reads this machine's sessions through a ProcessRunner: which tools run on which platform,
 * in parallel (a refresh costs about as much as its slowest tool), and how failures become
 * problems in the model instead of exceptions.
 */
import { decode } from '../parse/encoding';
import { parseId } from '../parse/id';
import { parseLdif } from '../parse/ldif';
import { parseKlist } from '../parse/klist';
import { parseKlistSessions } from '../parse/klistSessions';
import { parseUnixKlist } from '../parse/unixKlist';
import { parseWhoami } from '../parse/whoami';
import type { DateOrder } from '../parse/types';
import { InvalidArgumentError, KLIST_C_LOCALE_DATE_ORDER, applyToolPaths, realmBaseDn, unix, windows } from '../platform/commands';
import type { CommandSpec, ToolPaths, WindowsPaths } from '../platform/commands';
import { CliError, isCliError } from '../platform/runner';
import type { ProcessRunner, RunResult } from '../platform/runner';
import { cacheFromWindowsKlist, cachesFromUnixKlist, emptySession, errorKindOf, groupsFromId, groupsFromWhoami, klistProblem, applyLogonType, logonRowsFromSessions, sessionsAccessProblem, userFromId } from './build';
import type { CacheEntry, LogonSessionRow, Platform, SessionInfo, SessionProblem, Source } from './types';

export interface CollectOptions {
  platform: Platform;
  /** The account to look up freshly (Linux/macOS `id <user>`). */
  userName?: string;
  windowsPaths?: WindowsPaths;
  /** OEM code page of the console (Windows); undefined = ask `chcp`. */
  oemCodePage?: number;
  dateOrder?: DateOrder;
  signal?: AbortSignal;
  now?: () => Date;
  /** Extra environment for the tools (KRB5CCNAME, KRB5_CONFIG, LANG), merged over the process's. */
  env?: Readonly<Record<string, string>>;
  /** Machine-scoped program overrides; ignored in untrusted workspaces by the caller. */
  toolPaths?: ToolPaths;
  /**
   * Linux/macOS: read the account's tokenGroups from Active Directory over LDAP with the user's
   * Kerberos ticket (GSSAPI). The base DN defaults to the DN of the TGT's realm.
   */
  ldap?: { uri: string; baseDn?: string };
  /** false: leave out the directory lookups (`collectDirectorySessions` reads them afterwards). */
  directory?: boolean;
  /** Remembers this process's `id` on Linux (only for the real runner: replays read other machines). */
  processIdMemo?: ProcessIdMemo;
}

/**
 * A process's uid, gid and supplementary groups are fixed when it starts (login builds them and
 * children inherit them), so `id` without arguments prints the same thing for the whole life of
 * the extension host: it is read once, not on every refresh, which leaves a refresh one process
 * launch cheaper. The key is read from the kernel on every refresh and proves nothing changed.
 */
export class ProcessIdMemo {
  private entry: { key: string; text: string } | undefined;

  constructor(private readonly credentials: () => string | undefined = linuxProcessCredentials) {}

  lookup(command: string): string | undefined {
    const key = this.key(command);
    return key !== undefined && this.entry?.key === key ? this.entry.text : undefined;
  }

  remember(command: string, text: string): void {
    const key = this.key(command);
    this.entry = key === undefined ? undefined : { key, text };
  }

  private key(command: string): string | undefined {
    const credentials = this.credentials();
    return credentials === undefined ? undefined : `${command}\n${credentials}`;
  }
}

/** uid, gid and groups of this process; undefined where Node cannot read them. */
export function linuxProcessCredentials(): string | undefined {
  if (process.platform !== 'linux' || !process.getuid || !process.getgid || !process.getgroups) {
    return undefined;
  }
  return `${process.getuid()}:${process.getgid()}:${process.getgroups().join(',')}`;
}

type Outcome = { ok: true; result: RunResult; text: string; stderr: string } | { ok: false; error: CliError };

async function runSpec(runner: ProcessRunner, requested: CommandSpec, options: CollectOptions, oem?: number): Promise<Outcome> {
  const spec = applyToolPaths(requested, options.toolPaths);
  try {
    const result = await runner.run({
      command: spec.command,
      args: spec.args,
      ...(spec.timeoutMs ? { timeoutMs: spec.timeoutMs } : {}),
      ...(options.signal ? { signal: options.signal } : {}),
      ...(options.env || spec.env ? { env: { ...options.env, ...spec.env } } : {}),
    });
    const decodeOptions = oem !== undefined ? { oemCodePage: oem } : {};
    return { ok: true, result, text: decode(result.stdout, decodeOptions).text, stderr: decode(result.stderr, decodeOptions).text };
  } catch (err) {
    if (isCliError(err)) {
      return { ok: false, error: err };
    }
    return { ok: false, error: new CliError('spawn-failed', spec.command, spec.args, err instanceof Error ? err.message : String(err)) };
  }
}

function toolProblem(error: CliError, what: string): SessionProblem {
  switch (error.code) {
    case 'not-found':
      return { kind: 'tool-missing', message: `${what}: ${error.command} was not found.`, hint: 'Install the tool or set its path in the settings.' };
    case 'timeout':
      return { kind: 'timeout', message: `${what}: ${error.command} did not answer in time.` };
    case 'cancelled':
      return { kind: 'failed', message: `${what}: cancelled.` };
    default:
      return { kind: 'failed', message: `${what}: ${error.message}` };
  }
}

export async function collectMachine(runner: ProcessRunner, options: CollectOptions): Promise<Source> {
  const readAt = (options.now?.() ?? new Date()).toISOString();
  switch (options.platform) {
    case 'windows':
      return collectWindows(runner, options, readAt);
    case 'linux':
    case 'macos':
      return collectUnix(runner, options, readAt);
    default:
      return { id: 'local', label: 'This machine', platform: 'unknown', origin: 'machine', sessions: [], problems: [{ kind: 'failed', message: 'This platform is not supported.' }], warnings: [], readAt };
  }
}

/** `id` of this process: from the memo when its credentials are unchanged (Linux), else run. */
async function readProcessId(runner: ProcessRunner, options: CollectOptions): Promise<Outcome> {
  const memo = options.platform === 'linux' ? options.processIdMemo : undefined;
  const command = applyToolPaths(unix.id(), options.toolPaths).command;
  const remembered = memo?.lookup(command);
  if (remembered !== undefined) {
    return { ok: true, result: { command, args: [], exitCode: 0, stdout: new Uint8Array(), stderr: new Uint8Array(), durationMs: 0 }, text: remembered, stderr: '' };
  }
  const outcome = await runSpec(runner, unix.id(), options);
  if (memo && outcome.ok && outcome.result.exitCode === 0 && parseId(outcome.text).recognized) {
    memo.remember(command, outcome.text);
  }
  return outcome;
}

async function collectUnix(runner: ProcessRunner, options: CollectOptions, readAt: string): Promise<Source> {
  const user = options.userName;
  const withDirectory = options.directory !== false;
  // The NSS lookup needs nothing from the other tools: it runs alongside them.
  const idUserPending = withDirectory && user ? runSpec(runner, unix.idUser(user), options) : undefined;
  const [idOut, klistOut] = await Promise.all([
    readProcessId(runner, options),
    runSpec(runner, options.platform === 'macos' ? unix.heimdalKlist() : unix.klistAll(), options),
  ]);
  const warnings: string[] = [];
  const process = emptySession({ id: 'process', kind: 'process', label: 'This process' });
  if (idOut.ok && idOut.result.exitCode === 0) {
    const parsed = parseId(idOut.text);
    warnings.push(...parsed.warnings.map((w) => `id: ${w.message}`));
    if (parsed.recognized) {
      const u = userFromId(parsed.value);
      if (u) {
        process.user = u;
      }
      process.groups = groupsFromId(parsed.value);
    } else {
      process.problems.push({ kind: 'partial', message: 'The output of id was not understood.' });
    }
  } else {
    process.problems.push(idOut.ok ? { kind: 'failed', message: `id failed: ${idOut.stderr.trim()}` } : toolProblem(idOut.error, 'id'));
  }

  // Kerberos caches belong to the user, not to one process: shown under the process session.
  if (klistOut.ok) {
    // Our klist ran in the C locale (KLIST_LOCALE_ENV): its dates are month-first whatever the user's locale.
    const parsed = parseUnixKlist(`${klistOut.text}\n${klistOut.stderr}`, { dateOrder: KLIST_C_LOCALE_DATE_ORDER });
    process.caches = cachesFromUnixKlist(parsed.value);
    if (parsed.value.error) {
      if (parsed.value.error.kind !== 'no-cache' && parsed.value.error.kind !== 'not-found') {
        process.problems.push({ kind: 'failed', message: `klist: ${parsed.value.error.message}` });
      }
    } else if (klistOut.result.exitCode !== 0 && process.caches.length === 0 && klistOut.stderr.trim()) {
      process.problems.push({ kind: 'failed', message: `klist: ${klistOut.stderr.trim()}` });
    }
  } else {
    process.caches = [];
    process.problems.push(toolProblem(klistOut.error, 'klist'));
  }

  const source: Source = { id: 'local', label: 'This machine', platform: options.platform, origin: 'machine', sessions: [process], problems: [], warnings, readAt };
  if (withDirectory) {
    source.sessions.push(...(await collectDirectorySessions(runner, options, source, idUserPending)));
  }
  return source;
}

/**
 * The account as the directory sees it now (Linux/macOS): the NSS lookup (`id <user>`) and, when
 * configured, Active Directory's tokenGroups over LDAP. Separate from the rest of a refresh so the
 * views can show the token and tickets first: a directory read may cross a VPN.
 */
export async function collectDirectorySessions(runner: ProcessRunner, options: CollectOptions, machine: Pick<Source, 'sessions'>, idUserPending?: Promise<Outcome>): Promise<SessionInfo[]> {
  const user = options.userName;
  if (!user || (options.platform !== 'linux' && options.platform !== 'macos')) {
    return [];
  }
  const caches = machine.sessions.find((s) => s.id === 'process')?.caches ?? [];
  const [idUserOut, ad] = await Promise.all([
    idUserPending ?? runSpec(runner, unix.idUser(user), options),
    options.ldap ? readTokenGroupsOverLdap(runner, options, options.ldap, user, caches) : Promise.resolve(undefined),
  ]);
  const directory = emptySession({ id: 'directory', kind: 'directory', label: `${user} in the directory now` });
  if (idUserOut.ok && idUserOut.result.exitCode === 0) {
    const parsed = parseId(idUserOut.text);
    if (parsed.recognized) {
      const u = userFromId(parsed.value);
      if (u) {
        directory.user = u;
      }
      directory.groups = groupsFromId(parsed.value);
    }
  } else {
    directory.problems.push(idUserOut.ok ? { kind: 'failed', message: `id ${user}: ${idUserOut.stderr.trim()}` } : toolProblem(idUserOut.error, 'id'));
  }
  return ad ? [directory, ad] : [directory];
}

/**
 * The account as Active Directory sees it now: its DN, the constructed tokenGroups (nested groups
 * included, computed by the DC at read time) and the groups' names. Three ldapsearch runs, one
 * after the other (each needs the previous answer), bound with the user's own TGT.
 */
async function readTokenGroupsOverLdap(runner: ProcessRunner, options: CollectOptions, ldap: { uri: string; baseDn?: string }, user: string, caches: readonly CacheEntry[]): Promise<SessionInfo> {
  const account = user.replace(/^.*\\/, '').replace(/@.*$/, '');
  const session = emptySession({ id: 'directory-ldap', kind: 'directory', label: `${account} in Active Directory now (tokenGroups)` });
  const realm = (caches.find((c) => c.isDefault) ?? caches[0])?.principal?.split('@')[1];
  const baseDn = ldap.baseDn?.trim() || (realm ? realmBaseDn(realm) : undefined);
  if (!baseDn) {
    session.problems.push({ kind: 'failed', message: 'LDAP: no base DN: set one, or get a Kerberos ticket of the domain (its realm gives the DN).' });
    return session;
  }
  const search = async (what: string, spec: () => CommandSpec): Promise<ReturnType<typeof parseLdif> | undefined> => {
    let built: CommandSpec;
    try {
      built = spec();
    } catch (err) {
      session.problems.push({ kind: 'failed', message: `LDAP: ${err instanceof InvalidArgumentError ? err.message : String(err)}` });
      return undefined;
    }
    const out = await runSpec(runner, built, options);
    if (!out.ok) {
      session.problems.push(toolProblem(out.error, `LDAP ${what}`));
      return undefined;
    }
    if (out.result.exitCode !== 0) {
      session.problems.push({ kind: 'failed', message: `LDAP ${what}: ${ldapErrorText(out.stderr) || `ldapsearch exited with ${out.result.exitCode}`}` });
      return undefined;
    }
    return parseLdif(out.text);
  };
  const found = await search('account lookup', () => unix.ldapUserDn(ldap.uri, baseDn, account));
  if (!found) {
    return session;
  }
  const dn = found.value.entries[0]?.dn;
  if (!dn) {
    session.problems.push({ kind: 'failed', message: `LDAP: no account ${account} under ${baseDn}.` });
    return session;
  }
  session.account = dn;
  const token = await search('tokenGroups', () => unix.ldapTokenGroups(ldap.uri, dn));
  const sids = token?.value.entries[0]?.attributes.tokengroups ?? [];
  if (!token) {
    return session;
  }
  const names = new Map<string, string>();
  if (sids.length > 0) {
    const named = await search('group names', () => unix.ldapSidNames(ldap.uri, baseDn, sids));
    for (const entry of named?.value.entries ?? []) {
      const sid = entry.attributes.objectsid?.[0];
      const name = entry.attributes.samaccountname?.[0];
      if (sid && name) {
        names.set(sid.toUpperCase(), name);
      }
    }
  }
  // sAMAccountName of BUILTIN groups is bare ("Users"): name them as Windows does.
  const display = (sid: string, name: string | undefined): string => (name === undefined ? sid : sid.startsWith('S-1-5-32-') ? `BUILTIN\\${name}` : name);
  session.groups = sids.map((sid) => ({ name: display(sid, names.get(sid.toUpperCase())), sid, attributes: [] }));
  return session;
}

/** ldapsearch's error lines without the SASL boilerplate: `...: Local error (-2)` and its `additional info:`. */
function ldapErrorText(stderr: string): string {
  return stderr
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '')
    .join(' ')
    .slice(0, 500);
}

/** `Active code page: 850` (localized text; the number is what counts). */
export function parseChcp(text: string): number | undefined {
  const m = /(\d{3,5})\s*\.?\s*$/.exec(text.trim());
  return m ? Number(m[1]) : undefined;
}

async function collectWindows(runner: ProcessRunner, options: CollectOptions, readAt: string): Promise<Source> {
  const paths = options.windowsPaths ?? { systemRoot: 'C:\\Windows', wow64: false };
  let oem = options.oemCodePage;
  if (oem === undefined) {
    const chcp = await runSpec(runner, windows.chcp(paths), options);
    oem = chcp.ok ? parseChcp(chcp.text) : undefined;
  }
  const [whoamiOut, klistOut, sessionsOut] = await Promise.all([
    runSpec(runner, windows.whoamiAll(paths), options, oem),
    runSpec(runner, windows.klist(paths), options, oem),
    runSpec(runner, windows.klistSessions(paths), options, oem),
  ]);
  const dateOpts = options.dateOrder ? { dateOrder: options.dateOrder } : {};
  const warnings: string[] = [];
  const limited = emptySession({ id: 'current', kind: 'limited', label: 'This session' });

  if (whoamiOut.ok) {
    applyWhoami(limited, whoamiOut.text, warnings);
  } else {
    limited.problems.push(toolProblem(whoamiOut.error, 'whoami'));
  }
  if (klistOut.ok) {
    applyKlist(limited, `${klistOut.text}\n${klistOut.stderr}`, dateOpts);
  } else {
    limited.caches = [];
    limited.problems.push(toolProblem(klistOut.error, 'klist'));
  }

  let logonSessions: Source['logonSessions'];
  const problems: SessionProblem[] = [];
  if (sessionsOut.ok) {
    const parsed = parseKlistSessions(`${sessionsOut.text}\n${sessionsOut.stderr}`).value;
    logonSessions = logonRowsFromSessions(parsed);
    applyLogonType(limited, logonSessions);
    const denied = sessionsAccessProblem(parsed);
    if (denied) {
      problems.push(denied);
    }
  }
  return { id: 'local', label: 'This machine', platform: 'windows', origin: 'machine', sessions: [limited], ...(logonSessions ? { logonSessions } : {}), problems, warnings, readAt };
}


/** whoami /all → the session's user, groups and integrity level. */
export function applyWhoami(session: SessionInfo, text: string, warnings: string[]): void {
  const parsed = parseWhoami(text);
  warnings.push(...parsed.warnings.map((w) => `whoami: ${w.message}`));
  if (!parsed.recognized) {
    session.problems.push({ kind: 'partial', message: 'The output of whoami was not understood.' });
    return;
  }
  session.groups = groupsFromWhoami(parsed.value);
  session.integrityLevel = parsed.value.integrityLevel;
  if (parsed.value.user) {
    session.user = { ...parsed.value.user };
  }
  // VS Code itself elevated shows the High label: then this *is* the elevated session.
  if (session.kind === 'limited' && (parsed.value.integrityLevel === 'high' || parsed.value.integrityLevel === 'system')) {
    session.kind = 'elevated';
    session.label = `${session.label} (elevated)`;
  }
}

/** klist output → the session's cache, or a problem that says why there is none. */
export function applyKlist(session: SessionInfo, text: string, options: { dateOrder?: DateOrder }): void {
  const k = parseKlist(text, options).value;
  session.logonId ??= k.targetedLogonId ?? k.currentLogonId ?? undefined;
  if (k.shadowedBy) {
    session.problems.push({ kind: 'tool-shadowed', message: `The klist that ran is not Windows' own (${k.shadowedBy}).`, hint: 'We call %SystemRoot%\\System32\\klist.exe; check the tools.klistPath setting.' });
  }
  if (k.error) {
    session.problems.push(klistProblem(errorKindOf(k.error.code, k.error.status), k.error.message));
    session.caches = [];
  } else {
    session.caches = [cacheFromWindowsKlist(k, session.logonId ?? null)];
  }
}

/** Marker lines of the elevated helper's output file (resources/elevated-read.ps1). */
const BUNDLE_MARKER = /^### tti:([a-z-]+)(?::(0x[0-9a-f]{1,16}|current))?\s*$/i;

/**
 * The elevated helper's bundle → the elevated, SYSTEM and NETWORK SERVICE sessions, plus the
 * complete `klist sessions` list (only an elevated klist sees every session).
 */
export function sessionsFromElevatedBundle(text: string, dateOrder?: DateOrder): { sessions: SessionInfo[]; logonSessions?: LogonSessionRow[]; warnings: string[] } {
  const sections = new Map<string, string[]>();
  let current: string[] | undefined;
  for (const line of text.split(/\r?\n/)) {
    const m = BUNDLE_MARKER.exec(line);
    if (m) {
      current = [];
      sections.set(`${(m[1] ?? '').toLowerCase()}${m[2] ? `:${m[2].toLowerCase()}` : ''}`, current);
    } else {
      current?.push(line);
    }
  }
  const warnings: string[] = [];
  const dateOpts = dateOrder ? { dateOrder } : {};
  const elevated = emptySession({ id: 'elevated:current', kind: 'elevated', label: 'Elevated session' });
  const whoami = sections.get('whoami');
  if (whoami) {
    applyWhoami(elevated, whoami.join('\n'), warnings);
    elevated.kind = 'elevated';
    elevated.label = 'Elevated session';
  }
  const klistCurrent = sections.get('klist:current');
  if (klistCurrent) {
    applyKlist(elevated, klistCurrent.join('\n'), dateOpts);
  }
  const sessions: SessionInfo[] = [elevated];
  for (const [luid, kind, label] of [['0x3e7', 'system', 'SYSTEM (computer account, 0x3e7)'], ['0x3e4', 'networkService', 'NETWORK SERVICE (0x3e4)']] as const) {
    const out = sections.get(`klist:${luid}`);
    if (out) {
      const s = emptySession({ id: `elevated:${luid}`, kind, label });
      s.logonId = luid;
      applyKlist(s, out.join('\n'), dateOpts);
      sessions.push(s);
    }
  }
  const rowsText = sections.get('klist-sessions');
  const logonSessions = rowsText ? logonRowsFromSessions(parseKlistSessions(rowsText.join('\n')).value) : undefined;
  if (logonSessions) {
    for (const s of sessions) {
      applyLogonType(s, logonSessions);
    }
  }
  return { sessions, ...(logonSessions ? { logonSessions } : {}), warnings };
}
