/**
 * The foreign Caikit client's side of the wire tests: Python stubs compiled
 * by Debian's `protoc` and `grpc_python_plugin` from the 0.18.1 reference
 * protos (tests/fixtures/caikit/0.18.1/; Google's `timestamp.proto` from
 * Debian's libprotobuf-dev), and `tests/foreign/caikit_client.py` run with
 * Debian's `/usr/bin/python3`. Skipped locally when the toolchain is
 * missing, failing under `CI=true` (as every foreign test).
 *
 * @module
 */
import { join } from "node:path";
import { DEBIAN_PYTHON, FOREIGN_APT_PACKAGES, foreignToolchainProblem } from "./python_client.ts";
import { CAIKIT_REFERENCE } from "../support/caikit_client.ts";

const PROTOC = "/usr/bin/protoc";
const GRPC_PYTHON_PLUGIN = "/usr/bin/grpc_python_plugin";
/** Where Debian's libprotobuf-dev puts Google's well-known protos. */
const GOOGLE_PROTOS = "/usr/include";
const CLIENT_SCRIPT = join(import.meta.dirname ?? ".", "caikit_client.py");

/** Why the Caikit foreign client cannot run here, or null. */
export function caikitToolchainProblem(): string | null {
  const problem = foreignToolchainProblem();
  if (problem !== null) return problem;
  try {
    Deno.statSync(join(GOOGLE_PROTOS, "google", "protobuf", "timestamp.proto"));
    return null;
  } catch {
    return `missing ${GOOGLE_PROTOS}/google/protobuf/timestamp.proto; install with ` +
      `apt-get install -y libprotobuf-dev ${FOREIGN_APT_PACKAGES.join(" ")}`;
  }
}

/** True when the test should be skipped (toolchain missing, not CI); says why once. */
export function skipCaikitForeignTests(): boolean {
  const problem = caikitToolchainProblem();
  if (problem === null) return false;
  if (Deno.env.get("CI") === "true") return false;
  console.warn(`skipping the foreign Caikit client tests: ${problem}`);
  return true;
}

async function run(command: string, args: string[]): Promise<string> {
  const output = await new Deno.Command(command, {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  const decoder = new TextDecoder();
  if (!output.success) {
    throw new Error(
      `${command} ${args.join(" ")} exited ${output.code}:\n${decoder.decode(output.stderr)}`,
    );
  }
  return decoder.decode(output.stdout);
}

/** A folder of generated stubs; `await using` removes it. */
export interface CaikitStubs extends AsyncDisposable {
  /** The folder. */
  readonly dir: string;
}

/**
 * Compiles every reference proto of `reference` (default the 0.18.1 ones)
 * into Python stubs in a new temporary folder.
 */
export async function generateCaikitStubs(reference = CAIKIT_REFERENCE): Promise<CaikitStubs> {
  const problem = caikitToolchainProblem();
  if (problem !== null) throw new Error(`foreign Caikit client toolchain: ${problem}`);
  const dir = await Deno.makeTempDir({ prefix: "caikit_stubs_" });
  const remove = () => Deno.remove(dir, { recursive: true });
  try {
    const protos: string[] = [];
    for await (const entry of Deno.readDir(reference)) {
      if (entry.name.endsWith(".proto")) protos.push(entry.name);
    }
    await run(PROTOC, [
      `--proto_path=${reference}`,
      `--proto_path=${GOOGLE_PROTOS}`,
      `--python_out=${dir}`,
      `--grpc_python_out=${dir}`,
      `--plugin=protoc-gen-grpc_python=${GRPC_PYTHON_PLUGIN}`,
      ...protos.sort(),
    ]);
  } catch (error) {
    await remove();
    throw error;
  }
  return { dir, [Symbol.asyncDispose]: remove };
}

/**
 * Runs `caikit_client.py` (or another client `script` beside it) with
 * `--stubs <dir> <args…>` and answers its JSON output.
 */
export async function runCaikitClient(
  stubs: CaikitStubs,
  args: string[],
  script = CLIENT_SCRIPT,
): Promise<unknown> {
  return JSON.parse(await run(DEBIAN_PYTHON, [script, "--stubs", stubs.dir, ...args]));
}

/** The newest wire's foreign client (tests/foreign/caikit_newest_client.py). */
export const NEWEST_CLIENT_SCRIPT = join(import.meta.dirname ?? ".", "caikit_newest_client.py");
