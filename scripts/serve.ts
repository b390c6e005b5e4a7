/**
 * `deno task serve`: starts `main.ts --serve` with the least-privilege
 * permissions of scripts/serve_permissions.ts for the flags given, from the
 * folder the task was started in (so relative paths mean what the user
 * meant), forwards SIGINT/SIGTERM to it and exits with its exit code.
 * `--print-permissions` prints the flags instead of serving (to review them,
 * or to widen them by hand: `deno run <flags> main.ts --serve ...`).
 *
 * The launcher itself runs with read (to parse flags and config), env, and
 * run limited to the Deno executable.
 *
 * @module
 */
import { projectPath } from "../runtime/base/assets.ts";
import { servePlan } from "./serve_permissions.ts";

const args = Deno.args.filter((arg) => arg !== "--print-permissions");
const cwd = Deno.env.get("INIT_CWD") ?? Deno.cwd();
let plan;
try {
  plan = servePlan(args, (name) => Deno.env.get(name), cwd);
} catch (error) {
  console.error(`error: ${(error as Error).message}`);
  Deno.exit(2);
}
if (Deno.args.includes("--print-permissions")) {
  console.log(plan.permissions.join("\n"));
  Deno.exit(0);
}
const child = new Deno.Command(Deno.execPath(), {
  args: [
    "run",
    ...plan.permissions,
    `--config=${projectPath("deno.json")}`,
    projectPath("main.ts"),
    ...plan.programArgs,
  ],
  cwd,
  stdin: "inherit",
  stdout: "inherit",
  stderr: "inherit",
}).spawn();
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  Deno.addSignalListener(signal, () => {
    try {
      child.kill(signal);
    } catch { /* already gone */ }
  });
}
const status = await child.status;
Deno.exit(status.code);
