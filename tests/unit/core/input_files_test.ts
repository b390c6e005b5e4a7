import assert from "node:assert/strict";
import { checkInputFiles, inputSizeLimits } from "../../../runtime/core/input_files.ts";
import { RuntimeError } from "../../../runtime/base/errors.ts";
import { jsonItem, testBundle } from "../../support/test_bundle.ts";

Deno.test("an input file larger than its maxSize fails, naming the file and both sizes", () => {
  const spec = testBundle().spec; // input.json maxSize 1K
  assert.equal(inputSizeLimits(spec).get("input.json"), 1024);
  assert.equal(checkInputFiles(jsonItem("x".repeat(1024)), spec), null);
  const error = checkInputFiles(jsonItem("x".repeat(1025)), spec);
  assert.ok(error instanceof RuntimeError);
  assert.equal(error.kind, "bad_request");
  assert.match(error.message, /'input\.json' is 1025 bytes/);
  assert.match(error.message, /maxSize 1K \(1024 bytes\)/);
});

Deno.test("missing and unknown input files still fail first", () => {
  const spec = testBundle().spec;
  assert.match(checkInputFiles(new Map(), spec)!.message, /missing input file 'input\.json'/);
  const extra = new Map([...jsonItem("1"), ["other.bin", new Uint8Array(1)]]);
  assert.match(checkInputFiles(extra, spec)!.message, /unknown input file 'other\.bin'/);
});
