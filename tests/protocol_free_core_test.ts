/**
 * One core: the protocol-free core (runtime/core/) never imports grpc-js,
 * node:http2, Deno.serve code, the servers or any adapter.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { PROJECT_ROOT } from "./support/cli.ts";

const FORBIDDEN: readonly RegExp[] = [
  /from\s+["']@grpc\//,
  /from\s+["']npm:@grpc\//,
  /["']node:http2["']/,
  /Deno\.serve\b/,
  /from\s+["']\.\.\/adapters\//,
  /from\s+["']\.\.\/(http_server|server|serve_model)\.ts["']/,
];

Deno.test("the core imports no protocol, server or adapter code", async () => {
  const dir = join(PROJECT_ROOT, "runtime", "core");
  let files = 0;
  for await (const entry of Deno.readDir(dir)) {
    if (!entry.isFile || !entry.name.endsWith(".ts")) continue;
    files++;
    const text = await Deno.readTextFile(join(dir, entry.name));
    for (const pattern of FORBIDDEN) {
      assert.ok(!pattern.test(text), `runtime/core/${entry.name} matches ${pattern}`);
    }
  }
  assert.ok(files > 5);
});
