/**
 * The fallback loader when h2load is absent: grpc-js clients (one channel per
 * connection) each keeping `streams` unary calls in flight, sending the same
 * pre-serialized body and measuring each call. The server's CPU is marked
 * when measuring starts and ends (this loader runs inside the benchmark
 * process, so it has no loader CPU of its own to report).
 *
 * @module
 */
import * as grpc from "@grpc/grpc-js";
import type { LoadPlan, LoadResult } from "./h2load.ts";
import { latencyPercentiles } from "./stats.ts";
import { type CpuMark, cpuWindow, markCpu } from "./cpu.ts";

const passThrough = (bytes: Uint8Array) => Buffer.from(bytes);

/** Drives `plan` with grpc-js and returns the same figures as h2load. */
export async function runGrpcLoad(plan: LoadPlan): Promise<LoadResult> {
  const message = plan.frame.subarray(5);
  const clients = Array.from(
    { length: plan.connections },
    (_, index) =>
      new grpc.Client(`127.0.0.1:${plan.port}`, grpc.credentials.createInsecure(), {
        "grpc.channel_id": index,
      }),
  );
  const latencies: number[] = [];
  let failed = 0;
  let measuring = false;
  let running = true;
  const call = (client: grpc.Client) =>
    new Promise<void>((resolve) => {
      const started = performance.now();
      client.makeUnaryRequest(
        plan.path,
        passThrough,
        (bytes: Buffer) => bytes,
        message,
        (error) => {
          if (measuring) {
            if (error) failed++;
            else latencies.push((performance.now() - started) * 1000);
          }
          resolve();
        },
      );
    });
  const loops = clients.flatMap((client) =>
    Array.from({ length: plan.streams }, async () => {
      while (running) await call(client);
    })
  );
  await new Promise((resolve) => setTimeout(resolve, plan.warmupSeconds * 1000));
  const pid = plan.serverPid;
  const first: CpuMark | null = pid === undefined ? null : markCpu(pid);
  measuring = true;
  const started = performance.now();
  await new Promise((resolve) => setTimeout(resolve, plan.seconds * 1000));
  measuring = false;
  const last: CpuMark | null = pid === undefined ? null : markCpu(pid);
  const elapsed = (performance.now() - started) / 1000;
  running = false;
  await Promise.all(loops);
  for (const client of clients) client.close();
  return {
    loader: "grpc-js",
    connections: plan.connections,
    streams: plan.streams,
    reqPerSec: latencies.length / elapsed,
    succeeded: latencies.length,
    failed,
    ...(first && last ? { cpu: cpuWindow(first, last, latencies.length + failed) } : {}),
    ...latencyPercentiles(Float64Array.from(latencies)),
  };
}
