/**
 * Cropping and padding, both a window onto the image: where the window
 * leaves the image, its pixels take a fill value.
 *
 * @module
 */
import { badRequest } from "../base/errors.ts";
import type { PixelImage } from "./pixel_image.ts";

/** Where {@link padImage} places the image inside the padded size. */
export type PadPosition = "top-left" | "center";

/** How {@link padImage} pads. */
export interface PadOptions {
  /** The padded width (an image already wider keeps its width). */
  readonly width: number;
  /** The padded height (an image already taller keeps its height). */
  readonly height: number;
  /** The value of the added pixels, in every channel (default 0). */
  readonly fill?: number;
  /** `top-left` (padding right and below, as PaddleOCR does; the default) or `center`. */
  readonly position?: PadPosition;
}

function checkSize(what: string, width: number, height: number): void {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw badRequest(`${what} must be whole numbers of at least 1, not ${width}x${height}`);
  }
}

/** The `width` × `height` window whose top-left is at (`left`, `top`), `fill` outside the image. */
function window(
  image: PixelImage,
  left: number,
  top: number,
  width: number,
  height: number,
  fill: number,
): PixelImage {
  const { channels } = image;
  const data = new Float32Array(width * height * channels).fill(fill);
  const x0 = Math.max(0, -left);
  const x1 = Math.min(width, image.width - left);
  for (let y = Math.max(0, -top); y < Math.min(height, image.height - top); y++) {
    if (x1 <= x0) break;
    const from = ((y + top) * image.width + left + x0) * channels;
    data.set(image.data.subarray(from, from + (x1 - x0) * channels), (y * width + x0) * channels);
  }
  return { width, height, channels, data };
}

/**
 * The `width` × `height` middle of the image (an odd margin leaves its
 * extra pixel on the right or below); a crop larger than the image is
 * padded with `fill` (default 0) around it.
 */
export function centerCrop(image: PixelImage, width: number, height: number, fill = 0): PixelImage {
  checkSize("the crop size", width, height);
  if (width === image.width && height === image.height) return image;
  const left = Math.floor((image.width - width) / 2);
  const top = Math.floor((image.height - height) / 2);
  return window(image, left, top, width, height, fill);
}

/**
 * The image padded to `width` × `height` with `fill` (the value in every
 * channel, in the image's current scale: pad after {@link normalizeImage}
 * to give the value the model sees), the image at the top-left or centred.
 */
export function padImage(image: PixelImage, options: PadOptions): PixelImage {
  checkSize("the padded size", options.width, options.height);
  const width = Math.max(options.width, image.width);
  const height = Math.max(options.height, image.height);
  if (width === image.width && height === image.height) return image;
  const centred = options.position === "center";
  const left = centred ? -Math.floor((width - image.width) / 2) : 0;
  const top = centred ? -Math.floor((height - image.height) / 2) : 0;
  return window(image, left, top, width, height, options.fill ?? 0);
}
