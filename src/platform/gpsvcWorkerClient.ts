/**
 * Summarizes GPSVC logs on a worker thread (dist/gpsvcWorker.js), so the extension host's thread
 * stays free while a large log is read (1 GB takes seconds) and a cancel stops the read at once.
 * This file does not load the summarizer itself: it stays out of the extension bundle.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { GpsvcSummary } from '../parse/gpsvcSummary';
import { gpsvcAbortError } from './abort';
import type { SummarizeGpsvcFileOptions } from './readGpsvcFile';

/** What the worker is asked to do (its workerData: plain data, no callbacks or signals). */
export interface GpsvcWorkerTask {
  path: string;
  options: GpsvcFileWorkerOptions;
}

/** summarizeGpsvcFile's options that can be posted to a worker (no callback, no signal). */
export type GpsvcFileWorkerOptions = Omit<SummarizeGpsvcFileOptions, 'onProgress' | 'signal'>;

export type GpsvcWorkerMessage = { type: 'progress'; bytes: number } | { type: 'summary'; summary: GpsvcSummary } | { type: 'error'; message: string };

export interface SummarizeInWorkerOptions extends GpsvcFileWorkerOptions {
  onProgress?: (bytesRead: number, total: number) => void;
  signal?: AbortSignal;
  /** The worker script; default gpsvcWorker.js next to the bundle that loads this module. */
  workerScript?: string;
}

/**
 * summarizeGpsvcFile (readGpsvcFile.ts) on a worker thread. Rejects when the worker reports an
 * error or exits without a result; an abort terminates the worker and rejects with an AbortError.
 */
export async function summarizeGpsvcFileInWorker(file: string, options: SummarizeInWorkerOptions = {}): Promise<GpsvcSummary> {
  const { onProgress, signal, workerScript, ...plain } = options;
  if (signal?.aborted) {
    throw gpsvcAbortError(signal);
  }
  const script = workerScript ?? path.join(__dirname, 'gpsvcWorker.js');
  if (!fs.existsSync(script)) {
    throw new Error(`The GPSVC worker is missing: ${script}`);
  }
  const total = (await fs.promises.stat(file)).size;
  const task: GpsvcWorkerTask = { path: file, options: plain };
  // No environment of ours reaches the worker: it reads one file and posts plain data back.
  const worker = new Worker(script, { workerData: task, env: {} });
  return new Promise<GpsvcSummary>((resolve, reject) => {
    const finish = (err: Error | null, summary?: GpsvcSummary): void => {
      signal?.removeEventListener('abort', onAbort);
      worker.removeAllListeners();
      // A late 'error' after terminate must not go unhandled.
      worker.on('error', () => undefined);
      void worker.terminate();
      if (err || !summary) {
        reject(err ?? new Error('The GPSVC worker ended without a summary.'));
      } else {
        resolve(summary);
      }
    };
    const onAbort = (): void => finish(gpsvcAbortError(signal));
    signal?.addEventListener('abort', onAbort, { once: true });
    worker.on('message', (message: GpsvcWorkerMessage) => {
      if (message.type === 'progress') {
        onProgress?.(message.bytes, total);
      } else if (message.type === 'error') {
        finish(new Error(message.message));
      } else {
        onProgress?.(total, total);
        finish(null, message.summary);
      }
    });
    worker.on('error', (err: Error) => finish(err));
    worker.on('exit', (code) => finish(new Error(`The GPSVC worker stopped (exit code ${code}) before it reported.`)));
  });
}
