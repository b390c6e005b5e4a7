/**
 * The project's import graph as the layer test reads it: every relative
 * import of every `.ts` file under a folder — static, `import type`,
 * `export … from`, dynamic `import("…")` and `typeof import("…")` — with the
 * line it stands on, so a failure can name the offending import.
 *
 * @module
 */
import { dirname, join, normalize, relative } from "node:path";

/** One import: the file that imports, the file imported (both from the root), and the line. */
export interface ImportEdge {
  /** The importing file, from the project root. */
  readonly from: string;
  /** The imported file, from the project root. */
  readonly to: string;
  /** 1-based line of the import in `from`. */
  readonly line: number;
  /** The import's text, trimmed. */
  readonly text: string;
}

const SPECIFIER =
  /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+|typeof\s+import\s*\(\s*)["'](\.{1,2}\/[^"']+)["']/g;

/** Every `.ts` file below `dir` (from `root`), sorted. */
export async function sourceFiles(root: string, dir: string): Promise<string[]> {
  const found: string[] = [];
  const visit = async (folder: string) => {
    for await (const entry of Deno.readDir(join(root, folder))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory) await visit(path);
      else if (entry.name.endsWith(".ts")) found.push(path);
    }
  };
  await visit(dir);
  return found.sort();
}

/** The relative imports of `files` (paths from `root`), in file and line order. */
export async function importEdges(root: string, files: readonly string[]): Promise<ImportEdge[]> {
  const edges: ImportEdge[] = [];
  for (const file of files) {
    const lines = (await Deno.readTextFile(join(root, file))).split("\n");
    let inComment = false;
    lines.forEach((text, index) => {
      const trimmed = text.trim();
      // JSDoc examples import from their own folder for `deno test --doc`: not part of the graph.
      if (trimmed.startsWith("/*")) inComment = true;
      const comment = inComment || trimmed.startsWith("//");
      if (trimmed.includes("*/")) inComment = false;
      if (comment) return;
      for (const match of text.matchAll(SPECIFIER)) {
        const to = normalize(join(dirname(file), match[1]));
        if (!to.endsWith(".ts")) continue;
        edges.push({ from: file, to: relative(".", to), line: index + 1, text: trimmed });
      }
    });
  }
  return edges;
}

/**
 * One cycle in the graph of `edges` (grouped by `key`), as the chain of
 * edges that closes it, or null when there is none.
 */
export function findCycle(
  edges: readonly ImportEdge[],
  key: (file: string) => string,
): ImportEdge[] | null {
  const out = new Map<string, ImportEdge[]>();
  for (const edge of edges) {
    const from = key(edge.from);
    const to = key(edge.to);
    if (from === to) continue;
    if (!out.has(from)) out.set(from, []);
    out.get(from)!.push(edge);
  }
  const state = new Map<string, "open" | "done">();
  const path: ImportEdge[] = [];
  const visit = (node: string): ImportEdge[] | null => {
    state.set(node, "open");
    for (const edge of out.get(node) ?? []) {
      const next = key(edge.to);
      path.push(edge);
      if (state.get(next) === "open") {
        const start = path.findIndex((step) => key(step.from) === next);
        return path.slice(start);
      }
      if (!state.has(next)) {
        const found = visit(next);
        if (found) return found;
      }
      path.pop();
    }
    state.set(node, "done");
    return null;
  };
  for (const node of [...out.keys()].sort()) {
    if (state.has(node)) continue;
    const found = visit(node);
    if (found) return found;
  }
  return null;
}
