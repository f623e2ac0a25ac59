import { UnrecoverableError } from 'bullmq';
import type { TranscribeConfig } from '@podpipe/shared/config';
import type { TranscribeProviderName } from '@podpipe/shared/db/schema';
import type { SpeechProvider } from '../provider.ts';
import { openAiProvider } from './openai.ts';
import { pocketsphinxProvider } from './pocketsphinx.ts';

/** Offline recognition runs one pocketsphinx per core it may use; two keep a small machine responsive. */
const POCKETSPHINX_PROCESSES = 2;

/** The recognizer for an episode: the show's choice when it made one, else the deployment's. */
export function chooseProvider(config: TranscribeConfig, showChoice: TranscribeProviderName | null, onRetry?: (message: string) => void): SpeechProvider {
  const name = showChoice ?? config.provider;
  if (name === 'openai') {
    if (!config.openai) throw new UnrecoverableError('this show uses the openai transcription provider, but PODPIPE_TRANSCRIBE_URL is not set in this deployment');
    return openAiProvider({
      ...config.openai,
      ...(config.language ? { language: config.language } : {}),
      requests: config.requests,
      timeoutMs: config.timeoutMs,
      ...(onRetry ? { onRetry } : {}),
    });
  }
  return pocketsphinxProvider({ concurrency: Math.min(POCKETSPHINX_PROCESSES, config.requests), timeoutMs: config.timeoutMs });
}
