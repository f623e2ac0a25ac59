import { describe, expect, it } from 'vitest';
import {
  analyzeCommand,
  encodableSampleRate,
  loudnessCorrectionFilter,
  normalizeCommand,
  silenceCommand,
} from '../src/audio/commands.ts';

const measured = { inputI: -21.09, inputTP: -0.47, inputLRA: 1.9, inputThresh: -31.16 };

function filterOf(options: string[]): string | undefined {
  return options[options.indexOf('-af') + 1];
}

describe('analyzeCommand', () => {
  it('runs silencedetect and ebur128 in one filter chain into the null muxer', () => {
    const command = analyzeCommand({ noiseDb: -35, minSec: 0.5 });
    expect(filterOf(command.outputOptions)).toBe('silencedetect=noise=-35dB:d=0.5,ebur128=peak=true:framelog=verbose');
    expect(command.outputOptions.slice(-2)).toEqual(['-f', 'null']);
    expect(command.output).toBe('-');
  });

  it('decodes only the first audio stream', () => {
    const { outputOptions } = silenceCommand();
    expect(outputOptions.slice(0, 2)).toEqual(['-map', '0:a:0']);
    expect(outputOptions).toContain('-vn');
    expect(filterOf(outputOptions)).toBe('silencedetect=noise=-40dB:d=0.2');
  });
});

describe('loudnessCorrectionFilter', () => {
  it('seeds a linear second pass with the measurement', () => {
    expect(loudnessCorrectionFilter(measured)).toBe(
      'loudnorm=I=-16:TP=-1.5:LRA=11:measured_I=-21.09:measured_TP=-0.47:measured_LRA=1.9:measured_thresh=-31.16:linear=true:print_format=summary',
    );
  });

  it('falls back to dynamic mode for a silent measurement', () => {
    const filter = loudnessCorrectionFilter({ inputI: -70, inputTP: -99, inputLRA: 0, inputThresh: 0 }, { i: -19, tp: -2, lra: 7 });
    expect(filter).toBe('loudnorm=I=-19:TP=-2:LRA=7:print_format=summary');
  });

  it('clamps values outside what loudnorm accepts', () => {
    const filter = loudnessCorrectionFilter({ inputI: -60, inputTP: 3, inputLRA: 120, inputThresh: -120 });
    expect(filter).toContain('measured_LRA=99');
    expect(filter).toContain('measured_thresh=-99');
  });
});

describe('normalizeCommand', () => {
  it('encodes mp3 at the input rate and channel count', () => {
    const command = normalizeCommand('/out/a.mp3', measured, { codec: 'mp3', bitrateKbps: 64, sampleRate: 22050, channels: 1 });
    const o = command.outputOptions;
    expect(o[o.indexOf('-ar') + 1]).toBe('22050');
    expect(o[o.indexOf('-ac') + 1]).toBe('1');
    expect(o[o.indexOf('-c:a') + 1]).toBe('libmp3lame');
    expect(o[o.indexOf('-b:a') + 1]).toBe('64k');
    expect(command.output).toBe('/out/a.mp3');
  });

  it('writes aac in an m4a container with faststart and folds surround to stereo', () => {
    const o = normalizeCommand('/out/a.m4a', measured, { codec: 'aac', bitrateKbps: 128, sampleRate: 96000, channels: 6 }).outputOptions;
    expect(o[o.indexOf('-c:a') + 1]).toBe('aac');
    expect(o[o.indexOf('-f') + 1]).toBe('ipod');
    expect(o).toContain('+faststart');
    expect(o[o.indexOf('-ar') + 1]).toBe('48000');
    expect(o[o.indexOf('-ac') + 1]).toBe('2');
  });
});

describe('encodableSampleRate', () => {
  it('keeps common rates and rounds odd ones to the nearest encodable rate', () => {
    expect(encodableSampleRate(44100)).toBe(44100);
    expect(encodableSampleRate(96000)).toBe(48000);
    expect(encodableSampleRate(22000)).toBe(22050);
  });
});
