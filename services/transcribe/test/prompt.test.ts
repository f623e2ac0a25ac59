import { describe, expect, it } from 'vitest';
import { recognitionPrompt } from '../src/prompt.ts';

describe('recognitionPrompt', () => {
  it('names hosts, guests, sponsors and glossary terms once each', () => {
    expect(recognitionPrompt({ hosts: ['Ana Ruiz'], guests: ['Bo Chen', 'ana ruiz'], sponsors: ['Acme'] }, ['Kubernetes', 'Acme', 'PyTorch'])).toBe(
      'Hosts: Ana Ruiz. Guests: Bo Chen. Sponsors: Acme. Terms: Kubernetes, PyTorch.',
    );
  });

  it('is empty with nothing to name, and stays under the length a recognizer reads', () => {
    expect(recognitionPrompt({ hosts: [], guests: [], sponsors: [] }, [])).toBe('');
    const long = recognitionPrompt({ hosts: ['Host'], guests: [], sponsors: [] }, Array.from({ length: 300 }, (_, i) => `Term${i}`));
    expect(long.length).toBeLessThanOrEqual(800);
    expect(long).toMatch(/^Hosts: Host\. Terms: Term0, Term1, /);
  });
});
