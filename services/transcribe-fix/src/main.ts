import { runWorkerProcess } from '@podpipe/shared/worker-process';
import { transcribeFixStage } from './stage.ts';

await runWorkerProcess([transcribeFixStage]);
