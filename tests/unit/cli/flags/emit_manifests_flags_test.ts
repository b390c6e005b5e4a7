/** `--emit-manifests`'s flags (runtime/cli/flags/emit_manifests_flags.ts): folder, bundle, replicas, image. */
import assert from "node:assert/strict";
import {
  DEFAULT_IMAGE,
  DEFAULT_REPLICAS,
} from "../../../../runtime/cli/flags/emit_manifests_flags.ts";
import { optionsOf, usageErrorOf } from "../../../support/flags.ts";

Deno.test("emit-manifests parses its flags, with the defaults when absent", () => {
  const given = optionsOf("emit-manifests", [
    "--emit-manifests",
    "d",
    "--replicas",
    "3",
    "--image",
    "r/m:9",
  ]);
  assert.deepEqual([given.manifestsDir, given.replicas, given.image], ["d", 3, "r/m:9"]);
  const defaults = optionsOf("emit-manifests", ["--emit-manifests", "d"]);
  assert.deepEqual([defaults.replicas, defaults.image], [DEFAULT_REPLICAS, DEFAULT_IMAGE]);
  assert.equal(DEFAULT_IMAGE, "model-runtime:0.1.0");
  for (const count of ["0", "10000", "0012", "x"]) {
    assert.equal(
      usageErrorOf(["--emit-manifests", "d", "--replicas", count]),
      `--replicas takes a whole number from 1 to 9999, got '${count}'`,
    );
  }
});
