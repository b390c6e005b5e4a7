/**
 * Reading a V8 `.cpuprofile` (written by `deno run --cpu-prof`) for the
 * profile benchmark: each sample's time, the owner a frame's time is charged
 * to (native I/O, garbage collection, Deno's node:http2 layer, grpc-js,
 * protobufjs, onnxruntime, each runtime folder), and microseconds by owner
 * within a time window, so that they can be divided by the requests served
 * in that window.
 *
 * @module
 */

/** A call-tree node of a V8 CPU profile. */
export interface ProfileNode {
  /** Node id; samples name it. */
  readonly id: number;
  /** The function, its script and (0-based) line. */
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber?: number;
  };
  /** Ids of the nodes it called. */
  readonly children?: readonly number[];
}

/** A V8 CPU profile (`.cpuprofile`): times in microseconds of the profiler's monotonic clock. */
export interface CpuProfile {
  /** The call tree. */
  readonly nodes: readonly ProfileNode[];
  /** Start, µs. */
  readonly startTime: number;
  /** End, µs. */
  readonly endTime: number;
  /** The node running at each sample. */
  readonly samples: readonly number[];
  /** µs from the previous sample (from startTime for the first). */
  readonly timeDeltas: readonly number[];
}

/**
 * Names of the functions protobufjs generates at run time (no script url),
 * e.g. `RunResponse$encode`.
 */
const GENERATED_CODEC = /^[A-Za-z_]\w*\$(encode|decode|fromObject|toObject|verify)$/;

/** The owner a profile frame's self-time is charged to. */
export function ownerOf(frame: ProfileNode["callFrame"]): string {
  const { functionName, url } = frame;
  if (url === "") {
    if (functionName === "(garbage collector)") return "garbage collection";
    if (GENERATED_CODEC.test(functionName)) return "protobufjs";
    if (functionName === "(idle)") return "idle";
    if (functionName === "(program)") return "V8 (program)";
    if (functionName === "(root)") return "V8 (root)";
    return `native: ${functionName}`;
  }
  if (url.startsWith("ext:") || url.startsWith("node:")) return "Deno node compat (http2, streams)";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const [scope, name] = url.slice(modules + "node_modules/".length).split("/");
    return scope.startsWith("@") ? `${scope}/${name}` : scope;
  }
  const runtime = url.indexOf("/runtime/");
  if (runtime >= 0) {
    const [first, second] = url.slice(runtime + 1).split("/");
    return second !== undefined && !second.endsWith(".ts") ? `${first}/${second}` : `${first}/`;
  }
  return url.split("/").slice(-2).join("/");
}

/** True for owners that are native functions (Deno ops, V8 builtins), not script code. */
export function isNativeOwner(owner: string): boolean {
  return owner.startsWith("native: ");
}

/**
 * The owner a node's self-time is charged to when native functions are
 * charged to the script that called them (a socket write called from
 * node:http2 is transport; a TextDecoder op called from runtime/modules is
 * the runtime's): the node's own owner unless it is native, else that of its
 * nearest non-native ancestor ("native (no script caller)" at the root).
 */
export function callerOwners(profile: CpuProfile): Map<number, string> {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) {
    for (const child of node.children ?? []) parent.set(child, node.id);
  }
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const owners = new Map<number, string>();
  for (const node of profile.nodes) {
    let owner = ownerOf(node.callFrame);
    let at: number | undefined = node.id;
    while (isNativeOwner(owner)) {
      at = parent.get(at!);
      const up = at === undefined ? undefined : byId.get(at);
      if (!up) {
        owner = "native (no script caller)";
        break;
      }
      const upOwner = ownerOf(up.callFrame);
      if (!isNativeOwner(upOwner) && upOwner !== "V8 (root)") owner = upOwner;
      else if (upOwner === "V8 (root)") owner = "native (no script caller)";
    }
    owners.set(node.id, owner);
  }
  return owners;
}

/** Self-time owners of every node: `ownerOf` its frame. */
export function selfOwners(profile: CpuProfile): Map<number, string> {
  return new Map(profile.nodes.map((node) => [node.id, ownerOf(node.callFrame)]));
}

/**
 * Microseconds by owner of the samples taken in [`from`, `to`) (the
 * profile's clock, µs). A sample lasts until the next one (as Chrome's
 * DevTools counts it); `owners` maps node ids to owners (selfOwners or
 * callerOwners).
 */
export function microsByOwner(
  profile: CpuProfile,
  owners: ReadonlyMap<number, string>,
  from: number,
  to: number,
): Map<string, number> {
  const totals = new Map<string, number>();
  let time = profile.startTime;
  const { samples, timeDeltas } = profile;
  for (let i = 0; i < samples.length; i++) {
    time += timeDeltas[i];
    if (time < from || time >= to) continue;
    const next = i + 1 < samples.length ? timeDeltas[i + 1] : profile.endTime - time;
    const duration = Math.max(0, Math.min(next, to - time));
    const owner = owners.get(samples[i]) ?? "unknown";
    totals.set(owner, (totals.get(owner) ?? 0) + duration);
  }
  return totals;
}

/** The time of the first and last sample, µs of the profile's clock. */
export function sampledSpan(profile: CpuProfile): [number, number] {
  let time = profile.startTime;
  let first = NaN;
  for (let i = 0; i < profile.timeDeltas.length; i++) {
    time += profile.timeDeltas[i];
    if (i === 0) first = time;
  }
  return [first, time];
}

/**
 * Wall clock minus the monotonic clock (CLOCK_MONOTONIC, the clock of V8's
 * profile timestamps on Linux), µs: add it to a profile time to get µs since
 * the epoch. Deno exposes no monotonic clock reading, so python3 reads both
 * clocks back to back. Throws when python3 cannot be run.
 */
export function wallMinusMonotonicMicros(): number {
  const { stdout, success } = new Deno.Command("python3", {
    args: [
      "-c",
      "import time\n" +
      "best = None\n" +
      "for _ in range(5):\n" +
      "  a = time.time_ns(); m = time.clock_gettime_ns(time.CLOCK_MONOTONIC); b = time.time_ns()\n" +
      "  if best is None or b - a < best[0]: best = (b - a, (a + b) // 2 - m)\n" +
      "print(best[1])",
    ],
    stdout: "piped",
    stderr: "null",
  }).outputSync();
  const nanos = Number(new TextDecoder().decode(stdout).trim());
  if (!success || !Number.isFinite(nanos)) {
    throw new Error("python3 is needed to relate the profile's clock to the wall clock");
  }
  return nanos / 1000;
}

/** An esbuild module marker: a line `// <path of the module that follows>`. */
const MODULE_MARKER = /^\/\/ (\S+\.(?:ts|js|mjs|cjs|json))$/;

/**
 * The modules of a bundle (as `deno bundle`/esbuild writes them: each
 * module's code after a `// path` line), as [first line (0-based), path]
 * in line order; empty when the text has no such markers.
 */
export function bundleModules(text: string): [number, string][] {
  const modules: [number, string][] = [];
  const lines = text.split("\n");
  for (let line = 0; line < lines.length; line++) {
    const marker = MODULE_MARKER.exec(lines[line]);
    if (marker) modules.push([line, marker[1]]);
  }
  return modules;
}

/**
 * The profile with frames of bundled scripts (the server runs from
 * .serve_bundle/serve.js when that bundle is fresh) given back the url of
 * the module their line falls in, `bundle:///<module path>`, so owners are
 * the same as when running from source. `read` returns a script's text, or
 * null when it cannot be read; scripts under node_modules are left alone.
 */
export function unbundleFrames(
  profile: CpuProfile,
  read: (url: string) => string | null,
): CpuProfile {
  const bundles = new Map<string, [number, string][]>();
  const modulesOf = (url: string) => {
    if (!bundles.has(url)) {
      const text = url.startsWith("file:") && !url.includes("node_modules/") ? read(url) : null;
      bundles.set(url, text === null ? [] : bundleModules(text));
    }
    return bundles.get(url)!;
  };
  const nodes = profile.nodes.map((node) => {
    const { url, lineNumber } = node.callFrame;
    const modules = url === "" || lineNumber === undefined ? [] : modulesOf(url);
    let found: string | undefined;
    for (const [line, path] of modules) {
      if (line > lineNumber!) break;
      found = path;
    }
    return found === undefined
      ? node
      : { ...node, callFrame: { ...node.callFrame, url: `bundle:///${found}` } };
  });
  return { ...profile, nodes };
}
