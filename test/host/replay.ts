/**
 * Recordings of real Windows outputs (test/fixtures, from the corpus) keyed by the exact
 * argument vectors the extension runs. The elevated helper's bundle is our own format holding
 * real outputs between its marker lines.
 */
import * as fs from 'node:fs';
import { ReplayRunner } from '../../src/platform/replayRunner';
import type { Recording } from '../../src/platform/replayRunner';
import type { RunRequest } from '../../src/platform/runner';
import { fixture } from './helpers';

export const WINDOWS_OPTIONS = {
  platform: 'windows' as const,
  oemCodePage: 437,
  windowsPaths: { systemRoot: 'C:\\Windows', wow64: false },
};

export function limitedRecordings(klistFixture = 'klist-windows/klist-2-and-3-tickets-aes-rc4-lab-vx.txt'): Recording[] {
  return [
    { tool: 'whoami', args: ['/all'], stdout: fixture('whoami/en-local-admin-uac-filtered-whoami-all-hacktricks.txt') },
    { tool: 'klist', args: [], stdout: fixture(klistFixture) },
    { tool: 'klist', args: ['sessions'], stdout: fixture('klist-windows/klist-sessions-22-sessions-server.txt') },
  ];
}

export function elevatedBundle(): string {
  return [
    '### tti:whoami',
    fixture('whoami/en-elevated-domain-user-high-whoami-all.txt'),
    '### tti:klist:current',
    fixture('klist-windows/klist-get-li-targeted-logonid-3-tickets.txt'),
    '### tti:klist:0x3e7',
    fixture('klist-windows/klist-tabs-computer-account-tgt-forwarded.txt'),
    '### tti:klist-sessions',
    fixture('klist-windows/klist-sessions-22-sessions-server.txt'),
  ].join('\r\n');
}

/** Writes `text` where an elevated script of ours would: the `-OutFile` its launch names. */
export function writeOutFile(request: RunRequest, text: string): void {
  const command = request.args[request.args.length - 1] ?? '';
  const m = /'-OutFile','([^']+)'/.exec(command);
  if (!m?.[1]) {
    throw new Error(`no -OutFile in ${command}`);
  }
  fs.writeFileSync(m[1], text, 'utf8');
}

/** The powershell launch: writes the bundle where the real script would, or is declined. */
export function elevatedRecording(outcome: 'ok' | 'declined'): Recording {
  return {
    tool: 'powershell',
    args: [],
    matchArgs: (args) => args.includes('-Command') && args.some((a) => a.includes('-Verb RunAs')),
    ...(outcome === 'ok'
      ? {
          exitCode: 0,
          sideEffect: (request) => writeOutFile(request, elevatedBundle()),
        }
      : { exitCode: 1, stderr: 'Start-Process : This command cannot be run due to the error: The operation was canceled by the user.' }),
  };
}

export function windowsRunner(recordings: Recording[] = limitedRecordings()): ReplayRunner {
  return new ReplayRunner(recordings);
}
