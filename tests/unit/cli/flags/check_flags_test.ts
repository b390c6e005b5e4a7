/** `--check`'s flags (runtime/cli/flags/check_flags.ts): a bundle, optionally a server. */
import assert from "node:assert/strict";
import { optionsOf, usageErrorOf } from "../../../support/flags.ts";

Deno.test("check parses its flags; without --target it checks the model directly", () => {
  const check = optionsOf("check", ["--check", "--bundle", "x", "--target", "[::1]:45000"]);
  assert.equal(check.target, "[::1]:45000");
  assert.equal(check.bundle, "x");
  const local = optionsOf("check", ["--check", "--json", "--tls-ca", "ca.pem"]);
  assert.equal(local.target, undefined);
  assert.equal(local.json, true);
  assert.equal(local.tlsCa, "ca.pem");
  assert.match(usageErrorOf(["--check", "--input", "a=b"]), /--input does not apply to --check/);
});
