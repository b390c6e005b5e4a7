/**
 * From pixels to a model's input: normalisation (scale, mean, standard
 * deviation), channel order (RGB or BGR) and layout (NCHW or NHWC), into a
 * Float32Array and shape that `createTensor("float32", data, shape)` takes.
 *
 * @module
 */
import { badRequest } from "../base/errors.ts";
import type { PixelImage } from "./pixel_image.ts";

/** How {@link normalizeImage} maps each value: `(value * scale - mean) / std`. */
export interface NormalizeOptions {
  /** Multiplies each value first, e.g. `1 / 255` for 0–1 (default 1). */
  readonly scale?: number;
  /** Subtracted after scaling: one value, or one per channel in the image's order (default 0). */
  readonly mean?: number | readonly number[];
  /** Divides last: one value, or one per channel in the image's order (default 1). */
  readonly std?: number | readonly number[];
}

/** Channel order of a tensor: `RGB`, or `BGR` as OpenCV-based (Caffe, Paddle) models expect. */
export type ChannelOrder = "RGB" | "BGR";

/** Tensor layout: `NCHW` (channels first, PyTorch, Paddle) or `NHWC` (channels last, TensorFlow). */
export type ImageLayout = "NCHW" | "NHWC";

/** How {@link imageToTensor} lays the values out. */
export interface TensorLayoutOptions {
  /** Default `NCHW`. */
  readonly layout?: ImageLayout;
  /** Default `RGB`; ignored for a gray image. */
  readonly channelOrder?: ChannelOrder;
}

/** A float32 tensor's values and shape, ready for `createTensor("float32", data, shape)`. */
export interface ImageTensor {
  /** The values, in the layout's order. */
  readonly data: Float32Array;
  /** `[1, channels, height, width]` (NCHW) or `[1, height, width, channels]` (NHWC). */
  readonly shape: number[];
}

function perChannel(what: string, value: number | readonly number[], channels: number): number[] {
  const values = typeof value === "number" ? new Array(channels).fill(value) : [...value];
  if (values.length !== channels || !values.every(Number.isFinite)) {
    throw badRequest(`${what} needs one number or ${channels}, got ${JSON.stringify(value)}`);
  }
  return values;
}

/**
 * Each value as `(value * scale - mean[c]) / std[c]`, `c` its channel (in
 * the image's order: red, green, blue). ImageNet models:
 * `{ scale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] }`;
 * PaddleOCR: `{ scale: 1 / 255, mean: 0.5, std: 0.5 }`.
 */
export function normalizeImage(image: PixelImage, options: NormalizeOptions): PixelImage {
  const scale = options.scale ?? 1;
  const mean = perChannel("mean", options.mean ?? 0, image.channels);
  const std = perChannel("std", options.std ?? 1, image.channels);
  if (!Number.isFinite(scale) || std.some((value) => value === 0)) {
    throw badRequest("scale must be a number and std must not be 0");
  }
  const data = new Float32Array(image.data.length);
  const { channels } = image;
  for (let i = 0; i < data.length; i++) {
    const c = i % channels;
    data[i] = (image.data[i] * scale - mean[c]) / std[c];
  }
  return { ...image, data };
}

/**
 * The image as a batch of one: `NCHW` (`[1, C, H, W]`, each channel's plane
 * in turn) or `NHWC` (`[1, H, W, C]`, the pixels' channels together), its
 * colour channels in `channelOrder` (RGB or BGR).
 */
export function imageToTensor(image: PixelImage, options: TensorLayoutOptions = {}): ImageTensor {
  const { width, height, channels } = image;
  const layout = options.layout ?? "NCHW";
  const bgr = channels === 3 && (options.channelOrder ?? "RGB") === "BGR";
  const pixels = width * height;
  const data = new Float32Array(pixels * channels);
  for (let c = 0; c < channels; c++) {
    const from = bgr ? channels - 1 - c : c;
    for (let i = 0; i < pixels; i++) {
      const value = image.data[i * channels + from];
      if (layout === "NCHW") data[c * pixels + i] = value;
      else data[i * channels + c] = value;
    }
  }
  const shape = layout === "NCHW" ? [1, channels, height, width] : [1, height, width, channels];
  return { data, shape };
}
