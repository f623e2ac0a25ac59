// Types for webvtt-parser (it ships none): only what the conformance gate uses.
declare module 'webvtt-parser' {
  export interface WebVTTCue {
    id: string;
    startTime: number;
    endTime: number;
    text: string;
  }
  export interface WebVTTParseResult {
    cues: WebVTTCue[];
    errors: { message: string; line: number; col?: number }[];
    time: number;
  }
  export class WebVTTParser {
    parse(input: string, mode?: 'metadata' | 'chapters'): WebVTTParseResult;
  }
  // CommonJS that assigns its exports at run time: Node's ESM loader sees only the default export.
  const webvtt: { WebVTTParser: typeof WebVTTParser };
  export default webvtt;
}
