// The archive benches' fresh corpus (bench/scale/archive-episodes.ts, ARCHIVE_CORPUS=fresh): the same text for an
// episode in every process, WORDS words, and runs of words that repeat far less than the default slices do.
import { describe, expect, it } from 'vitest';

process.env.ARCHIVE_CORPUS = 'fresh';
const fresh = await import('../bench/scale/archive-episodes.ts');

function fourWordRepeats(text: (i: number) => string, episodes: number): number {
  const seen = new Set<string>();
  let total = 0;
  for (let i = 0; i < episodes; i++) {
    const ws = text(i).split(' ');
    for (let k = 0; k + 4 <= ws.length; k++) {
      seen.add(ws.slice(k, k + 4).join(' '));
      total++;
    }
  }
  return total / seen.size;
}

describe('fresh archive corpus', () => {
  it('is chosen by ARCHIVE_CORPUS and gives each episode the same WORDS words every time', () => {
    expect(fresh.archiveCorpus).toBe('fresh');
    const a = fresh.archiveText(17, 200);
    expect(fresh.archiveText(17, 200)).toBe(a);
    expect(a.split(' ')).toHaveLength(200 + 'episode number 17 of the archive'.split(' ').length);
    expect(fresh.archiveText(18, 200)).not.toBe(a);
  });

  it('repeats its runs of four words far less than slices of the transcripts', () => {
    const freshRepeats = fourWordRepeats((i) => fresh.archiveText(i, 200), 300);
    // 300 slices of 200 words from the ~30k words of transcripts repeat each run ~2×; the substitutions cut that.
    console.log(`fresh corpus, 300 episodes: runs of four words repeat ${freshRepeats.toFixed(3)}×`);
    expect(freshRepeats).toBeLessThan(1.25);
    expect(freshRepeats).toBeGreaterThanOrEqual(1);
  });
});
