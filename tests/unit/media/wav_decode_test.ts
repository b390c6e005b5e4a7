/**
 * WAV decoding (runtime/media/wav_decode.ts, mix_to_mono.ts) on files SoX
 * wrote (tests/fixtures/audio/make_wavs.sh): every supported encoding, mono,
 * stereo and three channels, plain and WAVE_FORMAT_EXTENSIBLE headers; each
 * decodes to the 0.1 s, amplitude 0.5 sine it holds.
 */
import assert from "node:assert/strict";
import wavefile from "wavefile";
import { decodeWav } from "../../../runtime/media/wav_decode.ts";
import { decodeWavMono, mixToMono } from "../../../runtime/media/mix_to_mono.ts";
import { audioFixture, measureSine } from "../../support/sine_wave.ts";

/** Asserts `samples` is a 0.1 s sine of `frequency` Hz and amplitude 0.5 at `rate`. */
function assertSine(samples: Float32Array, rate: number, frequency: number, tolerance = 0.01) {
  assert.equal(samples.length, rate / 10);
  const measured = measureSine(samples, rate);
  assert.ok(
    Math.abs(measured.frequency - frequency) < frequency * 0.005,
    `${measured.frequency} Hz`,
  );
  assert.ok(Math.abs(measured.amplitude - 0.5) < tolerance, `amplitude ${measured.amplitude}`);
}

Deno.test("every bit depth decodes to the same sine in [-1, 1]", async () => {
  const cases = [
    ["sine_16k_mono_u8.wav", "pcm8", 0.01],
    ["sine_16k_mono_s16.wav", "pcm16", 0.001],
    ["sine_16k_mono_s24.wav", "pcm24", 0.001],
    ["sine_16k_mono_s32.wav", "pcm32", 0.001],
    ["sine_16k_mono_f32.wav", "float32", 0.001],
    ["sine_16k_mono_f64.wav", "float64", 0.001],
  ] as const;
  const reference = decodeWav(await audioFixture("sine_16k_mono_f64.wav")).channels[0];
  for (const [file, encoding, tolerance] of cases) {
    const audio = decodeWav(await audioFixture(file), { name: file });
    assert.equal(audio.encoding, encoding, file);
    assert.equal(audio.sampleRate, 16000);
    assert.equal(audio.sourceRate, 16000);
    assert.equal(audio.channels.length, 1);
    assertSine(audio.channels[0], 16000, 440, tolerance);
    // Sample by sample, within the encoding's quantisation step.
    const error = audio.channels[0].reduce(
      (max, value, i) => Math.max(max, Math.abs(value - reference[i])),
      0,
    );
    assert.ok(error <= tolerance, `${file}: differs from the float64 file by ${error}`);
  }
});

Deno.test("stereo and three channels decode per channel; mono is their mean", async () => {
  const stereo = decodeWav(await audioFixture("sine_16k_stereo_s16.wav"));
  assert.equal(stereo.channels.length, 2);
  assertSine(stereo.channels[0], 16000, 440);
  assertSine(stereo.channels[1], 16000, 880);
  const three = decodeWav(await audioFixture("sine_16k_3ch_f32.wav"));
  assert.deepEqual(three.channels.map((channel) => measureSine(channel, 16000).frequency > 0), [
    true,
    true,
    true,
  ]);
  assertSine(three.channels[2], 16000, 1320);
  const mono = decodeWavMono(await audioFixture("sine_16k_stereo_s16.wav"));
  assert.equal(mono.sourceChannels, 2);
  assert.equal(mono.encoding, "pcm16");
  for (let i = 0; i < mono.samples.length; i += 97) {
    assert.ok(
      Math.abs(mono.samples[i] - (stereo.channels[0][i] + stereo.channels[1][i]) / 2) < 1e-6,
    );
  }
  assert.equal(mixToMono([stereo.channels[0]]), stereo.channels[0], "one channel is kept as is");
  assert.throws(() => mixToMono([new Float32Array(2), new Float32Array(3)]), /different lengths/);
});

Deno.test("an extensible header with the float subformat decodes as float", () => {
  // wavefile writes three channels with a 40-byte fmt chunk still marked float (3) and a
  // subformat saying PCM; the fixture marks it extensible (byte 20) with the float subformat
  // (byte 44), as other writers do.
  const { WaveFile } = wavefile;
  const frames = 1600;
  const samples = new Float32Array(frames * 3);
  for (let i = 0; i < frames; i++) {
    for (let c = 0; c < 3; c++) {
      samples[i * 3 + c] = 0.5 * Math.sin(2 * Math.PI * 440 * (c + 1) * i / 16000);
    }
  }
  const writer = new WaveFile();
  writer.fromScratch(3, 16000, "32f", samples);
  const bytes = writer.toBuffer();
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  assert.equal(view.getUint32(16, true), 40, "a 40-byte fmt chunk");
  view.setUint16(20, 65534, true);
  view.setUint32(44, 3, true);
  const audio = decodeWav(bytes);
  assert.equal(audio.encoding, "float32");
  assert.equal(audio.channels.length, 3);
  assertSine(audio.channels[1], 16000, 880);
});
