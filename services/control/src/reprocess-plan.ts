import { changedParts, episodeWithHistory, inputParts } from '@podpipe/shared/input-key';
import { STAGES, type StageName } from '@podpipe/shared/jobs';
import type { StageContext } from '@podpipe/shared/stage';
import { selectEpisodes, type ReprocessFilter } from '@podpipe/ingest/register';
import { STAGE_DEFINITIONS } from './stages.ts';

/**
 * What a reprocess would do at one stage, decided from the same input keys runStage compares:
 * - skip: every input part is as at the last run;
 * - run: it never ran, its code changed, or --force;
 * - check: some input changed; the stage loads and compares its full fingerprint (it may still skip);
 * - follows: an earlier stage runs or checks, so this one sees its output first.
 */
export type StageVerdict = 'skip' | 'run' | 'check' | 'follows';

export interface StagePlan {
  stage: StageName;
  verdict: StageVerdict;
  /** Why, in a few words: the changed parts, "code", "never ran", "after ingest". */
  why: string[];
}

export interface EpisodePlan {
  episodeId: string;
  title: string | null;
  stages: StagePlan[];
}

/** `podpipe reprocess --dry-run`: what each stage of each selected episode would do, and why. Changes nothing. */
export async function planReprocess(ctx: StageContext, filter: ReprocessFilter, opts: { force?: boolean } = {}): Promise<EpisodePlan[]> {
  const episodes = await ctx.db.selectFrom('episodes').selectAll().where('id', 'in', selectEpisodes(ctx.db, filter)).orderBy('created_at').execute();
  const plans: EpisodePlan[] = [];
  for (const episode of episodes) {
    const stages: StagePlan[] = [];
    for (const stage of STAGES) {
      const earlier = stages.find((s) => s.verdict !== 'skip');
      if (opts.force) stages.push({ stage, verdict: 'run', why: ['--force'] });
      else if (earlier) stages.push({ stage, verdict: 'follows', why: [`after ${earlier.stage}`] });
      else stages.push(await planStage(ctx, stage, episode));
    }
    plans.push({ episodeId: episode.id, title: episode.title, stages });
  }
  return plans;
}

async function planStage(ctx: StageContext, stage: StageName, episode: Parameters<typeof inputParts>[2]): Promise<StagePlan> {
  const def = STAGE_DEFINITIONS[stage];
  const found = await episodeWithHistory(ctx.db, episode.id, stage, def.inputReads?.(ctx.db));
  if (!found) return { stage, verdict: 'run', why: ['episode deleted meanwhile'] };
  const { history, reads } = found;
  const previous = history.get(stage);
  if (!previous) return { stage, verdict: 'run', why: ['never ran'] };
  const now = await inputParts(def, ctx, episode, history, reads);
  if (!now) return { stage, verdict: 'check', why: ['no input key: compares its fingerprint after loading'] };
  if (!previous.input_parts) return { stage, verdict: 'check', why: ['last run predates input keys'] };
  const changed = changedParts(previous.input_parts, now);
  if (!changed.length) return { stage, verdict: 'skip', why: [] };
  return { stage, verdict: changed.includes('code') ? 'run' : 'check', why: changed.map((c) => (c === 'code' ? 'code changed' : `${c} changed`)) };
}

/** One line per episode, then per stage how many would run, check, follow or skip. */
export function planLines(plans: EpisodePlan[]): string[] {
  const lines = plans.map(
    (p) =>
      `${p.episodeId.slice(0, 8)} ${(p.title ?? '(untitled)').slice(0, 40).padEnd(40)} ` +
      p.stages.map((s) => `${s.stage} ${s.verdict}${s.why.length ? ` (${s.why.join(', ')})` : ''}`).join(' · '),
  );
  const counts = STAGES.map((stage) => {
    const n = (v: StageVerdict) => plans.filter((p) => p.stages.find((s) => s.stage === stage)?.verdict === v).length;
    return `${stage}: ${n('run')} run, ${n('check')} check, ${n('follows')} follow, ${n('skip')} skip`;
  });
  return [...lines, `${plans.length} episode(s); ${counts.join('; ')}`];
}
