import assert from "node:assert/strict";
import { ModelHost } from "../../../runtime/core/model_host.ts";
import { ModelRegistry } from "../../../runtime/core/registry.ts";
import { DataPlane } from "../../../runtime/core/data_plane.ts";
import { followGroupReadiness } from "../../../runtime/core/group_readiness.ts";
import {
  type GroupOutcome,
  oneAnswer,
  type ServingGroup,
} from "../../../runtime/core/serving_group.ts";
import { RuntimeError } from "../../../runtime/base/errors.ts";
import { EchoModel } from "../../support/echo_model.ts";
import { testBundle } from "../../support/test_bundle.ts";

/** A group whose readiness the test sets, recording what this worker reports. */
function fakeGroup() {
  let all = false;
  const listeners = new Set<() => void>();
  const reports: boolean[] = [];
  const group: ServingGroup = {
    worker: 1,
    reportInitialized: () => Promise.resolve(true),
    requestStop: () => {},
    gatherMetrics: () => Promise.resolve([]),
    everywhere: () => Promise.resolve([]),
    onLead: () => Promise.resolve(null),
    handle: () => {},
    reportReady: (ready) => void reports.push(ready),
    allReady: () => all,
    onReadinessChange: (listener) => {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
  };
  const setAll = (ready: boolean) => {
    all = ready;
    for (const listener of listeners) listener();
  };
  return { group, reports, setAll };
}

Deno.test("group readiness: ready only when this worker and the whole group are; changes reported", async () => {
  const registry = new ModelRegistry();
  registry.add({
    name: "a",
    version: "1.0.0",
    host: new ModelHost(testBundle(), new EchoModel()),
    origin: "repository",
  });
  const plane = new DataPlane(registry);
  const { group, reports, setAll } = fakeGroup();
  let notified = 0;
  registry.onChange(() => notified++);
  const stop = followGroupReadiness(plane, group);
  assert.deepEqual(reports, [false]);
  await plane.initialize("a", "test");
  assert.equal(plane.readyHere(), true);
  assert.equal(plane.ready(), false, "the group is not ready yet");
  assert.deepEqual(reports, [false, true]);
  const before = notified;
  setAll(true);
  assert.equal(plane.ready(), true);
  assert.ok(notified > before, "the registry's listeners (health) hear the change");
  plane.startDraining();
  assert.equal(plane.ready(), false);
  assert.equal(reports.at(-1), false);
  stop();
});

Deno.test("one answer from every worker's outcome", () => {
  const ok = (worker: number, value: unknown): GroupOutcome => ({ worker, ok: true, value });
  const failed = (worker: number, message = "no such model"): GroupOutcome => ({
    worker,
    ok: false,
    kind: "not_found",
    message,
  });
  assert.equal(oneAnswer([ok(1, "a"), ok(2, "b")], 2, "Load"), "b");
  assert.throws(
    () => oneAnswer([failed(1), failed(2)], 1, "Load"),
    (error) => error instanceof RuntimeError && error.message === "no such model",
  );
  assert.throws(
    () => oneAnswer([ok(1, "a"), failed(2, "disk full")], 1, "Load 'm'"),
    (error) =>
      error instanceof RuntimeError && error.kind === "not_found" &&
      error.message === "Load 'm' failed on 1 of 2 workers (worker 2: disk full); done on worker 1",
  );
});
