// The show learns: corrections applied on one episode land in the show's glossary (with counts) in Postgres
// and are used on the show's next episode, whose metadata no longer names the guest.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitForEpisode } from '@podpipe/control/episodes';
import { STAGE_DEFINITIONS } from '@podpipe/control/stages';
import { addGlossaryTerm, setShowOptions } from '@podpipe/control/shows';
import { registerEpisode } from '@podpipe/ingest/register';
import { runStage } from '@podpipe/shared/stage';
import { recordSightings } from '@podpipe/transcribe-fix/stage';
import { useHarness } from './support/harness.ts';
import type { FixedWord } from '@podpipe/shared/transcript';

const h = useHarness({ workers: true });

async function processTranscript(name: string, text: string, meta: object) {
  const file = path.join(h.env.dataDir, `${name}.txt`);
  writeFileSync(file, text);
  const reg = await registerEpisode(h.rt.db, h.rt.buckets, { transcriptPath: file, meta });
  const episode = await waitForEpisode(h.rt.db, reg.episodeId, reg.generation, { timeoutMs: 60_000 });
  expect(episode.error).toBeNull();
  const corrected = await h.rt.db.selectFrom('transcripts').select('words').where('episode_id', '=', episode.id).where('version', '=', 'corrected').executeTakeFirstOrThrow();
  return { episode, text: (corrected.words as FixedWord[]).map((w) => w.text).join(' ') };
}

const glossary = () => h.rt.db.selectFrom('glossary').select(['term', 'heard', 'count']).where('term', '=', 'Andrew Ng').execute();

describe('show glossary', () => {
  it('stores the corrections of one episode and applies them to the next one of the same show', async () => {
    const first = await processTranscript(
      'ep1',
      'welcome to deep talk here is my conversation with andrew eng he taught machine learning at a big university and andrew eng co-founded an online school',
      { show: 'Deep Talk', guests: ['Andrew Ng'] },
    );
    expect(first.text).toContain('Andrew Ng');
    expect(await glossary()).toEqual([{ term: 'Andrew Ng', heard: 'andrew eng', count: 2 }]);

    const second = await processTranscript('ep2', 'welcome back to deep talk last week andrew eng told us about teaching and today we talk about robots', { show: 'Deep Talk' });
    expect(second.text).toContain('Andrew Ng');
    const edits = await h.rt.db.selectFrom('transcripts').select('edits').where('episode_id', '=', second.episode.id).where('version', '=', 'corrected').executeTakeFirstOrThrow();
    expect(edits.edits).toContainEqual(expect.objectContaining({ before: 'andrew eng', after: 'Andrew Ng' }));
    expect(await glossary()).toEqual([{ term: 'Andrew Ng', heard: 'andrew eng', count: 3 }]);
  });

  it('keeps counts right when an episode is corrected again', async () => {
    const first = await h.rt.db.selectFrom('episodes').select(['id', 'generation']).orderBy('created_at').limit(1).executeTakeFirstOrThrow();
    await runStage(STAGE_DEFINITIONS['transcribe-fix'], h.rt, { episodeId: first.id, generation: first.generation, force: true }, { attemptsMade: 0, id: 'again' });
    expect(await glossary()).toEqual([{ term: 'Andrew Ng', heard: 'andrew eng', count: 3 }]);
  });

  it('uses terms an operator adds by hand, and the show option to drop fillers', async () => {
    await addGlossaryTerm(h.rt.db, 'deep-talk', { term: 'Pieter Abbeel', heard: 'peter erbil', kind: 'person' });
    expect(await setShowOptions(h.rt.db, 'deep-talk', { removeFillers: true })).toMatchObject({ remove_fillers: true });
    const third = await processTranscript('ep3', 'um today uh we welcome peter erbil who works on robot learning', { show: 'Deep Talk' });
    expect(third.text).toContain('Pieter Abbeel');
    expect(third.text).not.toMatch(/\b(um|uh)\b/i);
  });

  it('counts a hand-made entry once on top of its sightings, keeps it when unsighted, and drops learned forms no episode sights', async () => {
    const entry = () => h.rt.db.selectFrom('glossary').select(['heard', 'count', 'by_hand']).where('term', '=', 'Pieter Abbeel').execute();
    expect(await entry()).toEqual([{ heard: 'peter erbil', count: 2, by_hand: true }]); // entered once + sighted once in ep3
    const episodes = await h.rt.db.selectFrom('episodes').select(['id', 'show_id']).orderBy('created_at').execute();
    const [ep1, , ep3] = episodes;
    // Both episodes corrected again and no longer sighting anything (as after a fixer change).
    await h.rt.db.transaction().execute((trx) => recordSightings(trx, ep3!.show_id!, ep3!.id, []));
    expect(await entry()).toEqual([{ heard: 'peter erbil', count: 1, by_hand: true }]);
    await h.rt.db.transaction().execute((trx) => recordSightings(trx, ep1!.show_id!, ep1!.id, []));
    expect(await glossary()).toEqual([{ term: 'Andrew Ng', heard: 'andrew eng', count: 1 }]); // ep2's one sighting
    await addGlossaryTerm(h.rt.db, 'deep-talk', { term: 'Andrew Ng', heard: 'andrew eng', kind: 'person' });
    await addGlossaryTerm(h.rt.db, 'deep-talk', { term: 'Andrew Ng', heard: 'andrew eng', kind: 'person' }); // twice is once
    expect(await glossary()).toEqual([{ term: 'Andrew Ng', heard: 'andrew eng', count: 2 }]);
    const ep2 = episodes[1]!;
    await h.rt.db.transaction().execute((trx) => recordSightings(trx, ep2.show_id!, ep2.id, []));
    expect(await glossary()).toEqual([{ term: 'Andrew Ng', heard: 'andrew eng', count: 1 }]);
  });
});
