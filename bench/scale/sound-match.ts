/**
 * The fixer's sound matching against the built-in names, cold, alone: every run of 1–4 words of the archive corpus
 * (WORDS-word slices of the development transcripts, as fix-cpu.ts reads them) graded by `builtinBySound` at the
 * fixer's bars, once narrowed (what the fixer runs) and once against every name of the buckets (the reference).
 * Prints each way's CPU and whether every answer is the same (it must be).
 *   npx tsx bench/scale/sound-match.ts [episodes] [words]
 */
import { EpisodeMeta } from '../../libs/shared/src/transcript.ts';
import { buildVocabulary } from '../../services/transcribe-fix/src/fix/index.ts';
import { compileVocabulary } from '../../services/transcribe-fix/src/fix/vocabulary/compile.ts';
import { phrasePhonemes } from '../../services/transcribe-fix/src/fix/vocabulary/phonemes.ts';
import { builtinBySound, BUILTIN_MIN_PHONEMES } from '../../services/transcribe-fix/src/fix/vocabulary/sounds-like.ts';
import { archiveText } from './archive-episodes.ts';

const count = Number(process.argv[2] ?? 100);
const words = Number(process.argv[3] ?? 200);
const voc = compileVocabulary(buildVocabulary(EpisodeMeta.parse({ show: 'Archive Show' }), []));
// The fixer's calls: general (unusual / ordinary / "oh" bars), pieces (term, sound-only), a cued place.
const searches: [number, 'term' | 'place' | undefined, boolean][] = [[0.86, undefined, false], [0.93, undefined, false], [0.82, undefined, false], [0.95, 'term', true], [0.78, 'place', true]];
const runs = new Map<string, string[]>();
for (let e = 0; e < count; e++) {
  const text = archiveText(e, words).toLowerCase().replace(/[^a-z' ]/g, ' ').split(/\s+/).filter(Boolean);
  for (let i = 0; i < text.length; i++) {
    for (let n = 1; n <= 4 && i + n <= text.length; n++) {
      const heard = phrasePhonemes(text.slice(i, i + n));
      if (heard.length >= BUILTIN_MIN_PHONEMES - 1) runs.set(heard.join(' '), heard);
    }
  }
}
const heards = [...runs.values()];
builtinBySound(heards[0]!, voc, 0.9); // the buckets, built once
const answers: string[][] = [[], []];
const cpu: number[][] = [[], []];
for (const [way, everyName] of [false, true].entries()) {
  for (const [bar, kind, soundOnly] of searches) {
    const t0 = process.cpuUsage();
    for (const heard of heards) {
      const m = builtinBySound(heard, voc, bar, kind, soundOnly, everyName);
      answers[way]!.push(m ? `${m.variant.entry.term} ${m.similarity}` : '-');
    }
    const c = process.cpuUsage(t0);
    cpu[way]!.push((c.user + c.system) / 1000);
  }
}
const total = (xs: number[]) => xs.reduce((s, x) => s + x, 0);
const differ = answers[0]!.filter((a, i) => a !== answers[1]![i]).length;
const matched = answers[0]!.filter((a) => a !== '-').length;
console.log(`${heards.length} distinct heard runs x ${searches.length} searches: narrowed ${total(cpu[0]!).toFixed(0)} ms, every name ${total(cpu[1]!).toFixed(0)} ms (${(total(cpu[1]!) / total(cpu[0]!)).toFixed(1)}x); ${matched} matches; answers that differ: ${differ}`);
searches.forEach(([bar, kind, soundOnly], i) => console.log(`  bar ${bar} ${kind ?? 'any kind'}${soundOnly ? ' + sound-only list' : ''}: narrowed ${cpu[0]![i]!.toFixed(0)} ms, every name ${cpu[1]![i]!.toFixed(0)} ms`));
if (differ) process.exitCode = 1;
