/** Strict x.y.z versions, byte sizes and durations as written in a bundle. */
import assert from "node:assert/strict";
import {
  compareSemver,
  highestSemver,
  isSemver,
  parseSemver,
} from "../../../runtime/bundle/semver.ts";
import { parseByteSize } from "../../../runtime/bundle/sizes.ts";
import { parseDuration } from "../../../runtime/bundle/durations.ts";

Deno.test("parseSemver accepts only strict x.y.z", () => {
  assert.deepEqual(parseSemver("0.10.0"), { major: 0, minor: 10, patch: 0 });
  assert.deepEqual(parseSemver("12.3.45"), { major: 12, minor: 3, patch: 45 });
  for (const bad of ["1.0", "v1.0.0", "01.0.0", "1.0.0-rc1", "1.0.0+b", " 1.0.0", "1..0", ""]) {
    assert.equal(parseSemver(bad), null, bad);
    assert.equal(isSemver(bad), false, bad);
  }
  assert.equal(parseSemver("99999999999999999999.0.0"), null);
});

Deno.test("versions compare numerically, part by part", () => {
  const v = (text: string) => parseSemver(text)!;
  assert.ok(compareSemver(v("0.10.0"), v("0.9.1")) > 0);
  assert.ok(compareSemver(v("1.0.0"), v("0.99.99")) > 0);
  assert.ok(compareSemver(v("0.1.2"), v("0.1.10")) < 0);
  assert.equal(compareSemver(v("2.3.4"), v("2.3.4")), 0);
});

Deno.test("highestSemver picks the highest version and ignores other names", () => {
  assert.equal(highestSemver(["0.9.1", "0.10.0", "latest", "1.0", "0.2.0"]), "0.10.0");
  assert.equal(highestSemver(["notes", "v1.0.0"]), null);
  assert.equal(highestSemver([]), null);
});

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

Deno.test("parseDuration reads seconds and unit parts into milliseconds", () => {
  const cases: [string, number][] = [
    ["20s", 20000],
    ["500ms", 500],
    ["2m", 120000],
    ["1h", 3600000],
    ["1h30m", 5400000],
    ["1.5s", 1500],
    ["20", 20000],
    ["0", 0],
    ["20S", 20000],
  ];
  for (const [text, ms] of cases) assert.equal(parseDuration(text), ms, text);
  for (const bad of ["", "soon", "20 sec", "s", "-1s", "1d", "20s garbage"]) {
    assert.equal(parseDuration(bad), null, bad);
  }
});
