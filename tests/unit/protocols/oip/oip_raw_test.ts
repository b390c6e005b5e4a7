/** Raw tensor contents (OIP raw_input_contents): BYTES elements are length-prefixed. */
import assert from "node:assert/strict";
import { RuntimeError } from "../../../../runtime/base/errors.ts";
import { tensorFromRaw, tensorToRaw } from "../../../../runtime/protocols/oip/oip_raw.ts";
import type { Tensor } from "../../../../runtime/model/tensors.ts";

function badRequestNaming(name: string, pattern: RegExp) {
  return (error: unknown) => {
    assert.ok(error instanceof RuntimeError);
    assert.equal(error.kind, "bad_request");
    assert.match(error.message, new RegExp(`'${name}'`));
    assert.match(error.message, pattern);
    return true;
  };
}

Deno.test("codecs: raw BYTES is length-prefixed and a truncated one is refused", () => {
  const tensor: Tensor = {
    name: "s",
    datatype: "BYTES",
    shape: [2],
    data: [new Uint8Array([104, 105]), new Uint8Array()],
  };
  assert.deepEqual([...tensorToRaw(tensor)], [2, 0, 0, 0, 104, 105, 0, 0, 0, 0]);
  assert.throws(
    () => tensorFromRaw("s", "BYTES", [1], new Uint8Array([5, 0, 0, 0, 1])),
    badRequestNaming("s", /claims 5 bytes, but only 1 remain/),
  );
  assert.throws(
    () => tensorFromRaw("s", "BYTES", [1], new Uint8Array([1, 0])),
    badRequestNaming("s", /inside a 4-byte length prefix/),
  );
});
