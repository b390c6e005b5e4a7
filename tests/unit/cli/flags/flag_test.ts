/** Flag declarations (runtime/cli/flags/flag.ts): environment names, defaults, re-worded help. */
import assert from "node:assert/strict";
import {
  defineFlag,
  envName,
  isProblem,
  withHelp,
  wrongValue,
} from "../../../../runtime/cli/flags/flag.ts";
import { RuntimeError } from "../../../../runtime/base/errors.ts";

Deno.test("a flag's environment variable is MODEL_RUNTIME_ and its name in upper case, - as _", () => {
  assert.equal(envName("http-port"), "MODEL_RUNTIME_HTTP_PORT");
  assert.equal(envName("lazy"), "MODEL_RUNTIME_LAZY");
  const plain = defineFlag({ name: "max-queue", kind: "string", help: "h", parse: () => 1 });
  assert.deepEqual(plain.env, ["MODEL_RUNTIME_MAX_QUEUE"]);
  const none = defineFlag({ name: "input", kind: "strings", help: "h", env: [], parse: () => 1 });
  assert.deepEqual(none.env, []);
});

Deno.test("withHelp keeps the declaration and changes only the help", () => {
  const base = defineFlag({
    name: "bundle",
    kind: "string",
    help: "a",
    config: "bundle",
    grant: "read",
    parse: () => "x",
  });
  const reworded = withHelp(base, "b");
  assert.deepEqual({ ...reworded, help: "a" }, base);
  assert.equal(reworded.help, "b");
});

Deno.test("a wrong value is a bad_request error value naming its source", () => {
  const problem = wrongValue({ value: "70000", source: "--port" }, "a port number 0-65535");
  assert.ok(problem instanceof RuntimeError && isProblem(problem));
  assert.equal(problem.kind, "bad_request");
  assert.equal(problem.message, "--port takes a port number 0-65535, got '70000'");
  assert.equal(isProblem("text"), false);
});
