/** The capture worker's own script (source runs and the Electron build; the CLI bundle starts it from peerscope.ts). */
import { runCaptureWorker } from './capture-worker';

runCaptureWorker();
