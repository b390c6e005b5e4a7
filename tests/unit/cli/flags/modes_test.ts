/** The mode registry (runtime/cli/flags/modes.ts): every mode, in help order, each spec well formed. */
import assert from "node:assert/strict";
import { MODE_SPECS, MODES } from "../../../../runtime/cli/flags/modes.ts";
import { envName } from "../../../../runtime/cli/flags/flag.ts";

Deno.test("every mode, in the help's order, with its own spec", () => {
  assert.deepEqual(MODES, [
    "serve",
    "infer",
    "train",
    "check",
    "health-check",
    "scaffold",
    "init",
    "predict",
    "emit-manifests",
  ]);
  for (const mode of MODES) assert.equal(MODE_SPECS[mode].mode, mode);
});

Deno.test("only serve reads a config file; its config flag and keys are its own", () => {
  for (const mode of MODES) {
    const spec = MODE_SPECS[mode];
    if (mode !== "serve") {
      assert.equal(spec.configFlag, undefined, mode);
      continue;
    }
    assert.equal(spec.flags[spec.configFlag!].name, "config");
    const keys = Object.values(spec.flags).flatMap((flag) => flag.config ?? []);
    assert.equal(new Set(keys).size, keys.length);
  }
});

Deno.test("a mode flag comes from the command line only; others from MODEL_RUNTIME_<FLAG> first", () => {
  for (const mode of MODES) {
    for (const flag of Object.values(MODE_SPECS[mode].flags)) {
      if (flag.name === mode || flag.name === "input") assert.deepEqual(flag.env, [], flag.name);
      else assert.equal(flag.env[0], envName(flag.name), `${mode} ${flag.name}`);
    }
  }
});
