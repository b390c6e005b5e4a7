/**
 * Process figures for Prometheus, read at scrape time (no timers or
 * observers running in between): resident memory, heap, CPU seconds, start
 * time and uptime, under the conventional `process_*` names.
 *
 * @module
 */
import type * as PromClient from "prom-client";

const startedSeconds = Date.now() / 1000 - performance.now() / 1000;

/** Registers the process gauges in `registers`, with `prom` (the loaded prom-client). */
export function processGauges(prom: typeof PromClient, registers: PromClient.Registry[]): void {
  const { Counter, Gauge } = prom;
  new Gauge({
    name: "process_resident_memory_bytes",
    help: "Resident memory size in bytes.",
    registers,
    collect() {
      this.set(Deno.memoryUsage().rss);
    },
  });
  new Gauge({
    name: "process_heap_bytes",
    help: "JavaScript heap in use, in bytes.",
    registers,
    collect() {
      this.set(Deno.memoryUsage().heapUsed);
    },
  });
  new Counter({
    name: "process_cpu_seconds_total",
    help: "Total user and system CPU time spent in seconds.",
    registers,
    collect() {
      const usage = cpuUsageSeconds();
      this.reset();
      if (usage !== null) this.inc(usage);
    },
  });
  new Gauge({
    name: "process_start_time_seconds",
    help: "Start time of the process since unix epoch in seconds.",
    registers,
    collect() {
      this.set(startedSeconds);
    },
  });
  new Gauge({
    name: "process_uptime_seconds",
    help: "Seconds since the process started.",
    registers,
    collect() {
      this.set(performance.now() / 1000);
    },
  });
}

function cpuUsageSeconds(): number | null {
  const process =
    (globalThis as { process?: { cpuUsage?: () => { user: number; system: number } } })
      .process;
  const usage = process?.cpuUsage?.();
  return usage ? (usage.user + usage.system) / 1e6 : null;
}
