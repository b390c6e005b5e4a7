/**
 * EXIF orientation: how a camera's stored pixels are turned to be seen
 * upright. JPEG files from phones often store the sensor's pixels as
 * captured and say in EXIF tag 0x0112 how to display them.
 *
 * @module
 */
import type { PixelImage } from "./pixel_image.ts";

/**
 * The image as EXIF `orientation` (1–8) says to display it: 1 as stored,
 * 2 mirrored left-right, 3 turned 180°, 4 mirrored top-bottom, 5 transposed
 * (mirrored along the main diagonal), 6 turned 90° clockwise, 7 transversed
 * (mirrored along the other diagonal), 8 turned 90° counter-clockwise.
 * Values 5–8 swap width and height. Any other value leaves the image as is.
 */
export function orientImage(image: PixelImage, orientation: number): PixelImage {
  if (!Number.isInteger(orientation) || orientation < 2 || orientation > 8) return image;
  const { width: w, height: h, channels } = image;
  const swapped = orientation >= 5;
  const width = swapped ? h : w;
  const height = swapped ? w : h;
  // Where the displayed pixel (x, y) is stored.
  const source: (x: number, y: number) => number = {
    2: (x: number, y: number) => y * w + (w - 1 - x),
    3: (x: number, y: number) => (h - 1 - y) * w + (w - 1 - x),
    4: (x: number, y: number) => (h - 1 - y) * w + x,
    5: (x: number, y: number) => x * w + y,
    6: (x: number, y: number) => (h - 1 - x) * w + y,
    7: (x: number, y: number) => (h - 1 - x) * w + (w - 1 - y),
    8: (x: number, y: number) => x * w + (w - 1 - y),
  }[orientation]!;
  const data = new Float32Array(image.data.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const from = source(x, y) * channels;
      const to = (y * width + x) * channels;
      for (let c = 0; c < channels; c++) data[to + c] = image.data[from + c];
    }
  }
  return { width, height, channels, data };
}
