/**
 * onnxruntime-node is reached only through runtime/backends/onnx/ort.ts (which
 * installs the Float16Array guard first): no other file under runtime/, nor
 * main.ts or mod.ts, imports it.
 */
import assert from "node:assert/strict";
import { join } from "node:path";

Deno.test("backend: only ort.ts imports onnxruntime-node", async () => {
  const root = join(import.meta.dirname ?? ".", "..", "..", "..", "..");
  const offenders: string[] = [];
  async function scan(directory: string): Promise<void> {
    for await (const entry of Deno.readDir(directory)) {
      const path = join(directory, entry.name);
      if (entry.isDirectory && entry.name !== "node_modules" && !entry.name.startsWith(".")) {
        await scan(path);
      } else if (entry.isFile && /\.(ts|js|mts)$/.test(entry.name)) {
        const text = await Deno.readTextFile(path);
        if (
          /from\s+["'](npm:)?onnxruntime-(node|common)/.test(text) ||
          /import\(\s*["'](npm:)?onnxruntime-/.test(text)
        ) {
          offenders.push(path.slice(root.length + 1));
        }
      }
    }
  }
  await scan(join(root, "runtime"));
  for (const file of ["main.ts", "mod.ts"]) {
    try {
      const text = await Deno.readTextFile(join(root, file));
      if (/["'](npm:)?onnxruntime-/.test(text)) offenders.push(file);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) throw error;
    }
  }
  assert.deepEqual(offenders, ["runtime/backends/onnx/ort.ts"]);
});
