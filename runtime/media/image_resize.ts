/**
 * Bilinear resizing, with the target size given outright or derived from
 * the aspect ratio.
 *
 * @module
 */
import { badRequest } from "../base/errors.ts";
import type { PixelImage } from "./pixel_image.ts";

/**
 * The size to resize to, one of:
 *
 * - `{ width, height }`: exactly that size (stretched);
 * - `{ width, height, keepAspect: true }`: the largest size that keeps the
 *   aspect ratio and fits inside `width` × `height` (then pad or crop to the
 *   box);
 * - `{ height }` (with an optional `maxWidth`): that height, the width from
 *   the aspect ratio, capped at `maxWidth` (PaddleOCR's text-line resize);
 *   `{ width }` with an optional `maxHeight` likewise;
 * - `{ shorterSide }`: the shorter side to that length, the other from the
 *   aspect ratio (torchvision's `Resize(256)`).
 *
 * Derived lengths are rounded to the nearest pixel, and at least 1.
 */
export interface ResizeOptions {
  /** Target width. */
  readonly width?: number;
  /** Target height. */
  readonly height?: number;
  /** With both `width` and `height`: fit inside them keeping the aspect ratio. */
  readonly keepAspect?: boolean;
  /** With `height` alone: the largest width. */
  readonly maxWidth?: number;
  /** With `width` alone: the largest height. */
  readonly maxHeight?: number;
  /** The length of the shorter side, the other following the aspect ratio. */
  readonly shorterSide?: number;
}

function length(value: number): number {
  return Math.max(1, Math.round(value));
}

/** The size `resize` asks for an image of `width` × `height`, as `[width, height]`. */
export function resizedSize(
  width: number,
  height: number,
  resize: ResizeOptions,
): [number, number] {
  for (const [key, value] of Object.entries(resize)) {
    if (typeof value === "number" && !(Number.isFinite(value) && value > 0)) {
      throw badRequest(`resize.${key} must be a positive number, not ${value}`);
    }
  }
  const { width: w, height: h, shorterSide } = resize;
  if (shorterSide !== undefined) {
    const scale = shorterSide / Math.min(width, height);
    return [length(width * scale), length(height * scale)];
  }
  if (w !== undefined && h !== undefined) {
    if (!resize.keepAspect) return [length(w), length(h)];
    const scale = Math.min(w / width, h / height);
    return [
      Math.min(length(w), length(width * scale)),
      Math.min(length(h), length(height * scale)),
    ];
  }
  if (h !== undefined) {
    return [Math.min(length(width * h / height), resize.maxWidth ?? Infinity), length(h)];
  }
  if (w !== undefined) {
    return [length(w), Math.min(length(height * w / width), resize.maxHeight ?? Infinity)];
  }
  throw badRequest("resize needs a width, a height or a shorterSide");
}

/**
 * The image resized as `resize` says ({@link ResizeOptions}) by bilinear
 * interpolation with pixel centres aligned, as OpenCV's `INTER_LINEAR`
 * (without antialiasing: a large reduction skips detail rather than
 * averaging it).
 */
export function resizeImage(image: PixelImage, resize: ResizeOptions): PixelImage {
  const [width, height] = resizedSize(image.width, image.height, resize);
  if (width === image.width && height === image.height) return image;
  const { channels, data: source } = image;
  const xs = axis(image.width, width);
  const ys = axis(image.height, height);
  const data = new Float32Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    const row0 = ys.low[y] * image.width;
    const row1 = ys.high[y] * image.width;
    const fy = ys.weight[y];
    for (let x = 0; x < width; x++) {
      const fx = xs.weight[x];
      const a = (row0 + xs.low[x]) * channels;
      const b = (row0 + xs.high[x]) * channels;
      const c = (row1 + xs.low[x]) * channels;
      const d = (row1 + xs.high[x]) * channels;
      const to = (y * width + x) * channels;
      for (let k = 0; k < channels; k++) {
        const top = source[a + k] + (source[b + k] - source[a + k]) * fx;
        const bottom = source[c + k] + (source[d + k] - source[c + k]) * fx;
        data[to + k] = top + (bottom - top) * fy;
      }
    }
  }
  return { width, height, channels, data };
}

/** For each target position along one axis: the two source positions and the weight of the second. */
function axis(from: number, to: number) {
  const low = new Int32Array(to);
  const high = new Int32Array(to);
  const weight = new Float32Array(to);
  const scale = from / to;
  for (let i = 0; i < to; i++) {
    const at = Math.min(Math.max((i + 0.5) * scale - 0.5, 0), from - 1);
    low[i] = Math.floor(at);
    high[i] = Math.min(low[i] + 1, from - 1);
    weight[i] = at - low[i];
  }
  return { low, high, weight };
}
