/** A worker thread of files mode (started by file-threads.ts from its bundle): reads its share and posts the results. */
import { parentPort, workerData } from 'node:worker_threads';
import { checkShare } from './file-share.js';
import type { FileShare } from './file-threads.js';

parentPort?.postMessage(await checkShare(workerData as FileShare));
