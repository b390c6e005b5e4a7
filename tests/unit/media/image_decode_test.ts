/**
 * decodeImage on real files (tests/fixtures/images/, made by its
 * make_images.py with Debian's Pillow): JPEG in every EXIF orientation,
 * gray JPEG, PNG in RGB, RGBA, gray (8, 16 and 1 bit) and palette, and
 * files that are not, or not valid, JPEG or PNG images.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { RuntimeError } from "../../../runtime/base/errors.ts";
import { decodeImage, imageFormat, jpegOrientation } from "../../../runtime/media/image_decode.ts";
import type { PixelImage } from "../../../runtime/media/pixel_image.ts";

const FIXTURES = join(import.meta.dirname!, "..", "..", "fixtures", "images");
const read = (name: string) => Deno.readFileSync(join(FIXTURES, name));

function pixel(image: PixelImage, x: number, y: number): number[] {
  const at = (y * image.width + x) * image.channels;
  return Array.from(image.data.subarray(at, at + image.channels));
}

/** Every value within JPEG's loss (a few levels) of `expected`. */
function near(actual: number[], expected: number[], what: string): void {
  assert.ok(
    actual.every((value, i) => Math.abs(value - expected[i]) <= 6),
    `${what}: ${actual} is not near ${expected}`,
  );
}

async function badRequestOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (error) => error);
  assert.ok(error instanceof RuntimeError, `expected a RuntimeError, got ${error}`);
  assert.equal(error.kind, "bad_request");
  return error.message;
}

for (const orientation of [1, 2, 3, 4, 5, 6, 7, 8]) {
  Deno.test(`JPEG with EXIF orientation ${orientation} decodes upright`, async () => {
    const bytes = read(`quadrants_o${orientation}.jpg`);
    assert.equal(imageFormat(bytes), "jpeg");
    assert.equal(await jpegOrientation(bytes), orientation);
    const image = await decodeImage(bytes, `quadrants_o${orientation}.jpg`);
    assert.deepEqual([image.width, image.height, image.channels], [48, 32, 3]);
    near(pixel(image, 5, 5), [255, 0, 0], "top left is red");
    near(pixel(image, 40, 5), [0, 255, 0], "top right is green");
    near(pixel(image, 5, 28), [0, 0, 255], "bottom left is blue");
    near(pixel(image, 40, 28), [255, 255, 255], "bottom right is white");
  });
}

Deno.test("orient: false keeps a JPEG's stored pixels (orientation 6 is stored 32x48)", async () => {
  const image = await decodeImage(read("quadrants_o6.jpg"), "o6.jpg", { orient: false });
  assert.deepEqual([image.width, image.height], [32, 48]);
  // Stored turned 90° counter-clockwise: the upright top-right (green) is at the top left.
  near(pixel(image, 5, 5), [0, 255, 0], "stored top left");
});

Deno.test("a gray JPEG decodes to three equal channels", async () => {
  const image = await decodeImage(read("gray.jpg"), "gray.jpg");
  assert.deepEqual([image.width, image.height, image.channels], [16, 8, 3]);
  near(pixel(image, 3, 3), [128, 128, 128], "gray");
  assert.equal(await jpegOrientation(read("gray.jpg")), 1, "no EXIF: orientation 1");
});

const RGB = [[255, 0, 0], [0, 255, 0], [0, 0, 255], [10, 20, 30], [128, 128, 128], [
  250,
  200,
  150,
]];
const all = (image: PixelImage) =>
  Array.from({ length: image.width * image.height }, (_, i) => pixel(image, i % 3, (i / 3) | 0));

Deno.test("PNG: RGB exactly; RGBA drops alpha", async () => {
  for (const name of ["rgb.png", "rgba.png"]) {
    const bytes = read(name);
    assert.equal(imageFormat(bytes), "png");
    const image = await decodeImage(bytes, name);
    assert.deepEqual([image.width, image.height, image.channels], [3, 2, 3]);
    assert.deepEqual(all(image), RGB, name);
  }
});

Deno.test("PNG: 8-bit, 16-bit and 1-bit gray scale to 0-255 in three channels", async () => {
  const gray = (values: number[]) => values.map((value) => [value, value, value]);
  assert.deepEqual(all(await decodeImage(read("gray.png"))), gray([0, 50, 100, 150, 200, 255]));
  assert.deepEqual(all(await decodeImage(read("gray16.png"))), gray([0, 1, 255, 128, 4, 255]));
  assert.deepEqual(all(await decodeImage(read("gray1bit.png"))), gray([0, 255, 0, 255, 255, 0]));
});

Deno.test("PNG: a 2-bit palette image expands to its colours", async () => {
  const image = await decodeImage(read("palette.png"), "palette.png");
  assert.deepEqual(all(image), [RGB[0], RGB[1], RGB[2], RGB[3], RGB[0], RGB[1]]);
});

Deno.test("not JPEG or PNG, truncated, corrupt or too large: bad_request naming the file", async () => {
  assert.equal(
    await badRequestOf(decodeImage(read("not_an_image.jpg"), "input.jpg")),
    "input.jpg is not a JPEG or PNG image",
  );
  assert.equal(
    await badRequestOf(decodeImage(read("rgb.gif"), "input.gif")),
    "input.gif is not a JPEG or PNG image",
  );
  assert.equal(
    await badRequestOf(decodeImage(new Uint8Array(), "empty.png")),
    "empty.png is not a JPEG or PNG image",
  );
  assert.match(
    await badRequestOf(decodeImage(read("truncated.jpg"), "input.jpg")),
    /^input\.jpg is not a valid JPEG image: /,
  );
  assert.match(
    await badRequestOf(decodeImage(read("corrupt.png"), "input.png")),
    /^input\.png is not a valid PNG image: /,
  );
  assert.equal(
    await badRequestOf(decodeImage(read("rgb.png"), "input.png", { maxPixels: 5 })),
    "input.png is 3x2 pixels, more than the 5 pixels accepted",
  );
  assert.match(
    await badRequestOf(decodeImage(read("quadrants_o1.jpg"), "big.jpg", { maxPixels: 1000 })),
    /^big\.jpg is a JPEG image larger than the 1000 pixels accepted$/,
  );
});
