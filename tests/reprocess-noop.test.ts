// Reprocessing an unchanged archive re-runs no stage, the first time as well: the show's glossary grows with every
// episode, but the fixer's input (and so its fingerprint) holds only the entries that can change its output.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitForEpisode } from '@podpipe/control/episodes';
import { planReprocess } from '@podpipe/control/reprocess-plan';
import { registerEpisode, reprocessEpisodes } from '@podpipe/ingest/register';
import { episodeWithHistory } from '@podpipe/shared/input-key';
import { STAGES } from '@podpipe/shared/jobs';
import { glossaryCandidates } from '@podpipe/transcribe-fix/glossary';
import { STAGE_DEFINITIONS } from '@podpipe/control/stages';
import { useHarness } from './support/harness.ts';

const h = useHarness({ workers: true });

const EPISODES = [
  { text: 'welcome to the garden hour my guest today is marta kovalska and marta kovalska grows tomatoes on a roof', meta: { show: 'Garden Hour', guests: ['Marta Kowalska'] } },
  { text: 'back on the garden hour we talk about compost and what marta kovalska told us about worms', meta: { show: 'Garden Hour' } },
  { text: 'the garden hour today covers seeds and marta kovalska will join us next week with olek novak', meta: { show: 'Garden Hour', guests: ['Olek Nowak'] } },
  { text: 'olek novak and marta kovalska return to the garden hour to talk about rain barrels and olek novak builds one', meta: { show: 'Garden Hour' } },
];

describe('reprocessing an unchanged archive', () => {
  it('re-runs zero stages on the first reprocess of every episode', async () => {
    for (const [i, ep] of EPISODES.entries()) {
      const file = path.join(h.env.dataDir, `garden-${i}.txt`);
      writeFileSync(file, ep.text);
      const reg = await registerEpisode(h.rt.db, h.rt.buckets, { transcriptPath: file, meta: ep.meta });
      const done = await waitForEpisode(h.rt.db, reg.episodeId, reg.generation, { timeoutMs: 60_000 });
      expect(done.error).toBeNull();
    }
    const glossary = await h.rt.db.selectFrom('glossary').select(['term', 'heard']).execute();
    expect(glossary.length).toBeGreaterThan(0); // the show learned something, so its glossary moved after episode 1

    const requests = await reprocessEpisodes(h.rt.db, { showSlug: 'garden-hour', background: true });
    expect(requests).toHaveLength(EPISODES.length);
    for (const r of requests) await waitForEpisode(h.rt.db, r.episodeId, r.generation, { timeoutMs: 60_000 });
    const runs = await h.rt.db.selectFrom('stage_runs').select(['stage', 'status']).where('generation', '=', 2).execute();
    expect(runs).toHaveLength(EPISODES.length * STAGES.length);
    expect(runs.filter((r) => r.status !== 'skipped')).toEqual([]);
  });

  it('says with --dry-run what each stage would do and which input changed, and changes nothing', async () => {
    const plans = await planReprocess(h.rt, { showSlug: 'garden-hour' });
    expect(plans).toHaveLength(EPISODES.length);
    expect(plans.flatMap((p) => p.stages.map((s) => s.verdict))).toEqual(Array(EPISODES.length * STAGES.length).fill('skip'));

    await h.rt.db.updateTable('shows').set({ remove_fillers: true }).where('slug', '=', 'garden-hour').execute();
    const before = await h.rt.db.selectFrom('episodes').select(['id', 'generation']).orderBy('id').execute();
    const [plan] = await planReprocess(h.rt, { episodeIds: [plans[0]!.episodeId] });
    const fix = STAGES.indexOf('transcribe-fix');
    expect(plan!.stages).toEqual([
      ...STAGES.slice(0, fix).map((stage) => ({ stage, verdict: 'skip', why: [] })),
      { stage: 'transcribe-fix', verdict: 'check', why: ['removeFillers changed'] },
      ...STAGES.slice(fix + 1).map((stage) => ({ stage, verdict: 'follows', why: ['after transcribe-fix'] })),
    ]);
    expect((await planReprocess(h.rt, { episodeIds: [plans[0]!.episodeId] }, { force: true }))[0]!.stages.every((s) => s.verdict === 'run')).toBe(true);
    expect(await h.rt.db.selectFrom('episodes').select(['id', 'generation']).orderBy('id').execute()).toEqual(before);
  });

  it('reads the input keys\' show, glossary and sponsors with the episode as the stages load them', async () => {
    const episodes = await h.rt.db.selectFrom('episodes').select(['id', 'show_id']).orderBy('created_at').execute();
    // One sponsor read elsewhere in the show, so the other episodes' known sponsors are not all empty.
    await h.rt.db.updateTable('chapters').set({ sponsor: 'Acme Seeds' }).where('episode_id', '=', episodes[0]!.id).where('idx', '=', 0).execute();
    let nonEmpty = 0;
    for (const { id, show_id } of episodes) {
      const show = await h.rt.db.selectFrom('shows').selectAll().where('id', '=', show_id!).executeTakeFirstOrThrow();
      const read = async (stage: 'transcribe' | 'transcribe-fix' | 'segment') => {
        const found = await episodeWithHistory(h.rt.db, id, stage, STAGE_DEFINITIONS[stage].inputReads!(h.rt.db));
        expect(found!.episode.id).toBe(id);
        return STAGE_DEFINITIONS[stage].inputKey!(h.rt, found!.episode, found!.reads) as Record<string, unknown>;
      };
      expect((await read('transcribe')).showProvider).toBe(show.transcribe_provider);
      const fix = await read('transcribe-fix');
      expect(fix.removeFillers).toBe(show.remove_fillers);
      const candidates = await glossaryCandidates(h.rt.db, show_id!, id, h.rt.config.glossaryMinCount);
      expect(fix.glossary).toEqual(candidates);
      nonEmpty += candidates.length ? 1 : 0;
      const sponsors = await h.rt.db
        .selectFrom('chapters')
        .innerJoin('episodes', 'episodes.id', 'chapters.episode_id')
        .select('sponsor')
        .distinct()
        .where('episodes.show_id', '=', show_id!)
        .where('episodes.id', '!=', id)
        .where('sponsor', 'is not', null)
        .orderBy('sponsor')
        .execute();
      expect((await read('segment')).knownSponsors).toEqual(sponsors.map((s) => s.sponsor));
      nonEmpty += sponsors.length ? 1 : 0;
    }
    expect(nonEmpty).toBeGreaterThan(episodes.length); // both lists were compared with something in them
  });
});
