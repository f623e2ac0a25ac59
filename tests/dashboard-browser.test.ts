// The operator's dashboard in a real browser (Debian's Chromium driven by playwright-core) against a running
// pipeline: the operator service in this process, stage workers in a child process we can kill. Screenshots go to
// tests/output/dashboard-browser/.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp, serve } from '@podpipe/control/server';
import { watchDrops } from '@podpipe/ingest/watch';
import { STAGES } from '@podpipe/shared/jobs';
import { createLogger } from '@podpipe/shared/logger';
import type { FixedWord } from '@podpipe/shared/transcript';
import { useHarness } from './support/harness.ts';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const repo = path.resolve(__dirname, '..');
const sample = path.join(repo, 'examples/sample');
const shots = path.join(repo, 'tests/output/dashboard-browser');

const h = useHarness({ workers: false });
let server: Server;
let base: string;
let browser: Browser;
let page: Page;
let watcher: { close(): Promise<void> };
const workers: ChildProcess[] = [];

/** All stage workers in a process of their own, like a deployment's worker container. */
function startWorker(): ChildProcess {
  const child = spawn(process.execPath, [path.join(repo, 'services/control/bin/podpipe.mjs'), 'worker', ...STAGES], {
    env: { ...process.env, DATABASE_URL: h.env.databaseUrl, REDIS_URL: h.env.redisUrl, PODPIPE_QUEUE_PREFIX: h.env.queuePrefix, PODPIPE_DATA_DIR: h.env.dataDir, LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  workers.push(child);
  return child;
}

/** Plain text as subtitles: eight words a cue, three seconds each. */
function srtOf(text: string): string {
  const words = text.split(/\s+/).filter(Boolean);
  const at = (sec: number) => `00:${String(Math.floor(sec / 60)).padStart(2, '0')}:${String(sec % 60).padStart(2, '0')},000`;
  const cues = [];
  for (let i = 0; i * 8 < words.length; i++) cues.push(`${i + 1}\n${at(i * 3)} --> ${at(i * 3 + 3)}\n${words.slice(i * 8, i * 8 + 8).join(' ')}\n`);
  return cues.join('\n');
}

const shot = (name: string) => page.screenshot({ path: path.join(shots, `${name}.png`), fullPage: true });
const row = (id: string) => page.locator(`tr.episode[data-episode="${id}"]`);
const cell = (id: string, stage: string) => row(id).locator(`td[data-stage="${stage}"]`);

beforeAll(async () => {
  mkdirSync(shots, { recursive: true });
  server = await serve(h.rt, 0);
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  watcher = watchDrops(h.rt.db, h.rt.buckets, path.join(h.env.dataDir, 'drops'), createLogger('silent'));
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-dev-shm-usage', '--autoplay-policy=no-user-gesture-required'] });
  page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
});

afterAll(async () => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill('SIGTERM');
  await Promise.all(workers.map((w) => (w.exitCode !== null || w.signalCode !== null ? undefined : new Promise((r) => w.once('exit', r)))));
  await browser?.close();
  await watcher?.close();
  await new Promise((r) => server?.close(r));
});

describe('dashboard in a browser', { timeout: 600_000 }, () => {
  let episodeId: string;

  it('shows a dropped episode moving through the stages with a live progress bar', async () => {
    // An hour of audio (the sample looped) so ingest runs long enough to watch, and to kill mid-stage.
    const drops = path.join(h.env.dataDir, 'drops');
    const staging = path.join(h.env.dataDir, 'staging');
    mkdirSync(staging, { recursive: true });
    execFileSync('ffmpeg', ['-v', 'error', '-y', '-stream_loop', '15', '-i', path.join(sample, 'episode.mp3'), '-c', 'copy', path.join(staging, 'long-ep.mp3')]);
    const meta = { ...JSON.parse((await import('node:fs')).readFileSync(path.join(sample, 'episode.meta.json'), 'utf8')), title: 'Browser test: a long episode' };
    writeFileSync(path.join(staging, 'long-ep.meta.json'), JSON.stringify(meta));
    // A timed transcript (subtitles), so the transcribe stage keeps its times instead of aligning an hour of audio.
    writeFileSync(path.join(staging, 'long-ep.srt'), srtOf((await import('node:fs')).readFileSync(path.join(sample, 'episode.txt'), 'utf8')));
    startWorker();

    await page.goto(`${base}/`);
    expect(await page.locator('h1').textContent()).toBe('Pipeline');
    for (const f of ['long-ep.meta.json', 'long-ep.srt', 'long-ep.mp3']) copyFileSync(path.join(staging, f), path.join(drops, f));

    const episodeRow = page.locator('tr.episode', { hasText: 'Browser test: a long episode' });
    await episodeRow.waitFor({ timeout: 30_000 });
    episodeId = (await episodeRow.getAttribute('data-episode'))!;
    // The pipeline table refreshes itself (htmx polling); the page is never reloaded.
    await page.evaluate(() => ((window as unknown as { marker: number }).marker = 42));
    await cell(episodeId, 'ingest').locator('progress').waitFor({ timeout: 60_000 });
    const progress = async () => Number(await cell(episodeId, 'ingest').locator('progress').getAttribute('value', { timeout: 1000 }).catch(() => -1));
    const first = await progress();
    await expect.poll(progress, { timeout: 60_000, interval: 300 }).toBeGreaterThan(first);
    expect(await cell(episodeId, 'ingest').locator('.elapsed').textContent()).toMatch(/\d+(\.\d)? s|ms/);
    await shot('1-progress');
    expect(await page.evaluate(() => (window as unknown as { marker: number }).marker)).toBe(42);
  });

  it('flags the episode stuck, in red with the reason, when its worker dies mid-stage', async () => {
    expect(await cell(episodeId, 'ingest').getAttribute('data-state')).toBe('running');
    workers[0]!.kill('SIGKILL');
    await row(episodeId)
      .and(page.locator('[data-stuck="true"]'))
      .waitFor({ timeout: 75_000 })
      .catch(async (err: unknown) => {
        console.error(JSON.stringify(await (await fetch(`${base}/api/pipeline`)).json(), null, 1), JSON.stringify(await (await fetch(`${base}/api/queues`)).json()));
        throw err;
      });
    const reason = await row(episodeId).locator('.stuck-reason').textContent();
    expect(reason).toMatch(/stuck: no live worker on the ingest queue/);
    // Polled: the table is swapped every 2 s, and a swap can detach the element mid-read.
    const red = () => row(episodeId).locator('.stuck-reason').evaluate((el) => getComputedStyle(el).backgroundColor, null, { timeout: 2000 }).catch(() => '');
    await expect.poll(red, { timeout: 10_000 }).toBe('rgb(180, 35, 24)');
    await shot('2-stuck');
    const api = (await (await fetch(`${base}/api`)).json()) as { stuck: { id: string; reason: string }[] };
    expect(api.stuck).toEqual([expect.objectContaining({ id: episodeId })]);
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/^podpipe_episodes_stuck 1$/m);
    await page.selectOption('select[name=status]', 'stuck');
    await page.click('form.filters button');
    await row(episodeId).waitFor();
  });

  it('recovers when a worker starts again, and finishes the episode', async () => {
    startWorker();
    await page.goto(`${base}/`);
    await expect.poll(async () => row(episodeId).getAttribute('data-stuck'), { timeout: 120_000, interval: 500 }).toBeNull();
    await expect.poll(async () => row(episodeId).getAttribute('data-status'), { timeout: 480_000, interval: 1000 }).toBe('done');
    for (const stage of STAGES) expect(await cell(episodeId, stage).getAttribute('data-state'), stage).toBe('done');
    await shot('3-recovered');
    // Bull Board's view of the same jobs: names carry the episode title, progress and key steps are recorded.
    for (const stage of STAGES) {
      const job = (await h.rt.queues[stage].getJob(`${stage}.${episodeId}.g1`))!;
      expect(job.name, stage).toBe(`${stage} · Browser test: a long episode`);
      expect(job.progress, stage).toBeGreaterThan(0);
      expect((await h.rt.queues[stage].getJobLogs(job.id!)).logs.length, stage).toBeGreaterThan(0);
    }
    expect((await h.rt.queues.ingest.getJobLogs(`ingest.${episodeId}.g1`)).logs).toEqual(expect.arrayContaining([expect.stringMatching(/^measuring loudness and silences over \d+ s of audio$/)]));
    expect(await (await fetch(`${base}/metrics`)).text()).toMatch(/^podpipe_episodes_stuck 0$/m);
  });

  it('reprocesses from a chosen stage from the episode page, with an audit line', async () => {
    await row(episodeId).locator('a').first().click();
    await page.waitForURL(`${base}/episodes/${episodeId}`);
    await page.selectOption('select[name=fromStage]', 'segment');
    await page.check('input[name=force]');
    await page.click('form.inline button[type=submit]');
    await expect.poll(async () => page.locator('#outcome').textContent(), { timeout: 10_000 }).toMatch(/Reprocessing from segment \(force\): generation 2 queued/);
    await expect.poll(async () => page.locator('ul.audit').textContent(), { timeout: 10_000 }).toMatch(/reprocess from segment \(force\) → generation 2 by dashboard/);
    await expect.poll(async () => page.locator('#live [data-status]').getAttribute('data-status'), { timeout: 120_000, interval: 1000 }).toBe('done');
    expect(await page.locator('#live td[data-stage="ingest"]').textContent()).toMatch(/kept from g1/);
    const runs = await h.rt.db.selectFrom('stage_runs').select(['stage', 'status']).where('episode_id', '=', episodeId).where('generation', '=', 2).orderBy('id').execute();
    expect(runs.map((r) => r.stage)).toEqual(STAGES.slice(STAGES.indexOf('segment')));
    await shot('4-reprocessed');
  });

  it('finds a name in the archive and opens the episode at that second, the player seeked there', async () => {
    const corrected = await h.rt.db.selectFrom('transcripts').select('words').where('episode_id', '=', episodeId).where('version', '=', 'corrected').executeTakeFirstOrThrow();
    const word = (corrected.words as FixedWord[]).find((w) => /^baidu/i.test(w.text))!;
    expect(word).toBeDefined();
    await page.goto(`${base}/`);
    await page.fill('header input[name=q]', 'Baidu');
    await page.press('header input[name=q]', 'Enter');
    await page.waitForURL(/\/search\?q=Baidu/);
    const hit = page.locator(`li.hit[data-episode="${episodeId}"]`);
    expect(await hit.locator('.snippet b').first().textContent()).toMatch(/baidu/i);
    await shot('5-search');
    await hit.locator('a.hit-link').click();
    const second = Math.floor(word.start);
    await page.waitForURL(`${base}/episodes/${episodeId}?t=${second}#t=${second}`);
    await expect.poll(async () => page.evaluate(() => (document.getElementById('player') as HTMLAudioElement).currentTime), { timeout: 20_000 }).toBeCloseTo(second, 0);
    expect(await page.locator('#transcript .line.current').textContent()).toMatch(/baidu/i);
    await shot('6-episode-seeked');
    // Chapters with the sponsor reads marked, in the list and in the transcript.
    expect(await page.locator('.chapters li').count()).toBeGreaterThan(1);
    expect(await page.locator('.chapters li.ad mark.sponsor').count()).toBeGreaterThan(0);
    expect(await page.locator('#transcript .line.ad').count()).toBeGreaterThan(0);
    expect(await page.locator('section.about').textContent()).toMatch(/Transcript provider: \S+/);
    // Clicking a transcript line seeks the player to it.
    const line = page.locator('#transcript .line').nth(3);
    const start = Number(await line.getAttribute('data-start'));
    await line.click();
    await expect.poll(async () => page.evaluate(() => (document.getElementById('player') as HTMLAudioElement).currentTime), { timeout: 10_000 }).toBeGreaterThanOrEqual(Math.floor(start));
  });

  it('is open without a token, and asks for one (Basic auth) when PODPIPE_OPERATOR_TOKEN is set', async () => {
    expect((await page.goto(`${base}/`))!.status()).toBe(200);
    const token = 'browser-test-operator-token';
    const app = createApp({ ...h.rt, config: { ...h.rt.config, operatorToken: token } });
    const guarded = await new Promise<Server>((resolve) => {
      const srv = app.listen(0, () => resolve(srv));
    });
    try {
      const at = `http://127.0.0.1:${(guarded.address() as AddressInfo).port}`;
      // Headless Chromium has no login dialog: it shows the Basic challenge by failing the navigation.
      const anonymous = await browser.newPage();
      const [challenge, navigation] = await Promise.all([anonymous.waitForResponse(`${at}/`), anonymous.goto(`${at}/`).catch((err: Error) => err)]);
      expect(challenge.status()).toBe(401);
      expect(await challenge.headerValue('www-authenticate')).toMatch(/^Basic realm="podpipe"/);
      expect(String(navigation)).toMatch(/ERR_INVALID_AUTH_CREDENTIALS/);
      await anonymous.close();
      const context = await browser.newContext({ httpCredentials: { username: 'operator', password: token } });
      const operator = await context.newPage();
      const res = await operator.goto(`${at}/episodes/${episodeId}`);
      expect(res!.status()).toBe(200);
      expect(await operator.locator('h1').textContent()).toBe('Browser test: a long episode');
      // htmx's polling carries the credentials too.
      await operator.locator('#live td[data-stage="publish"]').waitFor();
      await operator.screenshot({ path: path.join(shots, '7-with-token.png') });
      await context.close();
    } finally {
      await new Promise((r) => guarded.close(r));
    }
    expect(existsSync(path.join(shots, '7-with-token.png'))).toBe(true);
  });
});
