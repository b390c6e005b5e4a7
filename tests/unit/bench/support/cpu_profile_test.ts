/**
 * The profile benchmark's reading of V8 CPU profiles: owners of frames,
 * natives charged to the script that called them, time by owner inside a
 * window, and — with a real `deno run --cpu-prof` — that the profile's clock
 * maps onto the wall clock through wallMinusMonotonicMicros.
 */
import assert from "node:assert/strict";
import {
  callerOwners,
  type CpuProfile,
  microsByOwner,
  ownerOf,
  sampledSpan,
  selfOwners,
  unbundleFrames,
  wallMinusMonotonicMicros,
} from "../../../../bench/support/cpu_profile.ts";
import { wallMicros } from "../../../../bench/support/cpu.ts";

const frame = (functionName: string, url = "") => ({ functionName, url });

Deno.test("ownerOf names packages, runtime folders, Deno's node layer and natives", () => {
  assert.equal(ownerOf(frame("(garbage collector)")), "garbage collection");
  assert.equal(ownerOf(frame("(idle)")), "idle");
  assert.equal(ownerOf(frame("writeBuffer")), "native: writeBuffer");
  assert.equal(ownerOf(frame("RunResponse$encode")), "protobufjs");
  assert.equal(ownerOf(frame("emit", "node:events")), "Deno node compat (http2, streams)");
  assert.equal(
    ownerOf(frame("f", "file:///w/node_modules/.deno/x/node_modules/@grpc/grpc-js/build/a.js")),
    "@grpc/grpc-js",
  );
  assert.equal(ownerOf(frame("f", "file:///w/runtime/core/batcher.ts")), "runtime/core");
  assert.equal(ownerOf(frame("f", "file:///w/runtime/server.ts")), "runtime/");
});

/** root → http2 (node:) → writeBuffer (native); root → module (runtime) → decode (native); GC. */
const profile: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame("(root)"), children: [2, 4, 6, 7] },
    { id: 2, callFrame: frame("write", "node:http2"), children: [3] },
    { id: 3, callFrame: frame("writeBuffer") },
    { id: 4, callFrame: frame("run", "file:///w/runtime/modules/t.ts"), children: [5] },
    { id: 5, callFrame: frame("op_encoding_decode_single") },
    { id: 6, callFrame: frame("(garbage collector)") },
    { id: 7, callFrame: frame("(idle)") },
  ],
  startTime: 1000,
  endTime: 1700,
  // Samples at 1100, 1200, ..., 1600; each lasts until the next (the last until endTime).
  samples: [3, 3, 5, 6, 7, 2],
  timeDeltas: [100, 100, 100, 100, 100, 100],
};

Deno.test("natives are charged to themselves, or to the script that called them", () => {
  const self = selfOwners(profile);
  assert.equal(self.get(3), "native: writeBuffer");
  const caller = callerOwners(profile);
  assert.equal(caller.get(3), "Deno node compat (http2, streams)");
  assert.equal(caller.get(5), "runtime/modules");
  assert.equal(caller.get(6), "garbage collection");
});

Deno.test("microsByOwner counts only the samples inside the window", () => {
  assert.deepEqual(sampledSpan(profile), [1100, 1600]);
  const all = microsByOwner(profile, selfOwners(profile), 0, Infinity);
  assert.equal(all.get("native: writeBuffer"), 200);
  assert.equal(all.get("Deno node compat (http2, streams)"), 100);
  const window = microsByOwner(profile, callerOwners(profile), 1200, 1450);
  assert.deepEqual(
    Object.fromEntries(window),
    {
      "Deno node compat (http2, streams)": 100,
      "runtime/modules": 100,
      "garbage collection": 50, // cut at the window's end
    },
  );
});

Deno.test("frames of a bundled script are charged to the module their line is in", () => {
  const bundle = [
    "var __esm = 1;", // 0: bundler preamble
    "// runtime/core/batcher.ts", // 1
    "function submit() {}", // 2
    "// node_modules/.deno/x/node_modules/@grpc/grpc-js/build/src/server.js", // 3
    "function handle() {}", // 4
  ].join("\n");
  const url = "file:///w/.serve_bundle/serve.js";
  const bundled: CpuProfile = {
    nodes: [
      { id: 1, callFrame: { functionName: "(root)", url: "" }, children: [2, 3, 4] },
      { id: 2, callFrame: { functionName: "submit", url, lineNumber: 2 } },
      { id: 3, callFrame: { functionName: "handle", url, lineNumber: 4 } },
      { id: 4, callFrame: { functionName: "init", url, lineNumber: 0 } },
    ],
    startTime: 0,
    endTime: 10,
    samples: [],
    timeDeltas: [],
  };
  const owners = selfOwners(unbundleFrames(bundled, (asked) => asked === url ? bundle : null));
  assert.equal(owners.get(2), "runtime/core");
  assert.equal(owners.get(3), "@grpc/grpc-js");
  assert.equal(owners.get(4), ".serve_bundle/serve.js");
});

Deno.test("a real --cpu-prof profile's clock maps onto the wall clock", async () => {
  const dir = await Deno.makeTempDir({ prefix: "cpu_profile_test_" });
  try {
    const script = `${dir}/spin.js`;
    await Deno.writeTextFile(
      script,
      "const end = performance.now() + 200; while (performance.now() < end);\n",
    );
    const offset = wallMinusMonotonicMicros();
    const before = wallMicros();
    const { success } = await new Deno.Command(Deno.execPath(), {
      args: ["run", "--cpu-prof", `--cpu-prof-dir=${dir}`, script],
      stdout: "null",
      stderr: "inherit",
    }).output();
    const after = wallMicros();
    assert.ok(success);
    const file = [...Deno.readDirSync(dir)].find((entry) => entry.name.endsWith(".cpuprofile"));
    assert.ok(file, "no profile written");
    const real = JSON.parse(await Deno.readTextFile(`${dir}/${file.name}`)) as CpuProfile;
    const [first, last] = sampledSpan(real);
    assert.ok(first + offset >= before, `${first + offset} < ${before}`);
    assert.ok(last + offset <= after, `${last + offset} > ${after}`);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
