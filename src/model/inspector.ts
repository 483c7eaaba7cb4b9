/**
 * Glue without `vscode`: reads this machine into the store and turns pasted evidence into a
 * source. The extension and the `tti snapshot` command share it.
 */
import { ProcessIdMemo, collectDirectorySessions, collectMachine, sessionsFromElevatedBundle } from './collect';
import type { CollectOptions } from './collect';
import { sourceFromEvidence } from './evidence';
import type { InspectorStore } from './store';
import type { Platform, Source } from './types';
import type { ProcessRunner } from '../platform/runner';

export function currentPlatform(p: string = process.platform): Platform {
  return p === 'win32' ? 'windows' : p === 'linux' ? 'linux' : p === 'darwin' ? 'macos' : 'unknown';
}

export class Inspector {
  /** Only while the runner runs this machine's real tools: a replay reads someone else's `id`. */
  private processIdMemo: ProcessIdMemo | undefined = new ProcessIdMemo();

  constructor(
    readonly store: InspectorStore,
    private runner: ProcessRunner,
    private options: () => CollectOptions,
  ) {}

  get processRunner(): ProcessRunner {
    return this.runner;
  }

  /** Test and demo seam: replay recorded outputs instead of running tools. */
  useRunner(runner: ProcessRunner, options?: () => CollectOptions, runsThisMachine = false): void {
    this.runner = runner;
    this.processIdMemo = runsThisMachine ? new ProcessIdMemo() : undefined;
    if (options) {
      this.options = options;
    }
  }

  collectOptions(): CollectOptions {
    return this.options();
  }

  /**
   * Reads this machine into the store. On Linux/macOS in two steps: the token and the tickets
   * first (the views update at once), then the directory lookups, which may cross a VPN to a
   * domain controller; until they answer, the directory's previous answer stays in view.
   */
  async refreshMachine(signal?: AbortSignal): Promise<Source> {
    const memo = this.processIdMemo ? { processIdMemo: this.processIdMemo } : {};
    const options: CollectOptions = { ...this.options(), ...memo, ...(signal ? { signal } : {}) };
    const twoSteps = options.platform === 'linux' || options.platform === 'macos';
    const source = await collectMachine(this.runner, twoSteps ? { ...options, directory: false } : options);
    if (!twoSteps) {
      return this.publish(source);
    }
    const before = this.store.machineSource?.sessions.filter((s) => s.kind === 'directory') ?? [];
    this.publish({ ...source, sessions: [...source.sessions, ...before] });
    const directory = await collectDirectorySessions(this.runner, options, source);
    return this.publish({ ...source, sessions: [...source.sessions, ...directory] });
  }

  /** Sessions read elevated earlier stay until the next elevated read replaces them. */
  private publish(source: Source): Source {
    const extra = this.store.machineSource?.sessions.filter((s) => s.id.startsWith('elevated:')) ?? [];
    const merged: Source = extra.length ? { ...source, sessions: [...source.sessions, ...extra] } : source;
    this.store.setMachine(merged);
    return merged;
  }

  /** Adds the sessions read through the elevated helper (replacing earlier ones). */
  applyElevatedBundle(text: string): Source | undefined {
    const machine = this.store.machineSource;
    if (!machine) {
      return undefined;
    }
    const read = sessionsFromElevatedBundle(text, this.options().dateOrder);
    // Reading VS Code's own session elevated shows the same logon twice: keep the limited one.
    const sessions = [...machine.sessions.filter((s) => !s.id.startsWith('elevated:')), ...read.sessions];
    const next: Source = { ...machine, sessions, ...(read.logonSessions ? { logonSessions: read.logonSessions } : {}), warnings: [...machine.warnings, ...read.warnings] };
    this.store.setMachine(next);
    return next;
  }

  importEvidence(text: string, label: string): { id: string; source: Source } {
    const source = sourceFromEvidence(text, label, this.options().dateOrder);
    const id = this.store.addEvidence(source);
    const added = this.store.find(id);
    return { id, source: added ?? { ...source, id } };
  }
}
