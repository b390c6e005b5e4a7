/**
 * Measuring a sine in decoded audio (tests of runtime/media/): its frequency
 * from the interpolated upward zero crossings and its peak amplitude, both
 * over the middle of the signal (away from resampling's edge effects); and
 * the WAV fixtures' folder (tests/fixtures/audio/, made by make_wavs.sh).
 *
 * @module
 */
import { join } from "node:path";
import { PROJECT_ROOT } from "./cli.ts";

/** tests/fixtures/audio/. */
export const AUDIO_FIXTURES: string = join(PROJECT_ROOT, "tests", "fixtures", "audio");

/** Reads a fixture of tests/fixtures/audio/. */
export async function audioFixture(file: string): Promise<Uint8Array> {
  return await Deno.readFile(join(AUDIO_FIXTURES, file));
}

/** A sine's frequency (Hz) and peak amplitude, measured over the middle 80 % of `samples`. */
export function measureSine(
  samples: Float32Array,
  sampleRate: number,
): { frequency: number; amplitude: number } {
  const from = Math.floor(samples.length * 0.1);
  const to = Math.ceil(samples.length * 0.9);
  const crossings: number[] = [];
  let amplitude = 0;
  for (let index = from; index < to; index++) {
    amplitude = Math.max(amplitude, Math.abs(samples[index]));
    const [before, after] = [samples[index - 1], samples[index]];
    if (before < 0 && after >= 0) crossings.push(index - 1 + before / (before - after));
  }
  const periods = crossings.length - 1;
  const span = crossings[crossings.length - 1] - crossings[0];
  return { frequency: periods / span * sampleRate, amplitude };
}
