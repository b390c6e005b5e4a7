/** Byte sizes as written in a bundle (model.yaml maxSize and resources). */
import assert from "node:assert/strict";
import { parseByteSize } from "../../../runtime/bundle/sizes.ts";

Deno.test("parseByteSize reads numbers with binary units", () => {
  const cases: [string, number][] = [
    ["100", 100],
    ["100B", 100],
    ["512K", 512 * 1024],
    ["512k", 512 * 1024],
    ["1M", 1024 ** 2],
    ["10MB", 10 * 1024 ** 2],
    ["1Gi", 1024 ** 3],
    ["2.5MiB", 2.5 * 1024 ** 2],
    ["1 T", 1024 ** 4],
    [" 64K ", 65536],
  ];
  for (const [text, bytes] of cases) assert.equal(parseByteSize(text), bytes, text);
  for (const bad of ["", "lots", "1X", "-1K", "1iB", "K", "1.K", "1e3"]) {
    assert.equal(parseByteSize(bad), null, bad);
  }
});
