/**
 * How many CPUs this process may use, and the default number of serving
 * workers that follows from it: the fewest of the CPUs the kernel lets it
 * run on (its affinity, `Cpus_allowed_list` in /proc/self/status), its
 * cgroup CPU quota (`cpu.max`, cgroup v2; `cpu.cfs_quota_us` /
 * `cpu.cfs_period_us`, v1; rounded up) and the machine's count — then
 * capped at {@link MAX_DEFAULT_WORKERS}. A file that cannot be read (absent,
 * or not granted by the sandbox) is skipped.
 *
 * @module
 */

/** The most workers the default gives (more can be asked for with `--workers`). */
export const MAX_DEFAULT_WORKERS = 8;

/** Reads a text file, or null when it cannot be read. */
export type ReadText = (path: string) => string | null;

function readOrNull(path: string): string | null {
  try {
    return Deno.readTextFileSync(path);
  } catch {
    return null;
  }
}

/** The number of CPUs in a list such as `0-3,8,10-11`; null when it is not one. */
export function cpuListSize(list: string): number | null {
  let count = 0;
  for (const part of list.trim().split(",")) {
    const match = /^(\d+)(?:-(\d+))?$/.exec(part.trim());
    if (!match) return null;
    const first = Number(match[1]);
    const last = match[2] === undefined ? first : Number(match[2]);
    if (last < first) return null;
    count += last - first + 1;
  }
  return count > 0 ? count : null;
}

/** The CPU count a cgroup quota allows (rounded up), or null for no quota. */
export function cgroupQuotaCpus(read: ReadText): number | null {
  const v2 = read("/sys/fs/cgroup/cpu.max")?.trim().split(/\s+/);
  if (v2 && v2[0] !== "max" && Number(v2[0]) > 0 && Number(v2[1]) > 0) {
    return Math.max(1, Math.ceil(Number(v2[0]) / Number(v2[1])));
  }
  const quota = Number(read("/sys/fs/cgroup/cpu/cpu.cfs_quota_us")?.trim());
  const period = Number(read("/sys/fs/cgroup/cpu/cpu.cfs_period_us")?.trim());
  if (quota > 0 && period > 0) return Math.max(1, Math.ceil(quota / period));
  return null;
}

/** The CPUs this process may run on (affinity), or null when unknown. */
export function affinityCpus(read: ReadText): number | null {
  const status = read("/proc/self/status");
  const line = status?.split("\n").find((each) => each.startsWith("Cpus_allowed_list:"));
  return line ? cpuListSize(line.slice("Cpus_allowed_list:".length)) : null;
}

/** How many CPUs this process may use (at least 1). */
export function availableCpus(
  read: ReadText = readOrNull,
  machine: number = navigator.hardwareConcurrency ?? 1,
): number {
  const limits = [machine, affinityCpus(read), cgroupQuotaCpus(read)]
    .filter((value): value is number => value !== null && value > 0);
  return Math.max(1, Math.min(...limits));
}

/** The default `--workers`: the CPUs available, at most {@link MAX_DEFAULT_WORKERS}. */
export function defaultWorkerCount(read: ReadText = readOrNull): number {
  return Math.min(availableCpus(read), MAX_DEFAULT_WORKERS);
}
