import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FileMigrationProvider, type MigrationProvider } from 'kysely';

/**
 * The migrations: every file in ./migrations, read from the folder at run time. The built CLI (services/control/
 * build.mjs) replaces this module with one that imports the same files statically, so they are bundled too.
 */
export function migrationProvider(): MigrationProvider {
  return new FileMigrationProvider({ fs, path, migrationFolder: path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations') });
}
