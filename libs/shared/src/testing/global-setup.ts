// vitest global setup: one Postgres + Redis for the whole run, a migrated template database,
// and a run id so every test file gets its own database and queue prefix.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import pg from 'pg';
import { register } from 'tsx/esm/api';
import type { TestProject } from 'vitest/node';
import { createDatabase, migrateToLatest } from '../database.ts';
import { createLogger, type Logger } from '../logger.ts';
import { acquireTestServices, withDatabase, type TestServices } from './services.ts';


export default async function setup(project: TestProject) {
  const log = createLogger(process.env.LOG_LEVEL ?? 'warn', 'test-setup');
  // Kysely's FileMigrationProvider imports the .ts migrations with Node's own loader, outside Vite.
  register();
  const services = await acquireTestServices(log, path.resolve('.podpipe'));
  try {
    return await prepare(project, services, log);
  } catch (err) {
    await services.stop();
    throw err;
  }
}

async function prepare(project: TestProject, services: TestServices, log: Logger) {
  const runId = `t${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  const template = `podpipe_${runId}_tpl`;
  const admin = new pg.Client({ connectionString: services.databaseUrl });
  await admin.connect();
  await admin.query(`create database "${template}"`);
  const db = createDatabase(withDatabase(services.databaseUrl, template), 2);
  await migrateToLatest(db);
  await db.destroy();
  project.provide('databaseServerUrl', services.databaseUrl);
  project.provide('templateDatabase', template);
  project.provide('redisUrl', services.redisUrl);
  project.provide('runId', runId);
  log.info({ source: services.source, runId }, 'test services ready');

  return async () => {
    // Drop every database this run made (the template and the per-file clones).
    const { rows } = await admin.query<{ datname: string }>(`select datname from pg_database where datname like $1`, [`podpipe_${runId}_%`]);
    for (const { datname } of rows) await admin.query(`drop database if exists "${datname}" with (force)`);
    await admin.end();
    await services.stop();
  };
}
