/**
 * Least privilege: `deno task serve` exactly as deno.json writes it serves
 * without -A, reads only the project and the paths the user passes, writes
 * only the training directory. Proved twice: through the served process (a
 * training job given a CSV outside the read set is refused at once with
 * INVALID_ARGUMENT naming the path and how to widen access; one from bytes
 * completes and writes its model), and by a probe run under exactly the
 * flags the task computes. A Caikit runtime config (caikit-template's demo
 * layout, tests/fixtures/caikit/demo/) gets the same grants for its
 * `local_models_dir` and `training.output_dir`, and the documented way to
 * widen them (the printed flags plus a read) lets the demo's training data in.
 */
import assert from "node:assert/strict";
import { dirname, join } from "node:path";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { TrainingClient } from "../runtime/client/training_client.ts";
import { PROJECT_ROOT } from "./support/cli.ts";
import { copyTree } from "./support/copy_tree.ts";
import { SERVE_ENV, servePlan } from "../scripts/serve_permissions.ts";
import { SERVE_MODE } from "../runtime/cli/flags/serve_flags.ts";
import { defaultWorkerCount } from "../runtime/workers/available_cpus.ts";
import * as grpc from "@grpc/grpc-js";
import { freePort } from "./support/free_port.ts";

const DENO_JSON = JSON.parse(Deno.readTextFileSync(join(PROJECT_ROOT, "deno.json")));
const SERVE_TASK: string = DENO_JSON.tasks.serve;
const IRIS_CSV = join(PROJECT_ROOT, "data", "iris.csv");
const CAIKIT_DEMO = join(PROJECT_ROOT, "tests", "fixtures", "caikit", "demo");

/** Training from `csvPath` is refused at once: INVALID_ARGUMENT naming it and how to widen access. */
async function assertReadRefused(training: TrainingClient, csvPath: string): Promise<void> {
  await assert.rejects(
    training.train({ modelName: "outside", csvPath }),
    (error: grpc.ServiceError) => {
      assert.equal(error.code, grpc.status.INVALID_ARGUMENT, error.message);
      assert.ok(error.details.startsWith(`training data ${csvPath}: this server may not read it`));
      assert.ok(error.details.includes(`--allow-read=${dirname(csvPath)} main.ts --serve`));
      return true;
    },
  );
}

/** `deno task serve <args>` from `cwd`, as a user runs it. */
function denoTask(
  args: readonly string[],
  cwd: string,
  stdout: "piped" | "null" = "null",
  extraEnv: Record<string, string> = {},
) {
  return new Deno.Command(Deno.execPath(), {
    args: ["task", `--config=${join(PROJECT_ROOT, "deno.json")}`, "serve", ...args],
    cwd,
    stdin: "null",
    stdout,
    stderr: "piped",
    // deno task (and npm) tell the launcher where the user started in INIT_CWD;
    // relative paths on the command line resolve against it.
    // One serving process (today's exact set) unless a test passes --workers.
    env: { NO_COLOR: "1", INIT_CWD: cwd, MODEL_RUNTIME_WORKERS: "1", ...extraEnv },
  });
}

Deno.test("the serve task never grants everything", () => {
  assert.doesNotMatch(SERVE_TASK, /(^|\s)(-A|--allow-all)(\s|$)/);
  assert.doesNotMatch(SERVE_TASK, /--allow-(write|net|ffi|sys)/);
  assert.match(SERVE_TASK, /--allow-run=\$\(deno eval/);
});

Deno.test("the sandbox may read every environment variable a serve flag reads", () => {
  const allowed = (name: string) =>
    SERVE_ENV.some((pattern) =>
      pattern.endsWith("*") ? name.startsWith(pattern.slice(0, -1)) : name === pattern
    );
  const variables = Object.values(SERVE_MODE.flags).flatMap((flag) => flag.env);
  assert.ok(variables.includes("PSC_MODEL_PORT"));
  assert.deepEqual(variables.filter((name) => !allowed(name)), []);
});

Deno.test("a relative config file's paths are relative to it, from the folder the task ran in", async () => {
  const cwd = await Deno.makeTempDir({ prefix: "perm_config_" });
  try {
    await Deno.mkdir(join(cwd, "conf"));
    await Deno.writeTextFile(
      join(cwd, "conf", "rt.yaml"),
      "models_dir: models\ntraining_dir: jobs\ngrpc_port: 46001\n",
    );
    const plan = servePlan(
      ["--config", "conf/rt.yaml", "--http-port", "9001", "--workers", "1"],
      () => undefined,
      cwd,
    );
    const flag = (name: string) => plan.permissions.find((p) => p.startsWith(`--allow-${name}=`));
    assert.equal(
      flag("read"),
      `--allow-read=${PROJECT_ROOT},${join(cwd, "conf", "models")},${join(cwd, "conf", "jobs")},${
        join(cwd, "conf", "rt.yaml")
      }`,
    );
    assert.equal(flag("write"), `--allow-write=${join(cwd, "conf", "jobs")}`);
    assert.equal(flag("net"), "--allow-net=0.0.0.0:46001,0.0.0.0:9001");
    assert.deepEqual(plan.programArgs, [
      "--serve",
      "--config",
      "conf/rt.yaml",
      "--http-port",
      "9001",
      "--workers",
      "1",
    ]);
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});

Deno.test("the computed flags allow the project and the training dir, and nothing else", async () => {
  const cwd = await Deno.makeTempDir({ prefix: "perm_cwd_" });
  const outside = await Deno.makeTempDir({ prefix: "perm_outside_" });
  try {
    await Deno.writeTextFile(join(outside, "secret.txt"), "secret");
    const printed = await denoTask(
      [
        "--print-permissions",
        "--port",
        "45123",
        "--http-port",
        "8123",
        "--training-dir",
        "training",
      ],
      cwd,
      "piped",
    ).output();
    assert.equal(printed.code, 0, new TextDecoder().decode(printed.stderr));
    const flags = new TextDecoder().decode(printed.stdout).trim().split("\n");
    assert.ok(
      flags.every((flag) => /^--allow-(read|write|net|env|ffi|sys)=/.test(flag)),
      flags.join(" "),
    );
    assert.ok(flags.includes(`--allow-write=${join(cwd, "training")}`), flags.join(" "));
    await Deno.mkdir(join(cwd, "training"));
    const probe = await new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        ...flags,
        `--allow-read=${join(PROJECT_ROOT, "tests", "support")}`,
        join(PROJECT_ROOT, "tests", "support", "permission_probe.ts"),
        `read:${join(outside, "secret.txt")}`,
        `write:${join(outside, "planted.txt")}`,
        "read:/etc/hostname",
        `write:${join(PROJECT_ROOT, "planted.txt")}`,
        `read:${join(PROJECT_ROOT, "deno.json")}`,
        `write:${join(cwd, "training", "model.bin")}`,
        "net:0.0.0.0:45123",
        "net:example.com:443",
      ],
      stdout: "piped",
      stderr: "piped",
    }).output();
    const outcomes = JSON.parse(new TextDecoder().decode(probe.stdout));
    assert.deepEqual(Object.values(outcomes), [
      "NotCapable", // read outside
      "NotCapable", // write outside
      "NotCapable", // read a system file
      "NotCapable", // write into the project
      "granted", // read the project
      "granted", // write the training dir
      "granted", // listen address
      "NotCapable", // any other host
    ], JSON.stringify(outcomes));
  } finally {
    await Deno.remove(cwd, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  }
});

Deno.test("deno task serve: serves and trains in its sandbox; a CSV outside it is refused", async () => {
  const cwd = await Deno.makeTempDir({ prefix: "perm_serve_" });
  const outside = await Deno.makeTempDir({ prefix: "perm_outside_" });
  const port = freePort();
  const child = denoTask(
    [
      "--port",
      String(port),
      "--http-port",
      String(freePort()),
      "--training-dir",
      "training",
      "--log-level",
      "warn",
    ],
    cwd,
  ).spawn();
  const output = child.output();
  const target = `127.0.0.1:${port}`;
  const modzy = new ModzyClient(target);
  const training = new TrainingClient(target);
  try {
    const status = await modzy.status({ waitForReady: true, timeoutMs: 60_000 });
    assert.equal(status.status_code, 200);
    await Deno.copyFile(IRIS_CSV, join(outside, "iris.csv"));
    await assertReadRefused(training, join(outside, "iris.csv"));
    const allowed = await training.train({
      modelName: "inside",
      csvBytes: await Deno.readFile(IRIS_CSV),
    });
    const allowedEnd = await training.follow(allowed.training_id);
    assert.equal(allowedEnd.state, "COMPLETED", allowedEnd.error);
    assert.ok(allowedEnd.bundle_dir.startsWith(join(cwd, "training")), allowedEnd.bundle_dir);
    child.kill("SIGTERM");
    const result = await output;
    assert.equal(result.code, 0, new TextDecoder().decode(result.stderr));
  } finally {
    modzy.close();
    training.close();
    try {
      child.kill("SIGKILL");
    } catch { /* exited */ }
    await output;
    await Deno.remove(cwd, { recursive: true });
    await Deno.remove(outside, { recursive: true });
  }
});

Deno.test("deno task serve --config <Caikit config>: grants its folders and ports", async () => {
  const cwd = await Deno.makeTempDir({ prefix: "perm_caikit_" });
  try {
    await copyTree(CAIKIT_DEMO, join(cwd, "demo"));
    const printed = await denoTask(
      ["--print-permissions", "--config", "demo/server/config.yml"],
      cwd,
      "piped",
    ).output();
    assert.equal(printed.code, 0, new TextDecoder().decode(printed.stderr));
    const flags = new TextDecoder().decode(printed.stdout).trim().split("\n");
    const demo = join(cwd, "demo");
    assert.ok(
      flags.includes(
        `--allow-read=${PROJECT_ROOT},${join(demo, "models")},${join(demo, "train_output")},${
          join(demo, "server", "config.yml")
        }`,
      ),
      flags.join(" "),
    );
    assert.ok(flags.includes(`--allow-write=${join(demo, "train_output")}`), flags.join(" "));
    assert.ok(flags.includes("--allow-net=0.0.0.0:8085,0.0.0.0:8080"), "Caikit's ports");
    await Deno.writeTextFile(
      join(demo, "server", "no_http.yml"),
      "runtime:\n  local_models_dir: ../models\n  grpc: { port: 9085 }\n  http: { enabled: false }\n",
    );
    const plan = servePlan(["--config", "demo/server/no_http.yml"], () => undefined, cwd);
    assert.ok(plan.permissions.includes("--allow-net=0.0.0.0:9085"), plan.permissions.join(" "));
    assert.ok(!plan.permissions.some((flag) => flag.startsWith("--allow-write")));
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});

Deno.test("the Caikit demo under the sandbox: its training data is refused until read is added", async () => {
  const cwd = await Deno.makeTempDir({ prefix: "perm_caikit_serve_" });
  const demo = join(cwd, "demo");
  await copyTree(CAIKIT_DEMO, demo);
  const trainData = join(demo, "train_data", "iris.csv");
  await Deno.copyFile(IRIS_CSV, trainData);
  const ports = () => ["--port", String(freePort()), "--http-port", String(freePort())];
  const config = ["--config", "demo/server/config.yml", "--log-level", "warn"];
  try {
    // As the task runs it: the training data folder is not granted.
    const taskPorts = ports();
    await whileServing(denoTask([...config, ...taskPorts], cwd), taskPorts[1], async (target) => {
      const training = new TrainingClient(target);
      try {
        await assertReadRefused(training, trainData);
      } finally {
        training.close();
      }
    });
    // Widened the documented way: the printed flags plus a read of that folder.
    const widenedPorts = ports();
    const printed = await denoTask(
      ["--print-permissions", ...config, ...widenedPorts],
      cwd,
      "piped",
    ).output();
    const flags = new TextDecoder().decode(printed.stdout).trim().split("\n");
    const widened = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        ...flags,
        `--allow-read=${dirname(trainData)}`,
        `--config=${join(PROJECT_ROOT, "deno.json")}`,
        join(PROJECT_ROOT, "main.ts"),
        "--serve",
        ...config,
        ...widenedPorts,
      ],
      cwd,
      stdin: "null",
      stdout: "null",
      stderr: "piped",
      env: { NO_COLOR: "1" },
    });
    await whileServing(widened, widenedPorts[1], async (target) => {
      const training = new TrainingClient(target);
      try {
        const job = await training.train({ modelName: "demo-iris", csvPath: trainData });
        const end = await training.follow(job.training_id);
        assert.equal(end.state, "COMPLETED", end.error);
        assert.ok(end.bundle_dir.startsWith(join(demo, "train_output")), end.bundle_dir);
      } finally {
        training.close();
      }
    });
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});

/** Runs `command` (a server on `port`) until `check` is done, then stops it with SIGTERM. */
async function whileServing(
  command: Deno.Command,
  port: string,
  check: (target: string) => Promise<void>,
): Promise<void> {
  const child = command.spawn();
  const output = child.output();
  const target = `127.0.0.1:${port}`;
  const modzy = new ModzyClient(target);
  try {
    const status = await modzy.status({ waitForReady: true, timeoutMs: 60_000 });
    assert.equal(status.status_code, 200);
    await check(target);
    child.kill("SIGTERM");
    const result = await output;
    assert.equal(result.code, 0, new TextDecoder().decode(result.stderr));
  } finally {
    modzy.close();
    try {
      child.kill("SIGKILL");
    } catch { /* exited */ }
    await output;
  }
}

Deno.test("--workers 1 grants today's set; more workers add run of the Deno executable only", () => {
  const args = ["--port", "45123", "--http-port", "8123"];
  const one = servePlan([...args, "--workers", "1"], () => undefined);
  const two = servePlan([...args, "--workers", "2"], () => undefined);
  assert.ok(
    one.permissions.every((flag) => !flag.startsWith("--allow-run")),
    one.permissions.join(" "),
  );
  assert.deepEqual(two.permissions, [...one.permissions, `--allow-run=${Deno.execPath()}`]);
  // Given nowhere, the default is computed once, here, and passed on with the grant it needs.
  const byDefault = servePlan(args, () => undefined);
  const count = Number(byDefault.programArgs.at(-1));
  assert.deepEqual(byDefault.programArgs, ["--serve", ...args, "--workers", String(count)]);
  assert.equal(byDefault.permissions.some((flag) => flag.startsWith("--allow-run=")), count > 1);
});

Deno.test("the default worker count is the CPUs available, with a model repository and training too", () => {
  const count = defaultWorkerCount();
  for (const extra of [[], ["--models", "models"], ["--training-dir", "jobs"]]) {
    const plan = servePlan(["--port", "45123", ...extra], () => undefined);
    assert.deepEqual(plan.programArgs.slice(-2), ["--workers", String(count)], extra.join(" "));
    assert.equal(plan.permissions.some((flag) => flag.startsWith("--allow-run=")), count > 1);
  }
});

Deno.test("deno task serve --workers 2: both workers serve in the sandbox, SIGTERM drains them", async () => {
  const cwd = await Deno.makeTempDir({ prefix: "perm_workers_" });
  const port = freePort();
  const printed = await denoTask(["--print-permissions", "--workers", "2"], cwd, "piped").output();
  const flags = new TextDecoder().decode(printed.stdout).trim().split("\n");
  assert.ok(flags.includes(`--allow-run=${Deno.execPath()}`), flags.join(" "));
  const child = denoTask(
    ["--port", String(port), "--http-port", String(freePort()), "--workers", "2"],
    cwd,
  ).spawn();
  const output = child.output();
  const clients = Array.from(
    { length: 8 },
    () => new ModzyClient(`127.0.0.1:${port}`, undefined, { "grpc.use_local_subchannel_pool": 1 }),
  );
  try {
    const answers = await Promise.all(
      clients.map((client) => client.status({ waitForReady: true, timeoutMs: 60_000 })),
    );
    assert.ok(answers.every((answer) => answer.status_code === 200));
    child.kill("SIGTERM");
    const result = await output;
    const log = new TextDecoder().decode(result.stderr);
    assert.equal(result.code, 0, log);
    assert.match(log, / serving worker=1 /);
    assert.match(log, / serving worker=2 /);
  } finally {
    for (const client of clients) client.close();
    try {
      child.kill("SIGKILL");
    } catch { /* exited */ }
    await output;
    await Deno.remove(cwd, { recursive: true });
  }
});
