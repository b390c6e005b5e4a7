/**
 * What the runtime itself costs per request, without the transport: the
 * real Modzy door (mounted as the server mounts it, with its Run codec), the
 * real data plane, model host, batcher and onnxruntime session of the
 * embedded iris bundle, and the process metrics — driven in-process with
 * fake grpc-js calls, `--concurrency` requests at a time, each decoded from
 * and answered to wire bytes. Reports CPU µs per request (the process's
 * user + system time over the measured rounds, best of 5 windows) and wall
 * µs per request. Writes bench/results/runtime_overhead.json.
 *
 * Run: `deno run -A bench/runtime_overhead.ts [--items 1] [--concurrency 128] [--rounds 800]`
 * (with no flags: Run ×1 and Run ×8 at 128, and Run ×1 alone).
 *
 * @module
 */
import type * as grpc from "@grpc/grpc-js";
import { parseArgs } from "node:util";
import { embeddedBundleRoot, projectPath } from "../runtime/base/assets.ts";
import { modelHostFactory } from "../runtime/hosting/model_host_factory.ts";
import { DataPlane } from "../runtime/core/data_plane.ts";
import { ModelRegistry } from "../runtime/core/registry.ts";
import { createLogger } from "../runtime/base/log.ts";
import { requestObserver } from "../runtime/server/request_observer.ts";
import { RuntimeMetrics } from "../runtime/metrics/runtime_metrics.ts";
import { addModzyService } from "../runtime/protocols/modzy/modzy_service.ts";
import { serviceMount } from "../runtime/protocols/wire/service_mount.ts";
import { runRequestBytes } from "./support/wire.ts";

/** One measured scenario. */
interface OverheadResult {
  readonly items: number;
  readonly concurrency: number;
  readonly requests: number;
  readonly cpuMicrosPerRequest: number;
  readonly wallMicrosPerRequest: number;
}

type Handler = (call: unknown, callback: (error: unknown, value?: unknown) => void) => void;

/** The Modzy door's handlers and serializers, mounted on a stand-in server. */
async function mountedDoor(): Promise<{ run: Handler; definition: grpc.ServiceDefinition }> {
  const log = createLogger("warn");
  const metrics = new RuntimeMetrics();
  const hosts = modelHostFactory({
    log,
    onBatch: (model, size, waitedMs) => metrics.observeBatch(model, size, waitedMs),
  });
  const host = await hosts.fromBundleFolder(embeddedBundleRoot(), { name: "iris" });
  const registry = new ModelRegistry();
  registry.add({ name: "iris", version: host.bundle.spec.version, host, origin: "bundle" }, true);
  await host.initialize();
  const dataPlane = new DataPlane(registry, requestObserver(metrics, log));
  let mounted: { definition: grpc.ServiceDefinition; implementation: Record<string, Handler> };
  const server = {
    addService(definition: grpc.ServiceDefinition, implementation: Record<string, Handler>) {
      mounted = { definition, implementation };
    },
  };
  const mount = serviceMount(server as unknown as grpc.Server);
  addModzyService(mount as unknown as grpc.Server, { dataPlane, log, onShutdown() {} });
  return { run: mounted!.implementation.Run, definition: mounted!.definition };
}

/** CPU seconds (user + system) this process has used, from /proc. */
function cpuSeconds(): number {
  const fields = Deno.readTextFileSync("/proc/self/stat").split(") ")[1].split(" ");
  // utime and stime are fields 14 and 15 of stat, 12 and 13 after the command name.
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

/** Measures `items`-item Runs, `concurrency` at a time, over `rounds` rounds per window. */
async function measure(
  door: Awaited<ReturnType<typeof mountedDoor>>,
  items: number,
  concurrency: number,
  rounds: number,
): Promise<OverheadResult> {
  const { requestDeserialize, responseSerialize } = door.definition.Run;
  const wire = Buffer.from(runRequestBytes(items));
  const metadata = { get: (_key: string) => [] as string[] };
  const call = () =>
    new Promise<void>((resolve, reject) => {
      const request = requestDeserialize(wire);
      const fake = { request, metadata, getDeadline: () => Infinity, on() {}, off() {} };
      door.run(fake, (error, value) => {
        if (error) reject(error);
        else {
          responseSerialize(value);
          resolve();
        }
      });
    });
  const round = () => Promise.all(Array.from({ length: concurrency }, call));
  for (let i = 0; i < Math.max(50, rounds / 4); i++) await round();
  const requests = rounds * concurrency;
  let cpu = Infinity;
  let wall = Infinity;
  for (let window = 0; window < 5; window++) {
    const cpuStart = cpuSeconds();
    const wallStart = performance.now();
    for (let i = 0; i < rounds; i++) await round();
    wall = Math.min(wall, (performance.now() - wallStart) * 1000 / requests);
    cpu = Math.min(cpu, (cpuSeconds() - cpuStart) * 1e6 / requests);
  }
  return {
    items,
    concurrency,
    requests,
    cpuMicrosPerRequest: cpu,
    wallMicrosPerRequest: wall,
  };
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      items: { type: "string" },
      concurrency: { type: "string" },
      rounds: { type: "string" },
    },
  });
  const door = await mountedDoor();
  const plans = values.items === undefined
    ? [
      { items: 1, concurrency: 128, rounds: 800 },
      { items: 8, concurrency: 128, rounds: 300 },
      { items: 1, concurrency: 1, rounds: 20000 },
    ]
    : [{
      items: Number(values.items),
      concurrency: Number(values.concurrency ?? 128),
      rounds: Number(values.rounds ?? 800),
    }];
  const results: OverheadResult[] = [];
  for (const plan of plans) {
    const result = await measure(door, plan.items, plan.concurrency, plan.rounds);
    results.push(result);
    console.log(
      `Run ×${result.items}, ${result.concurrency} at a time: ` +
        `${result.cpuMicrosPerRequest.toFixed(2)} µs CPU/request ` +
        `(${(result.cpuMicrosPerRequest / result.items).toFixed(2)} per item), ` +
        `${result.wallMicrosPerRequest.toFixed(2)} µs wall/request`,
    );
  }
  const [load] = Deno.loadavg();
  await Deno.writeTextFile(
    projectPath("bench", "results", "runtime_overhead.json"),
    JSON.stringify({ measuredAt: new Date().toISOString(), loadAverage: load, results }, null, 2) +
      "\n",
  );
  Deno.exit(0);
}
