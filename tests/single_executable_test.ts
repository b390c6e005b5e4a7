/**
 * The single executable (`deno task compile`):
 *
 * - every mode works under exactly the permissions baked into it (runs here);
 * - `deno compile` with exactly the task's arguments embeds protos/,
 *   asset_bundle/, an author's bundle staged by `--bundle DIR` with its
 *   model code and the local files it imports, and this platform's
 *   onnxruntime binaries only (runs here,
 *   with this Deno executable standing in for denort: that checks what gets
 *   embedded, not that the result runs);
 * - the real executable runs every mode — only where Deno's `denort` is
 *   available (DENORT_BIN, beside deno, or Deno's cache); otherwise the test
 *   is skipped and says exactly why;
 * - the runtime finds its own files through runtime/base/assets.ts only.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { join, relative } from "node:path";
import { PROJECT_ROOT } from "./support/cli.ts";
import { exerciseEveryMode } from "./support/program_modes.ts";
import {
  COMPILE_PERMISSIONS,
  compileArgs,
  onnxruntimePlatform,
  WORKER_MODULES,
} from "../scripts/compile_args.ts";
import { findDenort } from "../scripts/denort.ts";
import { stageBundle } from "../scripts/compiled_bundle.ts";
import { COMPILED_BUNDLE_FOLDER } from "../runtime/base/assets.ts";
import { initBundle } from "../runtime/scaffold/init_bundle.ts";

const COMPILE_TIMEOUT_MS = 300_000;
const denort = findDenort();
if (!denort.found) {
  console.log(`SKIPPED compiled-executable test: ${denort.reason}.`);
}

async function compile(
  output: string,
  env: Record<string, string> = {},
  include: readonly string[] = [],
): Promise<{ code: number; log: string }> {
  const result = await new Deno.Command(Deno.execPath(), {
    args: compileArgs({ projectDir: PROJECT_ROOT, output, noCheck: true, include }),
    cwd: PROJECT_ROOT,
    env: { NO_COLOR: "1", ...env },
    stdin: "null",
    signal: AbortSignal.timeout(COMPILE_TIMEOUT_MS),
  }).output();
  const decoder = new TextDecoder();
  return {
    code: result.code,
    log: decoder.decode(result.stdout) + decoder.decode(result.stderr),
  };
}

Deno.test("every mode works under exactly the permissions compiled into the executable", async () => {
  assert.ok(!COMPILE_PERMISSIONS.includes("--allow-all") && !COMPILE_PERMISSIONS.includes("-A"));
  await exerciseEveryMode({
    command: Deno.execPath(),
    prefix: [
      "run",
      "--no-prompt",
      ...COMPILE_PERMISSIONS,
      `--config=${join(PROJECT_ROOT, "deno.json")}`,
      join(PROJECT_ROOT, "main.ts"),
    ],
  }, "deno run <compile permissions> main.ts");
});

/**
 * 256 bytes of `path` varied enough (100+ distinct byte values) not to occur
 * by chance elsewhere, taken from its middle onwards, to look for in an
 * executable.
 */
async function sampleOf(path: string): Promise<Buffer> {
  const bytes = await Deno.readFile(path);
  if (bytes.length <= 256) return Buffer.from(bytes);
  for (let start = Math.floor(bytes.length / 2); start + 256 <= bytes.length; start += 256) {
    const window = bytes.subarray(start, start + 256);
    if (new Set(window).size >= 100) return Buffer.from(window);
  }
  return Buffer.from(bytes.subarray(bytes.length - 256));
}

async function filesUnder(dir: string): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) files.push(...await filesUnder(path));
    else if (entry.isFile) files.push(path);
  }
  return files;
}

Deno.test("deno compile embeds protos/, asset_bundle/, an author's bundle with its code, and only this platform's onnxruntime, not the examples' packages", async () => {
  const dir = await Deno.makeTempDir({ prefix: "compile_embed_" });
  // An author's bundle with model code, staged as `deno task compile --bundle DIR` stages it.
  await initBundle({ dir: join(dir, "my-model") });
  await Deno.writeTextFile(join(dir, "my-model", "0.1.0", "lib.ts"), LIB_SOURCE);
  const modelTs = join(dir, "my-model", "0.1.0", "model.ts");
  await Deno.writeTextFile(
    modelTs,
    `import { marker } from "./lib.ts";\nvoid marker;\n${await Deno.readTextFile(modelTs)}`,
  );
  const staged = await stageBundle(PROJECT_ROOT, join(dir, "my-model"));
  try {
    assert.deepEqual(staged.includes, [
      join(PROJECT_ROOT, COMPILED_BUNDLE_FOLDER),
      join(PROJECT_ROOT, COMPILED_BUNDLE_FOLDER, "0.1.0", "model.ts"),
    ]);
    // This Deno executable stands in for denort: `deno compile` then builds
    // the same embedded file system, but the result is not runnable.
    const output = join(dir, "model-runtime");
    const { code, log } = await compile(output, { DENORT_BIN: Deno.execPath() }, staged.includes);
    assert.equal(code, 0, log);
    // deno compile appends the embedded files after the base binary: search
    // from half-way into the base to keep the scans short.
    const baseSize = (await Deno.stat(Deno.execPath())).size;
    const executable = Buffer.from(await Deno.readFile(output)).subarray(Math.floor(baseSize / 2));
    const embedded = async (path: string) => executable.includes(await sampleOf(path));
    const own = [
      ...await filesUnder(join(PROJECT_ROOT, "protos")),
      ...await filesUnder(join(PROJECT_ROOT, "asset_bundle")),
    ];
    for (const file of own) {
      if ((await Deno.stat(file)).size > 0) assert.ok(await embedded(file), `${file} not embedded`);
    }
    // The author's code, and the local file it imports, are in the executable.
    const text = executable.toString("latin1");
    assert.ok(text.includes("export default class MyModel implements ModelWrapper"), "model.ts");
    assert.ok(text.includes(LIB_MARKER), "a local file model.ts imports");
    const platform = onnxruntimePlatform(Deno.build.target);
    const binaries = (await filesUnder(join(onnxruntimePackage(), "bin")))
      .filter((file) => file.endsWith(".node") || file.includes(`/napi-v6/${platform}/`));
    const ours = binaries.filter((file) => file.includes(`/napi-v6/${platform}/`));
    assert.ok(ours.length > 0, `no onnxruntime binaries for ${platform}`);
    for (const file of binaries) {
      assert.equal(await embedded(file), ours.includes(file), `${file} embedded: wrong`);
    }
    // The workspace's examples bring their own packages; the executable leaves them out.
    const exampleModel = join(
      PROJECT_ROOT,
      "node_modules/@ricky0123/vad-web/dist/silero_vad_v5.onnx",
    );
    assert.equal(await embedded(exampleModel), false, "an example's package is embedded");
  } finally {
    await Deno.remove(staged.dir, { recursive: true });
    await Deno.remove(dir, { recursive: true });
  }
});

const LIB_MARKER = "a marker only a local file of the model code holds";
const LIB_SOURCE = `export const marker = ${JSON.stringify(LIB_MARKER)};\n`;

/** The installed onnxruntime-node package folder. */
function onnxruntimePackage(): string {
  const store = join(PROJECT_ROOT, "node_modules", ".deno");
  const entry = [...Deno.readDirSync(store)].find((e) => e.name.startsWith("onnxruntime-node@"));
  assert.ok(entry, "onnxruntime-node is not installed");
  return join(store, entry.name, "node_modules", "onnxruntime-node");
}

Deno.test({
  name: "the compiled executable runs every mode",
  ignore: !denort.found,
  async fn() {
    const dir = await Deno.makeTempDir({ prefix: "compile_run_" });
    try {
      const executable = join(dir, "model-runtime");
      const { code, log } = await compile(executable);
      assert.equal(code, 0, log);
      await exerciseEveryMode(
        { command: executable, prefix: [], compiled: true },
        "./model-runtime",
      );
      const extracted = [...Deno.readDirSync(join(dir, ".model-runtime"))];
      assert.equal(extracted.length, 1, "one extraction folder beside the executable");
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
  },
});

Deno.test("the runtime resolves its own files through runtime/base/assets.ts only", async () => {
  const offenders: string[] = [];
  const workers: string[] = [];
  const pattern = /import\.meta\.(dirname|filename|url)|Deno\.cwd\(|process\.cwd\(|__dirname/;
  const worker = /new Worker\(\s*new URL\(\s*"([^"]+)",\s*import\.meta\.url\s*\)/;
  const visit = async (dir: string) => {
    for await (const entry of Deno.readDir(dir)) {
      const path = join(dir, entry.name);
      if (entry.isDirectory) await visit(path);
      else if (
        entry.name.endsWith(".ts") && path !== join(PROJECT_ROOT, "runtime", "base", "assets.ts")
      ) {
        for (const line of (await Deno.readTextFile(path)).split("\n")) {
          if (/^\s*(\*|\/\/)/.test(line)) continue;
          const started = worker.exec(line);
          if (started) workers.push(relative(PROJECT_ROOT, join(dir, started[1])));
          else if (pattern.test(line)) offenders.push(relative(PROJECT_ROOT, path));
        }
      }
    }
  };
  await visit(join(PROJECT_ROOT, "runtime"));
  for (const file of ["main.ts", "mod.ts"]) {
    if (pattern.test(await Deno.readTextFile(join(PROJECT_ROOT, file)))) offenders.push(file);
  }
  assert.deepEqual(offenders, [], "files that find paths without runtime/base/assets.ts");
  // A Worker's module is found through import.meta.url, which works compiled
  // only when the module is embedded.
  for (const module of workers) {
    assert.ok(WORKER_MODULES.includes(module), `worker ${module} is not in WORKER_MODULES`);
  }
});
