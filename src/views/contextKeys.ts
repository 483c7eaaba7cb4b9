/** Derives the context keys that pick a viewsWelcome state from the model. */
import * as vscode from 'vscode';
import { ContextKeys } from '../constants';
import type { Source } from '../model/types';

export type KerberosState = 'loading' | 'ready' | 'noTickets' | 'toolMissing' | 'toolShadowed' | 'accessDenied' | 'noTgtNetworkLogon' | 'error';
export type GroupsState = 'loading' | 'ready' | 'empty' | 'error';

export function kerberosState(machine: Source | undefined): KerberosState {
  if (!machine) {
    return 'loading';
  }
  const sessions = machine.sessions.filter((s) => s.caches !== undefined);
  if (sessions.some((s) => s.caches?.some((c) => c.tickets.length > 0))) {
    return 'ready';
  }
  const kinds = new Set(machine.sessions.flatMap((s) => s.problems.map((p) => p.kind)));
  if (kinds.has('tool-shadowed')) {
    return 'toolShadowed';
  }
  if (kinds.has('tool-missing')) {
    return 'toolMissing';
  }
  if (kinds.has('access-denied')) {
    return 'accessDenied';
  }
  if (kinds.has('no-tgt-network-logon')) {
    return 'noTgtNetworkLogon';
  }
  if (kinds.has('failed') || kinds.has('timeout')) {
    return 'error';
  }
  return 'noTickets';
}

export function groupsState(machine: Source | undefined): GroupsState {
  if (!machine) {
    return 'loading';
  }
  if (machine.sessions.some((s) => s.groups && s.groups.length > 0)) {
    return 'ready';
  }
  return machine.sessions.some((s) => s.problems.length > 0) ? 'error' : 'empty';
}

export async function updateContextKeys(machine: Source | undefined): Promise<void> {
  await Promise.all([
    vscode.commands.executeCommand('setContext', ContextKeys.Platform, machine?.platform ?? (process.platform === 'win32' ? 'windows' : process.platform === 'darwin' ? 'macos' : 'linux')),
    vscode.commands.executeCommand('setContext', ContextKeys.KerberosState, kerberosState(machine)),
    vscode.commands.executeCommand('setContext', ContextKeys.GroupsState, groupsState(machine)),
    vscode.commands.executeCommand('setContext', ContextKeys.SessionsState, machine?.logonSessions?.length ? 'ready' : machine?.platform === 'windows' ? 'empty' : 'notWindows'),
  ]);
}
