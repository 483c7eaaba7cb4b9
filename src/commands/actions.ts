/**
 * Commands that change state: purge tickets per session, renew, get a fresh ticket, gpupdate.
 * Each says what it fixes and what it does not, asks before anything destructive, judges
 * success by exit code (the text is localized) and refreshes the views afterwards.
 */
import * as vscode from 'vscode';
import { Commands } from '../constants';
import { decode } from '../parse/encoding';
import { parseGpupdate } from '../parse/gpupdate';
import { parseKlist } from '../parse/klist';
import { parseKlistPurge } from '../parse/klistPurge';
import type { Gpupdate as GpupdateResult } from '../parse/gpupdate';
import type { Inspector } from '../model/inspector';
import type { CacheEntry, SessionInfo } from '../model/types';
import { InvalidArgumentError, applyToolPaths, gpupdate, isCacheName, unix, validateSpn, windows } from '../platform/commands';
import type { CommandSpec, GpupdateOptions, WindowsPaths } from '../platform/commands';
import { isCliError } from '../platform/runner';
import type { CliError } from '../platform/runner';
import type { RunResult } from '../platform/runner';
import { purgeElevated, readElevated } from '../platform/elevated';
import type { ElevatedPurgeTarget } from '../platform/elevated';
import { CacheNode, SessionNode, TicketNode } from '../views/nodes';
import type { TreeNode } from '../views/nodes';
import type { RefreshReason } from '../views/refreshManager';
import { vscodePrompts } from './prompts';
import type { Prompts } from './prompts';

export interface ActionDeps {
  inspector: Inspector;
  log: vscode.LogOutputChannel;
  refresh(reason: RefreshReason): Promise<void>;
  context: vscode.ExtensionContext;
  prompts?: () => Prompts;
}

export interface PurgeTarget {
  id: string;
  label: string;
  detail: string;
  spec: CommandSpec;
  /** The elevated helper can purge this session: always (`elevatedOnly`), or when the direct run is refused. */
  elevated?: ElevatedPurgeTarget;
  elevatedOnly?: boolean;
}

const DEFAULT_PATHS: WindowsPaths = { systemRoot: 'C:\\Windows', wow64: false };

/** What a purge can target on this machine, from what the views show. */
export function purgeTargets(inspector: Inspector, node?: TreeNode): PurgeTarget[] {
  const options = inspector.collectOptions();
  const paths = options.windowsPaths ?? DEFAULT_PATHS;
  if (options.platform === 'windows') {
    const limited: PurgeTarget = { id: 'current', label: 'This logon session', detail: 'klist purge', spec: windows.klistPurge(paths) };
    // The elevated half of a split token is its own logon session with its own ticket cache:
    // only a process running elevated can purge it.
    const elevatedSession: PurgeTarget = { id: 'elevated', label: 'Elevated session (administrator)', detail: 'klist purge in an elevated process — one administrator prompt', spec: windows.klistPurge(paths), elevated: 'current', elevatedOnly: true };
    const system: PurgeTarget = { id: '0x3e7', label: 'SYSTEM (computer account, 0x3e7)', detail: 'klist -li 0x3e7 purge — needs elevation; refreshes the computer\'s group list for Kerberos access', spec: windows.klistPurge(paths, '0x3e7'), elevated: '0x3e7' };
    const network: PurgeTarget = { id: '0x3e4', label: 'NETWORK SERVICE (0x3e4)', detail: 'klist -li 0x3e4 purge — needs elevation', spec: windows.klistPurge(paths, '0x3e4'), elevated: '0x3e4' };
    const all = [limited, elevatedSession, system, network];
    if (node instanceof SessionNode || node instanceof TicketNode) {
      const session = node instanceof SessionNode ? node.session : sessionOf(node);
      const byLogon =
        session?.logonId === '0x3e7' || session?.kind === 'system'
          ? system
          : session?.logonId === '0x3e4' || session?.kind === 'networkService'
            ? network
            : session?.kind === 'elevated'
              ? elevatedSession
              : limited;
      return [byLogon];
    }
    return all;
  }
  if (options.platform === 'linux' || options.platform === 'macos') {
    const caches: CacheEntry[] = (node instanceof CacheNode ? [node.cache] : node instanceof TicketNode ? [node.cache] : (inspector.store.machineSource?.sessions.flatMap((s) => s.caches ?? []) ?? [])).filter((c) =>
      isCacheName(c.name),
    );
    const targets = caches.map((c) => ({ id: c.name, label: c.principal ?? c.name, detail: `kdestroy -c ${c.name}`, spec: unix.kdestroy(c.name) }));
    if (!(node instanceof CacheNode) && !(node instanceof TicketNode) && caches.length > 1) {
      targets.push({ id: 'all', label: 'Every cache of the collection', detail: 'kdestroy -A', spec: unix.kdestroyAll() });
    }
    return targets;
  }
  return [];
}

function sessionOf(node: TreeNode): SessionInfo | undefined {
  let n: TreeNode | undefined = node;
  while (n && !(n instanceof SessionNode)) {
    n = n.parent;
  }
  return n instanceof SessionNode ? n.session : undefined;
}

async function run(deps: ActionDeps, requested: CommandSpec, signal?: AbortSignal): Promise<{ result?: RunResult; error?: CliError; text: string }> {
  const spec = applyToolPaths(requested, deps.inspector.collectOptions().toolPaths);
  try {
    const env = deps.inspector.collectOptions().env;
    const result = await deps.inspector.processRunner.run({ command: spec.command, args: spec.args, ...(spec.timeoutMs ? { timeoutMs: spec.timeoutMs } : {}), ...(signal ? { signal } : {}), ...(env ? { env } : {}) });
    const oem = deps.inspector.collectOptions().oemCodePage;
    const text = `${decode(result.stdout, oem ? { oemCodePage: oem } : {}).text}\n${decode(result.stderr, oem ? { oemCodePage: oem } : {}).text}`.trim();
    return { result, text };
  } catch (err) {
    if (isCliError(err)) {
      return { error: err, text: err.stderr };
    }
    throw err;
  }
}

export async function purgeTickets(deps: ActionDeps, node?: TreeNode): Promise<boolean> {
  const prompts = deps.prompts?.() ?? vscodePrompts;
  const targets = purgeTargets(deps.inspector, node);
  if (targets.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('There are no Kerberos caches to purge here.'));
    return false;
  }
  const picked =
    targets.length === 1
      ? targets[0]
      : await prompts.pick(
          targets.map((t) => ({ id: t.id, label: t.label, description: t.detail })),
          { title: vscode.l10n.t('Purge Kerberos Tickets'), placeHolder: vscode.l10n.t('Which session\'s tickets?') },
        );
  const target = targets.find((t) => t.id === picked?.id);
  if (!target) {
    return false;
  }
  const ok = await prompts.confirm(
    vscode.l10n.t('Purge the Kerberos tickets of {0}?', target.label),
    vscode.l10n.t(
      'All tickets of this cache are deleted. The next network access gets a new TGT with the current group list, which fixes access to file shares and other Kerberos services. It does NOT change the local access token: local resources, NTLM and existing connections keep the old groups until the user signs out and in again.',
    ),
    vscode.l10n.t('Purge'),
  );
  if (!ok) {
    return false;
  }
  if (target.elevated && target.elevatedOnly) {
    return purgeWithHelper(deps, target, target.elevated);
  }
  const { result, error, text } = await run(deps, target.spec);
  if (error) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not purge tickets: {0}', error.message));
    return false;
  }
  if (result?.exitCode !== 0 && target.elevated) {
    // Not running elevated: offer the administrator prompt instead of a command to copy.
    deps.log.info(`[purge] ${target.label}: exit ${result?.exitCode ?? '?'} without elevation`);
    const retry = await prompts.confirm(
      vscode.l10n.t('Purging {0} needs administrator rights.', target.label),
      vscode.l10n.t('klist was refused (exit {0}). Purge with one administrator prompt? Only "{1}" runs elevated.', result?.exitCode ?? '?', `klist -li ${target.elevated} purge`),
      vscode.l10n.t('Purge as Administrator'),
    );
    if (retry) {
      return purgeWithHelper(deps, target, target.elevated);
    }
  }
  return reportPurge(deps, target, result?.exitCode ?? null, text);
}

async function purgeWithHelper(deps: ActionDeps, target: PurgeTarget, elevated: ElevatedPurgeTarget): Promise<boolean> {
  const options = deps.inspector.collectOptions();
  const outcome = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Waiting for the administrator prompt…') }, () =>
    purgeElevated(deps.inspector.processRunner, options.windowsPaths ?? DEFAULT_PATHS, deps.context.extensionPath, elevated),
  );
  if (!outcome.ok) {
    deps.log.info(`[purge] ${target.label} (elevated): ${outcome.message}`);
    if (outcome.declined) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The administrator prompt was declined: the tickets of {0} were not purged.', target.label));
    } else {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not purge tickets: {0}', outcome.message));
    }
    return false;
  }
  return reportPurge(deps, { ...target, label: `${target.label} (elevated)` }, outcome.exitCode, outcome.text);
}

/** Success is the exit code (klist's text is localized); the text only adds detail to the log. */
async function reportPurge(deps: ActionDeps, target: PurgeTarget, exitCode: number | null, text: string): Promise<boolean> {
  const printed = parseKlistPurge(text).value;
  deps.log.info(`[purge] ${target.label}: exit ${exitCode ?? '?'}${printed.purged !== null ? `, klist says ${printed.purged ? 'purged' : 'not purged'} (${printed.language})` : ''}`);
  await deps.refresh('afterAction');
  if (exitCode === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('Tickets of {0} purged. Access a share again (or use "Get a Fresh Service Ticket") to get tickets with the current groups.', target.label));
    return true;
  }
  const denied = /0x5\b|0xc0000022|access is denied|zugriff verweigert|accès refusé/i.test(text);
  void vscode.window.showErrorMessage(
    denied
      ? vscode.l10n.t('Purging {0} needs elevation (access denied). Run VS Code as administrator or use an elevated prompt: {1}', target.label, `${target.spec.command} ${target.spec.args.join(' ')}`)
      : vscode.l10n.t('Purge of {0} failed (exit {1}): {2}', target.label, exitCode ?? '?', text.split(/\r?\n/)[0] ?? ''),
  );
  return false;
}

export async function renewTgt(deps: ActionDeps, node?: TreeNode): Promise<boolean> {
  const platform = deps.inspector.collectOptions().platform;
  if (platform === 'windows') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Windows renews the TGT itself (on lock/unlock or before it expires). Purge the tickets to force a new TGT with the current groups.'));
    return false;
  }
  const cache = node instanceof CacheNode || node instanceof TicketNode ? node.cache.name : undefined;
  const { result, error, text } = await run(deps, unix.kinitRenew(cache));
  await deps.refresh('afterAction');
  if (error || result?.exitCode !== 0) {
    void vscode.window.showErrorMessage(vscode.l10n.t('Could not renew the TGT: {0}', error?.message ?? text));
    return false;
  }
  void vscode.window.showInformationMessage(vscode.l10n.t('TGT renewed. A renewed TGT keeps the group list it was issued with; purge and sign in again for new groups.'));
  return true;
}

/** What the user is told after "Get a Fresh Service Ticket" (also returned to callers and tests). */
export interface TicketOutcome {
  ok: boolean;
  severity: 'info' | 'warning' | 'error';
  text: string;
}

export async function getFreshTicket(deps: ActionDeps, spnArg?: string): Promise<TicketOutcome | undefined> {
  const prompts = deps.prompts?.() ?? vscodePrompts;
  const spn = (
    spnArg ??
    (await prompts.input({
      title: vscode.l10n.t('Get a Fresh Service Ticket'),
      prompt: vscode.l10n.t('Service principal name such as cifs/fileserver.contoso.com, or an account name such as AZUREADSSOACC'),
      validateInput: (v) => {
        try {
          validateSpn(v.trim());
          return undefined;
        } catch (err) {
          return err instanceof Error ? err.message : String(err);
        }
      },
    }))
  )?.trim();
  if (!spn) {
    return undefined;
  }
  const options = deps.inspector.collectOptions();
  let spec: CommandSpec;
  try {
    spec = options.platform === 'windows' ? windows.klistGet(options.windowsPaths ?? DEFAULT_PATHS, spn) : unix.kvno(spn);
  } catch (err) {
    if (err instanceof InvalidArgumentError) {
      return show({ ok: false, severity: 'error', text: err.message });
    }
    throw err;
  }
  const { result, error, text } = await run(deps, spec);
  await deps.refresh('afterAction');
  return show(ticketOutcome(spn, options.platform === 'windows' ? 'windows' : 'unix', result?.exitCode ?? null, error?.message, text));
}

function show(outcome: TicketOutcome): TicketOutcome {
  const showMessage = outcome.severity === 'error' ? vscode.window.showErrorMessage : outcome.severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void showMessage(outcome.text);
  return outcome;
}

/**
 * Success by exit code; the parsed output only adds detail. A service ticket carries the groups of
 * the TGT it came from, so a fresh one proves the current groups only after the TGT was renewed.
 */
export function ticketOutcome(spn: string, platform: 'windows' | 'unix', exitCode: number | null, runError: string | undefined, text: string): TicketOutcome {
  const fromTgt = vscode.l10n.t('It carries the groups of the TGT it came from: purge first if that TGT is older than the group change.');
  if (platform === 'unix') {
    if (runError || exitCode !== 0) {
      return { ok: false, severity: 'error', text: vscode.l10n.t('Could not get a ticket for {0}: {1}', spn, runError ?? firstLine(text)) };
    }
    return { ok: true, severity: 'info', text: `${vscode.l10n.t('Got a fresh ticket for {0}.', spn)} ${fromTgt}` };
  }
  const klist = parseKlist(text).value;
  if (runError || exitCode !== 0 || klist.error) {
    const kind = klist.error?.kind;
    const why =
      kind === 'no-logon-servers'
        ? vscode.l10n.t('No domain controller could be reached to get a ticket for {0}. Connect the VPN and try again.', spn)
        : vscode.l10n.t('Could not get a ticket for {0}: {1}', spn, klist.error ? `${klist.error.message ?? klist.error.codeRaw ?? ''} ${klist.error.explanation ?? ''}`.trim() : (runError ?? firstLine(text)));
    return { ok: false, severity: 'error', text: why };
  }
  const wanted = spn.toLowerCase();
  // The paste may hold several klist runs: the ticket is in the last one that lists it.
  const ticket = [...klist.runs].reverse().flatMap((r) => r.tickets).find((t) => (t.serverName ?? t.server ?? '').toLowerCase() === wanted || (t.server ?? '').toLowerCase().startsWith(`${wanted} @`));
  const detail = ticket ? ` (${[ticket.encryptionType, ticket.endTime ? vscode.l10n.t('until {0}', ticket.endTime.raw.replace(/\s*\([^)]*\)$/, '')) : undefined].filter(Boolean).join(', ')})` : '';
  return { ok: true, severity: 'info', text: `${vscode.l10n.t('Got a fresh ticket for {0}', spn)}${detail}. ${fromTgt}` };
}

function firstLine(text: string): string {
  return text.split(/\r?\n/).find((l) => l.trim() !== '')?.trim() ?? '';
}

export interface GpupdateOutcome {
  exitCode: number | null;
  parsed: GpupdateResult | null;
  cancelled: boolean;
}

/** What the user is told about a gpupdate run (also returned to callers and tests). */
export interface GpupdateMessage {
  severity: 'info' | 'warning' | 'error';
  text: string;
}

/** A preset from a caller (walkthrough, tests) may carry a signal that cancels like the notification's button. */
export type GpupdateRequest = GpupdateOptions & { cancel?: AbortSignal };

export async function updateGroupPolicy(deps: ActionDeps, preset?: GpupdateRequest): Promise<(GpupdateOutcome & { message: GpupdateMessage }) | undefined> {
  const prompts = deps.prompts?.() ?? vscodePrompts;
  const options = deps.inspector.collectOptions();
  if (options.platform !== 'windows') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Group Policy updates run on Windows endpoints only.'));
    return undefined;
  }
  let choice = preset;
  if (!choice) {
    type TargetItem = vscode.QuickPickItem & { target: GpupdateOptions['target'] };
    const target = await prompts.pick<TargetItem>(
      [
        { label: vscode.l10n.t('Computer and user'), target: 'both' },
        { label: vscode.l10n.t('Computer only'), target: 'computer' },
        { label: vscode.l10n.t('User only'), target: 'user' },
      ],
      { title: vscode.l10n.t('Update Group Policy (1/2)'), placeHolder: vscode.l10n.t('Which policy?') },
    );
    if (!target) {
      return undefined;
    }
    type FlagItem = vscode.QuickPickItem & { flag: 'force' | 'logoff' | 'boot' };
    const flags = await prompts.pickMany<FlagItem>(
      [
        { label: '/force', description: vscode.l10n.t('reapply every setting'), flag: 'force', picked: true },
        { label: '/logoff', description: vscode.l10n.t('sign out if a setting needs it'), flag: 'logoff' },
        { label: '/boot', description: vscode.l10n.t('restart if a setting needs it'), flag: 'boot' },
      ],
      { title: vscode.l10n.t('Update Group Policy (2/2)'), placeHolder: vscode.l10n.t('Options') },
    );
    if (!flags) {
      return undefined;
    }
    choice = { target: target.target, force: flags.some((f) => f.flag === 'force'), logoff: flags.some((f) => f.flag === 'logoff'), boot: flags.some((f) => f.flag === 'boot') };
  }
  if (choice.logoff || choice.boot) {
    const ok = await prompts.confirm(
      choice.boot ? vscode.l10n.t('gpupdate may restart this computer.') : vscode.l10n.t('gpupdate may sign the user out.'),
      vscode.l10n.t('With {0}, Windows signs the user out or restarts the machine when a policy (Folder Redirection, Software Installation, drive maps) needs foreground processing. Unsaved work is lost.', [choice.logoff ? '/logoff' : '', choice.boot ? '/boot' : ''].filter(Boolean).join(' ')),
      choice.boot ? vscode.l10n.t('Update and Allow Restart') : vscode.l10n.t('Update and Allow Sign-out'),
    );
    if (!ok) {
      return undefined;
    }
  }
  const spec = gpupdate(options.windowsPaths ?? DEFAULT_PATHS, choice);
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Updating Group Policy…'), cancellable: true },
    async (_progress, token): Promise<GpupdateOutcome> => {
      const abort = new AbortController();
      const sub = token.onCancellationRequested(() => abort.abort());
      preset?.cancel?.addEventListener('abort', () => abort.abort(), { once: true });
      try {
        const { result, error, text } = await run(deps, spec, abort.signal);
        if (text) {
          deps.log.info(`[gpupdate]\n${text}`);
        }
        if (error) {
          return { exitCode: null, parsed: null, cancelled: error.code === 'cancelled' };
        }
        return { exitCode: result?.exitCode ?? null, parsed: parseGpupdate(text).value, cancelled: false };
      } finally {
        sub.dispose();
      }
    },
  );
  await deps.refresh('afterAction');
  const message = gpupdateMessage(outcome);
  showGpupdateMessage(message);
  return { ...outcome, message };
}

export function gpupdateMessage(outcome: GpupdateOutcome): GpupdateMessage {
  if (outcome.cancelled) {
    return { severity: 'warning', text: 'Group Policy update cancelled.' };
  }
  const parts = [outcome.parsed?.computer, outcome.parsed?.user].filter((p) => p !== null && p !== undefined);
  const failed = outcome.exitCode !== 0 || parts.some((p) => p.outcome === 'failure');
  const warned = parts.some((p) => p.outcome === 'warning');
  const details = parts.flatMap((p) => p.messages).slice(0, 3).join(' ');
  const note = 'Note: gpupdate does not refresh the group list gpresult /r shows, nor the access token; a sign-out/sign-in does.';
  if (failed) {
    return { severity: 'error', text: `Group Policy update failed${outcome.exitCode !== null ? ` (exit ${outcome.exitCode})` : ''}. ${details}`.trim() };
  }
  if (warned) {
    return { severity: 'warning', text: `Group Policy updated with warnings. ${details} ${note}`.trim() };
  }
  return { severity: 'info', text: `Group Policy updated. ${note}` };
}

function showGpupdateMessage({ severity, text }: GpupdateMessage): void {
  const show = severity === 'error' ? vscode.window.showErrorMessage : severity === 'warning' ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
  void show(text, vscode.l10n.t('Show Log')).then((a) => a && vscode.commands.executeCommand(Commands.ShowLog));
}

export function registerActionCommands(deps: ActionDeps): vscode.Disposable[] {
  return [
    vscode.commands.registerCommand(Commands.PurgeTickets, (node?: TreeNode) => purgeTickets(deps, node)),
    vscode.commands.registerCommand(Commands.RenewTgt, (node?: TreeNode) => renewTgt(deps, node)),
    vscode.commands.registerCommand(Commands.GetTicket, (spn?: string) => getFreshTicket(deps, typeof spn === 'string' ? spn : undefined)),
    vscode.commands.registerCommand(Commands.GpUpdate, (preset?: GpupdateRequest) => updateGroupPolicy(deps, preset && typeof preset === 'object' && 'target' in preset ? preset : undefined)),
    vscode.commands.registerCommand(Commands.ReadElevated, async () => {
      if (deps.inspector.collectOptions().platform !== 'windows') {
        void vscode.window.showInformationMessage(vscode.l10n.t('Elevated, SYSTEM and NETWORK SERVICE sessions exist on Windows. Import a user\'s "klist -li 0x3e7" output to inspect them here.'));
        return false;
      }
      return readOtherSessions(deps);
    }),
  ];
}

/** One UAC prompt; declined → a clear message and the rest of the view intact. */
export async function readOtherSessions(deps: ActionDeps): Promise<boolean> {
  const options = deps.inspector.collectOptions();
  const outcome = await vscode.window.withProgress(
    { location: { viewId: 'tti.groups' }, title: vscode.l10n.t('Waiting for the administrator prompt…') },
    () => readElevated(deps.inspector.processRunner, options.windowsPaths ?? DEFAULT_PATHS, deps.context.extensionPath),
  );
  if (!outcome.ok) {
    if (outcome.declined) {
      void vscode.window.showWarningMessage(vscode.l10n.t('The administrator prompt was declined: the elevated, SYSTEM and NETWORK SERVICE sessions were not read. Everything else stays as it was.'));
    } else {
      void vscode.window.showErrorMessage(vscode.l10n.t('Could not read the other sessions: {0}', outcome.message));
    }
    return false;
  }
  deps.inspector.applyElevatedBundle(outcome.text);
  return true;
}
