import { runWorkerProcess } from '@podpipe/shared/worker-process';
import { ingestStage } from './stage.ts';

await runWorkerProcess([ingestStage]);
