import assert from "node:assert/strict";
import {
  errorHeadline,
  errorLocation,
  importFailure,
} from "../../../../runtime/hosting/model_code/code_failure.ts";

/** An import error as Deno words it: colour codes, a location in the message. */
function denoError(message: string): Error {
  const error = new TypeError(message);
  error.stack = `TypeError: ${message}\n    at async file:///srv/runtime/code_worker.ts:9:3`;
  return error;
}

Deno.test("an import failure names the file inside the bundle, its line and Deno's message", () => {
  const syntax = denoError(
    "SyntaxError: Expression expected\n  |\n2 | const b = ;\n  |           ~\n" +
      "    at file:///b/0.1.0/lib/util.ts:2:11",
  );
  assert.equal(errorLocation(syntax, "/b/0.1.0"), "lib/util.ts:2:11");
  assert.equal(errorHeadline(syntax), "SyntaxError: Expression expected");
  assert.equal(
    importFailure(syntax, "/b/0.1.0", "model.ts", false).message,
    "model code model.ts failed to import: lib/util.ts:2:11: SyntaxError: Expression expected",
  );
  const coloured = denoError(
    'Module not found "file:///b/0.1.0/gone.ts".\n' +
      "    at \u001b[0m\u001b[36mfile:///b/0.1.0/model.ts\u001b[0m:\u001b[0m\u001b[33m1\u001b[0m:\u001b[0m\u001b[33m19\u001b[0m",
  );
  assert.equal(
    importFailure(coloured, "/b/0.1.0", "model.ts", false).message,
    'model code model.ts failed to import: model.ts:1:19: Module not found "file:///b/0.1.0/gone.ts"',
  );
  const outside = denoError("SyntaxError: Unexpected eof\n    at file:///elsewhere/x.ts:4:2");
  assert.equal(errorLocation(outside, "/b/0.1.0"), "/elsewhere/x.ts:4:2");
  const thrown = new Error("boom");
  thrown.stack =
    "Error: boom\n    at file:///srv/worker.ts:1:1\n    at file:///b/0.1.0/model.ts:2:7";
  assert.equal(
    errorLocation(thrown, "/b/0.1.0"),
    "model.ts:2:7",
    "a stack frame inside the bundle",
  );
  assert.equal(errorLocation("no location", "/b"), null);
  assert.equal(importFailure("weird", "/b", "m.ts", false).kind, "internal");
});

Deno.test("inside a compiled executable, code that is not found was not embedded: say how to embed it", () => {
  const notFound = denoError('Module not found "file:///b/0.1.0/model.ts".');
  const failure = importFailure(notFound, "/b/0.1.0", "model.ts", true);
  assert.match(failure.message, /^model code model\.ts is not in this executable/);
  assert.match(failure.message, /denoland\/deno#18327/);
  assert.match(failure.message, /deno task compile --bundle/);
  // Other failures read as anywhere else.
  assert.equal(
    importFailure(new Error("boom"), "/b", "model.ts", true).message,
    "model code model.ts failed to import: boom",
  );
});
