/**
 * The sample encodings a WAV file may hold that the runtime decodes, read
 * from the header npm:wavefile parsed: integer PCM of 8, 16, 24 or 32 bits
 * and IEEE float of 32 or 64 bits, plain or as WAVE_FORMAT_EXTENSIBLE.
 * Anything else (ADPCM, A-law, mu-law, 12-bit PCM, ...) is a `bad_request`
 * naming the file.
 *
 * @module
 */
import { badRequest } from "../base/errors.ts";

/** A WAV sample encoding the runtime decodes. */
export type WavEncoding = "pcm8" | "pcm16" | "pcm24" | "pcm32" | "float32" | "float64";

/** The `fmt ` chunk fields the decoder reads (as npm:wavefile names them). */
export interface WavFormatChunk {
  /** 1 PCM, 3 IEEE float, 65534 extensible (the subformat says which). */
  readonly audioFormat: number;
  /** Interleaved channels. */
  readonly numChannels: number;
  /** Frames per second. */
  readonly sampleRate: number;
  /** Bits of one sample. */
  readonly bitsPerSample: number;
  /** WAVE_FORMAT_EXTENSIBLE's GUID as four 32-bit words; the first is the format code. */
  readonly subformat?: readonly number[];
}

const PCM = 1;
const FLOAT = 3;
const EXTENSIBLE = 65534;

/** Names of the compressed formats one is likely to meet, for messages. */
const FORMAT_NAMES: Readonly<Record<number, string>> = {
  2: "Microsoft ADPCM",
  6: "A-law",
  7: "mu-law",
  17: "IMA ADPCM",
  85: "MPEG Layer 3",
};

/**
 * The encoding of a WAV file whose `fmt ` chunk is `fmt`, or a
 * `bad_request` such as `input.wav: 12-bit PCM is not supported` (`name` is
 * the file's name in messages). Channel count and rate must be positive.
 */
export function wavEncoding(fmt: WavFormatChunk, name: string): WavEncoding {
  const code = fmt.audioFormat === EXTENSIBLE ? fmt.subformat?.[0] ?? 0 : fmt.audioFormat;
  const bits = fmt.bitsPerSample;
  if (!(fmt.numChannels > 0) || !(fmt.sampleRate > 0)) {
    throw badRequest(
      `${name}: a WAV file needs at least one channel and a positive sample rate ` +
        `(it declares ${fmt.numChannels} channels at ${fmt.sampleRate} Hz)`,
    );
  }
  if (code === PCM) {
    if (bits === 8 || bits === 16 || bits === 24 || bits === 32) return `pcm${bits}`;
    throw badRequest(`${name}: ${bits}-bit PCM is not supported (8, 16, 24 or 32 bits are)`);
  }
  if (code === FLOAT) {
    if (bits === 32 || bits === 64) return `float${bits}`;
    throw badRequest(`${name}: ${bits}-bit float is not supported (32 or 64 bits are)`);
  }
  const format = FORMAT_NAMES[code] ?? `audio format ${code}`;
  throw badRequest(
    `${name}: ${format} is not supported; send PCM (8, 16, 24 or 32 bits) or 32-bit float`,
  );
}
