/**
 * Resampling while decoding (runtime/media/wav_decode.ts): SoX's sines at
 * 44.1 kHz (stereo, 24-bit), 48 kHz (float) and 8 kHz (16-bit) come out at
 * 16 kHz with their frequency and amplitude intact and the duration kept;
 * and a target rate that is no rate is refused.
 */
import assert from "node:assert/strict";
import { decodeWav } from "../../../runtime/media/wav_decode.ts";
import { decodeWavMono } from "../../../runtime/media/mix_to_mono.ts";
import { audioFixture, measureSine } from "../../support/sine_wave.ts";

for (
  const [file, sourceRate, channels] of [
    ["sine_44k1_stereo_s24.wav", 44100, 2],
    ["sine_48k_mono_f32.wav", 48000, 1],
    ["sine_8k_mono_s16.wav", 8000, 1],
  ] as const
) {
  Deno.test(`${file} resamples to 16 kHz keeping each channel's sine`, async () => {
    const audio = decodeWav(await audioFixture(file), { name: file, sampleRate: 16000 });
    assert.equal(audio.sourceRate, sourceRate);
    assert.equal(audio.sampleRate, 16000);
    assert.equal(audio.channels.length, channels);
    audio.channels.forEach((samples, channel) => {
      assert.ok(Math.abs(samples.length - 1600) <= 1, `0.1 s: ${samples.length} samples`);
      const expected = 440 * (channel + 1);
      const { frequency, amplitude } = measureSine(samples, 16000);
      assert.ok(Math.abs(frequency - expected) < expected * 0.005, `${file}: ${frequency} Hz`);
      assert.ok(Math.abs(amplitude - 0.5) < 0.02, `${file}: amplitude ${amplitude}`);
    });
  });
}

Deno.test("stereo 44.1 kHz to 16 kHz mono: the channels' mean at the new rate", async () => {
  const mono = decodeWavMono(await audioFixture("sine_44k1_stereo_s24.wav"), {
    sampleRate: 16000,
  });
  assert.deepEqual([mono.sampleRate, mono.sourceRate, mono.sourceChannels, mono.encoding], [
    16000,
    44100,
    2,
    "pcm24",
  ]);
  const both = decodeWav(await audioFixture("sine_44k1_stereo_s24.wav"), { sampleRate: 16000 });
  const mean = (i: number) => (both.channels[0][i] + both.channels[1][i]) / 2;
  assert.ok(mono.samples.every((value, i) => Math.abs(value - mean(i)) < 1e-6));
});

Deno.test("the file's own rate is kept when no rate or the same rate is asked", async () => {
  const bytes = await audioFixture("sine_8k_mono_s16.wav");
  assert.equal(decodeWav(bytes).channels[0].length, 800);
  assert.deepEqual(decodeWav(bytes, { sampleRate: 8000 }).channels, decodeWav(bytes).channels);
  assert.throws(
    () => decodeWav(bytes, { name: "a.wav", sampleRate: 0 }),
    /cannot resample a\.wav to 0 Hz/,
  );
});
