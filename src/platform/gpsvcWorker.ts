/**
 * Entry of dist/gpsvcWorker.js: summarizes a GPSVC log on a worker thread and posts the result
 * back (see gpsvcWorkerClient.ts for the messages).
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads';
import type { GpsvcWorkerMessage, GpsvcWorkerTask } from './gpsvcWorkerClient';
import { summarizeGpsvcFile } from './readGpsvcFile';

/** Progress is posted once per this many bytes read: enough for a progress bar, few messages. */
const PROGRESS_STEP = 8 << 20;

async function run(task: GpsvcWorkerTask, post: (message: GpsvcWorkerMessage) => void): Promise<void> {
  let reported = 0;
  const summary = await summarizeGpsvcFile(task.path, {
    ...task.options,
    onProgress: (bytes) => {
      if (bytes - reported >= PROGRESS_STEP) {
        reported = bytes;
        post({ type: 'progress', bytes });
      }
    },
  });
  post({ type: 'summary', summary });
}

if (!isMainThread && parentPort) {
  const port = parentPort;
  run(workerData as GpsvcWorkerTask, (message) => port.postMessage(message)).catch((err: unknown) => {
    port.postMessage({ type: 'error', message: err instanceof Error ? err.message : String(err) } satisfies GpsvcWorkerMessage);
  });
}
