import { runWorkerProcess } from '@podpipe/shared/worker-process';
import { publishStage } from './stage.ts';

await runWorkerProcess([publishStage]);
