import assert from "node:assert/strict";
import { callSignal } from "../../../../runtime/protocols/wire/grpc_call_signal.ts";
import type { RuntimeError } from "../../../../runtime/base/errors.ts";
import { EventEmitter } from "node:events";

Deno.test("callSignal: a client deadline becomes a timeout, a cancel a cancelled error", async () => {
  const timed = Object.assign(new EventEmitter(), { getDeadline: () => Date.now() + 20 });
  using a = callSignal(timed);
  await new Promise((r) => setTimeout(r, 60));
  assert.equal((a.signal.reason as RuntimeError).kind, "timeout");

  const open = Object.assign(new EventEmitter(), { getDeadline: () => Infinity });
  using b = callSignal(open);
  assert.equal(b.signal.aborted, false);
  open.emit("cancelled");
  assert.equal((b.signal.reason as RuntimeError).kind, "cancelled");
});
