/**
 * Mixing channels down to one, and the usual entry of speech models: a WAV
 * file as one mono channel at a given rate.
 *
 * @module
 */
import { badRequest } from "../base/errors.ts";
import { resampleSamples } from "./resample.ts";
import { decodeWav, type DecodeWavOptions } from "./wav_decode.ts";
import type { WavEncoding } from "./wav_format.ts";

/**
 * The mean of `channels` sample by sample (one channel is returned as it
 * is); channels of different lengths are a `bad_request`.
 */
export function mixToMono(channels: readonly Float32Array[]): Float32Array {
  if (channels.length === 0) throw badRequest("no channels to mix");
  if (channels.length === 1) return channels[0];
  const length = channels[0].length;
  if (channels.some((channel) => channel.length !== length)) {
    throw badRequest("cannot mix channels of different lengths");
  }
  const mono = new Float32Array(length);
  for (const channel of channels) {
    for (let index = 0; index < length; index++) mono[index] += channel[index];
  }
  for (let index = 0; index < length; index++) mono[index] /= channels.length;
  return mono;
}

/** A WAV file as one channel. */
export interface MonoAudio {
  /** Rate of {@link MonoAudio.samples}. */
  readonly sampleRate: number;
  /** The channels' mean, in [-1, 1]. */
  readonly samples: Float32Array;
  /** The file's own rate. */
  readonly sourceRate: number;
  /** The file's own channel count. */
  readonly sourceChannels: number;
  /** The file's sample encoding. */
  readonly encoding: WavEncoding;
}

/**
 * Decodes WAV file `bytes` (see {@link decodeWav}: same encodings, same
 * errors), mixes the channels down to mono and resamples that one channel
 * to `options.sampleRate` when given — what a speech model wants, e.g.
 * `decodeWavMono(bytes, { name: "input.wav", sampleRate: 16000 })`.
 */
export function decodeWavMono(bytes: Uint8Array, options: DecodeWavOptions = {}): MonoAudio {
  const { sampleRate, ...decodeOptions } = options;
  const audio = decodeWav(bytes, decodeOptions);
  const mono = mixToMono(audio.channels);
  // Mixed first, so a stereo file is resampled once, not per channel.
  return {
    sampleRate: sampleRate ?? audio.sampleRate,
    samples: sampleRate === undefined ? mono : resampleSamples(mono, audio.sourceRate, sampleRate),
    sourceRate: audio.sourceRate,
    sourceChannels: audio.channels.length,
    encoding: audio.encoding,
  };
}
