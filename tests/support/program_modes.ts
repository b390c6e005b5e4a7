/**
 * Exercises every mode of the program as a user runs it — the same checks
 * whether "the program" is `deno run <flags> main.ts` or the compiled
 * executable: train a CSV, check the embedded and the trained bundle, start
 * a model with its own code (`--init`) and check it, serve,
 * then infer, check and health-check against the server, and stop it with
 * SIGTERM. Every child process runs under a time limit, so nothing hangs.
 *
 * @module
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { PROJECT_ROOT } from "./cli.ts";
import { freePort } from "./free_port.ts";

/** How to start the program: an executable and the arguments before the mode's. */
export interface Program {
  /** The executable. */
  readonly command: string;
  /** Arguments that come before the mode's own (e.g. `run <flags> main.ts`). */
  readonly prefix: readonly string[];
  /** Extra environment variables. */
  readonly env?: Readonly<Record<string, string>>;
  /** A compiled executable: it runs only model code embedded when it was built. */
  readonly compiled?: boolean;
}

/** What one finished run printed. */
export interface ProgramResult {
  /** Exit code. */
  readonly code: number;
  /** Standard output. */
  readonly stdout: string;
  /** Standard error. */
  readonly stderr: string;
}

const RUN_TIMEOUT_MS = 120_000;

/** Runs `program` with `args` in `cwd`, killed after two minutes at most. */
export async function runProgram(
  program: Program,
  args: readonly string[],
  cwd: string,
): Promise<ProgramResult> {
  const output = await new Deno.Command(program.command, {
    args: [...program.prefix, ...args],
    cwd,
    env: { NO_COLOR: "1", ...program.env },
    stdin: "null",
    signal: AbortSignal.timeout(RUN_TIMEOUT_MS),
  }).output();
  const decoder = new TextDecoder();
  return {
    code: output.code,
    stdout: decoder.decode(output.stdout),
    stderr: decoder.decode(output.stderr),
  };
}

async function waitForPort(port: number, exited: () => boolean, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !exited()) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  throw new Error(`the server never listened on port ${port}`);
}

function expectSuccess(result: ProgramResult, what: string): void {
  assert.equal(result.code, 0, `${what} exited ${result.code}:\n${result.stderr}`);
}

/**
 * Runs every mode of `program` from a fresh working directory and asserts
 * each succeeds; `label` names the program in failure messages.
 */
export async function exerciseEveryMode(program: Program, label: string): Promise<void> {
  const cwd = await Deno.makeTempDir({ prefix: "program_modes_" });
  try {
    const version = await runProgram(program, ["--version"], cwd);
    expectSuccess(version, `${label} --version`);
    assert.match(version.stdout, /^model-runtime \d+\.\d+\.\d+/);

    const embedded = await runProgram(program, ["--check"], cwd);
    expectSuccess(embedded, `${label} --check`);
    assert.match(embedded.stdout, /\d+ passed, 0 failed/);

    const out = join(cwd, "trained");
    const csv = join(PROJECT_ROOT, "data", "iris.csv");
    const train = await runProgram(program, [
      "--train",
      csv,
      "--out",
      out,
      "--model",
      "linear",
      "--quiet",
    ], cwd);
    expectSuccess(train, `${label} --train`);
    const trainedCheck = await runProgram(program, ["--check", "--bundle", out], cwd);
    expectSuccess(trainedCheck, `${label} --check --bundle <trained>`);

    // A bundle with its own code: from source it passes --check as written; a
    // compiled executable runs only code embedded when it was built, and says so.
    const initialised = join(cwd, "my-model");
    expectSuccess(await runProgram(program, ["--init", initialised], cwd), `${label} --init`);
    const codeCheck = await runProgram(program, ["--check", "--bundle", initialised], cwd);
    if (program.compiled) {
      assert.equal(codeCheck.code, 1, `${label} --check of code not embedded`);
      assert.match(codeCheck.stderr, /model code model\.ts is not in this executable/);
    } else {
      expectSuccess(codeCheck, `${label} --check --bundle <initialised>`);
    }

    await exerciseServer(program, label, cwd);
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
}

async function exerciseServer(program: Program, label: string, cwd: string): Promise<void> {
  await withServer(program, label, cwd, async (target) => {
    const infer = await runProgram(program, ["--infer", "--target", target], cwd);
    expectSuccess(infer, `${label} --infer`);
    assert.match(infer.stdout, /Status: 200/);
    const check = await runProgram(program, ["--check", "--target", target], cwd);
    expectSuccess(check, `${label} --check --target`);
    const health = await runProgram(program, ["--health-check", "--target", target], cwd);
    expectSuccess(health, `${label} --health-check`);
    assert.match(health.stdout, /SERVING/);
  });
}

/**
 * Starts `program --serve` on free gRPC and HTTP ports, waits until it
 * listens, runs `use` with its `127.0.0.1:<port>` target and ports, then
 * stops it with SIGTERM and asserts it exited 0.
 */
export async function withServer(
  program: Program,
  label: string,
  cwd: string,
  use: (target: string, port: number, httpPort: number) => Promise<void>,
): Promise<void> {
  const port = freePort();
  const httpPort = freePort();
  const server = new Deno.Command(program.command, {
    args: [...program.prefix, "--serve", "--port", String(port), "--http-port", String(httpPort)],
    cwd,
    env: { NO_COLOR: "1", ...program.env },
    stdin: "null",
    stdout: "null",
    stderr: "piped",
    signal: AbortSignal.timeout(RUN_TIMEOUT_MS * 2),
  }).spawn();
  let exited = false;
  const output = server.output().finally(() => exited = true);
  try {
    await waitForPort(port, () => exited, RUN_TIMEOUT_MS);
    await use(`127.0.0.1:${port}`, port, httpPort);
  } finally {
    if (!exited) server.kill("SIGTERM");
  }
  const result = await output;
  const stderr = new TextDecoder().decode(result.stderr);
  assert.equal(result.code, 0, `${label} --serve exited ${result.code} after SIGTERM:\n${stderr}`);
}
