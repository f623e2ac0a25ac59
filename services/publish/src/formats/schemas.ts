import { z } from 'zod';
import { ChaptersJson } from './chapters.ts';
import { EpisodeContract } from './episode.ts';
import { TranscriptJson } from './transcript.ts';

/**
 * The JSON Schemas of the published JSON files, by file name. The episode schema's file name carries its major
 * version: a breaking change makes a new file and the old one stays for old consumers. Copies are committed
 * under services/publish/schema/ and published under `schema/` in the publish bucket (served at /files/schema/).
 */
export const PUBLISHED_SCHEMAS = {
  'episode.v1.json': EpisodeContract,
  'podcast-transcript.v1.json': TranscriptJson,
  'podcast-chapters.v1.json': ChaptersJson,
} as const;
export type SchemaFile = keyof typeof PUBLISHED_SCHEMAS;

/** Which schema each published JSON artifact follows. */
export const ARTIFACT_SCHEMAS = {
  'episode.json': 'episode.v1.json',
  'transcript.json': 'podcast-transcript.v1.json',
  'chapters.json': 'podcast-chapters.v1.json',
} as const satisfies Record<string, SchemaFile>;

/** A published schema as JSON Schema (draft 2020-12), generated from the zod schema the writers validate with. */
export function jsonSchemaOf(file: SchemaFile): Record<string, unknown> {
  return { title: file.replace(/\.json$/, ''), ...z.toJSONSchema(PUBLISHED_SCHEMAS[file], { target: 'draft-2020-12', io: 'output' }) };
}

const texts = new Map<SchemaFile, string>();

/** The schema file's text as committed and published (generated once per process: the zod schemas are constants). */
export function schemaText(file: SchemaFile): string {
  let text = texts.get(file);
  if (text === undefined) texts.set(file, (text = `${JSON.stringify(jsonSchemaOf(file), null, 2)}\n`));
  return text;
}
