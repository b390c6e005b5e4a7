import assert from "node:assert/strict";
import { join } from "node:path";
import {
  float16BitsToNumber,
  numberToFloat16Bits,
  toFloat16Bits,
} from "../../../../runtime/model/float16.ts";
import { float16ArrayRemoved } from "../../../../runtime/backends/onnx/float16_guard.ts";
import { encodeOnnxModel } from "../../../../runtime/backends/onnx/model_writer.ts";
import { Tensor } from "../../../../runtime/backends/onnx/ort.ts";
import { OnnxSession } from "../../../../runtime/backends/onnx/session.ts";
import { float16Model } from "../../../fixtures/onnx/models.ts";

const projectRoot = join(import.meta.dirname ?? ".", "..", "..", "..", "..");
const childScript = join(projectRoot, "tests", "fixtures", "onnx", "fp16_child.ts");
const OFFSET = [0.5, -1.25, 1024];
const INPUT = [1, 2.5, -3, 0.1, 65504, -0];

/** The half bits of x + offset, rounded once from the exact sum of two halves. */
function expectedSumBits(inputBits: readonly number[]): number[] {
  return inputBits.map((bits, index) =>
    numberToFloat16Bits(
      float16BitsToNumber(bits) + float16BitsToNumber(numberToFloat16Bits(OFFSET[index % 3])),
    )
  );
}

/** Runs the fp16 child script in a fresh Deno process. */
async function runChild(...args: string[]): Promise<Deno.CommandOutput> {
  return await new Deno.Command(Deno.execPath(), {
    args: ["run", "--allow-all", "--quiet", childScript, ...args],
    cwd: projectRoot,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
}

Deno.test("fp16: importing ort.ts removes globalThis.Float16Array", () => {
  assert.equal(float16ArrayRemoved(), true);
  assert.equal("Float16Array" in globalThis, false);
});

Deno.test("fp16: Identity and Add on float16 run in-process with Uint16Array tensors", async () => {
  const session = await OnnxSession.openBytes(encodeOnnxModel(float16Model()));
  try {
    assert.deepEqual(session.inputs.map((info) => [info.name, info.type]), [["x", "float16"]]);
    assert.deepEqual(session.outputs.map((info) => info.type), ["float16", "float16"]);
    const bits = toFloat16Bits(INPUT);
    const { copy, sum } = await session.run({ x: new Tensor("float16", bits, [2, 3]) });
    assert.equal(copy.type, "float16");
    assert.ok(copy.data instanceof Uint16Array);
    assert.deepEqual(Array.from(copy.data), Array.from(bits));
    assert.ok(sum.data instanceof Uint16Array);
    assert.deepEqual(Array.from(sum.data), expectedSumBits(Array.from(bits)));
    // Several runs in a row keep working (the crash came on crossing a session).
    for (let round = 0; round < 20; round++) {
      const again = await session.run({ x: new Tensor("float16", bits, [2, 3]) });
      assert.deepEqual(Array.from(again.copy.data as Uint16Array), Array.from(bits));
    }
  } finally {
    await session.close();
  }
});

Deno.test("fp16: a fresh process that imports ort.ts runs the fp16 model and exits 0", async () => {
  const output = await runChild();
  const stderr = new TextDecoder().decode(output.stderr);
  assert.equal(output.code, 0, `child failed (code ${output.code}):\n${stderr}`);
  const result = JSON.parse(new TextDecoder().decode(output.stdout));
  const bits = Array.from(toFloat16Bits(INPUT));
  assert.deepEqual(result, {
    presentAfterGuard: false,
    copy: bits,
    sum: expectedSumBits(bits),
    copyType: "float16",
  });
});

Deno.test("fp16: without the guard the same child aborts, which is why the guard exists", async () => {
  // If this ever passes with code 0, the pinned Deno no longer panics on
  // Float16Array tensors and float16_guard.ts may be reconsidered.
  const output = await runChild("--restore-float16array");
  assert.notEqual(output.code, 0, "the unguarded child was expected to abort");
});
