/**
 * Generated help (runtime/cli/flags/flag_help.ts): every declared flag with
 * its placeholder and help, where it departs from the usual sources, the
 * mode's usage lines and description, wrapped.
 */
import assert from "node:assert/strict";
import { modeHelp, wrap } from "../../../../runtime/cli/flags/flag_help.ts";
import { MODE_SPECS, MODES } from "../../../../runtime/cli/flags/modes.ts";
import { SERVE_MODE } from "../../../../runtime/cli/flags/serve_flags.ts";
import { TRAIN_MODE } from "../../../../runtime/cli/flags/train_flags.ts";

Deno.test("every mode's help lists each of its flags with its placeholder, and --help", () => {
  for (const mode of MODES) {
    const spec = MODE_SPECS[mode];
    const help = modeHelp(spec);
    assert.ok(help.startsWith(`model-runtime --${mode}: ${spec.summary}\n\nUsage: `), mode);
    for (const flag of Object.values(spec.flags)) {
      const entry = `  --${flag.name}${flag.placeholder ? ` ${flag.placeholder}` : ""}`;
      assert.ok(help.includes(`\n${entry} `) || help.includes(`\n${entry}\n`), `${mode}: ${entry}`);
    }
    assert.match(help, /\n {2}--help, -h {2,}print this help/);
    assert.ok(help.split("\n").every((line) => line.length <= 100), mode);
  }
});

Deno.test("serve's help shows config keys and the port's variables; train's shows no config", () => {
  const serve = modeHelp(SERVE_MODE);
  assert.match(
    serve,
    /--http-port N +HTTP port for REST and \/metrics \(default 8080; off: no HTTP port\)\n +\[config: http_port; caikit: runtime\.http\.port\]/,
  );
  assert.match(serve, /\[config: models_dir; caikit: runtime\.local_models_dir\]/);
  assert.match(serve, /a Caikit runtime config, with a top-level runtime: key/);
  assert.match(
    serve,
    /\[config: grpc_port; caikit: runtime\.grpc\.port; env:\s+MODEL_RUNTIME_PORT, PSC_MODEL_PORT\]/,
  );
  assert.match(serve, /config file > default\.$/);
  const train = modeHelp(TRAIN_MODE);
  assert.doesNotMatch(train, /config/);
  assert.match(
    train,
    /Usage: model-runtime --train DATA\.csv --out DIR \[FLAGS\]\n {7}model-runtime --train/,
  );
  assert.match(train, /--train DATA\.csv {8}the CSV to train on/);
  assert.match(train, /environment > default\.$/);
  assert.match(
    modeHelp(MODE_SPECS.infer),
    /--input NAME=PATH +an input file[^[]*\[command line only\]/,
  );
});

Deno.test("wrap breaks at spaces within the width; a long word stays whole", () => {
  assert.deepEqual(wrap("aa bb cc", 5), ["aa bb", "cc"]);
  assert.deepEqual(wrap("  a\n  b ", 10), ["a b"]);
  assert.deepEqual(wrap("abcdefgh ij", 4), ["abcdefgh", "ij"]);
  assert.deepEqual(wrap("", 4), [""]);
});
