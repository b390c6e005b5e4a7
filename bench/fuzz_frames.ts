/**
 * Frame fuzzer: sends mutated gRPC requests to a live server (the real
 * `main.ts --serve` child process) — bit flips, truncations, insertions,
 * corrupted length prefixes and flags, wrong paths, content types, encodings
 * and timeouts over Modzy Run/Status and OIP ModelInfer — plus raw garbage
 * after the HTTP/2 preface, and checks that the server never crashes, still
 * answers a valid request, and that its memory stays flat.
 *
 * Run: `deno run -A bench/fuzz_frames.ts [frames=100000] [seed=1]`; a short
 * version runs in tests/fuzz_frames_test.ts. Writes bench/results/fuzz_frames.json.
 *
 * @module
 */
import { Buffer } from "node:buffer";
import { projectPath } from "../runtime/base/assets.ts";
import { encodeRunRequest, grpcFrame, RawGrpcConnection } from "../tests/support/raw_grpc.ts";
import { type ServeProcess, startServeProcess } from "./support/serve_process.ts";

/** What a fuzz run found. */
export interface FuzzReport {
  /** Frames sent (mutated requests). */
  readonly frames: number;
  /** Raw garbage connections opened. */
  readonly garbageConnections: number;
  /** Answers by gRPC status code (-1: no status, e.g. a reset stream). */
  readonly statuses: Record<string, number>;
  /** Whether the server process was still running at the end. */
  readonly serverAlive: boolean;
  /** Whether a valid Run was answered after the fuzzing. */
  readonly validAfter: boolean;
  /** RSS after warm-up, at the end and at its peak, in MiB. */
  readonly rssMiB: { readonly warm: number; readonly end: number; readonly peak: number };
  /** Wall time in seconds. */
  readonly seconds: number;
}

/** A small seeded PRNG (mulberry32), so a failing run can be replayed. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const encoder = new TextEncoder();
const VALID_ROW = '{"sepal_length":5.1,"sepal_width":3.5,"petal_length":1.4,"petal_width":0.2}';

/** A valid OIP ModelInferRequest for the iris model (4 FP32 features, raw contents). */
function oipInferRequest(modelName: string): Uint8Array {
  const bytes: number[] = [];
  const field = (tag: number, payload: Uint8Array) => {
    bytes.push((tag << 3) | 2, ...varint(payload.length), ...payload);
  };
  const input: number[] = [];
  const sub = (tag: number, payload: Uint8Array) => {
    input.push((tag << 3) | 2, ...varint(payload.length), ...payload);
  };
  sub(1, encoder.encode("features"));
  sub(2, encoder.encode("FP32"));
  sub(3, new Uint8Array([1, 4])); // packed int64 shape [1, 4]
  field(1, encoder.encode(modelName));
  field(5, new Uint8Array(input));
  const raw = new Float32Array([5.1, 3.5, 1.4, 0.2]);
  field(7, new Uint8Array(raw.buffer));
  return new Uint8Array(bytes);
}

function varint(value: number): number[] {
  const out: number[] = [];
  while (value > 0x7f) {
    out.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  out.push(value);
  return out;
}

interface Seed {
  readonly path: string;
  readonly body: Uint8Array;
}

function seeds(): Seed[] {
  const run = grpcFrame(encodeRunRequest([{ "input.json": encoder.encode(VALID_ROW) }]));
  const run8 = grpcFrame(
    encodeRunRequest(
      Array.from({ length: 8 }, () => ({ "input.json": encoder.encode(VALID_ROW) })),
    ),
  );
  return [
    { path: "/ModzyModel/Run", body: run },
    { path: "/ModzyModel/Run", body: run8 },
    { path: "/ModzyModel/Status", body: grpcFrame(new Uint8Array()) },
    {
      path: "/inference.GRPCInferenceService/ModelInfer",
      body: grpcFrame(oipInferRequest("iris-classifier")),
    },
    {
      path: "/inference.GRPCInferenceService/ModelMetadata",
      body: grpcFrame(new Uint8Array([10, 15, ...encoder.encode("iris-classifier")])),
    },
  ];
}

const PATHS = [
  "/ModzyModel/Run",
  "/ModzyModel/Status",
  "/ModzyModel/Nope",
  "/Nope/Run",
  "/inference.GRPCInferenceService/ModelInfer",
  "/grpc.health.v1.Health/Check",
  "/",
  "//",
  "/ModzyModel/Run/extra",
];

/** One mutated request from `seed`. */
function mutate(
  random: () => number,
  seed: Seed,
): { path: string; body: Uint8Array; headers: Record<string, string> } {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  let body = seed.body.slice();
  let path = seed.path;
  const headers: Record<string, string> = {};
  const rounds = 1 + Math.floor(random() * 3);
  for (let i = 0; i < rounds; i++) {
    switch (Math.floor(random() * 12)) {
      case 0: // flip bits
        for (let k = 0; k < 1 + random() * 8; k++) {
          if (body.length) {
            body[Math.floor(random() * body.length)] ^= 1 << Math.floor(random() * 8);
          }
        }
        break;
      case 1: // truncate
        body = body.subarray(0, Math.floor(random() * body.length));
        break;
      case 2: { // insert random bytes
        const at = Math.floor(random() * (body.length + 1));
        const extra = Uint8Array.from(
          { length: 1 + Math.floor(random() * 32) },
          () => random() * 256,
        );
        body = new Uint8Array([...body.subarray(0, at), ...extra, ...body.subarray(at)]);
        break;
      }
      case 3: // corrupt the declared length
        if (body.length >= 5) {
          new DataView(body.buffer, body.byteOffset).setUint32(
            1,
            pick([0, 1, body.length * 2, 0x7fffffff, 0xffffffff, Math.floor(random() * 2 ** 32)]),
          );
        }
        break;
      case 4: // compressed flag / garbage flag byte
        if (body.length) body[0] = pick([1, 2, 0x80, 0xff]);
        break;
      case 5:
        path = pick(PATHS);
        break;
      case 6:
        headers["content-type"] = pick([
          "text/plain",
          "application/grpc+json",
          "application/json",
          "",
          "application/grpc; charset=utf-8",
        ]);
        break;
      case 7:
        headers["grpc-encoding"] = pick(["gzip", "deflate", "identity", "br", "x-nope"]);
        break;
      case 8:
        headers["grpc-timeout"] = pick(["1n", "0S", "99999999H", "x", "1m", "-5S"]);
        break;
      case 9: // duplicate the frame
        body = new Uint8Array([...body, ...body]);
        break;
      case 10: // random metadata
        headers[pick(["mm-model-id", "authorization", "x-request-id", "grpc-accept-encoding"])] =
          pick(["", "nope", "iris-classifier", "x".repeat(2000), "Bearer a"]);
        break;
      default: // replace the payload with random bytes of the same framing
        body = grpcFrame(
          Uint8Array.from({ length: Math.floor(random() * 200) }, () => random() * 256),
        );
    }
  }
  return { path, body, headers };
}

/** Opens a raw TCP connection, sends the HTTP/2 preface then random bytes, and closes it. */
async function garbageConnection(port: number, random: () => number): Promise<void> {
  try {
    const connection = await Deno.connect({ hostname: "127.0.0.1", port });
    const preface = random() < 0.8
      ? encoder.encode("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")
      : new Uint8Array();
    const junk = Uint8Array.from({ length: Math.floor(random() * 512) }, () => random() * 256);
    await connection.write(new Uint8Array([...preface, ...junk])).catch(() => 0);
    connection.close();
  } catch { /* refused: counted by the aliveness check */ }
}

/**
 * Sends `frames` mutated requests to `server` over `connections` HTTP/2
 * sessions (renewed when the server closes one), `inFlight` at a time each.
 */
export async function fuzzServer(
  server: ServeProcess,
  frames: number,
  seed = 1,
  connections = 4,
  inFlight = 16,
): Promise<FuzzReport> {
  const random = prng(seed);
  const seedList = seeds();
  const statuses: Record<string, number> = {};
  const started = performance.now();
  let sent = 0;
  let garbage = 0;
  let peak = 0;
  let warm = 0;
  const sample = () => {
    const rss = server.rssMiB();
    peak = Math.max(peak, rss);
    return rss;
  };
  const authority = `http://127.0.0.1:${server.port}`;
  const worker = async () => {
    let connection = new RawGrpcConnection(authority);
    const lane = async () => {
      while (sent < frames) {
        const index = sent++;
        if (index % 500 === 499) {
          garbage++;
          await garbageConnection(server.port, random);
        }
        if (index === Math.floor(frames / 10)) warm = sample();
        else if (index % 2000 === 0) sample();
        if (connection.closed) connection = new RawGrpcConnection(authority);
        const { path, body, headers } = mutate(
          random,
          seedList[Math.floor(random() * seedList.length)],
        );
        const answer = await connection.call(path, body, headers, 10_000);
        const key = String(answer.grpcStatus);
        statuses[key] = (statuses[key] ?? 0) + 1;
      }
    };
    await Promise.all(Array.from({ length: inFlight }, lane));
    connection.close();
  };
  await Promise.all(Array.from({ length: connections }, worker));
  const end = sample();
  const check = new RawGrpcConnection(authority);
  const answer = await check.call(
    "/ModzyModel/Run",
    grpcFrame(encodeRunRequest([{ "input.json": encoder.encode(VALID_ROW) }])),
  );
  check.close();
  const validAfter = answer.grpcStatus === 0 && Buffer.from(answer.body).includes("setosa");
  return {
    frames: sent,
    garbageConnections: garbage,
    statuses,
    serverAlive: server.exitCode() === null,
    validAfter,
    rssMiB: { warm: warm || end, end, peak },
    seconds: (performance.now() - started) / 1000,
  };
}

if (import.meta.main) {
  const frames = Number(Deno.args[0] ?? 100_000);
  const seed = Number(Deno.args[1] ?? 1);
  const server = await startServeProcess();
  let report: FuzzReport;
  try {
    report = await fuzzServer(server, frames, seed);
  } finally {
    await server.stop();
  }
  const text = JSON.stringify(report, null, 2);
  console.log(text);
  Deno.mkdirSync(projectPath("bench", "results"), { recursive: true });
  Deno.writeTextFileSync(projectPath("bench", "results", "fuzz_frames.json"), text + "\n");
  if (!report.serverAlive || !report.validAfter) Deno.exit(1);
}
