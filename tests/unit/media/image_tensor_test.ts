/**
 * The steps from pixels to a tensor — resize (sizes and bilinear values),
 * crop, pad, gray, normalise, RGB/BGR, NCHW/NHWC — on small images with
 * known values, and imageTensor end to end on a real PNG and JPEG.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import type { RuntimeError } from "../../../runtime/base/errors.ts";
import { imageTensor } from "../../../runtime/media/image_pipeline.ts";
import { resizedSize, resizeImage } from "../../../runtime/media/image_resize.ts";
import { imageToTensor, normalizeImage } from "../../../runtime/media/image_tensor.ts";
import { centerCrop, padImage } from "../../../runtime/media/image_window.ts";
import { orientImage } from "../../../runtime/media/image_orientation.ts";
import { type PixelImage, toGrayscale } from "../../../runtime/media/pixel_image.ts";

const FIXTURES = join(import.meta.dirname!, "..", "..", "fixtures", "images");

function image(width: number, height: number, channels: 1 | 3, values: number[]): PixelImage {
  return { width, height, channels, data: Float32Array.from(values) };
}

/** A 3x2 RGB image whose red is 10·x + y, green 100 + that, blue 200 + that. */
const grid = image(
  3,
  2,
  3,
  [0, 1].flatMap((y) => [0, 1, 2].flatMap((x) => [10 * x + y, 100 + 10 * x + y, 200 + 10 * x + y])),
);
const reds = (picture: PixelImage) =>
  Array.from({ length: picture.width * picture.height }, (_, i) => picture.data[i * 3]);

Deno.test("resizedSize: exact, keep aspect inside a box, height with maxWidth, shorter side", () => {
  assert.deepEqual(resizedSize(100, 50, { width: 30, height: 40 }), [30, 40]);
  assert.deepEqual(resizedSize(100, 50, { width: 40, height: 40, keepAspect: true }), [40, 20]);
  assert.deepEqual(resizedSize(50, 100, { width: 40, height: 40, keepAspect: true }), [20, 40]);
  assert.deepEqual(resizedSize(100, 30, { height: 48, maxWidth: 192 }), [160, 48]);
  assert.deepEqual(resizedSize(400, 30, { height: 48, maxWidth: 192 }), [192, 48]);
  assert.deepEqual(resizedSize(30, 400, { width: 48, maxHeight: 100 }), [48, 100]);
  assert.deepEqual(resizedSize(640, 480, { shorterSide: 256 }), [341, 256]);
  assert.deepEqual(resizedSize(1000, 1, { height: 1, maxWidth: 5 }), [5, 1]);
  for (const bad of [{}, { width: 0, height: 3 }, { shorterSide: Number.NaN }]) {
    assert.throws(
      () => resizedSize(10, 10, bad),
      (e: unknown) => (e as RuntimeError).kind === "bad_request",
    );
  }
});

Deno.test("resizeImage: bilinear with pixel centres aligned (OpenCV INTER_LINEAR)", () => {
  const row = image(2, 1, 1, [0, 100]);
  // Doubling: centres at -0.25, 0.25, 0.75, 1.25 of the source, clamped at the edges.
  assert.deepEqual(Array.from(resizeImage(row, { width: 4, height: 1 }).data), [0, 25, 75, 100]);
  const square = image(2, 2, 1, [0, 100, 200, 300]);
  assert.deepEqual(Array.from(resizeImage(square, { width: 1, height: 1 }).data), [150]);
  const up = resizeImage(grid, { width: 6, height: 4 });
  assert.deepEqual([up.width, up.height, up.channels], [6, 4, 3]);
  assert.deepEqual(reds(up).slice(0, 6), [0, 2.5, 7.5, 12.5, 17.5, 20]);
  assert.equal(up.data[1], 100, "green keeps its offset");
  assert.equal(resizeImage(grid, { width: 3, height: 2 }), grid, "same size: unchanged");
});

Deno.test("centerCrop and padImage: windows with fill, top-left or centred", () => {
  const wide = image(4, 1, 1, [1, 2, 3, 4]);
  assert.deepEqual(Array.from(centerCrop(wide, 2, 1).data), [2, 3]);
  assert.deepEqual(Array.from(centerCrop(wide, 6, 1, -1).data), [-1, 1, 2, 3, 4, -1]);
  const small = image(2, 1, 1, [5, 6]);
  const right = padImage(small, { width: 4, height: 2, fill: 9 });
  assert.deepEqual([right.width, right.height], [4, 2]);
  assert.deepEqual(Array.from(right.data), [5, 6, 9, 9, 9, 9, 9, 9]);
  const centred = padImage(small, { width: 4, height: 3, position: "center" });
  assert.deepEqual(Array.from(centred.data), [0, 0, 0, 0, 0, 5, 6, 0, 0, 0, 0, 0]);
  assert.equal(padImage(small, { width: 1, height: 1 }), small, "never shrinks");
  const rgbCrop = centerCrop(grid, 1, 2);
  assert.deepEqual(Array.from(rgbCrop.data), [10, 110, 210, 11, 111, 211]);
  assert.throws(() => centerCrop(grid, 0, 2), /at least 1/);
});

Deno.test("toGrayscale: BT.601 luma, one channel", () => {
  const gray = toGrayscale(image(2, 1, 3, [255, 0, 0, 10, 20, 30]));
  assert.equal(gray.channels, 1);
  assert.ok(Math.abs(gray.data[0] - 76.245) < 1e-3);
  assert.ok(Math.abs(gray.data[1] - (2.99 + 11.74 + 3.42)) < 1e-3);
});

Deno.test("normalizeImage: scale, then mean and std per channel or for all", () => {
  const pixelImage = image(1, 1, 3, [255, 127.5, 0]);
  const paddle = normalizeImage(pixelImage, { scale: 1 / 255, mean: 0.5, std: 0.5 });
  assert.deepEqual(Array.from(paddle.data), [1, 0, -1]);
  const imagenet = normalizeImage(pixelImage, {
    scale: 1 / 255,
    mean: [0.485, 0.456, 0.406],
    std: [0.229, 0.224, 0.225],
  });
  const expected = [(1 - 0.485) / 0.229, (0.5 - 0.456) / 0.224, (0 - 0.406) / 0.225];
  imagenet.data.forEach((value, i) => assert.ok(Math.abs(value - expected[i]) < 1e-5));
  assert.throws(() => normalizeImage(pixelImage, { mean: [1, 2] }), /mean needs one number or 3/);
  assert.throws(() => normalizeImage(pixelImage, { std: 0 }), /std must not be 0/);
});

Deno.test("imageToTensor: NCHW and NHWC, RGB and BGR, gray", () => {
  const two = image(2, 1, 3, [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(imageToTensor(two), {
    data: Float32Array.from([1, 4, 2, 5, 3, 6]),
    shape: [1, 3, 1, 2],
  });
  assert.deepEqual(
    imageToTensor(two, { channelOrder: "BGR" }).data,
    Float32Array.from([3, 6, 2, 5, 1, 4]),
  );
  assert.deepEqual(imageToTensor(two, { layout: "NHWC" }), {
    data: Float32Array.from([1, 2, 3, 4, 5, 6]),
    shape: [1, 1, 2, 3],
  });
  assert.deepEqual(
    imageToTensor(two, { layout: "NHWC", channelOrder: "BGR" }).data,
    Float32Array.from([3, 2, 1, 6, 5, 4]),
  );
  const gray = image(2, 1, 1, [7, 8]);
  assert.deepEqual(imageToTensor(gray, { channelOrder: "BGR" }), {
    data: Float32Array.from([7, 8]),
    shape: [1, 1, 1, 2],
  });
  assert.deepEqual(imageToTensor(gray, { layout: "NHWC" }).shape, [1, 1, 2, 1]);
});

Deno.test("orientImage: a 2x1 row turned by each orientation", () => {
  const row = image(2, 1, 1, [1, 2]);
  const turned = (o: number) => {
    const result = orientImage(row, o);
    return [result.width, result.height, ...result.data];
  };
  assert.deepEqual(turned(1), [2, 1, 1, 2]);
  assert.deepEqual(turned(2), [2, 1, 2, 1]);
  assert.deepEqual(turned(3), [2, 1, 2, 1]);
  assert.deepEqual(turned(4), [2, 1, 1, 2]);
  assert.deepEqual(turned(5), [1, 2, 1, 2]);
  assert.deepEqual(turned(6), [1, 2, 1, 2]);
  assert.deepEqual(turned(7), [1, 2, 2, 1]);
  assert.deepEqual(turned(8), [1, 2, 2, 1]);
  assert.deepEqual(turned(9), [2, 1, 1, 2], "unknown values leave it as stored");
});

Deno.test("imageTensor: a PNG through every step, mean and std in the tensor's order", async () => {
  const bytes = Deno.readFileSync(join(FIXTURES, "rgb.png"));
  const plain = await imageTensor(bytes, "rgb.png");
  assert.deepEqual(plain.shape, [1, 3, 2, 3]);
  assert.deepEqual(Array.from(plain.data.slice(0, 6)), [255, 0, 0, 10, 128, 250], "red plane");
  // BGR with per-channel mean listed B, G, R: blue minus 1, green minus 2, red minus 3.
  const bgr = await imageTensor(bytes, "rgb.png", {
    channelOrder: "BGR",
    mean: [1, 2, 3],
    layout: "NHWC",
  });
  assert.deepEqual(bgr.shape, [1, 2, 3, 3]);
  assert.deepEqual(Array.from(bgr.data.slice(0, 6)), [-1, -2, 252, -1, 253, -3]);
  const gray = await imageTensor(bytes, "rgb.png", {
    grayscale: true,
    scale: 1 / 255,
    layout: "NHWC",
  });
  assert.deepEqual(gray.shape, [1, 2, 3, 1]);
  assert.ok(Math.abs(gray.data[0] - 0.299) < 1e-5);
  const padded = await imageTensor(bytes, "rgb.png", {
    resize: { height: 4, maxWidth: 5 },
    scale: 1 / 255,
    mean: 0.5,
    std: 0.5,
    pad: { width: 8, height: 4, fill: 0 },
    channelOrder: "BGR",
  });
  assert.deepEqual(padded.shape, [1, 3, 4, 8]);
  const blueRow = Array.from(padded.data.slice(0, 8));
  assert.equal(blueRow[0], -1, "blue of the red pixel, normalised");
  assert.deepEqual(blueRow.slice(5), [0, 0, 0], "padded after normalisation with fill 0");
  const cropped = await imageTensor(bytes, "rgb.png", { crop: { width: 1, height: 1 } });
  assert.deepEqual(Array.from(cropped.data), [0, 255, 0], "the odd row left over is below");
});

Deno.test("imageTensor: an EXIF-turned JPEG comes out upright, resized", async () => {
  const bytes = Deno.readFileSync(join(FIXTURES, "quadrants_o8.jpg"));
  const tensor = await imageTensor(bytes, "o8.jpg", {
    resize: { width: 4, height: 2 },
    layout: "NHWC",
  });
  assert.deepEqual(tensor.shape, [1, 2, 4, 3]);
  const first = Array.from(tensor.data.slice(0, 3));
  assert.ok(first[0] > 200 && first[1] < 50 && first[2] < 50, `top left is red: ${first}`);
  const corrupt = Deno.readFileSync(join(FIXTURES, "truncated.jpg"));
  await assert.rejects(
    imageTensor(corrupt, "input.jpg"),
    (e: unknown) => (e as RuntimeError).kind === "bad_request",
  );
});
