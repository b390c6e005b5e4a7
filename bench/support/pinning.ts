/**
 * CPU pinning for the load benchmark with util-linux `taskset`: the loader
 * on one core and the served process (all its threads) on the other, so the
 * two stop trading cores under the scheduler.
 *
 * @module
 */

/** True when a working `taskset` is on PATH. */
export async function hasTaskset(): Promise<boolean> {
  try {
    const { success } = await new Deno.Command("taskset", {
      args: ["-p", String(Deno.pid)],
      stdout: "null",
      stderr: "null",
    }).output();
    return success;
  } catch {
    return false;
  }
}

/**
 * Pins every thread of process `pid` to `cpus` (a `taskset -c` list such as
 * "1"); threads it starts later inherit the affinity of the thread that
 * starts them. Throws when taskset fails.
 */
export async function pinProcess(pid: number, cpus: string): Promise<void> {
  const { success, stderr } = await new Deno.Command("taskset", {
    args: ["-a", "-p", "-c", cpus, String(pid)],
    stdout: "null",
    stderr: "piped",
  }).output();
  if (!success) {
    throw new Error(`taskset could not pin ${pid} to ${cpus}: ${new TextDecoder().decode(stderr)}`);
  }
}
