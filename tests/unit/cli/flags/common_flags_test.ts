/** Shared declarations (runtime/cli/flags/common_flags.ts): logging everywhere, the client's target. */
import assert from "node:assert/strict";
import { MODE_SPECS, MODES } from "../../../../runtime/cli/flags/modes.ts";
import { LOGGING_FLAGS, TARGET_FLAG } from "../../../../runtime/cli/flags/common_flags.ts";
import { isProblem } from "../../../../runtime/cli/flags/flag.ts";

Deno.test("every mode takes the logging flags", () => {
  for (const mode of MODES) {
    for (const [key, flag] of Object.entries(LOGGING_FLAGS)) {
      assert.equal(MODE_SPECS[mode].flags[key], flag, `${mode} ${key}`);
    }
  }
});

Deno.test("--target: host:port or [ipv6]:port; by default this host at PSC_MODEL_PORT", () => {
  const parse = (value: string | undefined, port?: string) => {
    const result = TARGET_FLAG.parse(
      value === undefined ? undefined : { value, source: "--target" },
      (name) => name === "PSC_MODEL_PORT" ? port : undefined,
    );
    return isProblem(result) ? result.message : result;
  };
  assert.equal(parse("h:1"), "h:1");
  assert.equal(parse("[::1]:45000"), "[::1]:45000");
  assert.equal(parse("nohost"), "--target takes host:port, got 'nohost'");
  assert.equal(parse("a b:1"), "--target takes host:port, got 'a b:1'");
  assert.equal(parse(undefined), "localhost:45000");
  assert.equal(parse(undefined, "46000"), "localhost:46000");
  assert.equal(parse(undefined, ""), "localhost:45000");
  assert.equal(parse(undefined, "x"), "PSC_MODEL_PORT takes a port number 0-65535, got 'x'");
});
