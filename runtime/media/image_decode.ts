/**
 * Image files to pixels: JPEG through jpeg-js (its EXIF orientation read by
 * exifr and applied), PNG through fast-png — pure JavaScript, so model code
 * uses them in its worker, under the serve sandbox and in a compiled
 * executable alike. Anything else, or a file the decoder rejects, is a
 * `bad_request` error naming the file.
 *
 * @module
 */
import type { DecodedPng } from "fast-png";
import { badRequest } from "../base/errors.ts";
import { orientImage } from "./image_orientation.ts";
import type { PixelImage } from "./pixel_image.ts";

/** The largest image decoded unless told otherwise: 50 megapixels. */
export const DEFAULT_MAX_PIXELS = 50_000_000;

/** How {@link decodeImage} decodes. */
export interface DecodeImageOptions {
  /** The largest image accepted, in pixels (width × height); default {@link DEFAULT_MAX_PIXELS}. */
  readonly maxPixels?: number;
  /** Apply a JPEG's EXIF orientation (default true); false keeps the stored pixels. */
  readonly orient?: boolean;
}

/** The image formats {@link decodeImage} reads. */
export type ImageFormat = "jpeg" | "png";

/** The decoding libraries. */
interface Decoders {
  readonly jpeg: { readonly decode: typeof import("jpeg-js").decode };
  readonly png: typeof import("fast-png");
  readonly exifr: { orientation(data: Uint8Array): Promise<number | undefined> };
}

let decoders: Promise<Decoders> | null = null;

/**
 * The decoders, imported at the first image (about 200 ms): model code that
 * never decodes one — every load is a fresh worker — does not pay for them.
 */
function loadDecoders(): Promise<Decoders> {
  return decoders ??= Promise.all([import("jpeg-js"), import("fast-png"), import("exifr")])
    .then(([jpeg, png, exifr]) => ({ jpeg, png, exifr: exifr.default }));
}

const PNG_SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** The format of `bytes` by its signature, or null when it is neither JPEG nor PNG. */
export function imageFormat(bytes: Uint8Array): ImageFormat | null {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return "jpeg";
  }
  if (bytes.length >= 8 && PNG_SIGNATURE.every((byte, i) => bytes[i] === byte)) return "png";
  return null;
}

/**
 * Decodes the JPEG or PNG file `bytes` (called `name` in messages, e.g.
 * `input.jpg`) into RGB pixels (0–255): a JPEG turned as its EXIF
 * orientation (1–8) says; gray images repeated into the three channels,
 * palette images expanded, 16-bit values scaled to 0–255, and any alpha
 * channel dropped (as PIL's `convert("RGB")` and OpenCV's `imread` do).
 * Neither format, an image larger than `maxPixels` or a file its decoder
 * rejects is a `bad_request` RuntimeError saying so.
 */
export async function decodeImage(
  bytes: Uint8Array,
  name = "the image",
  options: DecodeImageOptions = {},
): Promise<PixelImage> {
  const maxPixels = options.maxPixels ?? DEFAULT_MAX_PIXELS;
  switch (imageFormat(bytes)) {
    case "jpeg": {
      const image = decodeJpeg((await loadDecoders()).jpeg, bytes, name, maxPixels);
      return options.orient === false ? image : orientImage(image, await jpegOrientation(bytes));
    }
    case "png":
      return decodePngImage((await loadDecoders()).png, bytes, name, maxPixels);
    default:
      throw badRequest(`${name} is not a JPEG or PNG image`);
  }
}

/** The EXIF orientation of a JPEG (1 when it has none or an unreadable one). */
export async function jpegOrientation(bytes: Uint8Array): Promise<number> {
  const { exifr } = await loadDecoders();
  try {
    const orientation = await exifr.orientation(bytes);
    return typeof orientation === "number" ? orientation : 1;
  } catch {
    // A broken EXIF block does not make the picture unreadable: show it as stored.
    return 1;
  }
}

function tooLarge(name: string, width: number, height: number, maxPixels: number): never {
  throw badRequest(
    `${name} is ${width}x${height} pixels, more than the ${maxPixels} pixels accepted`,
  );
}

function decodeJpeg(
  jpeg: Decoders["jpeg"],
  bytes: Uint8Array,
  name: string,
  maxPixels: number,
): PixelImage {
  let decoded: { width: number; height: number; data: Uint8Array };
  try {
    decoded = jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: false,
      maxResolutionInMP: maxPixels / 1_000_000,
      maxMemoryUsageInMB: Math.max(512, Math.ceil(maxPixels * 8 / 1_000_000)),
    });
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    if (/maxResolutionInMP/.test(message)) {
      throw badRequest(`${name} is a JPEG image larger than the ${maxPixels} pixels accepted`);
    }
    throw badRequest(`${name} is not a valid JPEG image: ${message}`, { cause: error });
  }
  const { width, height, data } = decoded;
  if (width * height > maxPixels) tooLarge(name, width, height, maxPixels);
  if (width === 0 || height === 0 || data.length !== width * height * 3) {
    throw badRequest(`${name} is not a valid JPEG image: it has no pixels`);
  }
  return { width, height, channels: 3, data: Float32Array.from(data) };
}

function decodePngImage(
  png: Decoders["png"],
  bytes: Uint8Array,
  name: string,
  maxPixels: number,
): PixelImage {
  // The header (IHDR, right after the signature) gives the size: check it before inflating.
  if (bytes.length >= 24) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const width = view.getUint32(16);
    const height = view.getUint32(20);
    if (width * height > maxPixels) tooLarge(name, width, height, maxPixels);
  }
  let decoded: DecodedPng;
  let expanded: Uint8Array | null = null;
  try {
    decoded = png.decode(bytes, { checkCrc: true });
    if (decoded.palette) expanded = png.convertIndexedToRgb(decoded);
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    throw badRequest(`${name} is not a valid PNG image: ${message}`, { cause: error });
  }
  const { width, height } = decoded;
  const pixels = width * height;
  if (pixels === 0) throw badRequest(`${name} is not a valid PNG image: it has no pixels`);
  // Each pixel's values scaled to 0-255, unpacked from 1, 2 or 4 bits where packed.
  const channels = expanded ? expanded.length / pixels : decoded.channels;
  const depth = expanded ? 8 : decoded.depth;
  const samples = expanded ?? unpackSamples(decoded.data, width, height, decoded.channels, depth);
  const scale = 255 / (2 ** depth - 1);
  const colour = channels >= 3;
  const data = new Float32Array(pixels * 3);
  for (let i = 0; i < pixels; i++) {
    const at = i * channels;
    const red = samples[at] * scale;
    data[i * 3] = red;
    data[i * 3 + 1] = colour ? samples[at + 1] * scale : red;
    data[i * 3 + 2] = colour ? samples[at + 2] * scale : red;
  }
  return { width, height, channels: 3, data };
}

/** Samples of 1, 2 or 4 bits, each row starting on a byte, one per element; others as they are. */
function unpackSamples(
  data: ArrayLike<number>,
  width: number,
  height: number,
  channels: number,
  depth: number,
): ArrayLike<number> {
  if (depth >= 8) return data;
  const perRow = width * channels;
  const rowBytes = Math.ceil(perRow * depth / 8);
  const mask = (1 << depth) - 1;
  const samples = new Uint8Array(perRow * height);
  for (let y = 0; y < height; y++) {
    for (let i = 0; i < perRow; i++) {
      const bit = i * depth;
      const byte = data[y * rowBytes + (bit >> 3)];
      samples[y * perRow + i] = (byte >> (8 - depth - (bit & 7))) & mask;
    }
  }
  return samples;
}
