#!/usr/bin/env node
// Builds the CLI (and every worker it starts) to one ES module graph under services/control/dist/, so processes start
// without transpiling TypeScript. Third-party packages stay in node_modules; podpipe's own workspaces are bundled,
// split per lazily imported command. `import.meta.url` keeps naming each source file, so a bundled stage hashes the
// same source tree (the same fingerprints) and finds its data files and migrations where tsx would.
import { existsSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { readFile } from 'node:fs/promises';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.join(here, 'dist');

/** podpipe's workspaces are bundled; every other bare import stays external (resolved from node_modules at run time). */
const externalPackages = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => (args.path.startsWith('@podpipe/') ? undefined : { path: args.path, external: true }));
  },
};

/** Each source file's own URL instead of the bundle's. */
const sourceUrls = {
  name: 'source-urls',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

/** The migrations folder's files imported statically (libs/shared/src/db/migration-provider.ts reads them at run time). */
const bundledMigrations = {
  name: 'bundled-migrations',
  setup(b) {
    b.onLoad({ filter: /[\\/]db[\\/]migration-provider\.ts$/ }, (args) => {
      const folder = path.join(path.dirname(args.path), 'migrations');
      const files = readdirSync(folder).filter((f) => f.endsWith('.ts')).sort();
      const imports = files.map((f, i) => `import * as m${i} from ${JSON.stringify(path.join(folder, f))};`).join('\n');
      const entries = files.map((f, i) => `${JSON.stringify(f.replace(/\.ts$/, ''))}: m${i}`).join(', ');
      return { contents: `${imports}\nexport function migrationProvider() { return { getMigrations: async () => ({ ${entries} }) }; }\n`, loader: 'ts', resolveDir: folder };
    });
  },
};

rmSync(outdir, { recursive: true, force: true });
const started = Date.now();
// The CPU pool's task modules (services/*/src/cpu-tasks.ts) are entry points too, so its threads run built code.
const servicesDir = path.resolve(here, '..');
const cpuTasks = Object.fromEntries(
  readdirSync(servicesDir)
    .filter((service) => existsSync(path.join(servicesDir, service, 'src/cpu-tasks.ts')))
    .map((service) => [`${service}-cpu-tasks`, path.join(servicesDir, service, 'src/cpu-tasks.ts')]),
);
// The people-names list's readings are worked out once here from the fixer's own code (below), not by every thread.
const fixDir = path.join(servicesDir, 'transcribe-fix/src/fix/vocabulary');
const result = await build({
  metafile: true,
  entryPoints: { podpipe: path.join(here, 'src/cli.ts'), ...cpuTasks, 'first-names': path.join(fixDir, 'first-names.ts') },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  outExtension: { '.js': '.mjs' },
  plugins: [bundledMigrations, externalPackages, sourceUrls],
  logLevel: 'warning',
});

// Where the CPU pool's threads find each task module's built copy (libs/shared/src/cpu-worker.mjs reads it).
writeFileSync(
  path.join(outdir, 'cpu-tasks.json'),
  JSON.stringify(Object.fromEntries(Object.entries(cpuTasks).map(([name, source]) => [pathToFileURL(source).href, pathToFileURL(path.join(outdir, `${name}.mjs`)).href]))),
);

// The CMU Pronouncing Dictionary in its compact form, which the fixer's threads load instead of the package's 4.7 MB
// module (services/transcribe-fix/src/fix/vocabulary/cmu-compact.mjs).
{
  const { encodeCmu } = await import(pathToFileURL(path.join(fixDir, 'cmu-compact.mjs')).href);
  const { createRequire } = await import('node:module');
  const cmuUrl = pathToFileURL(createRequire(path.join(fixDir, 'phonemes.ts')).resolve('cmu-pronouncing-dictionary')).href;
  writeFileSync(path.join(outdir, 'cmu-dictionary.tsv'), encodeCmu((await import(cmuUrl)).dictionary));
}

// Every searched name of the people-names list with its readings (first-names.ts, PERSON_READINGS_FILE), which the
// fixer's threads load instead of running the letter-to-sound rules name by name on their first episodes.
{
  const { encodePersonReadings, PERSON_READINGS_FILE } = await import(pathToFileURL(path.join(outdir, 'first-names.mjs')).href);
  writeFileSync(path.join(outdir, PERSON_READINGS_FILE), encodePersonReadings());
}

// What bin/podpipe.mjs checks before using the bundle: the sources it was built from, and when.
const root = path.resolve(here, '../..');
const sources = Object.keys(result.metafile.inputs).map((p) => path.resolve(process.cwd(), p)).filter((p) => !p.includes(`${path.sep}node_modules${path.sep}`) || p.includes('@podpipe'));
writeFileSync(path.join(outdir, 'sources.json'), JSON.stringify({ builtAt: started, sources: sources.map((p) => path.relative(root, p)) }));

// Every chunk must link as Node will run it: a CommonJS package whose named exports Node's ESM loader cannot see
// passes tsx but fails here, so the build fails instead of the first worker that loads it.
const { spawnSync } = await import('node:child_process');
const chunks = readdirSync(outdir).filter((f) => f.endsWith('.mjs') && f !== 'podpipe.mjs');

const check = spawnSync(process.execPath, ['--input-type=module', '-e', chunks.map((c) => `await import(${JSON.stringify(pathToFileURL(path.join(outdir, c)).href)});`).join('\n')], { encoding: 'utf8' });
if (check.status !== 0) {
  rmSync(outdir, { recursive: true, force: true });
  console.error(`build: a built chunk does not load in Node:\n${check.stderr.split('\n').slice(0, 8).join('\n')}`);
  process.exit(1);
}
