/**
 * IEEE 754 half-precision (binary16) conversions done by hand, because fp16
 * tensors travel as `Uint16Array` bit patterns: the runtime deletes
 * `globalThis.Float16Array` before onnxruntime-node loads (see
 * `float16_guard.ts`), so it cannot rely on it.
 *
 * @module
 */

const HALF_NAN = 0x7e00;
const HALF_INFINITY = 0x7c00;
const HALF_SIGN = 0x8000;
/** The smallest positive normal half, 2^-14. */
const MIN_NORMAL = 2 ** -14;
/** Halfway between the largest half (65504) and 2^16; at or above it rounds to infinity. */
const OVERFLOW_THRESHOLD = 65520;

/** Rounds a non-negative number to the nearest integer, ties to the even one. */
function roundHalfToEven(value: number): number {
  const floor = Math.floor(value);
  const fraction = value - floor;
  if (fraction > 0.5) return floor + 1;
  if (fraction < 0.5) return floor;
  return floor % 2 === 0 ? floor : floor + 1;
}

/** The exponent e with 2^e <= value < 2^(e+1), for a positive finite value. */
function binaryExponent(value: number): number {
  let exponent = Math.floor(Math.log2(value));
  if (2 ** exponent > value) exponent -= 1;
  if (2 ** (exponent + 1) <= value) exponent += 1;
  return exponent;
}

/**
 * Converts a number to the bit pattern of the nearest IEEE half, rounding to
 * nearest with ties to even directly from the double (no double rounding
 * through float32). Values beyond the half range become ±infinity, tiny values
 * become subnormals or ±0, and NaN becomes the quiet NaN `0x7e00`.
 */
export function numberToFloat16Bits(value: number): number {
  if (Number.isNaN(value)) return HALF_NAN;
  const sign = value < 0 || Object.is(value, -0) ? HALF_SIGN : 0;
  const magnitude = Math.abs(value);
  if (magnitude >= OVERFLOW_THRESHOLD) return sign | HALF_INFINITY;
  if (magnitude < MIN_NORMAL) {
    // Subnormal range: units of 2^-24. Scaling by a power of two is exact, and
    // a result of 1024 is exactly the smallest normal's bit pattern.
    return sign | roundHalfToEven(magnitude * 2 ** 24);
  }
  let exponent = binaryExponent(magnitude);
  // The significand with 10 fraction bits, in [1024, 2048] after rounding.
  let significand = roundHalfToEven(magnitude * 2 ** (10 - exponent));
  if (significand === 2048) {
    significand = 1024;
    exponent += 1;
  }
  if (exponent > 15) return sign | HALF_INFINITY;
  return sign | ((exponent + 15) << 10) | (significand - 1024);
}

/** Converts a half bit pattern (the low 16 bits of `bits`) to the number it denotes. */
export function float16BitsToNumber(bits: number): number {
  const sign = bits & HALF_SIGN ? -1 : 1;
  const exponent = (bits >> 10) & 0x1f;
  const fraction = bits & 0x3ff;
  if (exponent === 0) return sign * fraction * 2 ** -24;
  if (exponent === 0x1f) return fraction === 0 ? sign * Infinity : NaN;
  return sign * (1024 + fraction) * 2 ** (exponent - 25);
}

/** Converts numbers to a `Uint16Array` of half bit patterns, the form fp16 tensors take. */
export function toFloat16Bits(values: ArrayLike<number>): Uint16Array {
  const bits = new Uint16Array(values.length);
  for (let index = 0; index < values.length; index++) {
    bits[index] = numberToFloat16Bits(values[index]);
  }
  return bits;
}

/** Converts half bit patterns back to numbers; every half is exact in float32. */
export function fromFloat16Bits(bits: ArrayLike<number>): Float32Array {
  const values = new Float32Array(bits.length);
  for (let index = 0; index < bits.length; index++) {
    values[index] = float16BitsToNumber(bits[index]);
  }
  return values;
}
