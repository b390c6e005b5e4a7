import assert from "node:assert/strict";
import {
  float16BitsToNumber,
  fromFloat16Bits,
  numberToFloat16Bits,
  toFloat16Bits,
} from "../../../runtime/model/float16.ts";

const isNanBits = (bits: number) => (bits & 0x7c00) === 0x7c00 && (bits & 0x03ff) !== 0;

Deno.test("float16: known values encode to their IEEE half bits", () => {
  const cases: [number, number][] = [
    [0, 0x0000],
    [-0, 0x8000],
    [1, 0x3c00],
    [-2, 0xc000],
    [0.5, 0x3800],
    [1 / 3, 0x3555],
    [0.1, 0x2e66],
    [65504, 0x7bff], // largest finite half
    [65519.99, 0x7bff], // just below the overflow midpoint
    [65520, 0x7c00], // the midpoint to 2^16 ties to even = infinity
    [1e10, 0x7c00],
    [-1e10, 0xfc00],
    [Infinity, 0x7c00],
    [-Infinity, 0xfc00],
    [2 ** -14, 0x0400], // smallest normal
    [2 ** -14 - 2 ** -24, 0x03ff], // largest subnormal
    [2 ** -24, 0x0001], // smallest subnormal
    [-(2 ** -24), 0x8001],
    [2 ** -25, 0x0000], // tie between 0 and 2^-24: even is 0
    [2 ** -25 + 2 ** -40, 0x0001], // just above the tie
    [3 * 2 ** -25, 0x0002], // tie between 1 and 2 units: even is 2
    [1e-30, 0x0000],
    [-1e-30, 0x8000],
    [1 + 2 ** -11, 0x3c00], // tie: rounds down to the even 0x3c00
    [1 + 3 * 2 ** -11, 0x3c02], // tie: rounds up to the even 0x3c02
    [2047.5, 0x6800], // 2047.5 -> ties to 2048 (even)
    [2 - 2 ** -12, 0x4000], // rounds up across the exponent boundary
  ];
  for (const [value, bits] of cases) {
    assert.equal(
      numberToFloat16Bits(value),
      bits,
      `${value} -> 0x${numberToFloat16Bits(value).toString(16)}, want 0x${bits.toString(16)}`,
    );
  }
  assert.equal(numberToFloat16Bits(NaN), 0x7e00);
});

Deno.test("float16: every bit pattern decodes and re-encodes to itself", () => {
  for (let bits = 0; bits < 0x10000; bits++) {
    const value = float16BitsToNumber(bits);
    if (isNanBits(bits)) {
      assert.ok(Number.isNaN(value), `0x${bits.toString(16)} should be NaN`);
      continue;
    }
    assert.equal(numberToFloat16Bits(value), bits, `round trip of 0x${bits.toString(16)}`);
  }
  assert.equal(float16BitsToNumber(0x7c00), Infinity);
  assert.equal(float16BitsToNumber(0xfc00), -Infinity);
  assert.equal(float16BitsToNumber(0x0001), 2 ** -24);
  assert.ok(Object.is(float16BitsToNumber(0x8000), -0));
});

Deno.test("float16: midpoints between neighbours round to the even one, others to the nearest", () => {
  for (let bits = 0; bits < 0x7bff; bits++) {
    const low = float16BitsToNumber(bits);
    const high = float16BitsToNumber(bits + 1);
    const middle = (low + high) / 2; // exact in a double
    const even = bits % 2 === 0 ? bits : bits + 1;
    assert.equal(numberToFloat16Bits(middle), even, `midpoint after 0x${bits.toString(16)}`);
    assert.equal(numberToFloat16Bits(-middle), even | 0x8000);
    const step = (high - low) / 1024;
    assert.equal(numberToFloat16Bits(middle - step), bits);
    assert.equal(numberToFloat16Bits(middle + step), bits + 1);
  }
});

const f16round = (Math as unknown as { f16round?: (value: number) => number }).f16round;

Deno.test({
  name: "float16: agrees with Math.f16round on random doubles",
  ignore: f16round === undefined,
  fn: () => {
    if (f16round === undefined) return;
    let seed = 12345;
    const random = () => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    for (let index = 0; index < 200_000; index++) {
      const value = (random() - 0.5) * 2 ** (Math.floor(random() * 48) - 28);
      assert.ok(
        Object.is(float16BitsToNumber(numberToFloat16Bits(value)), f16round(value)),
        `${value}`,
      );
    }
  },
});

Deno.test("float16: array helpers convert element-wise", () => {
  const bits = toFloat16Bits([1, -2, 0.1, 70000]);
  assert.deepEqual(Array.from(bits), [0x3c00, 0xc000, 0x2e66, 0x7c00]);
  assert.ok(bits instanceof Uint16Array);
  const values = fromFloat16Bits(bits);
  assert.ok(values instanceof Float32Array);
  assert.deepEqual(Array.from(values), [1, -2, Math.fround(0.0999755859375), Infinity]);
});
