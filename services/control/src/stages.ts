import { ingestStage } from '@podpipe/ingest/stage';
import { publishStage } from '@podpipe/publish/stage';
import { segmentStage } from '@podpipe/segment/stage';
import type { StageName } from '@podpipe/shared/jobs';
import type { AnyStage } from '@podpipe/shared/runtime';
import { transcribeFixStage } from '@podpipe/transcribe-fix/stage';
import { transcribeStage } from '@podpipe/transcribe/stage';

/** Every stage, by name: `podpipe up`/`process` run them all in one process, `podpipe worker <stage>` one. */
export const STAGE_DEFINITIONS: Record<StageName, AnyStage> = {
  ingest: ingestStage,
  transcribe: transcribeStage,
  'transcribe-fix': transcribeFixStage,
  segment: segmentStage,
  publish: publishStage,
};
