/**
 * The conformance gate over the whole development set: every shared episode through `podpipe process`, then every
 * exported artifact read back again as a consumer would (checkConformance: WebVTT and SRT parsers, the JSON
 * Schemas with ajv, the feed item rules), plus the soundbites' bounds.
 *
 *   npx tsx bench/contract/conformance.ts [--audio] [--only NAME[,NAME…]]
 *
 * Transcript only by default (fast; times estimated); --audio adds each episode's audio.
 * Uses DATABASE_URL / REDIS_URL when set, else the embedded services, like `podpipe process`.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { checkConformance, soundbiteDurations } from '../../services/publish/src/conformance.ts';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const samples = path.resolve(root, '../shared/samples');
const podpipe = path.join(root, 'services/control/bin/podpipe.mjs');
const argv = process.argv.slice(2);
const withAudio = argv.includes('--audio');
const only = argv.includes('--only') ? argv[argv.indexOf('--only') + 1]!.split(',') : undefined;

const episodes = fs
  .readdirSync(samples)
  .flatMap((dir) =>
    fs
      .readdirSync(path.join(samples, dir))
      .filter((f) => f.endsWith('.raw.txt'))
      .map((f) => ({ name: `${dir}/${f.replace(/\.raw\.txt$/, '')}`, dir: path.join(samples, dir), stem: f.replace(/\.raw\.txt$/, '') })),
  )
  .filter((e) => !only || only.some((o) => e.name.includes(o)));

const out = fs.mkdtempSync(path.join(os.tmpdir(), 'podpipe-conformance-'));
console.log(`${withAudio ? 'audio + raw transcript' : 'transcript only (times estimated)'}; ${new Date().toISOString()}`);
console.log('| episode | files checked | conformance problems | soundbites | quotes as published before (outside 15–60 s / over 128 chars) | time |');
console.log('| --- | --- | --- | --- | --- | --- |');
// Rows print as episodes finish: a long run shows its progress.
const rows = { push: (row: string) => console.log(row) };
let failing = 0;
for (const ep of episodes) {
  const dir = path.join(out, ep.name.replace('/', '__'));
  const args = [podpipe, 'process'];
  const audio = path.join(ep.dir, `${ep.stem}.mp3`);
  if (withAudio && fs.existsSync(audio)) args.push(audio);
  args.push('--transcript', path.join(ep.dir, `${ep.stem}.raw.txt`), '--out', dir, '--force');
  if (fs.existsSync(path.join(ep.dir, 'episode.meta.json'))) args.push('--meta', path.join(ep.dir, 'episode.meta.json'));
  const started = Date.now();
  try {
    await run(process.execPath, args, { cwd: root, maxBuffer: 64 << 20, env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' } });
  } catch (err) {
    failing++;
    rows.push(`| ${ep.name} | - | process failed: ${((err as { stderr?: string }).stderr ?? String(err)).trim().split('\n').pop()} | - | - | - |`);
    continue;
  }
  const files = Object.fromEntries(fs.readdirSync(dir).filter((f) => !f.startsWith('audio')).map((f) => [f, fs.readFileSync(path.join(dir, f), 'utf8')]));
  const problems = checkConformance(files);
  const bites = soundbiteDurations(files['feed-item.xml'] ?? '<item/>');
  const outside = bites.filter((d) => d < 15 || d > 60).length;
  if (problems.length || outside) failing++;
  // Before this contract every quote became a soundbite as it was, its title cut at 127 characters wherever that fell.
  const quotes = (JSON.parse(files['episode.json'] ?? '{}') as { quotes?: { text: string; duration: number }[] }).quotes ?? [];
  const before = `${quotes.filter((q) => q.duration < 15 || q.duration > 60).length} / ${quotes.filter((q) => q.text.length > 128).length} of ${quotes.length}`;
  const biteText = bites.length ? `${bites.length} (${Math.min(...bites).toFixed(1)}–${Math.max(...bites).toFixed(1)} s)` : '0';
  rows.push(`| ${ep.name} | ${Object.keys(files).length} | ${problems.length ? problems.map((p) => `${p.file}: ${p.problem}`).join('; ') : 'none'} | ${biteText}${outside ? `, ${outside} outside 15–60 s` : ''} | ${before} | ${((Date.now() - started) / 1000).toFixed(0)} s |`);
}
fs.rmSync(out, { recursive: true, force: true });
console.log(`${episodes.length - failing}/${episodes.length} episodes conform`);
process.exitCode = failing ? 1 : 0;
