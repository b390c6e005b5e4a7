/**
 * The flag parser (runtime/cli/flags/parse_flags.ts) over a small mode of its
 * own: flag > environment > config file > default, the first set variable
 * of several, the mode flag as a switch, errors as values.
 */
import assert from "node:assert/strict";
import { parseArgsOptions, parseFlags } from "../../../../runtime/cli/flags/parse_flags.ts";
import { booleanFlag, portFlag, textFlag } from "../../../../runtime/cli/flags/flag_kinds.ts";
import { defineMode } from "../../../../runtime/cli/flags/mode_spec.ts";
import { isProblem } from "../../../../runtime/cli/flags/flag.ts";

const DEMO = defineMode({
  mode: "demo",
  summary: "a mode for tests",
  usage: ["--demo [FLAGS]"],
  configFlag: "config",
  flags: {
    port: portFlag({
      name: "port",
      placeholder: "N",
      help: "h",
      env: ["DEMO_PORT", "OTHER_PORT"],
      config: "port",
    }, 1),
    dir: textFlag({
      name: "dir",
      placeholder: "DIR",
      help: "h",
      config: "where.dir",
      grant: "read",
    }),
    fast: booleanFlag({ name: "fast", help: "h", config: "fast" }),
    config: textFlag({ name: "config", placeholder: "FILE", help: "h" }),
  },
});

function parse(args: string[], env: Record<string, string> = {}, file = "") {
  return parseFlags(DEMO, args, { env: (name) => env[name], readFile: () => file, cwd: "/cwd" });
}

Deno.test("each flag: command line, else environment, else config file, else default", () => {
  const file = "port: 3\nwhere: { dir: d }\nfast: true\n";
  assert.deepEqual(parse([]), { port: 1, dir: undefined, fast: false, config: undefined });
  assert.deepEqual(parse(["--config", "c/f.yaml"], {}, file), {
    port: 3,
    dir: "/cwd/c/d",
    fast: true,
    config: "c/f.yaml",
  });
  const env = { OTHER_PORT: "4", MODEL_RUNTIME_FAST: "no" };
  assert.deepEqual(parse(["--config", "/f.yaml"], env, file), {
    port: 4,
    dir: "/d",
    fast: false,
    config: "/f.yaml",
  });
  assert.equal((parse([], { DEMO_PORT: "5", OTHER_PORT: "4" }) as { port: number }).port, 5);
  assert.equal((parse(["--port", "6"], { DEMO_PORT: "5" }) as { port: number }).port, 6);
  assert.equal((parse([], { MODEL_RUNTIME_CONFIG: "/f.yaml" }, file) as { port: number }).port, 3);
});

Deno.test("problems are usage errors: the parser's, a value's, the config file's", () => {
  const message = (result: unknown) => isProblem(result) ? result.message : "parsed";
  assert.match(message(parse(["--nope"])), /Unknown option '--nope'/);
  assert.equal(message(parse(["--port", "x"])), "--port takes a port number 0-65535, got 'x'");
  assert.equal(
    message(parse([], { OTHER_PORT: "x" })),
    "OTHER_PORT takes a port number 0-65535, got 'x'",
  );
  assert.match(message(parse(["--config", "f"], {}, "port: x")), /^f: port takes a port number/);
  assert.match(
    message(parse(["--config", "f"], {}, "speed: 1")),
    /^cannot use the config file: f: unknown setting 'speed'/,
  );
});

Deno.test("the mode flag is a switch unless the mode declares it", () => {
  const options = parseArgsOptions(DEMO);
  assert.deepEqual(options.demo, { type: "boolean" });
  assert.deepEqual(options.fast, { type: "boolean" });
  assert.deepEqual(options.port, { type: "string" });
  assert.deepEqual(parse(["--demo", "--fast"]), {
    port: 1,
    dir: undefined,
    fast: true,
    config: undefined,
  });
});
