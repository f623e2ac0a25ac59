import { runWorkerProcess } from '@podpipe/shared/worker-process';
import { segmentStage } from './stage.ts';

await runWorkerProcess([segmentStage]);
