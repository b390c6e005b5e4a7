/**
 * Opt-in soak (not part of `deno task bench`): drives the real server with
 * single-item Runs (default 1,000,000, or SOAK_REQUESTS) through h2load at
 * 8 connections × 16 streams and samples its RSS every second; reports RSS
 * after warm-up, at the end, the peak, and the drift: the median of the last
 * tenth of the samples against the median of the first tenth, in percent. Writes
 * bench/results/soak.json. Run: `deno run -A bench/soak_rss.ts`.
 *
 * @module
 */
import { projectPath } from "../runtime/base/assets.ts";
import { startServer } from "./support/processes.ts";
import { median } from "./support/stats.ts";
import { grpcH2loadArgs } from "./support/h2load.ts";
import { grpcFrame, runRequestBytes } from "./support/wire.ts";

const REQUESTS = Number(Deno.env.get("SOAK_REQUESTS") ?? 1_000_000);
const WARMUP_REQUESTS = Math.min(50_000, Math.floor(REQUESTS / 10));

async function h2load(port: number, body: string, requests: number): Promise<string> {
  const { stdout, success } = await new Deno.Command("h2load", {
    args: grpcH2loadArgs({ port, bodyFile: body, requests, connections: 8, streams: 16 }),
    stdout: "piped",
    stderr: "inherit",
  }).output();
  const text = new TextDecoder().decode(stdout);
  if (!success) throw new Error(`h2load failed: ${text}`);
  return text;
}

const dir = await Deno.makeTempDir({ prefix: "soak_" });
const body = `${dir}/run1.bin`;
await Deno.writeFile(body, grpcFrame(runRequestBytes(1)));
const server = await startServer();
const samples: { seconds: number; rssMiB: number }[] = [];
try {
  const startRss = server.rssMiB();
  await h2load(server.port, body, WARMUP_REQUESTS);
  const warmRss = server.rssMiB();
  const started = performance.now();
  const sampler = setInterval(() => {
    samples.push({ seconds: (performance.now() - started) / 1000, rssMiB: server.rssMiB() });
  }, 1000);
  const output = await h2load(server.port, body, REQUESTS);
  clearInterval(sampler);
  const seconds = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const endRss = server.rssMiB();
  const peak = Math.max(warmRss, ...samples.map((s) => s.rssMiB));
  const counts = /requests: .*/.exec(output)?.[0] ?? "";
  const tenth = Math.max(1, Math.floor(samples.length / 10));
  const early = median(samples.slice(0, tenth).map((s) => s.rssMiB));
  const late = median(samples.slice(-tenth).map((s) => s.rssMiB));
  const result = {
    date: new Date().toISOString(),
    requests: REQUESTS,
    seconds,
    reqPerSec: REQUESTS / seconds,
    h2load: counts,
    rssMiB: { start: startRss, afterWarmup: warmRss, end: endRss, peak, early, late },
    driftPercent: (late - early) / early * 100,
    peakOverWarmPercent: (peak - warmRss) / warmRss * 100,
    samples,
  };
  await Deno.writeTextFile(
    projectPath("bench", "results", "soak.json"),
    JSON.stringify(result, null, 2) + "\n",
  );
  console.log(
    `${REQUESTS} requests in ${seconds.toFixed(0)} s (${result.reqPerSec.toFixed(0)} req/s); ` +
      `${counts}\nRSS MiB: start ${startRss.toFixed(0)}, after warm-up ${warmRss.toFixed(0)}, ` +
      `end ${endRss.toFixed(0)}, peak ${peak.toFixed(0)}; under load: first tenth ` +
      `${early.toFixed(0)}, last tenth ${late.toFixed(0)}, drift ${
        result.driftPercent.toFixed(1)
      } %, peak over warm ${result.peakOverWarmPercent.toFixed(1)} %`,
  );
} finally {
  await server.stop();
  await Deno.remove(dir, { recursive: true });
}
