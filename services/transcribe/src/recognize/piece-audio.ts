import type { FfmpegCommand } from '@podpipe/ingest/audio/commands';
import type { Piece } from './pieces.ts';

/** Bit rate of mp3 pieces: speech at 16 kHz mono stays clear, and 10 minutes weigh under 4 MB (upload limits are 25 MB). */
export const MP3_PIECE_BITRATE = '48k';

const seconds = (t: number) => t.toFixed(3);

/** The ffmpeg command that cuts one piece out of the episode as 16 kHz mono speech in the recognizer's format. */
export function pieceCommand(piece: Piece, format: 'mp3' | 'wav', output: string): FfmpegCommand {
  return {
    inputOptions: ['-hide_banner', '-nostats', '-nostdin', '-ss', seconds(piece.from), '-t', seconds(piece.to - piece.from)],
    outputOptions: [
      '-map', '0:a:0', '-vn', '-sn', '-dn', '-ac', '1', '-ar', '16000',
      ...(format === 'mp3' ? ['-c:a', 'libmp3lame', '-b:a', MP3_PIECE_BITRATE, '-f', 'mp3'] : ['-c:a', 'pcm_s16le', '-f', 'wav']),
      '-y',
    ],
    output,
  };
}
