// A skip decided on the stored inputs' digest (preparedStageStart) is right only if every stage's input key depends on
// nothing the digest leaves out: the config that wires a process (WIRING_CONFIG) and the API keys.
import { describe, expect, it } from 'vitest';
import { STAGE_DEFINITIONS } from '@podpipe/control/stages';
import { loadConfig, type Config } from '@podpipe/shared/config';
import type { Episode } from '@podpipe/shared/db/schema';
import { hashJson } from '@podpipe/shared/hash';
import { WIRING_CONFIG, keyedConfig } from '@podpipe/shared/input-key';
import { STAGES } from '@podpipe/shared/jobs';
import type { StageContext } from '@podpipe/shared/stage';

const base = loadConfig({
  PODPIPE_DATA_DIR: '/tmp/podpipe-input-digest',
  PODPIPE_LLM_URL: 'http://llm.example',
  PODPIPE_LLM_API_KEY: 'llm-key',
  PODPIPE_TRANSCRIBE_URL: 'http://asr.example',
  PODPIPE_TRANSCRIBE_API_KEY: 'asr-key',
});

const episode = {
  id: '11111111-1111-4111-8111-111111111111',
  show_id: null,
  guid: 'g',
  title: 'T',
  content_hash: 'c',
  meta: { title: 'T', hosts: ['H'] },
  audio_key: 'a',
  transcript_key: 't',
  duration_sec: 60,
  audio_info: null,
  silences: [],
  warnings: [],
  created_at: new Date(0),
} as unknown as Episode;
// One learned glossary entry seen in 3 other episodes: the fixer picks it at the default minimum count (2), not at 9.
const reads = { showProvider: null, removeFillers: false, glossary: [{ term: 'Kowalska', heard: 'kovalska', kind: 'name', by_hand: false, foundAlone: false, others: 3 }], knownSponsors: [] };

/** Every stage's input key under one config. */
async function keys(config: Config): Promise<string[]> {
  const ctx = { config } as StageContext;
  return Promise.all(STAGES.map(async (s) => hashJson((await STAGE_DEFINITIONS[s].inputKey?.(ctx, episode, reads)) ?? null)));
}

/** Another value of the same kind. */
function other(value: unknown): unknown {
  if (typeof value === 'number') return value + 7;
  if (typeof value === 'boolean') return !value;
  if (typeof value === 'string') return `${value}-other`;
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, other(v)]));
  return 'set';
}

describe('the stored-input digest', () => {
  it('leaves out only config no stage input key reads', async () => {
    const before = await keys(base);
    for (const name of WIRING_CONFIG) {
      const changed = { ...base, [name]: other(base[name]) } as Config;
      expect(await keys(changed), name).toEqual(before);
      expect(keyedConfig(changed)).toEqual(keyedConfig(base));
    }
    const rekeyed = { ...base, llm: { ...base.llm!, apiKey: 'new' }, transcribe: { ...base.transcribe, openai: { ...base.transcribe.openai!, apiKey: 'new' } } };
    expect(await keys(rekeyed)).toEqual(before);
    expect(keyedConfig(rekeyed)).toEqual(keyedConfig(base));
  });

  it('keeps every config an input key reads', async () => {
    // The fields the stages' keys read today: each changes both a key and the keyed config.
    const read: [keyof Config, unknown][] = [
      ['publicBaseUrl', 'http://cdn.example'],
      ['publishKeepVersions', 9],
      ['chapters', { minChapterSec: 10, maxChapterSec: 20 }],
      ['glossaryMinCount', 9],
      ['llm', { baseUrl: 'http://other', model: 'm2' }],
      ['limits', { ...base.limits, words: 7 }],
      ['transcribe', { ...base.transcribe, pieceSec: 7 }],
    ];
    const before = await keys(base);
    for (const [name, value] of read) {
      const changed = { ...base, [name]: value } as Config;
      expect(await keys(changed), name).not.toEqual(before);
      expect(keyedConfig(changed), name).not.toEqual(keyedConfig(base));
    }
  });
});
