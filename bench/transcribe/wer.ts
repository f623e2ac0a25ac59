/**
 * Word error rate of the offline recognizer (pocketsphinx + the Debian en-us model) on REAL recorded speech: the
 * LibriVox read-book utterances and the spoken card names shipped in Debian's pocketsphinx-testdata, with their
 * reference transcriptions. Each recording goes through the same path as an episode (ffmpeg cut to 16 kHz mono,
 * pocketsphinx, stitch), and the real-time factor is measured in the same run.
 * With --sample, also the bundled 4-minute sample episode (synthesized speech, its raw transcript as reference) the
 * way the stage hears an episode: cut at silences into two-minute pieces, two recognizers at once.
 * Run: nice npx tsx bench/transcribe/wer.ts [--sample]   (needs: apt-get install pocketsphinx pocketsphinx-en-us pocketsphinx-testdata)
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { analyzeAudio, probeAudio } from '../../services/ingest/src/audio/audio.ts';
import { pocketsphinxProvider } from '../../services/transcribe/src/providers/pocketsphinx.ts';
import { recognizeEpisode } from '../../services/transcribe/src/recognize/episode.ts';

const DATA = '/usr/share/pocketsphinx/test/data';

/** "<s> words </s> (id)" lines of a Sphinx transcription file. */
function references(file: string): { id: string; text: string }[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      const m = /^(.*)\((\S+)\)\s*$/.exec(line.trim());
      return m ? [{ id: m[2]!, text: m[1]!.replace(/<\/?s>/g, ' ') }] : [];
    });
}

const normalize = (text: string) => text.toLowerCase().replace(/[^a-z' ]+/g, ' ').split(/\s+/).filter(Boolean);

/** Word-level edit distance (substitutions + deletions + insertions). */
function editDistance(ref: string[], hyp: string[]): number {
  let prev = Array.from({ length: hyp.length + 1 }, (_, j) => j);
  for (let i = 1; i <= ref.length; i++) {
    const cur = [i];
    for (let j = 1; j <= hyp.length; j++) cur.push(Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (ref[i - 1] === hyp[j - 1] ? 0 : 1)));
    prev = cur;
  }
  return prev[hyp.length]!;
}

const sets = [
  { name: 'librivox (read book, 16 kHz)', refs: references(path.join(DATA, 'librivox/transcription')), wav: (id: string) => path.join(DATA, 'librivox', `${id}.wav`) },
  { name: 'cards (spoken card names)', refs: references(path.join(DATA, 'cards/cards.transcription')), wav: (id: string) => path.join(DATA, 'cards', `${id}.wav`) },
];
if (!existsSync(DATA)) throw new Error(`${DATA} not found: apt-get install pocketsphinx-testdata`);

const provider = pocketsphinxProvider({ concurrency: 1, timeoutMs: 120_000 });
let allErrors = 0;
let allWords = 0;
let allAudio = 0;
let allMs = 0;
for (const set of sets) {
  let errors = 0;
  let words = 0;
  let audioSec = 0;
  let ms = 0;
  let confidence = 0;
  let heardWords = 0;
  for (const ref of set.refs) {
    const wav = set.wav(ref.id);
    const durationSec = Number(execFileSync('ffprobe', ['-v', 'error', '-show_entries', 'format=duration', '-of', 'csv=p=0', wav], { encoding: 'utf8' }).trim());
    const started = performance.now();
    const heard = await recognizeEpisode(provider, { path: wav, durationSec, silences: [] }, { prompt: '', pieceSec: 600 });
    ms += performance.now() - started;
    audioSec += durationSec;
    const r = normalize(ref.text);
    const h = normalize(heard.words.map((w) => w.text).join(' '));
    const e = editDistance(r, h);
    errors += e;
    words += r.length;
    confidence += heard.words.reduce((a, w) => a + (w.confidence ?? 0), 0);
    heardWords += heard.words.length;
    console.log(`  ${ref.id.padEnd(44)} WER ${(e / r.length).toFixed(3)}  ref: ${r.join(' ')}\n  ${''.padEnd(44)}            hyp: ${h.join(' ')}`);
  }
  console.log(`${set.name}: WER ${(errors / words).toFixed(3)} (${errors} errors / ${words} words), mean confidence ${(confidence / Math.max(1, heardWords)).toFixed(3)}, ${audioSec.toFixed(1)} s audio in ${(ms / 1000).toFixed(1)} s (real-time factor ${(ms / 1000 / audioSec).toFixed(2)})\n`);
  allErrors += errors;
  allWords += words;
  allAudio += audioSec;
  allMs += ms;
}
console.log(`all real speech: WER ${(allErrors / allWords).toFixed(3)} (${allErrors} / ${allWords} words), real-time factor ${(allMs / 1000 / allAudio).toFixed(2)}`);

if (process.argv.includes('--sample')) {
  const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../../examples/sample');
  const file = path.join(root, 'episode.mp3');
  const { durationSec } = await probeAudio(file);
  const { silences } = await analyzeAudio(file, { durationSec });
  const twoAtOnce = pocketsphinxProvider({ concurrency: 2, timeoutMs: 600_000 });
  const started = performance.now();
  const heard = await recognizeEpisode(twoAtOnce, { path: file, durationSec, silences }, { prompt: '', pieceSec: twoAtOnce.maxPieceSec ?? 120 });
  const sec = (performance.now() - started) / 1000;
  const r = normalize(readFileSync(path.join(root, 'episode.txt'), 'utf8'));
  const h = normalize(heard.words.map((w) => w.text).join(' '));
  const e = editDistance(r, h);
  const conf = heard.words.reduce((a, w) => a + (w.confidence ?? 0), 0) / Math.max(1, heard.words.length);
  console.log(`\nbundled sample (synthesized speech): WER ${(e / r.length).toFixed(3)} (${e} / ${r.length} words), mean confidence ${conf.toFixed(3)}, ${heard.pieces} pieces, ${durationSec.toFixed(1)} s audio in ${sec.toFixed(1)} s (real-time factor ${(sec / durationSec).toFixed(2)})`);
}
