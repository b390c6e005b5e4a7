/** Strict x.y.z versions as written in a bundle (version folders, model.yaml version). */
import assert from "node:assert/strict";
import {
  compareSemver,
  highestSemver,
  isSemver,
  parseSemver,
} from "../../../runtime/bundle/semver.ts";

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
