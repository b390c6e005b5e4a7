import assert from "node:assert/strict";
import { raceSignal, withDeadline } from "../../../runtime/core/deadlines.ts";
import { callSignal } from "../../../runtime/protocols/wire/grpc_call_signal.ts";
import { RuntimeError } from "../../../runtime/base/errors.ts";
import { EventEmitter } from "node:events";

Deno.test("withDeadline aborts with a timeout error naming what ran out of time", async () => {
  using deadline = withDeadline(undefined, 20, "the run");
  await assert.rejects(
    raceSignal(new Promise(() => {}), deadline.signal),
    (error: RuntimeError) => {
      assert.equal(error.kind, "timeout");
      assert.equal(error.message, "the run did not finish within 20 ms");
      return true;
    },
  );
});

Deno.test("withDeadline follows its parent's abort and clears its timer when disposed", async () => {
  const parent = new AbortController();
  const deadline = withDeadline(parent.signal, 60_000, "the run");
  parent.abort(new RuntimeError("cancelled", "client left"));
  assert.equal((deadline.signal.reason as RuntimeError).kind, "cancelled");
  deadline[Symbol.dispose]();
  // 0 ms means no deadline: the parent's signal (or a never-aborting one) is used.
  using none = withDeadline(undefined, 0, "x");
  assert.equal(none.signal.aborted, false);
  assert.equal(await raceSignal(Promise.resolve(3), none.signal), 3);
});

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
