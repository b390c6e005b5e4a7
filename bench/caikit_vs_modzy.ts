/**
 * Caikit Predict against Modzy Run on the same module (issue "The Caikit
 * door", speed): one server process (`main.ts --serve --bundle <a
 * hello-world bundle>`) serves the hello-world module both ways — Modzy's
 * `/ModzyModel/Run` with one `input.json` item and Caikit's
 * `HelloWorldTaskPredict` with `mm-model-id` naming the same model — driven
 * by h2load at 8 connections × 16 streams with raw gRPC frames, in
 * interleaved rounds (the order rotating), the loader and the server
 * pinned to different cores when taskset is there. The figure is the median
 * over the rounds of Caikit Predict ÷ Modzy Run req/s (target ≥ 0.9). A
 * control — Modzy Run sending the same `mm-model-id` header a Caikit
 * client must send — tells the cost of that header (transport) from the
 * Caikit door's own. Each run also records the server's CPU µs per request.
 * Writes bench/results/caikit_vs_modzy.json and .md.
 *
 * Options (environment): BENCH_SECONDS (measured seconds per run, default
 * 3), BENCH_ROUNDS (interleaved rounds, default 7), BENCH_PIN (1, the
 * default: pin when possible; 0: let both float).
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { join } from "node:path";
import * as grpc from "@grpc/grpc-js";
import { projectPath } from "../runtime/base/assets.ts";
import { HELLO_WORLD_MODULE } from "../runtime/modules/hello_world_module.ts";
import { serviceDefinition } from "../runtime/protocols/wire/proto_loader.ts";
import { MODZY_PROTO, MODZY_SERVICE } from "../runtime/protocols/modzy/modzy_service.ts";
import { currentCaikitSurface } from "../runtime/protocols/caikit/descriptor.ts";
import { installCaikitDefinitions } from "../runtime/protocols/caikit/caikit_mount.ts";
import { hasH2load, runH2load } from "./support/h2load.ts";
import { hasTaskset, pinProcess } from "./support/pinning.ts";
import { startServer } from "./support/processes.ts";
import { median } from "./support/stats.ts";
import { cpuMicrosPerRequest } from "./support/cpu.ts";
import { grpcFrame } from "./support/wire.ts";

const SECONDS = Number(Deno.env.get("BENCH_SECONDS") ?? 3);
const ROUNDS = Number(Deno.env.get("BENCH_ROUNDS") ?? 7);
const CONNECTIONS = 8;
const STREAMS = 16;
const MODEL = "hello-world";
const RUN_PATH = "/ModzyModel/Run";
const SERVICE = "caikit.runtime.Template.TemplateService";
const PREDICT_PATH = `/${SERVICE}/HelloWorldTaskPredict`;
const TARGET_RATIO = 0.9;

if (!await hasH2load()) {
  console.error("h2load (Debian's nghttp2-client) is needed: apt-get install -y nghttp2-client");
  Deno.exit(1);
}
const pinned = (Deno.env.get("BENCH_PIN") ?? "1") === "1" && navigator.hardwareConcurrency >= 2 &&
  await hasTaskset();

/**
 * A hello-world bundle (`<root>/0.1.0/` holding a model.yaml naming
 * `module.id: hello-world`, and its artifact); answers the root.
 */
async function helloWorldBundle(): Promise<string> {
  const root = await Deno.makeTempDir({ prefix: "caikit_bench_bundle_" });
  const dir = join(root, "0.1.0");
  await Deno.mkdir(dir);
  const model = await HELLO_WORLD_MODULE.train!(
    { source: "bench", columns: [], rows: [], csvText: "" },
    {},
  );
  await model.save(dir, { name: MODEL, version: "0.1.0" });
  return root;
}

const run = serviceDefinition(MODZY_PROTO, MODZY_SERVICE).Run;
const runFrame = grpcFrame(
  new Uint8Array(run.requestSerialize({
    inputs: [{ input: { "input.json": new TextEncoder().encode('{"name":"World"}') } }],
    detect_drift: false,
    explain: false,
  })),
);
const surface = currentCaikitSurface();
await installCaikitDefinitions(surface);
const predict = surface.built().service(SERVICE).HelloWorldTaskPredict;
const predictFrame = grpcFrame(
  new Uint8Array(predict.requestSerialize({ text_input: { name: "World" } })),
);

/** One call of `path` with `frame`'s message and `metadata`; the answer's bytes. */
async function probe(
  port: number,
  path: string,
  frame: Uint8Array,
  metadata: Record<string, string> = {},
): Promise<Buffer> {
  const client = new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const headers = new grpc.Metadata();
  for (const [key, value] of Object.entries(metadata)) headers.set(key, value);
  try {
    return await new Promise<Buffer>((resolve, reject) =>
      client.makeUnaryRequest(
        path,
        (bytes: Buffer) => bytes,
        (bytes: Buffer) => bytes,
        Buffer.from(frame.subarray(5)),
        headers,
        { deadline: Date.now() + 10_000 },
        (error, answer) => error ? reject(error) : resolve(answer!),
      )
    );
  } finally {
    client.close();
  }
}

/** One measured run: req/s and the server's CPU µs per request. */
interface Figures {
  readonly reqPerSec: number;
  readonly cpuMicros: number;
}

/** One round: Caikit Predict, Modzy Run, and the control (Modzy Run with `mm-model-id`). */
interface Round {
  readonly caikit: Figures;
  readonly modzy: Figures;
  readonly control: Figures;
  /** Caikit ÷ Modzy req/s: the figure. */
  readonly ratio: number;
  /** Caikit ÷ control req/s. */
  readonly controlRatio: number;
}

const bundle = await helloWorldBundle();
const server = await startServer(["--bundle", bundle]);
const rounds: Round[] = [];
try {
  if (pinned) await pinProcess(server.pid, "1");
  const answer = run.responseDeserialize(await probe(server.port, RUN_PATH, runFrame)) as {
    outputs: { success: boolean; output: Record<string, Uint8Array> }[];
  };
  if (!answer.outputs[0]?.success) throw new Error("Modzy Run did not succeed");
  const greeting = predict.responseDeserialize(
    await probe(server.port, PREDICT_PATH, predictFrame, { "mm-model-id": MODEL }),
  ) as { greeting: string };
  if (greeting.greeting !== "Hello World") throw new Error(`Predict answered ${greeting.greeting}`);
  const drive = async (path: string, frame: Uint8Array, headers: string[]): Promise<Figures> => {
    const result = await runH2load({
      port: server.port,
      path,
      frame,
      connections: CONNECTIONS,
      streams: STREAMS,
      seconds: SECONDS,
      warmupSeconds: 1,
      loaderCpus: pinned ? "0" : undefined,
      serverPid: server.pid,
      headers,
    });
    if (result.failed > 0 || result.succeeded === 0) {
      throw new Error(`${path}: ${result.failed} failed, ${result.succeeded} succeeded`);
    }
    return {
      reqPerSec: result.reqPerSec,
      cpuMicros: result.cpu ? cpuMicrosPerRequest(result.cpu) : NaN,
    };
  };
  const scenarios: Record<keyof Omit<Round, "ratio" | "controlRatio">, () => Promise<Figures>> = {
    caikit: () => drive(PREDICT_PATH, predictFrame, [`mm-model-id: ${MODEL}`]),
    modzy: () => drive(RUN_PATH, runFrame, []),
    control: () => drive(RUN_PATH, runFrame, [`mm-model-id: ${MODEL}`]),
  };
  const names = Object.keys(scenarios) as (keyof typeof scenarios)[];
  for (let index = 0; index < ROUNDS; index++) {
    // The order rotates from round to round, so no scenario always runs first.
    const order = names.map((_, at) => names[(at + index) % names.length]);
    const figures: Partial<Record<keyof typeof scenarios, Figures>> = {};
    for (const name of order) figures[name] = await scenarios[name]();
    const { caikit, modzy, control } = figures as Record<keyof typeof scenarios, Figures>;
    const round: Round = {
      caikit,
      modzy,
      control,
      ratio: caikit.reqPerSec / modzy.reqPerSec,
      controlRatio: caikit.reqPerSec / control.reqPerSec,
    };
    rounds.push(round);
    console.error(
      `round ${index + 1}: Caikit Predict ${caikit.reqPerSec.toFixed(0)} req/s ` +
        `(${caikit.cpuMicros.toFixed(0)} µs CPU/req), Modzy Run ${modzy.reqPerSec.toFixed(0)} ` +
        `(${modzy.cpuMicros.toFixed(0)}), Modzy Run + mm-model-id ` +
        `${control.reqPerSec.toFixed(0)} (${control.cpuMicros.toFixed(0)}), ratio ` +
        `${round.ratio.toFixed(3)}`,
    );
  }
} finally {
  await server.stop();
  await Deno.remove(bundle, { recursive: true });
}

const ratio = median(rounds.map((round) => round.ratio));
const medianOf = (pick: (round: Round) => number) => median(rounds.map(pick));
const result = {
  date: new Date().toISOString(),
  level: `${CONNECTIONS}×${STREAMS}`,
  seconds: SECONDS,
  pinned,
  loadAverage: Deno.loadavg(),
  rounds,
  medianReqPerSec: {
    caikit: medianOf((round) => round.caikit.reqPerSec),
    modzy: medianOf((round) => round.modzy.reqPerSec),
    control: medianOf((round) => round.control.reqPerSec),
  },
  medianCpuMicrosPerRequest: {
    caikit: medianOf((round) => round.caikit.cpuMicros),
    modzy: medianOf((round) => round.modzy.cpuMicros),
    control: medianOf((round) => round.control.cpuMicros),
  },
  medianRatio: ratio,
  medianControlRatio: medianOf((round) => round.controlRatio),
  target: TARGET_RATIO,
  met: ratio >= TARGET_RATIO,
};
const cell = (figures: Figures) =>
  `${figures.reqPerSec.toFixed(0)} (${figures.cpuMicros.toFixed(0)} µs)`;
const lines = [
  "# Caikit Predict vs Modzy Run (hello-world, one server)",
  "",
  `h2load ${result.level}, ${SECONDS} s per run, ${ROUNDS} interleaved rounds (order rotating), ` +
  `${pinned ? "loader on CPU 0, server on CPU 1" : "not pinned"}; load average at the end ` +
  `${result.loadAverage.map((each) => each.toFixed(2)).join(" ")}. Written by ` +
  "`deno run -A bench/caikit_vs_modzy.ts`. Each cell: req/s (server CPU µs per request). The " +
  "control is Modzy Run sending the same `mm-model-id` header a Caikit client must send.",
  "",
  "| round | Caikit Predict | Modzy Run | control: Modzy Run + mm-model-id | Caikit ÷ Modzy | Caikit ÷ control |",
  "| ----: | -------------: | --------: | -------------------------------: | -------------: | ---------------: |",
  ...rounds.map((round, index) =>
    `| ${index + 1} | ${cell(round.caikit)} | ${cell(round.modzy)} | ${cell(round.control)} | ` +
    `${round.ratio.toFixed(3)} | ${round.controlRatio.toFixed(3)} |`
  ),
  "",
  `Median ratio Caikit Predict ÷ Modzy Run: **${ratio.toFixed(3)}** (target ≥ ${TARGET_RATIO}: ` +
  `${result.met ? "met" : "not met"}); Caikit Predict ÷ control ` +
  `${result.medianControlRatio.toFixed(3)}. Median server CPU per request: Caikit Predict ` +
  `${result.medianCpuMicrosPerRequest.caikit.toFixed(0)} µs, Modzy Run ` +
  `${result.medianCpuMicrosPerRequest.modzy.toFixed(0)} µs, control ` +
  `${result.medianCpuMicrosPerRequest.control.toFixed(0)} µs.`,
  "",
];
const results = projectPath("bench", "results");
await Deno.writeTextFile(join(results, "caikit_vs_modzy.json"), JSON.stringify(result, null, 2));
await Deno.writeTextFile(join(results, "caikit_vs_modzy.md"), lines.join("\n"));
console.log(lines.join("\n"));
