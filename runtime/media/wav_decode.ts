/**
 * WAV file bytes to float samples, through npm:wavefile (pure JavaScript:
 * it parses the RIFF/RIFX/RF64 container and converts the bit depth): one
 * Float32Array per channel in [-1, 1], optionally resampled to a target rate
 * (resample.ts). The encodings decoded are those of wav_format.ts.
 *
 * @module
 */
import wavefile from "wavefile";
import { badRequest } from "../base/errors.ts";
import { resampleSamples } from "./resample.ts";
import { type WavEncoding, wavEncoding, type WavFormatChunk } from "./wav_format.ts";

const { WaveFile } = wavefile;
type WaveFileObject = InstanceType<typeof WaveFile>;

/** What {@link decodeWav} is asked for. */
export interface DecodeWavOptions {
  /** The file's name in error messages; default `input.wav`. */
  readonly name?: string;
  /** Resample every channel to this rate (frames per second); default the file's own rate. */
  readonly sampleRate?: number;
}

/** Decoded audio: what the file held and the samples, per channel. */
export interface WavAudio {
  /** Rate of {@link WavAudio.channels}: the target rate, or the file's when none was asked. */
  readonly sampleRate: number;
  /** One array per channel (left, right, ...), samples in [-1, 1] (float files may exceed it). */
  readonly channels: readonly Float32Array[];
  /** The file's own rate. */
  readonly sourceRate: number;
  /** The file's sample encoding. */
  readonly encoding: WavEncoding;
}

/**
 * Decodes WAV file `bytes` into float samples per channel: integer PCM (8,
 * 16, 24, 32 bits) is scaled to [-1, 1], float is kept, and with
 * `options.sampleRate` each channel is resampled ({@link resampleSamples}:
 * cubic interpolation behind a low-pass filter). Bytes that are not a WAV file,
 * an unsupported encoding or unreadable samples are a `bad_request` naming
 * the file, e.g. `input.wav: 12-bit PCM is not supported ...`.
 *
 * @example
 * ```ts ignore
 * const audio = decodeWav(bytes, { name: "input.wav", sampleRate: 16000 });
 * audio.channels[0]; // Float32Array of the left channel at 16 kHz
 * ```
 */
export function decodeWav(bytes: Uint8Array, options: DecodeWavOptions = {}): WavAudio {
  const name = options.name ?? "input.wav";
  const target = options.sampleRate;
  if (target !== undefined && !(Number.isInteger(target) && target > 0)) {
    throw badRequest(`cannot resample ${name} to ${target} Hz: a rate is a positive whole number`);
  }
  const wav = new WaveFile();
  try {
    wav.fromBuffer(bytes);
  } catch (error) {
    throw badRequest(`${name} is not a WAV file: ${(error as Error).message}`, { cause: error });
  }
  // A copy: wavefile rewrites its header as it converts.
  const fmt = { ...wav.fmt as WavFormatChunk };
  const encoding = wavEncoding(fmt, name);
  try {
    // wavefile reads WAVE_FORMAT_EXTENSIBLE float 32 as integers: give it the floats.
    if (encoding === "float32" && wav.bitDepth !== "32f") reloadAsFloat32(wav, fmt);
    if (wav.bitDepth !== "32f") wav.toBitDepth("32f");
    const samples = wav.getSamples(false, Float32Array) as unknown as
      | Float32Array
      | Float32Array[];
    const decoded = samples instanceof Float32Array ? [samples] : samples;
    const channels = target === undefined
      ? decoded
      : decoded.map((channel) => resampleSamples(channel, fmt.sampleRate, target));
    return { sampleRate: target ?? fmt.sampleRate, channels, sourceRate: fmt.sampleRate, encoding };
  } catch (error) {
    throw badRequest(
      `${name}: cannot decode its ${encoding} samples: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
}

/** The raw bytes of the file's data chunk. */
function dataBytes(wav: WaveFileObject): Uint8Array {
  return (wav.data as { samples: Uint8Array }).samples;
}

/** Whole frames in the data chunk. */
function frameCount(wav: WaveFileObject, fmt = wav.fmt as WavFormatChunk): number {
  return Math.floor(dataBytes(wav).length / (fmt.numChannels * fmt.bitsPerSample / 8));
}

/** Re-creates `wav` from its data chunk read as interleaved 32-bit floats. */
function reloadAsFloat32(wav: WaveFileObject, fmt: WavFormatChunk): void {
  const data = dataBytes(wav);
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  const littleEndian = wav.container !== "RIFX";
  const samples = new Float32Array(frameCount(wav, fmt) * fmt.numChannels);
  for (let index = 0; index < samples.length; index++) {
    samples[index] = view.getFloat32(index * 4, littleEndian);
  }
  wav.fromScratch(fmt.numChannels, fmt.sampleRate, "32f", samples);
}
