import assert from "node:assert/strict";
import { unsupportedDenoWarning } from "../../../runtime/base/deno_version.ts";

Deno.test("the Deno version warning names the supported release and why", () => {
  assert.equal(unsupportedDenoWarning("2.8.3"), null);
  assert.equal(unsupportedDenoWarning("2.8.0"), null);
  const warning = unsupportedDenoWarning("2.9.1");
  assert.ok(
    warning?.startsWith("warning: running on Deno 2.9.1, but this runtime is built for Deno 2.8.x"),
  );
  assert.ok(warning?.includes("npx -y deno@2.8.3 task serve"));
});
