import assert from "node:assert/strict";
import {
  availableCpus,
  cpuListSize,
  defaultWorkerCount,
  MAX_DEFAULT_WORKERS,
} from "../../../runtime/workers/available_cpus.ts";

/** A file system of `files`; anything else cannot be read. */
const files = (contents: Record<string, string>) => (path: string) => contents[path] ?? null;

Deno.test("cpu lists are counted", () => {
  assert.equal(cpuListSize("0-3,8,10-11\n"), 7);
  assert.equal(cpuListSize("5"), 1);
  assert.equal(cpuListSize("x"), null);
});

Deno.test("the fewest of machine, affinity and cgroup quota (rounded up)", () => {
  const status = "Name:\tdeno\nCpus_allowed_list:\t0-5\n";
  assert.equal(availableCpus(files({ "/proc/self/status": status }), 16), 6);
  assert.equal(
    availableCpus(
      files({ "/proc/self/status": status, "/sys/fs/cgroup/cpu.max": "250000 100000\n" }),
      16,
    ),
    3,
  );
  assert.equal(availableCpus(files({ "/sys/fs/cgroup/cpu.max": "max 100000\n" }), 4), 4);
  assert.equal(
    availableCpus(
      files({
        "/sys/fs/cgroup/cpu/cpu.cfs_quota_us": "50000",
        "/sys/fs/cgroup/cpu/cpu.cfs_period_us": "100000",
      }),
      8,
    ),
    1,
  );
  // Nothing readable (a sandbox): the machine's count.
  assert.equal(availableCpus(files({}), 3), 3);
});

Deno.test("the default worker count is capped", () => {
  const many = files({ "/proc/self/status": "Cpus_allowed_list:\t0-63\n" });
  assert.ok(defaultWorkerCount(many) <= MAX_DEFAULT_WORKERS);
});
