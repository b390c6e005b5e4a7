/**
 * The foreign (Python) side of the wire tests: checks that Debian's gRPC
 * Python toolchain is installed, generates stubs from
 * `tests/foreign/modzy_spec.proto` into a temporary folder with Debian's
 * `protoc` and `grpc_python_plugin`, and runs `tests/foreign/client.py` with
 * Debian's `/usr/bin/python3` (never a pyenv or venv interpreter on PATH).
 *
 * When the toolchain is missing, tests are skipped locally with a message
 * naming the apt packages, but run (and fail) when `CI=true`.
 *
 * @module
 */
import { join } from "node:path";

/** Debian packages the foreign client needs (`apt-get install -y ...`). */
export const FOREIGN_APT_PACKAGES = [
  "python3-grpcio",
  "python3-protobuf",
  "protobuf-compiler",
  "protobuf-compiler-grpc",
] as const;

/** Debian's interpreter, which sees Debian's python3-grpcio. */
export const DEBIAN_PYTHON = "/usr/bin/python3";
const PROTOC = "/usr/bin/protoc";
const GRPC_PYTHON_PLUGIN = "/usr/bin/grpc_python_plugin";
const FOREIGN_DIR = import.meta.dirname ?? ".";
const CLIENT_SCRIPT = join(FOREIGN_DIR, "client.py");
const SPEC_PROTO = "modzy_spec.proto";

function isFile(path: string): boolean {
  try {
    return Deno.statSync(path).isFile;
  } catch {
    return false;
  }
}

/**
 * Why the foreign toolchain cannot run here, or null when it can: every tool
 * is present and Debian's python3 imports `grpc` and `google.protobuf`.
 */
export function foreignToolchainProblem(): string | null {
  const missing = [DEBIAN_PYTHON, PROTOC, GRPC_PYTHON_PLUGIN].filter((path) => !isFile(path));
  if (missing.length === 0) {
    const probe = new Deno.Command(DEBIAN_PYTHON, {
      args: ["-c", "import grpc, google.protobuf"],
      stdout: "null",
      stderr: "null",
    }).outputSync();
    if (probe.success) return null;
    missing.push(`${DEBIAN_PYTHON} -c 'import grpc, google.protobuf'`);
  }
  return `missing ${missing.join(", ")}; install with ` +
    `apt-get install -y ${FOREIGN_APT_PACKAGES.join(" ")}`;
}

/**
 * True when foreign tests should be skipped: the toolchain is missing and
 * this is not CI. Prints why once. Under `CI=true` it is always false, so a
 * missing toolchain fails the test instead of hiding it.
 */
export function skipForeignTests(): boolean {
  const problem = foreignToolchainProblem();
  if (problem === null) return false;
  if (Deno.env.get("CI") === "true") return false;
  console.warn(`skipping foreign-client tests: ${problem}`);
  return true;
}

/** Throws a readable error when the toolchain is missing (the CI path). */
export function assertForeignToolchain(): void {
  const problem = foreignToolchainProblem();
  if (problem !== null) throw new Error(`foreign-client toolchain: ${problem}`);
}

/** A temporary folder of generated Python stubs; remove it with `await using` or `remove()`. */
export interface PythonStubs extends AsyncDisposable {
  /** Folder holding `modzy_spec_pb2.py` and `modzy_spec_pb2_grpc.py`. */
  readonly dir: string;
  /** Deletes the folder. */
  remove(): Promise<void>;
}

async function run(command: string, args: string[]): Promise<Uint8Array> {
  const output = await new Deno.Command(command, {
    args,
    stdin: "null",
    stdout: "piped",
    stderr: "piped",
  }).output();
  if (!output.success) {
    const stderr = new TextDecoder().decode(output.stderr);
    throw new Error(`${command} ${args.join(" ")} exited ${output.code}:\n${stderr}`);
  }
  return output.stdout;
}

/** Generates the message and service stubs of modzy_spec.proto into a new temporary folder. */
export async function generatePythonStubs(): Promise<PythonStubs> {
  const dir = await Deno.makeTempDir({ prefix: "modzy_stubs_" });
  const remove = () => Deno.remove(dir, { recursive: true });
  try {
    await run(PROTOC, [
      `--proto_path=${FOREIGN_DIR}`,
      `--python_out=${dir}`,
      `--grpc_python_out=${dir}`,
      `--plugin=protoc-gen-grpc_python=${GRPC_PYTHON_PLUGIN}`,
      SPEC_PROTO,
    ]);
  } catch (error) {
    await remove();
    throw error;
  }
  return { dir, remove, [Symbol.asyncDispose]: remove };
}

/**
 * Runs `client.py --stubs <dir> <args...>` with Debian's python3 and returns
 * its stdout parsed as JSON; throws with the client's stderr when it fails.
 */
export async function runPythonClient(stubs: PythonStubs, args: string[]): Promise<unknown> {
  const stdout = await run(DEBIAN_PYTHON, [CLIENT_SCRIPT, "--stubs", stubs.dir, ...args]);
  return JSON.parse(new TextDecoder().decode(stdout));
}
