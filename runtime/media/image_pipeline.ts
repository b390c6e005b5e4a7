/**
 * One call from an image file to a model's input tensor, in the order
 * image models' own preprocessing runs: decode (EXIF orientation applied),
 * gray, resize, centre crop, normalise, pad, channel order and layout.
 *
 * @module
 */
import { decodeImage, type DecodeImageOptions } from "./image_decode.ts";
import { resizeImage, type ResizeOptions } from "./image_resize.ts";
import {
  type ChannelOrder,
  type ImageLayout,
  type ImageTensor,
  imageToTensor,
  normalizeImage,
} from "./image_tensor.ts";
import { centerCrop, padImage, type PadOptions } from "./image_window.ts";
import { toGrayscale } from "./pixel_image.ts";

/** Every step of {@link imageTensor}; each is skipped when not given. */
export interface ImageTensorOptions extends DecodeImageOptions {
  /** One gray channel (ITU-R BT.601 luma) instead of three. */
  readonly grayscale?: boolean;
  /** Resize (bilinear) as {@link ResizeOptions} says. */
  readonly resize?: ResizeOptions;
  /** Then keep the middle `width` × `height`. */
  readonly crop?: { readonly width: number; readonly height: number };
  /** Multiply each value (0–255 as decoded) first, e.g. `1 / 255` (default 1). */
  readonly scale?: number;
  /** Then subtract: one value or one per channel, in `channelOrder` (default 0). */
  readonly mean?: number | readonly number[];
  /** Then divide: one value or one per channel, in `channelOrder` (default 1). */
  readonly std?: number | readonly number[];
  /** Then pad; `fill` is the value the model sees (after normalisation). */
  readonly pad?: PadOptions;
  /** Channel order of the tensor (default `RGB`). */
  readonly channelOrder?: ChannelOrder;
  /** Layout of the tensor (default `NCHW`). */
  readonly layout?: ImageLayout;
}

function inRgbOrder(
  value: number | readonly number[] | undefined,
  bgr: boolean,
): number | readonly number[] | undefined {
  return bgr && Array.isArray(value) ? [...value].reverse() : value;
}

/**
 * The JPEG or PNG file `bytes` (`name` in messages) as a float32 tensor of
 * one image: decoded upright (EXIF orientation), then each step `options`
 * gives — gray, resize, centre crop, `(value * scale - mean) / std`, pad —
 * in `channelOrder` and `layout`. `mean` and `std` are listed in the
 * tensor's channel order, as a model's documentation gives them. A file
 * that is not a decodable JPEG or PNG is a `bad_request` RuntimeError.
 *
 * @example PaddleOCR's text-direction classifier input (3 × 48 × up to 192, BGR)
 * ```ts ignore
 * const { data, shape } = await imageTensor(bytes, "input.jpg", {
 *   resize: { height: 48, maxWidth: 192 },
 *   scale: 1 / 255, mean: 0.5, std: 0.5,
 *   pad: { width: 192, height: 48, fill: 0 },
 *   channelOrder: "BGR", layout: "NCHW",
 * });
 * const tensor = createTensor("float32", data, shape);
 * ```
 */
export async function imageTensor(
  bytes: Uint8Array,
  name: string,
  options: ImageTensorOptions = {},
): Promise<ImageTensor> {
  let image = await decodeImage(bytes, name, options);
  if (options.grayscale) image = toGrayscale(image);
  if (options.resize) image = resizeImage(image, options.resize);
  if (options.crop) image = centerCrop(image, options.crop.width, options.crop.height);
  const bgr = image.channels === 3 && options.channelOrder === "BGR";
  if (options.scale !== undefined || options.mean !== undefined || options.std !== undefined) {
    image = normalizeImage(image, {
      scale: options.scale,
      mean: inRgbOrder(options.mean, bgr),
      std: inRgbOrder(options.std, bgr),
    });
  }
  if (options.pad) image = padImage(image, options.pad);
  return imageToTensor(image, { layout: options.layout, channelOrder: options.channelOrder });
}
