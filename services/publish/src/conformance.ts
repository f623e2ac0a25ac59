/// <reference path="./webvtt-parser.d.ts" />
import { readFileSync } from 'node:fs';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import SrtParser from 'srt-parser-2';
import webvtt from 'webvtt-parser';
// fast-xml-parser is CommonJS whose named exports Node's ESM loader cannot see (the built CLI imports it as Node does).
import { createRequire } from 'node:module';
import { ARTIFACT_SCHEMAS, type SchemaFile } from './formats/schemas.ts';

const { XMLParser, XMLValidator } = createRequire(import.meta.url)('fast-xml-parser') as typeof import('fast-xml-parser');

/** One reason an artifact may not be published. */
export interface ConformanceProblem {
  file: string;
  problem: string;
}

let validators: Map<SchemaFile, ValidateFunction> | undefined;
// The committed schema files, not the zod schemas: the gate checks what consumers are promised.
function validatorFor(file: SchemaFile): ValidateFunction {
  if (!validators) {
    const ajv = new Ajv2020({ allErrors: true, strict: false });
    (addFormats as unknown as (a: Ajv2020) => void)(ajv);
    validators = new Map(
      Object.values(ARTIFACT_SCHEMAS).map((name) => [name, ajv.compile(JSON.parse(readFileSync(new URL(`../schema/${name}`, import.meta.url), 'utf8')) as object)]),
    );
  }
  return validators.get(file)!;
}

/** How many JSON Schema validators are compiled (all of them after warmConformance). */
export const validatorsCompiled = (): number => validators?.size ?? 0;

/**
 * Compiles the JSON Schema validators and reads a one-cue WebVTT and SRT file, as the worker's warm-up: the first
 * check otherwise compiles them (~0.1–0.3 s of CPU) after the episode's other stages, on the way to its publication.
 */
export function warmConformance(): void {
  validatorFor(ARTIFACT_SCHEMAS['episode.json']);
  checkVtt('WEBVTT\n\n00:00.000 --> 00:01.000\nHello.\n', 1);
  checkSrt('1\n00:00:00,000 --> 00:00:01,000\nHello.\n', 1);
}

/** A JSON artifact parsed once, with its problems against its published schema; `data` is undefined when it is not JSON. */
function checkJson(file: keyof typeof ARTIFACT_SCHEMAS, text: string): { data: unknown; problems: ConformanceProblem[] } {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    return { data: undefined, problems: [{ file, problem: `not JSON: ${(err as Error).message}` }] };
  }
  const validate = validatorFor(ARTIFACT_SCHEMAS[file]);
  if (validate(data)) return { data, problems: [] };
  return { data, problems: (validate.errors ?? []).slice(0, 5).map((e) => ({ file, problem: `${e.instancePath || '/'} ${e.message ?? 'is invalid'} (${ARTIFACT_SCHEMAS[file]})` })) };
}

type Span = { start: number; end: number };
function checkTimes(file: string, spans: Span[]): ConformanceProblem[] {
  const bad = spans.findIndex((s, i) => !(s.end >= s.start) || (i > 0 && s.start < spans[i - 1]!.start));
  return bad < 0 ? [] : [{ file, problem: `cue ${bad + 1} has an end before its start or starts before the cue before it` }];
}

/** WebVTT read back by a validating WebVTT parser: no parse errors, times in order, as many cues as the transcript has segments. */
function checkVtt(text: string, segments: number | undefined): ConformanceProblem[] {
  const file = 'transcript.vtt';
  const parsed = new webvtt.WebVTTParser().parse(text, 'metadata');
  const problems = parsed.errors.slice(0, 5).map((e) => ({ file, problem: `line ${e.line}: ${e.message}` }));
  problems.push(...checkTimes(file, parsed.cues.map((c) => ({ start: c.startTime, end: c.endTime }))));
  if (segments !== undefined && parsed.cues.length !== segments) problems.push({ file, problem: `${parsed.cues.length} cues for ${segments} transcript segments` });
  return problems;
}

/** SRT read back by an SRT parser: numbered cues in order, the same count as the WebVTT captions. */
function checkSrt(text: string, segments: number | undefined): ConformanceProblem[] {
  const file = 'transcript.srt';
  const cues = new SrtParser().fromSrt(text);
  const problems = checkTimes(file, cues.map((c) => ({ start: c.startSeconds, end: c.endSeconds })));
  if (cues.some((c, i) => c.id !== String(i + 1))) problems.push({ file, problem: 'cues are not numbered 1, 2, 3, …' });
  if (cues.some((c) => !c.text.trim())) problems.push({ file, problem: 'a cue has no text' });
  if (segments !== undefined && cues.length !== segments) problems.push({ file, problem: `${cues.length} cues for ${segments} transcript segments` });
  return problems;
}

const PODCAST_NS = 'https://podcastindex.org/namespace/1.0';
const ITUNES_NS = 'http://www.itunes.com/dtds/podcast-1.0.dtd';

/** The RSS item against RSS 2.0 and the podcast/itunes namespace rules that players rely on. */
export function checkFeedItem(xml: string, file = 'feed-item.xml'): ConformanceProblem[] {
  const valid = XMLValidator.validate(xml);
  if (valid !== true) return [{ file, problem: `not well-formed XML: ${valid.err.msg} (line ${valid.err.line})` }];
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name: string) => ['podcast:transcript', 'podcast:soundbite', 'podcast:person'].includes(name) }).parse(xml) as Record<string, unknown>;
  const item = doc.item as Record<string, unknown> | undefined;
  if (!item) return [{ file, problem: 'no <item> root' }];
  const problems: string[] = [];
  if (item['@xmlns:podcast'] !== PODCAST_NS) problems.push(`the podcast namespace must be ${PODCAST_NS}`);
  if (item['@xmlns:itunes'] !== ITUNES_NS) problems.push(`the itunes namespace must be ${ITUNES_NS}`);
  if (!item.title && !item.description) problems.push('RSS 2.0 needs a title or a description');
  const guid = item.guid as Record<string, string> | undefined;
  if (!guid?.['#text'] || guid['@isPermaLink'] !== 'false') problems.push('guid must be present with isPermaLink="false"');
  if (item.pubDate !== undefined && Number.isNaN(Date.parse(String(item.pubDate)))) problems.push('pubDate is not an RFC 822 date');
  const enclosure = item.enclosure as Record<string, string> | undefined;
  if (enclosure && (!/^https?:\/\//.test(enclosure['@url'] ?? '') || !/^\d+$/.test(enclosure['@length'] ?? '') || !enclosure['@type'])) problems.push('enclosure needs an http(s) url, a byte length and a type');
  if (item['itunes:duration'] !== undefined && !/^\d+(:\d{2}){0,2}$/.test(String(item['itunes:duration']))) problems.push('itunes:duration must be seconds or [hh:]mm:ss');
  for (const key of ['itunes:episode', 'itunes:season'] as const) if (item[key] !== undefined && !/^[1-9]\d*$/.test(String(item[key]))) problems.push(`${key} must be a positive integer`);
  for (const t of (item['podcast:transcript'] as Record<string, string>[] | undefined) ?? []) {
    if (!/^https?:\/\//.test(t['@url'] ?? '') || !t['@type']) problems.push('podcast:transcript needs an http(s) url and a type');
    if (!t['@language']) problems.push('podcast:transcript should carry the language');
  }
  const chapters = item['podcast:chapters'] as Record<string, string> | undefined;
  if (chapters && (chapters['@type'] !== 'application/json+chapters' || !/^https?:\/\//.test(chapters['@url'] ?? ''))) problems.push('podcast:chapters needs an http(s) url and type application/json+chapters');
  for (const s of (item['podcast:soundbite'] as Record<string, string>[] | undefined) ?? []) {
    const duration = Number(s['@duration']);
    if (!(Number(s['@startTime']) >= 0) || !(duration > 0)) problems.push('podcast:soundbite needs a startTime and a positive duration');
    const title = typeof s === 'string' ? s : (s['#text'] ?? '');
    if (String(title).length > 128) problems.push('podcast:soundbite title is over 128 characters');
  }
  return problems.map((problem) => ({ file, problem }));
}

/**
 * The conformance gate: every artifact read back by the tool a consumer would use — captions by a WebVTT and an
 * SRT parser, JSON files against their published JSON Schemas, the feed item against RSS and namespace rules.
 * An empty list means the version may be published.
 */
export function checkConformance(files: Record<string, string>): ConformanceProblem[] {
  const problems: ConformanceProblem[] = [];
  let segments: number | undefined;
  for (const file of Object.keys(ARTIFACT_SCHEMAS) as (keyof typeof ARTIFACT_SCHEMAS)[]) {
    if (files[file] === undefined) continue;
    const checked = checkJson(file, files[file]);
    problems.push(...checked.problems);
    // Each file is parsed once: the transcript's (large) document also gives the segment count the captions must match.
    if (file === 'transcript.json') {
      const doc = checked.data as { segments?: unknown } | undefined;
      segments = Array.isArray(doc?.segments) ? doc.segments.length : undefined;
    }
  }
  if (files['transcript.vtt'] !== undefined) problems.push(...checkVtt(files['transcript.vtt'], segments));
  if (files['transcript.srt'] !== undefined) problems.push(...checkSrt(files['transcript.srt'], segments));
  if (files['feed-item.xml'] !== undefined) problems.push(...checkFeedItem(files['feed-item.xml']));
  return problems;
}

/** The durations (seconds) of a feed item's soundbites. */
export function soundbiteDurations(itemXml: string): number[] {
  const doc = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name: string) => name === 'podcast:soundbite' }).parse(itemXml) as { item?: { 'podcast:soundbite'?: { '@duration': string }[] } };
  return (doc.item?.['podcast:soundbite'] ?? []).map((b) => Number(b['@duration']));
}
