/**
 * Writes the serve bundle (.serve_bundle/serve/serve.js and its manifest, see
 * runtime/cli/serve_bundle.ts): `deno bundle` of runtime/cli/serve_bundle_entry.ts
 * with every npm package inlined except onnxruntime-node (a native addon),
 * protobufjs (which finds its optional `long` dependency at run time) and
 * yaml (main.ts has loaded it already, to read a config file),
 * then two corrections, because the bundle lives in its own folder rather than
 * where each of its modules came from: `new URL("<relative>",
 * import.meta.url)` (the training worker) is re-based onto the bundle's
 * folder, and an npm module's `__dirname` becomes its own folder (modules of
 * runtime/base/ may use their location as is: the bundle's folder is, like
 * runtime/base/, two levels below the project root). Any other
 * use of the module's location fails the build instead of producing a
 * bundle that would behave differently. The bundle and manifest are
 * replaced atomically (manifest last). `deno task bundle` runs it.
 *
 * @module
 */
import { dirname, join, normalize, relative, resolve } from "node:path";
import { projectPath } from "../runtime/base/assets.ts";
import {
  inputsHash,
  inputStamps,
  SERVE_BUNDLE_FILES,
  type ServeBundleManifest,
} from "../runtime/cli/serve_bundle.ts";

/** npm packages the bundle imports at run time instead of carrying them. */
export const SERVE_BUNDLE_EXTERNALS: readonly string[] = ["onnxruntime-node", "protobufjs", "yaml"];

/**
 * Inputs besides the bundled source modules: the configuration and lock file
 * (the npm versions inlined) and the module that checks freshness. All ship
 * in the container image, so its bundle can be checked there too.
 */
const EXTRA_INPUTS: readonly string[] = ["deno.json", "deno.lock", "runtime/cli/serve_bundle.ts"];

/** What one build wrote. */
export interface ServeBundleBuild {
  /** Absolute path of the bundle. */
  readonly bundle: string;
  /** The manifest written beside it. */
  readonly manifest: ServeBundleManifest;
}

/** Builds the bundle and writes it with its manifest; throws when `deno bundle` fails. */
export async function buildServeBundle(): Promise<ServeBundleBuild> {
  const root = projectPath();
  const startedMs = Date.now();
  const bundlePath = projectPath(SERVE_BUNDLE_FILES.bundle);
  Deno.mkdirSync(dirname(bundlePath), { recursive: true });
  // The output must end in .js: only then does Deno give the bundle a working `require`.
  const scratch = join(dirname(bundlePath), `.bundle.${Deno.pid}.tmp.js`);
  const args = ["bundle", "--quiet", `--config=${join(root, "deno.json")}`];
  for (const name of SERVE_BUNDLE_EXTERNALS) args.push("--external", name);
  args.push("--output", scratch, projectPath("runtime", "cli", "serve_bundle_entry.ts"));
  const result = await new Deno.Command(Deno.execPath(), {
    args,
    cwd: root,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!result.success) {
    throw new Error(`deno bundle failed:\n${new TextDecoder().decode(result.stderr)}`);
  }
  let text: string;
  try {
    text = Deno.readTextFileSync(scratch);
  } finally {
    Deno.removeSync(scratch);
  }
  // esbuild's own `__require` throws for every require; Deno swaps in createRequire (for a .js output).
  if (!text.includes("__deno_internal_createRequire(import.meta.url)")) {
    throw new Error("deno bundle left esbuild's require shim in place: node built-ins would fail");
  }
  const { code, sources } = relocate(
    text,
    root,
    dirname(bundlePath),
    projectPath("runtime", "base"),
  );
  const inputs = [...sources.sort(), ...EXTRA_INPUTS];
  const bytes = new TextEncoder().encode(code);
  const manifest: ServeBundleManifest = {
    inputs,
    inputsHash: await inputsHash(inputs),
    bundleBytes: bytes.length,
    stamps: inputStamps(inputs, startedMs),
  };
  writeAtomically(bundlePath, bytes);
  writeAtomically(
    projectPath(SERVE_BUNDLE_FILES.manifest),
    new TextEncoder().encode(JSON.stringify(manifest, null, 2) + "\n"),
  );
  return { bundle: bundlePath, manifest };
}

/**
 * The bundle text corrected for living in `bundleDir`, and the project
 * source files (from the project root) it was made of. Modules of
 * `sameDepthDir` (a folder as deep as `bundleDir`) may use `import.meta`
 * as they like: their paths relative to the project root stay right. esbuild starts each
 * module with a `// <path>` comment (relative to the `root` it ran in),
 * which is how a location is attributed to its module.
 */
export function relocate(
  text: string,
  root: string,
  bundleDir: string,
  sameDepthDir: string = bundleDir,
): { code: string; sources: string[] } {
  const lines = text.split("\n");
  const sources: string[] = [];
  let module: string | null = null;
  let usesDirname = false;
  for (let index = 0; index < lines.length; index++) {
    const header = /^\/\/ (\S+\.(?:[cm]?js|ts|json))$/.exec(lines[index]);
    if (header) {
      module = resolve(root, header[1]);
      const fromRoot = relative(root, module);
      if (!fromRoot.startsWith("..") && !fromRoot.startsWith("node_modules")) {
        sources.push(fromRoot);
      }
      continue;
    }
    let line = lines[index];
    if (!line.includes("import.meta") && !/\b__(dirname|filename)\b/.test(line)) continue;
    if (module === null) continue; // the bundle's own prelude (createRequire of itself)
    const folder = dirname(module);
    line = line.replace(
      /new URL\("([^"]+)", import\.meta\.url\)/g,
      (_match, target: string) => {
        const rebased = relative(bundleDir, normalize(join(folder, target)));
        return `new URL(${
          JSON.stringify(rebased.startsWith(".") ? rebased : `./${rebased}`)
        }, import.meta.url)`;
      },
    );
    if (/\b__filename\b/.test(line)) throw new Error(`unsupported __filename in ${module}`);
    if (/\b__dirname\b/.test(line)) {
      usesDirname = true;
      const fromBundle = relative(bundleDir, folder);
      line = line.replace(/\b__dirname\b/g, `__bundledModuleDir(${JSON.stringify(fromBundle)})`);
    }
    const rest = line.replace(/new URL\("[^"]+", import\.meta\.url\)/g, "");
    if (rest.includes("import.meta") && folder !== bundleDir && folder !== sameDepthDir) {
      throw new Error(`unsupported use of import.meta in ${module}: ${line.trim()}`);
    }
    lines[index] = line;
  }
  let code = lines.join("\n");
  if (usesDirname) {
    code = `import { fileURLToPath as __fileURLToPath } from "node:url";\n` +
      `const __bundledModuleDir = (path) => __fileURLToPath(new URL(path, import.meta.url));\n` +
      code;
  }
  return { code, sources: [...new Set(sources)] };
}

function writeAtomically(path: string, bytes: Uint8Array): void {
  const scratch = `${path}.${Deno.pid}.tmp`;
  Deno.writeFileSync(scratch, bytes);
  Deno.renameSync(scratch, path);
}

if (import.meta.main) {
  const { bundle, manifest } = await buildServeBundle();
  console.log(`wrote ${bundle} (${manifest.bundleBytes} bytes, ${manifest.inputs.length} inputs)`);
}
