/**
 * The image the media helpers pass along: width, height and interleaved
 * channel values (row by row, each pixel's channels together) as floats —
 * 0 to 255 as decoded, any range once normalised.
 *
 * @module
 */

/**
 * An image in memory: `height` rows of `width` pixels of `channels` values
 * each (3 for RGB in that order, 1 for gray), interleaved, as 32-bit floats
 * (0–255 straight from {@link decodeImage}; scaled and shifted after
 * {@link normalizeImage}).
 */
export interface PixelImage {
  /** Pixels per row. */
  readonly width: number;
  /** Rows. */
  readonly height: number;
  /** Values per pixel: 3 (red, green, blue) or 1 (gray). */
  readonly channels: 1 | 3;
  /** `width * height * channels` values, row by row, each pixel's channels together. */
  readonly data: Float32Array;
}

/** Luma weights of ITU-R BT.601, as PIL's `convert("L")` and OpenCV's `COLOR_RGB2GRAY` use. */
const LUMA = [0.299, 0.587, 0.114] as const;

/**
 * The image in gray (one channel): each pixel's luma `0.299 R + 0.587 G +
 * 0.114 B` (ITU-R BT.601, as PIL and OpenCV compute it); a gray image is
 * returned as is.
 */
export function toGrayscale(image: PixelImage): PixelImage {
  if (image.channels === 1) return image;
  const pixels = image.width * image.height;
  const data = new Float32Array(pixels);
  const source = image.data;
  for (let i = 0; i < pixels; i++) {
    data[i] = LUMA[0] * source[i * 3] + LUMA[1] * source[i * 3 + 1] + LUMA[2] * source[i * 3 + 2];
  }
  return { width: image.width, height: image.height, channels: 1, data };
}
