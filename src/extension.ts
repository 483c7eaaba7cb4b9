/**
 * Activation wires the layers: one runner (the only process seam), one log channel, the
 * store the views read, the refresh manager, commands and the GPSVC language.
 */
import * as os from 'node:os';
import * as vscode from 'vscode';
import { registerCopyCommands } from './commands/copy';
import { registerEvidenceCommands } from './commands/evidence';
import { registerGpsvcCommands } from './commands/gpsvc';
import { registerActionCommands } from './commands/actions';
import { registerDiagnoseCommand } from './commands/diagnose';
import { vscodePrompts } from './commands/prompts';
import type { Prompts } from './commands/prompts';
import { Commands, Settings, Views } from './constants';
import { registerGpsvcLanguage } from './gpsvc';
import type { CollectOptions } from './model/collect';
import { dateOrderSetting } from './model/build';
import { Inspector, currentPlatform } from './model/inspector';
import { InspectorStore } from './model/store';
import { windowsPathsFrom } from './platform/commands';
import { SpawnProcessRunner } from './platform/spawnRunner';
import { describeRun } from './platform/runner';
import type { ProcessRunner } from './platform/runner';
import { updateContextKeys } from './views/contextKeys';
import { GroupsTreeProvider, KerberosTreeProvider, LogonSessionsTreeProvider } from './views/providers';
import { RefreshManager } from './views/refreshManager';
import type { RefreshReason } from './views/refreshManager';
import { TgtStatusBar } from './views/tgtStatus';
import type { TgtStatus } from './model/present';
import type { TreeNode } from './views/nodes';

/** What activate() returns: used by the extension-host tests and by other extensions. */
export interface TtiApi {
  readonly store: InspectorStore;
  readonly inspector: Inspector;
  refreshNow(reason?: RefreshReason): Promise<void>;
  /** Replays recorded outputs (tests, demos) instead of running this machine's tools; undefined restores the real runner. */
  useRunner(runner: ProcessRunner | undefined, options?: Partial<CollectOptions>): void;
  /** Answers the commands' questions (tests cannot click a modal dialog). */
  usePrompts(prompts: Prompts | undefined): void;
  readonly providers: { groups: vscode.TreeDataProvider<TreeNode>; kerberos: vscode.TreeDataProvider<TreeNode>; sessions: vscode.TreeDataProvider<TreeNode> };
  readonly activationMs: number;
  /** What the TGT status bar item shows now (undefined: hidden, nothing read yet). */
  tgtStatus(): TgtStatus | undefined;
}

function collectOptionsFromSettings(): CollectOptions {
  const config = vscode.workspace.getConfiguration(Settings.Section);
  const oem = config.get<number>(Settings.OemCodePage, 0);
  const dateOrder = dateOrderSetting(config.get<string>(Settings.DateOrder));
  let userName: string | undefined;
  try {
    userName = os.userInfo().username;
  } catch {
    userName = process.env.USER;
  }
  // Program overrides are machine settings, and even those are ignored until the workspace is trusted.
  const toolPaths = vscode.workspace.isTrusted
    ? { klist: config.get<string>(Settings.KlistPath, ''), whoami: config.get<string>(Settings.WhoamiPath, ''), gpupdate: config.get<string>(Settings.GpupdatePath, '') }
    : undefined;
  // The server the user's ticket is presented to: a machine setting, honoured in trusted workspaces only.
  const ldapUri = vscode.workspace.isTrusted ? config.get<string>(Settings.LdapUri, '').trim() : '';
  const ldapBaseDn = config.get<string>(Settings.LdapBaseDn, '').trim();
  return {
    ...(toolPaths ? { toolPaths } : {}),
    ...(ldapUri ? { ldap: { uri: ldapUri, ...(ldapBaseDn ? { baseDn: ldapBaseDn } : {}) } } : {}),
    platform: currentPlatform(),
    ...(userName ? { userName } : {}),
    windowsPaths: windowsPathsFrom(process.env, process.arch),
    ...(oem > 0 ? { oemCodePage: oem } : {}),
    ...(dateOrder ? { dateOrder } : {}),
  };
}

export function activate(context: vscode.ExtensionContext): TtiApi {
  const started = performance.now();
  const log = vscode.window.createOutputChannel('Token & Ticket Inspector', { log: true });
  const runner = new SpawnProcessRunner();
  const store = new InspectorStore();
  let optionsOverride: Partial<CollectOptions> = {};
  let prompts: Prompts = vscodePrompts;
  const inspector = new Inspector(store, runner, () => ({ ...collectOptionsFromSettings(), ...optionsOverride }));

  const logRuns = (r: ProcessRunner): (() => void) =>
    r.onDidRun((event) => {
      log.info(describeRun(event));
      const stderr = event.result ? Buffer.from(event.result.stderr).toString('utf8').trim() : (event.error?.stderr ?? '').trim();
      if (stderr) {
        log.warn(`[${event.request.command.split(/[\\/]/).pop() ?? ''}] ${stderr}`);
      }
    });
  let unsubscribeRuns = logRuns(runner);

  const groups = new GroupsTreeProvider(store);
  const kerberos = new KerberosTreeProvider(store);
  const sessions = new LogonSessionsTreeProvider(store);
  const groupsView = vscode.window.createTreeView(Views.Groups, { treeDataProvider: groups, showCollapseAll: true });
  const kerberosView = vscode.window.createTreeView(Views.Kerberos, { treeDataProvider: kerberos, showCollapseAll: true });
  const sessionsView = vscode.window.createTreeView(Views.Sessions, { treeDataProvider: sessions, showCollapseAll: true });

  const refresh = new RefreshManager(
    {
      refresh: async (reason, token) => {
        const abort = new AbortController();
        const sub = token.onCancellationRequested(() => abort.abort());
        try {
          const source = await inspector.refreshMachine(abort.signal);
          log.info(`[refresh] ${reason}: ${source.sessions.length} sessions, ${source.sessions.reduce((n, s) => n + (s.groups?.length ?? 0), 0)} groups, ${source.sessions.reduce((n, s) => n + (s.caches ?? []).reduce((m, c) => m + c.tickets.length, 0), 0)} tickets`);
        } finally {
          sub.dispose();
        }
      },
    },
    [groupsView, kerberosView, sessionsView],
    () => vscode.workspace.getConfiguration(Settings.Section).get<number>(Settings.OnFocusInterval, 60),
    log,
  );

  const unsubscribeStore = store.onDidChange(() => {
    void updateContextKeys(store.machineSource);
    const drift = store.machineSource?.sessions.some((s) => s.cachedCredentials) ?? false;
    groupsView.badge = drift ? { value: 1, tooltip: vscode.l10n.t('This sign-in used cached credentials: the token may hold old groups.') } : undefined;
  });
  void updateContextKeys(undefined);

  const reveal = (sourceId: string): void => {
    const node = groups.getChildren().find((n) => n.id.endsWith(`/${sourceId}`));
    if (node && groupsView.visible) {
      // The node may be gone again before VS Code resolves it (removed at once): nothing to show then.
      groupsView.reveal(node, { expand: true, focus: false, select: true }).then(undefined, () => undefined);
    }
  };

  const tgtStatusBar = new TgtStatusBar(store);
  context.subscriptions.push(
    log,
    { dispose: () => unsubscribeRuns() },
    { dispose: unsubscribeStore },
    groups,
    kerberos,
    sessions,
    groupsView,
    kerberosView,
    sessionsView,
    refresh,
    tgtStatusBar,
    vscode.commands.registerCommand(Commands.Refresh, () => refresh.refreshNow('command')),
    vscode.commands.registerCommand(Commands.ShowLog, () => log.show()),
    ...registerCopyCommands(),
    ...registerEvidenceCommands(inspector, reveal),
    ...registerActionCommands({ inspector, log, refresh: (reason) => refresh.refreshNow(reason), context, prompts: () => prompts }),
    ...registerGpsvcCommands({ inspector, log, extensionPath: context.extensionPath, prompts: () => prompts }),
    ...registerDiagnoseCommand(inspector, () => prompts),
    registerGpsvcLanguage(context, log),
    vscode.workspace.onDidGrantWorkspaceTrust(() => refresh.request('configuration')),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(Settings.Section)) {
        refresh.request('configuration');
      }
    }),
  );

  refresh.request('activation');
  const activationMs = performance.now() - started;
  log.info(`[activate] ${activationMs.toFixed(1)} ms`);

  return {
    store,
    inspector,
    activationMs,
    tgtStatus: () => tgtStatusBar.current,
    providers: { groups, kerberos, sessions },
    refreshNow: (reason: RefreshReason = 'command') => refresh.refreshNow(reason),
    usePrompts: (next) => {
      prompts = next ?? vscodePrompts;
    },
    useRunner: (next, options) => {
      const chosen = next ?? runner;
      unsubscribeRuns();
      unsubscribeRuns = logRuns(chosen);
      optionsOverride = options ?? {};
      inspector.useRunner(chosen, undefined, next === undefined);
      // Another runner reads another machine: what the old one read no longer applies.
      store.setMachine(undefined);
    },
  };
}

export function deactivate(): void {
  // Everything is in context.subscriptions.
}
