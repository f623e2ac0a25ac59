import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { sourceTreeHash } from '../src/hash.ts';

describe('sourceTreeHash', () => {
  it('changes when any file under the stage folder changes, and only then', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'podpipe-hash-'));
    mkdirSync(path.join(dir, 'model'));
    writeFileSync(path.join(dir, 'stage.ts'), 'export const a = 1;');
    writeFileSync(path.join(dir, 'model', 'weights.bin'), Buffer.from([1, 2, 3]));
    const url = pathToFileURL(path.join(dir, 'stage.ts')).href;
    const first = sourceTreeHash(url);
    expect(sourceTreeHash(url)).toBe(first);
    writeFileSync(path.join(dir, 'model', 'weights.bin'), Buffer.from([1, 2, 4]));
    const second = sourceTreeHash(url);
    expect(second).not.toBe(first);
    writeFileSync(path.join(dir, 'extra.json'), '{}');
    expect(sourceTreeHash(url)).not.toBe(second);
  });
});
