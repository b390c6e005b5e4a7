/**
 * The Dockerfile, read statically (no Docker engine runs here): stages,
 * Deno 2.8.3 from npm, dependencies installed in a build stage without
 * onnxruntime-node's install script, a numeric non-root USER matching the
 * manifests, the ports and PSC_MODEL_PORT the runtime uses, no `-A`, every
 * COPY source present and not ignored. Then the image's own command lines —
 * ENTRYPOINT serving and HEALTHCHECK probing it through PSC_MODEL_PORT — run
 * here against this checkout, under exactly their permissions.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { PROJECT_ROOT } from "./support/cli.ts";
import { type Program, runProgram, withServer } from "./support/program_modes.ts";
import { COMPILE_PERMISSIONS } from "../scripts/compile_args.ts";
import { DEFAULT_HTTP_PORT, DEFAULT_PORT } from "../runtime/cli/flags/common_flags.ts";
import { CONTAINER_USER_ID } from "../runtime/deploy/workload.ts";

interface Instruction {
  readonly keyword: string;
  readonly args: string;
  readonly stage: number;
}

/** The Dockerfile's instructions, continuation lines joined, comments dropped. */
function readDockerfile(text: string): Instruction[] {
  const instructions: Instruction[] = [];
  let stage = -1;
  const logical = text.replace(/\\\n/g, " ").split("\n");
  for (const line of logical) {
    const trimmed = line.trim();
    if (trimmed === "" || trimmed.startsWith("#")) continue;
    const [keyword, ...rest] = trimmed.split(/\s+/);
    if (keyword.toUpperCase() === "FROM") stage++;
    instructions.push({ keyword: keyword.toUpperCase(), args: rest.join(" "), stage });
  }
  return instructions;
}

const instructions = readDockerfile(await Deno.readTextFile(join(PROJECT_ROOT, "Dockerfile")));
const finalStage = Math.max(...instructions.map((i) => i.stage));
const final = instructions.filter((i) => i.stage === finalStage);
const only = (list: Instruction[], keyword: string) => list.filter((i) => i.keyword === keyword);

/** The exec-form (JSON array) arguments of ENTRYPOINT, or of HEALTHCHECK's CMD. */
function execForm(keyword: "ENTRYPOINT" | "HEALTHCHECK"): string[] {
  const [instruction] = only(final, keyword);
  assert.ok(instruction, `no ${keyword} in the final stage`);
  const json = instruction.args.slice(instruction.args.indexOf("["));
  return JSON.parse(json) as string[];
}

/** An exec-form command line of the image, run here: /app/ is this checkout. */
function programOf(command: string[], env: Record<string, string> = {}): Program {
  assert.equal(command[0], "deno");
  const prefix = command.slice(1).map((arg) => arg.replace(/^\/app\//, `${PROJECT_ROOT}/`));
  return { command: Deno.execPath(), prefix, env };
}

Deno.test("multi-stage: Deno 2.8.3 from npm, dependencies installed in a build stage", () => {
  const stages = only(instructions, "FROM");
  assert.ok(stages.length >= 3, "at least a Deno, a dependencies and a final stage");
  for (const from of stages) {
    assert.match(from.args, / AS [a-z-]+$/i, `unnamed stage: ${from.args}`);
  }
  const runs = only(instructions, "RUN");
  assert.ok(runs.some((r) => r.stage < finalStage && /npm install .*deno@2\.8\.3/.test(r.args)));
  assert.ok(runs.some((r) => r.stage < finalStage && /deno install/.test(r.args)));
  for (const run of runs) {
    assert.doesNotMatch(run.args, /approve-scripts|allow-scripts/, "install scripts must not run");
  }
  assert.ok(
    only(final, "COPY").some((c) => /--from=dependencies .*node_modules/.test(c.args)),
    "the final stage takes node_modules from the dependencies stage",
  );
  assert.equal(only(final, "RUN").filter((r) => /npm|deno install/.test(r.args)).length, 0);
});

Deno.test("the image runs as a numeric non-root system user, the manifests' user", () => {
  const [user] = only(final, "USER");
  assert.ok(user, "no USER in the final stage");
  assert.equal(user.args, `${CONTAINER_USER_ID}:${CONTAINER_USER_ID}`);
  const created = only(final, "RUN").map((r) => r.args).join(" ");
  assert.match(created, new RegExp(`useradd --system --uid ${CONTAINER_USER_ID}`));
  const userIndex = final.indexOf(user);
  for (const later of final.slice(userIndex + 1)) {
    assert.notEqual(later.keyword, "USER", "USER is set once, at the end");
  }
});

Deno.test("ports, PSC_MODEL_PORT and permissions agree with the runtime", () => {
  const exposed = only(final, "EXPOSE").flatMap((e) => e.args.split(/\s+/)).map(Number);
  assert.deepEqual(exposed.sort(), [DEFAULT_PORT, DEFAULT_HTTP_PORT].sort());
  const env = only(final, "ENV").map((e) => e.args).join(" ");
  assert.match(env, new RegExp(`PSC_MODEL_PORT=${DEFAULT_PORT}\\b`));
  assert.match(env, new RegExp(`MODEL_RUNTIME_HTTP_PORT=${DEFAULT_HTTP_PORT}\\b`));
  const entrypoint = execForm("ENTRYPOINT");
  const permissions = entrypoint.filter((arg) => arg.startsWith("--allow-"));
  assert.deepEqual(permissions, [...COMPILE_PERMISSIONS], "the compiled executable's set");
  const text = instructions.map((i) => i.args).join("\n");
  assert.doesNotMatch(text, /(^|\s|")(-A|--allow-all)(\s|"|$)/);
  assert.deepEqual(JSON.parse(only(final, "CMD")[0].args), ["--serve"]);
  const healthcheck = execForm("HEALTHCHECK");
  assert.ok(healthcheck.includes("--health-check"), "HEALTHCHECK uses --health-check");
  assert.ok(!healthcheck.includes("--target"), "HEALTHCHECK follows PSC_MODEL_PORT");
});

Deno.test("every COPY source exists and .dockerignore keeps it in the context", async () => {
  const ignored = (await Deno.readTextFile(join(PROJECT_ROOT, ".dockerignore")))
    .split("\n").map((line) => line.trim()).filter((line) => line && !line.startsWith("#"));
  for (const needed of ["node_modules/", "tests/", ".git/"]) {
    assert.ok(ignored.includes(needed), `.dockerignore should leave out ${needed}`);
  }
  for (const copy of only(instructions, "COPY").filter((c) => !c.args.startsWith("--from"))) {
    const sources = copy.args.split(/\s+/).slice(0, -1);
    for (const source of sources.filter((s) => !s.includes("*"))) {
      await Deno.stat(join(PROJECT_ROOT, source));
      assert.ok(!ignored.includes(source) && !ignored.includes(`${source}/`), `${source} ignored`);
    }
  }
});

Deno.test("the image's ENTRYPOINT serves and its HEALTHCHECK, via PSC_MODEL_PORT, passes", async () => {
  const cwd = await Deno.makeTempDir({ prefix: "dockerfile_cmd_" });
  try {
    const entrypoint = programOf(execForm("ENTRYPOINT"));
    const version = await runProgram(entrypoint, ["--version"], cwd);
    assert.equal(version.code, 0, version.stderr);
    await withServer(entrypoint, "ENTRYPOINT", cwd, async (_target, port) => {
      const probe = programOf(execForm("HEALTHCHECK"), { PSC_MODEL_PORT: String(port) });
      const health = await runProgram(probe, [], cwd);
      assert.equal(health.code, 0, health.stderr);
      assert.match(health.stdout, /SERVING/);
    });
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});
