/**
 * Layers point one way (../shared's ARCHITECTURE.md, docs/architecture.md):
 * every import under runtime/ — static, `import type`, dynamic and
 * `typeof import` — points to its own layer or a lower one; there is no
 * import cycle between files or between folders; runtime/ keeps at most four
 * loose files and no product file is over 450 lines. A failure names the
 * offending import (file:line and its text).
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { findCycle, type ImportEdge, importEdges, sourceFiles } from "./support/import_graph.ts";
import { PROJECT_ROOT } from "./support/cli.ts";

/**
 * The layers, lowest first; each lists its folders under runtime/. An import
 * may point to the same layer or a lower one.
 */
export const LAYERS: readonly (readonly string[])[] = [
  ["base"],
  ["media"],
  ["bundle"],
  ["model"],
  ["core"],
  ["backends"],
  ["modules"],
  ["train"],
  ["hosting"],
  ["metrics"],
  ["repository"],
  ["protocols"],
  ["server"],
  ["workers"],
  ["client", "deploy", "scaffold", "check"],
  ["cli"],
];

/** The layer index of a file under runtime/ (the top, above cli, for main.ts and mod.ts). */
function layerOf(file: string): number {
  const parts = file.split("/");
  if (parts[0] !== "runtime") return LAYERS.length;
  const index = LAYERS.findIndex((folders) => folders.includes(parts[1]));
  if (index < 0) throw new Error(`${file}: its folder runtime/${parts[1]} is in no layer`);
  return index;
}

/** The folder of a file: runtime/<layer folder>/<subfolder>… (the file's own folder). */
function folderOf(file: string): string {
  return file.split("/").slice(0, -1).join("/") || ".";
}

const where = (edge: ImportEdge) => `${edge.from}:${edge.line}: ${edge.text}`;

async function projectEdges(): Promise<ImportEdge[]> {
  Deno.chdir(PROJECT_ROOT);
  const files = [
    ...await sourceFiles(PROJECT_ROOT, "runtime"),
    "main.ts",
    "mod.ts",
    "model_api.ts",
  ];
  return await importEdges(PROJECT_ROOT, files);
}

Deno.test("layers: every import under runtime/ points to its own layer or a lower one", async () => {
  const upward = (await projectEdges())
    .filter((edge) => edge.to.startsWith("runtime/") || edge.to.endsWith(".ts"))
    .filter((edge) => edge.to.startsWith("runtime/") && layerOf(edge.to) > layerOf(edge.from))
    .map((edge) =>
      `${where(edge)}  (layer ${LAYERS[layerOf(edge.from)].join("/")} imports ${
        LAYERS[layerOf(edge.to)].join("/")
      })`
    );
  assert.deepEqual(upward, [], `imports pointing upward:\n${upward.join("\n")}`);
});

Deno.test("layers: no import cycle between files or between folders", async () => {
  const edges = await projectEdges();
  for (const [what, key] of [["files", (file: string) => file], ["folders", folderOf]] as const) {
    const cycle = findCycle(edges, key);
    const chain = cycle ? cycle.map(where).join("\n") : "";
    assert.equal(chain, "", `a cycle between ${what}:\n${chain}`);
  }
});

Deno.test("layers: at most four loose files in runtime/, no product file over 450 lines", async () => {
  const loose: string[] = [];
  for await (const entry of Deno.readDir(join(PROJECT_ROOT, "runtime"))) {
    if (entry.isFile && entry.name.endsWith(".ts")) loose.push(entry.name);
  }
  assert.ok(loose.length <= 4, `loose files in runtime/: ${loose.join(", ")}`);
  const long: string[] = [];
  for (const file of [...await sourceFiles(PROJECT_ROOT, "runtime"), "main.ts", "mod.ts"]) {
    const lines = (await Deno.readTextFile(join(PROJECT_ROOT, file))).split("\n").length;
    if (lines > 450) long.push(`${file}: ${lines} lines`);
  }
  assert.deepEqual(long, [], "files over 450 lines");
});

Deno.test("layers: the server names no protocol; only its protocol list imports protocol folders", async () => {
  const named = (await projectEdges())
    .filter((edge) => edge.from.startsWith("runtime/server/"))
    .filter((edge) => edge.from !== "runtime/server/protocol_list.ts")
    .filter((edge) => /^runtime\/protocols\/(?!wire\/)[^/]+\//.test(edge.to))
    .map(where);
  assert.deepEqual(named, [], `server files importing a protocol folder:\n${named.join("\n")}`);
});
