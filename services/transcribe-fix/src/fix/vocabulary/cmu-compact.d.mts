/** See cmu-compact.mjs: the CMU dictionary as sorted "word<TAB>phonemes" lines, and a lookup over that text. */
export declare function encodeCmu(dictionary: Record<string, string>): string;
export declare function compactLookup(text: string): (word: string) => string | undefined;
