/**
 * Where the server's time goes under load: starts the real server with
 * `--cpu-prof`, drives single-item Runs (or `--body 8` eight-item Runs) with
 * h2load at 8×16 for a few seconds, stops it, and sums the profile's
 * self-time by owner (native I/O, garbage collection, Deno's node:http2
 * layer, grpc-js, protobufjs, onnxruntime, each runtime folder). Writes
 * bench/results/profile[_echo][_x8].md. Run:
 * `deno run -A bench/profile.ts [--items 8] [--echo]` (`--echo`: the echo server instead).
 *
 * @module
 */
import { parseArgs } from "node:util";
import { projectPath } from "../runtime/assets.ts";
import { freePort, serverArgs, waitForStatus200 } from "./support/processes.ts";
import { grpcFrame, runRequestBytes } from "./support/wire.ts";
import { grpcH2loadArgs } from "./support/h2load.ts";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string };
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

/** The owner a profile frame's self-time is charged to. */
export function ownerOf(frame: ProfileNode["callFrame"]): string {
  const { functionName, url } = frame;
  if (url === "") {
    if (functionName === "(garbage collector)") return "garbage collection";
    if (functionName === "(idle)") return "idle";
    if (functionName === "(program)") return "V8 (program)";
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

/** Self-time percentages by owner, largest first. */
export function selfTimeByOwner(profile: CpuProfile): [string, number][] {
  const owners = new Map<number, string>();
  for (const node of profile.nodes) owners.set(node.id, ownerOf(node.callFrame));
  const totals = new Map<string, number>();
  for (const sample of profile.samples) {
    const owner = owners.get(sample) ?? "unknown";
    totals.set(owner, (totals.get(owner) ?? 0) + 1);
  }
  const all = profile.samples.length;
  return [...totals.entries()]
    .map(([owner, count]) => [owner, (count / all) * 100] as [string, number])
    .sort((a, b) => b[1] - a[1]);
}

if (import.meta.main) {
  const { values } = parseArgs({
    args: Deno.args,
    options: {
      items: { type: "string", default: "1" },
      seconds: { type: "string", default: "6" },
      echo: { type: "boolean", default: false },
    },
  });
  const items = Number(values.items);
  const dir = await Deno.makeTempDir({ prefix: "profile_" });
  const port = freePort();
  const args = values.echo
    ? [
      "run",
      "-A",
      `--config=${projectPath("deno.json")}`,
      projectPath("bench", "echo_server.ts"),
      String(port),
    ]
    : serverArgs(port);
  args.splice(1, 0, "--cpu-prof", `--cpu-prof-dir=${dir}`);
  const child = new Deno.Command(Deno.execPath(), {
    args,
    stdin: "null",
    stdout: "null",
    stderr: "inherit",
  }).spawn();
  let exited = false;
  const status = child.status.finally(() => exited = true);
  try {
    await waitForStatus200(port, () => exited, 60_000);
    await Deno.writeFile(`${dir}/body.bin`, grpcFrame(runRequestBytes(items)));
    const { stdout } = await new Deno.Command("h2load", {
      args: grpcH2loadArgs({
        port,
        bodyFile: `${dir}/body.bin`,
        seconds: Number(values.seconds),
        connections: 8,
        streams: 16,
      }),
      stdout: "piped",
    }).output();
    const finished = /finished in .*/.exec(new TextDecoder().decode(stdout))?.[0] ?? "";
    child.kill("SIGTERM");
    await status;
    const file = [...Deno.readDirSync(dir)].find((entry) => entry.name.endsWith(".cpuprofile"));
    if (!file) throw new Error("the server wrote no CPU profile");
    const profile = JSON.parse(await Deno.readTextFile(`${dir}/${file.name}`)) as CpuProfile;
    const rows = selfTimeByOwner(profile).filter(([, percent]) => percent >= 0.3);
    const lines = [
      `CPU profile of the ${values.echo ? "echo server" : "server"} (\`--cpu-prof\`) under ` +
      `h2load 8×16, ${items}-item Runs, ` +
      `${new Date().toISOString()}; h2load: ${finished}. Self-time by owner (≥ 0.3 %), whole ` +
      `process life (start-up included, idle included):`,
      "",
      "| owner | self time % |",
      "|---|---:|",
      ...rows.map(([owner, percent]) => `| ${owner} | ${percent.toFixed(1)} |`),
    ];
    const markdown = lines.join("\n") + "\n";
    const name = `profile${values.echo ? "_echo" : ""}${items === 1 ? "" : `_x${items}`}.md`;
    const out = projectPath("bench", "results", name);
    await Deno.writeTextFile(out, markdown);
    console.log(markdown);
  } finally {
    if (!exited) child.kill("SIGKILL");
    await status;
    await Deno.remove(dir, { recursive: true });
  }
}
