/** `--health-check`'s flags (runtime/cli/flags/health_check_flags.ts): the server and how to reach it. */
import assert from "node:assert/strict";
import { optionsOf, usageErrorOf } from "../../../support/flags.ts";

Deno.test("health-check asks localhost at PSC_MODEL_PORT unless --target says otherwise", () => {
  const env = { PSC_MODEL_PORT: "9" };
  assert.equal(optionsOf("health-check", ["--health-check"], env).target, "localhost:9");
  const given = optionsOf("health-check", ["--health-check", "--target", "h:3", "--token", "t"]);
  assert.deepEqual([given.target, given.token], ["h:3", "t"]);
  assert.match(usageErrorOf(["--health-check", "--bundle", "x"]), /--bundle does not apply/);
});
