/**
 * The single source of truth the views read: this machine's snapshot plus imported evidence.
 * No `vscode` here, so the CLI and unit tests share it.
 */
import type { Source } from './types';

export type StoreListener = () => void;

export class InspectorStore {
  private machine: Source | undefined;
  private readonly evidence: Source[] = [];
  private readonly listeners = new Set<StoreListener>();
  private nextEvidence = 1;

  get sources(): readonly Source[] {
    return this.machine ? [this.machine, ...this.evidence] : [...this.evidence];
  }

  get machineSource(): Source | undefined {
    return this.machine;
  }

  get evidenceSources(): readonly Source[] {
    return this.evidence;
  }

  onDidChange(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  setMachine(source: Source | undefined): void {
    this.machine = source;
    this.fire();
  }

  /** Adds imported evidence; returns its id (`evidence:<n>`). */
  addEvidence(source: Omit<Source, 'id'>): string {
    const id = `evidence:${this.nextEvidence++}`;
    this.evidence.push({ ...source, id });
    this.fire();
    return id;
  }

  removeEvidence(id: string): boolean {
    const i = this.evidence.findIndex((s) => s.id === id);
    if (i < 0) {
      return false;
    }
    this.evidence.splice(i, 1);
    this.fire();
    return true;
  }

  find(id: string): Source | undefined {
    return this.sources.find((s) => s.id === id);
  }

  private fire(): void {
    for (const l of this.listeners) {
      l();
    }
  }
}
