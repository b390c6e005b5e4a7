import assert from "node:assert/strict";
import { raceSignal, withDeadline } from "../../../runtime/core/deadlines.ts";
import { RuntimeError } from "../../../runtime/base/errors.ts";

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
