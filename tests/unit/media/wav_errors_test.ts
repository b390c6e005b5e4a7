/**
 * What WAV decoding refuses (runtime/media/wav_format.ts, wav_decode.ts):
 * each is a `bad_request` naming the file — bytes that are not WAV, a
 * corrupt file or one cut inside its header (one cut inside its samples
 * decodes the whole frames there), A-law (SoX's fixture), 12-bit PCM and an
 * unknown format code.
 */
import assert from "node:assert/strict";
import { RuntimeError } from "../../../runtime/base/errors.ts";
import { decodeWav } from "../../../runtime/media/wav_decode.ts";
import { audioFixture } from "../../support/sine_wave.ts";

/** Asserts decoding `bytes` as input.wav is a bad_request matching `message`. */
function assertRefused(bytes: Uint8Array, message: RegExp) {
  assert.throws(
    () => decodeWav(bytes, { name: "input.wav", sampleRate: 16000 }),
    (error: unknown) => {
      assert.ok(error instanceof RuntimeError, String(error));
      assert.equal(error.kind, "bad_request");
      assert.match(error.message, message);
      return true;
    },
  );
}

/** A copy of the plain 16-bit fixture (44-byte header) with `edit` applied to its header. */
async function edited(edit: (view: DataView) => void): Promise<Uint8Array> {
  const bytes = (await audioFixture("sine_16k_mono_s16.wav")).slice();
  edit(new DataView(bytes.buffer));
  return bytes;
}

Deno.test("bytes that are not a WAV file", () => {
  assertRefused(new TextEncoder().encode('{"text": "hello"}'), /^input\.wav is not a WAV file: /);
  assertRefused(new Uint8Array(0), /^input\.wav is not a WAV file: /);
  assertRefused(
    new TextEncoder().encode("RIFF\x04\x00\x00\x00AVI LIST"),
    /^input\.wav is not a WAV file: .*WAVE/,
  );
});

Deno.test("a truncated or corrupt file", async () => {
  const whole = await audioFixture("sine_16k_mono_s16.wav");
  assertRefused(whole.subarray(0, 30), /^input\.wav is not a WAV file: /);
  // A data chunk cut short decodes the whole frames there, as players do.
  assert.equal(decodeWav(whole.subarray(0, 1001)).channels[0].length, (1001 - 44 - 1) / 2);
  assertRefused(whole.subarray(0, 38), /^input\.wav is not a WAV file: .*data/);
  assertRefused(await edited((view) => view.setUint16(22, 0, true)), /at least one channel/);
  assertRefused(await edited((view) => view.setUint32(24, 0, true)), /positive sample rate/);
});

Deno.test("encodings other than PCM and float are named", async () => {
  assertRefused(
    await audioFixture("sine_8k_mono_alaw.wav"),
    /^input\.wav: A-law is not supported; send PCM/,
  );
  assertRefused(
    await edited((view) => view.setUint16(34, 12, true)),
    /^input\.wav: 12-bit PCM is not supported \(8, 16, 24 or 32 bits are\)$/,
  );
  assertRefused(
    await edited((view) => view.setUint16(20, 0x1234, true)),
    /^input\.wav: audio format 4660 is not supported/,
  );
  assertRefused(
    await edited((view) => (view.setUint16(20, 3, true), view.setUint16(34, 16, true))),
    /16-bit float is not supported/,
  );
});
