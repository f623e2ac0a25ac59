import path from 'node:path';
import { Command, InvalidArgumentError } from 'commander';
import { ConfigError, loadConfig, type Config } from '@podpipe/shared/config';
import type { TranscribeProviderName } from '@podpipe/shared/db/schema';
import { EPISODE_EVENTS } from '@podpipe/shared/events';
import { StageName } from '@podpipe/shared/jobs';
import { createLogger, type Logger } from '@podpipe/shared/logger';
import type { OpenOptions, Runtime } from '@podpipe/shared/runtime';

type CliModules = typeof import('./cli-modules.ts');
let modules: Promise<CliModules> | undefined;
/** The modules the commands run, loaded on first use (heavy: BullMQ, Kysely, pg, Express, the AWS SDK, the models). */
const heavy = (): Promise<CliModules> => (modules ??= import('./cli-modules.ts'));


/** Fails the command with one line on stderr, as the CLI contract promises. */
function die(err: unknown): never {
  const message = err instanceof Error ? err.message : String(err);
  process.stderr.write(`podpipe: ${message.split('\n')[0]}\n`);
  process.exit(1);
}

function setup(defaultLevel: string): { config: Config; log: Logger } {
  const config = loadConfig({ LOG_LEVEL: defaultLevel, ...process.env });
  return { config, log: createLogger(config.logLevel) };
}

/** Opens the runtime, runs fn, and always closes (stopping embedded services this process started). */
async function withRuntime<T>(opts: OpenOptions, defaultLevel: string, fn: (rt: Runtime) => Promise<T>): Promise<T> {
  const { config, log } = setup(defaultLevel);
  const { openRuntime } = await heavy();
  const rt = await openRuntime(config, log, opts);
  log.debug('runtime opened');
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    await rt.close();
    log.debug('runtime closed');
  };
  const onSignal = () => {
    log.warn('interrupted: closing');
    close().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    return await fn(rt);
  } finally {
    await close();
  }
}

const positiveSeconds = (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError('expected a positive number of seconds');
  return n;
};

/** Takes drops from the S3 drop bucket when one is configured, else from the local drop directory. */
async function watchConfiguredDrops(rt: Runtime, dropDir: string, log: Logger): Promise<{ close(): Promise<void> }> {
  const { loadS3, watchDrops, watchS3Drops } = await heavy();
  const s3 = rt.config.dropS3;
  if (!s3) return watchDrops(rt.db, rt.buckets, dropDir, log, { maxTitleChars: rt.config.limits.titleChars });
  const { s3BucketFor } = await loadS3();
  return watchS3Drops({ db: rt.db, buckets: rt.buckets, drops: s3BucketFor('drops', s3), redisUrl: rt.redisUrl, prefix: rt.config.queuePrefix, log }, s3);
}

const program = new Command('podpipe').description('Event-driven podcast processing pipeline').showHelpAfterError();

program
  .command('process')
  .description('run one episode through the real queues and workers and write its artifacts to --out')
  .argument('[audio]', 'episode audio (optional when a transcript is given)')
  .option('--transcript <file>', 'transcript: plain text, JSON words, Podcasting 2.0 JSON, SRT or VTT')
  .option('--meta <file>', 'JSON {show, title, hosts[], guests[], sponsors[]}')
  .requiredOption('--out <dir>', 'directory for the published artifacts')
  .option('--force', 're-run every stage even when up to date', false)
  .option('--timeout <seconds>', 'give up after this long', positiveSeconds, 1800)
  .action(async (audio: string | undefined, o: { transcript?: string; meta?: string; out: string; force: boolean; timeout: number }) => {
    if (!audio && !o.transcript) die('give AUDIO, --transcript FILE, or both');
    // The audio's decoding pass starts first, before the heavy modules load and the runtime opens (processEpisode
    // cancels it if ingest never takes it). The heavy modules' loading holds the event loop for a second or more, so
    // they wait until ffmpeg has been spawned.
    const audioBytes = loadConfig({ LOG_LEVEL: 'silent', ...process.env }).limits.audioBytes;
    const prefetch = audio ? import('./process-prefetch.ts').then((m) => m.prefetchForProcess(path.resolve(audio), audioBytes)) : undefined;
    await prefetch;
    const { processEpisode } = await heavy();
    // Quiet by default: the contract is artifacts on success, one line on stderr on failure (LOG_LEVEL overrides).
    const result = await withRuntime({ allowEmbedded: true, migrate: true }, 'silent', (rt) =>
      processEpisode(rt, { ...(audio ? { audio } : {}), ...(o.transcript ? { transcript: o.transcript } : {}), ...(o.meta ? { meta: o.meta } : {}), out: o.out, force: o.force, timeoutMs: o.timeout * 1000, ...(prefetch ? { prefetch } : {}) }),
    );
    process.stdout.write(`episode ${result.episodeId}: ${result.files.length} artifacts in ${path.resolve(o.out)}\n${result.files.map((f) => `  ${f}`).join('\n')}\n`);
  });

program
  .command('up')
  .description('embedded services if needed + every stage worker + the drop-directory watcher, until Ctrl-C')
  .option('--ingest-dir <dir>', 'drop directory (default: <data dir>/ingest)')
  .action(async (o: { ingestDir?: string }) => {
    const { config, log } = setup('info');
    const { openRuntime, serve, startStageWorkers, startWebhookWorker, STAGE_DEFINITIONS, untilSignal } = await heavy();
    const rt = await openRuntime(config, log, { allowEmbedded: true, migrate: true });
    const workers = startStageWorkers(rt, Object.values(STAGE_DEFINITIONS));
    const webhooks = startWebhookWorker(rt);
    const dropDir = path.resolve(o.ingestDir ?? path.join(config.dataDir, 'ingest'));
    const watcher = await watchConfiguredDrops(rt, dropDir, log);
    const server = await serve(rt, config.port).catch((err: Error) => {
      log.warn({ err: err.message, port: config.port }, 'dashboard not started (set PORT to another port)');
      return null;
    });
    process.stdout.write(
      `podpipe is up: drop episodes into ${dropDir} (audio + <name>.txt|.json|.srt|.vtt + <name>.meta.json); artifacts appear in ${path.join(config.dataDir, 'publish')}` +
        `${server ? `; dashboard on http://localhost:${config.port}/` : ''}\n`,
    );
    await untilSignal(log, async () => {
      await new Promise((r) => (server ? server.close(r) : r(undefined)));
      await watcher.close();
      await workers.close();
      await webhooks.close();
      await rt.close();
    });
  });

program
  .command('worker')
  .description('run the workers of the given stages (a deployment runs one stage per process)')
  .argument('<stages...>', `stages: ${StageName.options.join(', ')}`)
  .action(async (names: string[]) => {
    const { STAGE_DEFINITIONS, runWorkerProcess } = await heavy();
    const stages = names.map((n) => {
      const parsed = StageName.safeParse(n);
      if (!parsed.success) die(`unknown stage ${n}; expected one of ${StageName.options.join(', ')}`);
      return STAGE_DEFINITIONS[parsed.data];
    });
    await runWorkerProcess(stages);
  });

program
  .command('watch')
  .description('watch the drop directory and register episodes (no workers)')
  .option('--ingest-dir <dir>', 'drop directory (default: <data dir>/ingest)')
  .action(async (o: { ingestDir?: string }) => {
    const { config, log } = setup('info');
    const { openRuntime, untilSignal } = await heavy();
    const rt = await openRuntime(config, log, { allowEmbedded: false, migrate: false });
    const watcher = await watchConfiguredDrops(rt, path.resolve(o.ingestDir ?? path.join(config.dataDir, 'ingest')), log);
    await untilSignal(log, async () => {
      await watcher.close();
      await rt.close();
    });
  });

program
  .command('serve')
  .description('the operator service: dashboard, JSON API, Bull Board, published files (PORT, default 3000) and webhook deliveries')
  .action(async () => {
    const { config, log } = setup('info');
    const { openRuntime, serve, startWebhookWorker, untilSignal } = await heavy();
    const rt = await openRuntime(config, log, { allowEmbedded: false, migrate: false });
    const server = await serve(rt, config.port);
    const webhooks = startWebhookWorker(rt);
    log.info({ port: config.port }, 'operator service listening');
    await untilSignal(log, async () => {
      await new Promise((r) => server.close(r));
      await webhooks.close();
      await rt.close();
    });
  });

program
  .command('reprocess')
  .description('process episodes again (stages whose inputs, config and code are unchanged are skipped)')
  .argument('[episodes...]', 'episode ids')
  .option('--all', 'every episode')
  .option('--show <slug>', 'every episode of one show')
  .option('--failed', 'only failed episodes')
  .option('--unfinished', 'only queued or processing episodes (recovery after losing Redis: Postgres knows what is pending)')
  .option('--force', 're-run every stage even when up to date', false)
  .option('--now', 'do not wait behind new episodes (reprocessing runs in the background otherwise; --unfinished always runs now)', false)
  .option('--dry-run', 'change nothing: list what each stage would do (run, check, skip) and which input or config changed', false)
  .action(async (ids: string[], o: { all?: boolean; show?: string; failed?: boolean; unfinished?: boolean; force: boolean; now: boolean; dryRun: boolean }) => {
    if (!ids.length && !o.all && !o.show && !o.failed && !o.unfinished) die('name episodes, or use --all, --show SLUG, --failed or --unfinished');
    const filter = {
      ...(ids.length ? { episodeIds: ids } : {}),
      ...(o.show ? { showSlug: o.show } : {}),
      failedOnly: Boolean(o.failed),
      unfinishedOnly: Boolean(o.unfinished),
    };
    if (o.dryRun) {
      const { planLines, planReprocess } = await import('./reprocess-plan.ts');
      const lines = await withRuntime({ allowEmbedded: true, migrate: true }, 'warn', async (rt) => planLines(await planReprocess(rt, filter, { force: o.force })));
      process.stdout.write(`${lines.join('\n')}\n`);
      return;
    }
    const { reprocessEpisodes } = await heavy();
    const requested = await withRuntime({ allowEmbedded: true, migrate: true }, 'warn', async (rt) => {
      const r = await reprocessEpisodes(rt.db, { ...filter, force: o.force, background: !o.now && !o.unfinished });
      rt.outbox.kick();
      return r;
    });
    process.stdout.write(`${requested.length} episode(s) queued for reprocessing\n`);
  });

program
  .command('move')
  .description('move an episode to another show on purpose (a drop never moves one): it is processed again and both feeds follow')
  .argument('<episode>', 'episode id')
  .argument('<show>', 'the show it belongs to (its name; created when new)')
  .action(async (episodeId: string, showName: string) => {
    const { moveEpisode, MoveError, refreshShowFeed } = await heavy();
    const moved = await withRuntime({ allowEmbedded: true, migrate: true }, 'warn', async (rt) => {
      const r = await moveEpisode(rt.db, { episodeId, show: showName }).catch((err: unknown) => (err instanceof MoveError ? die(err.message) : Promise.reject(err)));
      // The old show's feed no longer lists the episode; the new show's is rebuilt when it is published there.
      if (r.from) await refreshShowFeed(rt.db, rt.buckets.publish, { slug: r.from, publicBaseUrl: rt.config.publicBaseUrl });
      rt.outbox.kick();
      return r;
    });
    process.stdout.write(`episode ${episodeId} moved from ${moved.from ?? '(no show)'} to ${moved.to}; queued for processing (generation ${moved.generation})\n`);
  });

const transcriberChoice = (v: string): TranscribeProviderName | null => {
  if (v === 'default') return null;
  if (v !== 'openai' && v !== 'pocketsphinx') throw new InvalidArgumentError('expected openai, pocketsphinx or default');
  return v;
};

const yesNo = (v: string) => {
  if (!['yes', 'no'].includes(v)) throw new InvalidArgumentError('expected yes or no');
  return v === 'yes';
};

program
  .command('show')
  .description("a show's options (shows are created by their first episode)")
  .argument('<slug>', 'show slug, e.g. lex-fridman-podcast')
  .option('--remove-fillers <yes|no>', 'drop "um"/"uh" fillers from corrected transcripts', yesNo)
  .option('--transcriber <openai|pocketsphinx|default>', "speech recognizer for the show's audio-only episodes (default: the deployment's)", transcriberChoice)
  .action(async (slug: string, o: { removeFillers?: boolean; transcriber?: TranscribeProviderName | null }) => {
    const { setShowOptions } = await heavy();
    const show = await withRuntime({ allowEmbedded: true, migrate: true }, 'warn', (rt) =>
      setShowOptions(rt.db, slug, { ...(o.removeFillers === undefined ? {} : { removeFillers: o.removeFillers }), ...(o.transcriber === undefined ? {} : { transcribeProvider: o.transcriber }) }),
    );
    process.stdout.write(`${show.slug}: ${show.title}; remove fillers: ${show.remove_fillers ? 'yes' : 'no'}; transcriber: ${show.transcribe_provider ?? 'deployment default'}\n`);
  });

program
  .command('glossary')
  .description("a show's glossary (with counts and where each term was learned), adding or removing a term; without a show, the shows")
  .argument('[slug]', 'show slug')
  .option('--add <term>', 'term as it must be written, e.g. "Pieter Abbeel"')
  .option('--remove <term>', 'remove this term (with --heard: only the entry with that misheard form)')
  .option('--heard <form>', 'how the recognizer mishears it, e.g. "peter erbil"')
  .option('--kind <kind>', 'person | organization | product | place | term | sponsor', 'term')
  .action(async (slug: string | undefined, o: { add?: string; remove?: string; heard?: string; kind: string }) => {
    if (!slug && (o.add || o.remove)) die('name the show: podpipe glossary <slug> --add|--remove <term>');
    const { addToGlossary, GlossaryEdit, glossaryLines, listShows, removeFromGlossary } = await heavy();
    const lines = await withRuntime({ allowEmbedded: true, migrate: true }, 'warn', async (rt) => {
      if (!slug) {
        const shows = await listShows(rt.db);
        return shows.length ? shows.map((s) => `${s.slug.padEnd(32)} ${String(s.episodes).padStart(5)} episodes ${String(s.glossary).padStart(5)} glossary terms  ${s.title}`) : ['no shows yet'];
      }
      if (o.add) await addToGlossary(rt, slug, GlossaryEdit.parse({ term: o.add, kind: o.kind, heard: o.heard ?? '' }), 'cli');
      if (o.remove) await removeFromGlossary(rt, slug, { term: o.remove, heard: o.heard ?? '' }, 'cli');
      return glossaryLines(rt.db, slug);
    });
    process.stdout.write(`${lines.join('\n')}\n`);
  });

const webhook = program.command('webhook').description(`subscriptions of downstream systems to episode events (${EPISODE_EVENTS.join(', ')})`);

webhook
  .command('add')
  .description('POST episode events to URL, signed with a secret printed once (X-Podpipe-Signature: t=<unix time>,v1=<HMAC-SHA256 of "<t>.<body>">)')
  .argument('<url>', 'http(s) URL of the subscriber')
  .option('--show <slug>', "only this show's episodes (default: every show)")
  .option('--event <event...>', `events to send: ${EPISODE_EVENTS.join(', ')} (default: all but episode.reprocessed)`)
  .action(async (url: string, o: { show?: string; event?: string[] }) => {
    const { addWebhook, webhookSecurity } = await heavy();
    const hook = await withRuntime({ allowEmbedded: true, migrate: true }, 'warn', (rt) =>
      addWebhook(rt.db, { url, ...(o.show ? { show: o.show } : {}), ...(o.event ? { events: o.event as (typeof EPISODE_EVENTS)[number][] } : {}) }, webhookSecurity(rt.config)),
    );
    process.stdout.write(`webhook ${hook.id}
secret ${hook.secret}
`);
  });

webhook
  .command('list')
  .description('active subscriptions with their delivered / pending / failed counts')
  .action(async () => {
    const { listWebhooks } = await heavy();
    const hooks = await withRuntime({ allowEmbedded: true, migrate: true }, 'warn', (rt) => listWebhooks(rt.db));
    const lines = hooks.map((h) => `${h.id}  ${h.url}  ${h.show ?? '(all shows)'}  ${h.events.join(',')}  delivered ${h.delivered} pending ${h.pending} failed ${h.failed}`);
    process.stdout.write(`${lines.length ? lines.join('\n') : 'no webhooks'}\n`);
  });

webhook
  .command('remove')
  .description('stop a subscription (its pending deliveries are not sent)')
  .argument('<id>', 'webhook id')
  .action(async (id: string) => {
    const { removeWebhook } = await heavy();
    const removed = await withRuntime({ allowEmbedded: true, migrate: true }, 'warn', (rt) => removeWebhook(rt.db, id));
    if (!removed) die(`no active webhook ${id}`);
    process.stdout.write(`webhook ${id} removed\n`);
  });

program
  .command('status')
  .description('recent episodes, or one episode in detail')
  .argument('[episode]', 'episode id')
  .action(async (episode: string | undefined) => {
    const { statusLines } = await heavy();
    const lines = await withRuntime({ allowEmbedded: true, migrate: true }, 'warn', (rt) => statusLines(rt.db, episode));
    process.stdout.write(`${lines.join('\n')}\n`);
  });

program
  .command('migrate')
  .description('apply pending database migrations')
  .action(async () => {
    const { config, log } = setup('warn');
    if (config.databaseUrl) {
      const { createDatabase, migrateToLatest } = await heavy();
      const db = createDatabase(config.databaseUrl, 1);
      try {
        const applied = await migrateToLatest(db);
        process.stdout.write(applied.length ? `applied: ${applied.join(', ')}\n` : 'database is up to date\n');
      } finally {
        await db.destroy();
      }
    } else {
      await withRuntime({ allowEmbedded: true, migrate: true }, 'warn', async () => undefined);
      log.info('embedded database migrated');
      process.stdout.write('embedded database is up to date\n');
    }
  });

try {
  await program.parseAsync(process.argv);
} catch (err) {
  if (err instanceof ConfigError) die(err);
  die(err);
}
