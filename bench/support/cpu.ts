/**
 * Process CPU time for the load benchmark: utime + stime of a whole process
 * (all its threads, live and exited) from Linux `/proc/<pid>/stat`, in
 * seconds, and a mark of it beside the wall clock so that the CPU a process
 * spent between two marks can be divided by the requests completed between
 * the same two instants.
 *
 * @module
 */

/**
 * Clock ticks per second of `/proc/<pid>/stat` times (`getconf CLK_TCK`);
 * 100, the Linux default, when getconf cannot be run.
 */
export const CLOCK_TICKS_PER_SECOND: number = readClockTicks();

function readClockTicks(): number {
  try {
    const { stdout, success } = new Deno.Command("getconf", {
      args: ["CLK_TCK"],
      stdout: "piped",
      stderr: "null",
    }).outputSync();
    const ticks = Number(new TextDecoder().decode(stdout).trim());
    if (success && Number.isFinite(ticks) && ticks > 0) return ticks;
  } catch {
    // No getconf: assume the Linux default below.
  }
  return 100;
}

/**
 * utime + stime in clock ticks from the text of a `/proc/<pid>/stat` file
 * (fields 14 and 15, counted after the parenthesised command name, which
 * may itself hold spaces or parentheses).
 */
export function parseStatTicks(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // fields[0] is field 3 (state), so field n is fields[n - 3].
  const utime = Number(fields[14 - 3]);
  const stime = Number(fields[15 - 3]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) {
    throw new Error(`not a /proc/<pid>/stat line: ${stat.slice(0, 80)}`);
  }
  return utime + stime;
}

/** CPU seconds (user + system, all threads) process `pid` has used so far. */
export function cpuSeconds(pid: number): number {
  return parseStatTicks(Deno.readTextFileSync(`/proc/${pid}/stat`)) / CLOCK_TICKS_PER_SECOND;
}

/** CPU seconds (user + system) thread `tid` of process `pid` has used so far. */
export function threadCpuSeconds(pid: number, tid: number): number {
  return parseStatTicks(Deno.readTextFileSync(`/proc/${pid}/task/${tid}/stat`)) /
    CLOCK_TICKS_PER_SECOND;
}

/** CPU seconds used so far by the server, its main thread and the loader, at one instant. */
export interface CpuMark {
  /** Wall clock, microseconds since the epoch (the clock of h2load's log). */
  readonly wallMicros: number;
  /** The server process, all threads. */
  readonly server: number;
  /** The server's main thread (the one running JavaScript). */
  readonly serverMainThread: number;
  /** The loader process (NaN when there is none or it has exited). */
  readonly loader: number;
}

/** Wall clock in microseconds since the epoch, sub-millisecond. */
export function wallMicros(): number {
  return (performance.timeOrigin + performance.now()) * 1000;
}

/** Reads the CPU seconds of `serverPid` (and `loaderPid`) now; the wall time is mid-read. */
export function markCpu(serverPid: number, loaderPid?: number): CpuMark {
  const before = wallMicros();
  const server = cpuSeconds(serverPid);
  const serverMainThread = threadCpuSeconds(serverPid, serverPid);
  let loader = NaN;
  try {
    if (loaderPid !== undefined) loader = cpuSeconds(loaderPid);
  } catch {
    // The loader has exited: its share stays unknown.
  }
  return { wallMicros: (before + wallMicros()) / 2, server, serverMainThread, loader };
}

/** CPU spent between two marks, and the requests completed between them. */
export interface CpuWindow {
  /** The first mark's wall clock, µs since the epoch. */
  readonly fromMicros: number;
  /** The second mark's wall clock, µs since the epoch. */
  readonly toMicros: number;
  /** Wall seconds between the marks. */
  readonly seconds: number;
  /** Requests completed between the marks. */
  readonly requests: number;
  /** CPU seconds of the server process (all threads) between the marks. */
  readonly server: number;
  /** CPU seconds of the server's main thread between the marks. */
  readonly serverMainThread: number;
  /** CPU seconds of the loader between the marks (NaN when unknown). */
  readonly loader: number;
}

/** The window between `start` and `end` in which `requests` completed. */
export function cpuWindow(start: CpuMark, end: CpuMark, requests: number): CpuWindow {
  return {
    fromMicros: start.wallMicros,
    toMicros: end.wallMicros,
    seconds: (end.wallMicros - start.wallMicros) / 1e6,
    requests,
    server: end.server - start.server,
    serverMainThread: end.serverMainThread - start.serverMainThread,
    loader: end.loader - start.loader,
  };
}

/** Which CPU figure of a window. */
export type CpuOf = "server" | "serverMainThread" | "loader";

/** CPU microseconds per request of `which` (default the server) in `window`; NaN without requests. */
export function cpuMicrosPerRequest(window: CpuWindow, which: CpuOf = "server"): number {
  return window.requests > 0 ? (window[which] * 1e6) / window.requests : NaN;
}

/** Share of one core `which` used over `window` (1 = one core busy all the time). */
export function coreShare(window: CpuWindow, which: CpuOf = "server"): number {
  return window.seconds > 0 ? window[which] / window.seconds : NaN;
}

/**
 * Milliseconds process `pid`'s threads have run on a CPU so far, from each
 * live thread's `/proc/<pid>/task/<tid>/schedstat` (nanoseconds, unlike the
 * 10 ms ticks of `/proc/<pid>/stat`); threads that have exited are not
 * counted. `mainThread` is the thread running JavaScript.
 */
export function runMillis(pid: number): { all: number; mainThread: number } {
  const ranNs = (tid: string) =>
    Number(Deno.readTextFileSync(`/proc/${pid}/task/${tid}/schedstat`).split(" ")[0]);
  let all = 0;
  for (const task of Deno.readDirSync(`/proc/${pid}/task`)) {
    try {
      all += ranNs(task.name);
    } catch {
      // The thread exited between the listing and the read.
    }
  }
  return { all: all / 1e6, mainThread: ranNs(String(pid)) / 1e6 };
}
