import assert from "node:assert/strict";
import { decodeText, encodeText } from "../../../runtime/model/text_bytes.ts";

const reference = new TextEncoder();

Deno.test("encodeText: same bytes as TextEncoder for ASCII, multi-byte and long texts", () => {
  const texts = ["", "[5.1, 3.5]", "ünïcödé ✓ 🚀", "x".repeat(5000), "é".repeat(2000)];
  // Many in a row cross chunk boundaries.
  for (let round = 0; round < 200; round++) {
    for (const text of texts) assert.deepEqual([...encodeText(text)], [...reference.encode(text)]);
  }
});

Deno.test("encodeText: earlier results are not overwritten by later ones", () => {
  const results = Array.from({ length: 2000 }, (_, i) => [i, encodeText(`{"n":${i}}`)] as const);
  for (const [i, bytes] of results) assert.equal(new TextDecoder().decode(bytes), `{"n":${i}}`);
});

Deno.test("decodeText: like a fatal UTF-8 TextDecoder (ASCII, multi-byte, BOM, invalid)", () => {
  for (const text of ["[1, 2]", "naïve", "a".repeat(1000), "é".repeat(300)]) {
    assert.equal(decodeText(reference.encode(text)), text);
  }
  assert.equal(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x31])), "1", "a BOM is dropped");
  assert.throws(() => decodeText(new Uint8Array([0x5b, 0xff, 0x5d])), TypeError);
});
