/**
 * Refused reads (runtime/base/read_access.ts): the sandbox's and the
 * system's refusals become bad requests naming the path and the remedy;
 * a missing file is left to the read. The refusal under a real sandbox is
 * shown by tests/serve_sandbox_test.ts.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { isReadRefused, readRefused, requireReadable } from "../../../runtime/base/read_access.ts";

Deno.test("a sandbox refusal names the path, the granted folders and the read to add", () => {
  const cause = new Deno.errors.NotCapable('Requires read access to "/data/x/train.csv"');
  assert.ok(isReadRefused(cause));
  const error = readRefused("/data/x/train.csv", "training data", cause);
  assert.equal(error.kind, "bad_request");
  assert.equal(error.cause, cause);
  assert.match(error.message, /^training data \/data\/x\/train\.csv: this server may not read it/);
  assert.match(error.message, /--models, --training-dir/);
  assert.match(error.message, /deno task serve --print-permissions/);
  assert.match(error.message, /--allow-read=\/data\/x main\.ts --serve/);
});

Deno.test("a system refusal points at the file's owner and mode", () => {
  const cause = new Deno.errors.PermissionDenied("EACCES");
  assert.ok(isReadRefused(cause));
  const error = readRefused("/srv/a.csv", "training CSV", cause);
  assert.equal(error.kind, "bad_request");
  assert.match(
    error.message,
    /^training CSV \/srv\/a\.csv: the operating system .* owner and mode/,
  );
  assert.ok(!isReadRefused(new Deno.errors.NotFound("gone")));
});

Deno.test("requireReadable passes readable and missing files alike", async () => {
  const dir = await Deno.makeTempDir({ prefix: "read_access_" });
  try {
    await Deno.writeTextFile(join(dir, "a.csv"), "x\n1\n");
    requireReadable(join(dir, "a.csv"), "training data");
    requireReadable(join(dir, "missing.csv"), "training data");
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
