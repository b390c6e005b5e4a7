import assert from "node:assert/strict";
import { parseCommandLine } from "../../../runtime/cli/flags.ts";
import { unsupportedDenoWarning } from "../../../runtime/base/deno_version.ts";

const noEnv = () => undefined;

Deno.test("no flags serves on 45000; PSC_MODEL_PORT and --port override in that order", () => {
  const plain = parseCommandLine([], noEnv);
  assert.equal(plain.kind, "run");
  assert.equal(plain.kind === "run" && plain.mode, "serve");
  assert.equal(plain.kind === "run" && plain.options.port, 45000);
  const env = (name: string) => name === "PSC_MODEL_PORT" ? "46000" : undefined;
  const fromEnv = parseCommandLine(["--serve"], env);
  assert.equal(fromEnv.kind === "run" && fromEnv.options.port, 46000);
  const fromFlag = parseCommandLine(["--port", "47000"], env);
  assert.equal(fromFlag.kind === "run" && fromFlag.options.port, 47000);
});

Deno.test("every mode parses its own flags", () => {
  const train = parseCommandLine(
    [
      "--train",
      "d.csv",
      "--out",
      "o",
      "--name",
      "N",
      "--bundle-version",
      "1.2.3",
      "--label",
      "y",
      "--force",
      "--quiet",
    ],
    noEnv,
  );
  assert.deepEqual(
    train.kind === "run" && [train.mode, train.options.trainCsv, train.options.out],
    [
      "train",
      "d.csv",
      "o",
    ],
  );
  assert.ok(train.kind === "run" && train.options.force && train.options.quiet);
  const infer = parseCommandLine([
    "--infer",
    "--target",
    "h:1",
    "--input",
    "input.json=a/b.json",
    "--json",
  ], noEnv);
  assert.deepEqual(infer.kind === "run" && infer.options.inputs, [{
    name: "input.json",
    path: "a/b.json",
  }]);
  const check = parseCommandLine(["--check", "--bundle", "x", "--target", "[::1]:45000"], noEnv);
  assert.equal(check.kind === "run" && check.options.target, "[::1]:45000");
});

Deno.test("usage errors say what is wrong", () => {
  const cases: [string[], string][] = [
    [["--bogus"], "Unknown option '--bogus'"],
    [["--serve", "--infer"], "choose one mode, not --serve, --infer"],
    [["--serve", "--out", "x"], "--out does not apply to --serve"],
    [["--port", "70000"], "--port takes a port number 0-65535, got '70000'"],
    [["--port", "abc"], "--port takes a port number 0-65535, got 'abc'"],
    [["--infer", "--input", "nopath"], "--input takes name=path, got 'nopath'"],
    [["--infer", "--target", "nohost"], "--target takes host:port, got 'nohost'"],
    [["--train", "d.csv", "--bundle-version", "1.0"], "--bundle-version takes x.y.z, got '1.0'"],
    [["stray"], "Unexpected argument 'stray'"],
  ];
  for (const [args, expected] of cases) {
    const command = parseCommandLine(args, noEnv);
    assert.equal(command.kind, "usage-error", args.join(" "));
    assert.ok(
      command.kind === "usage-error" && command.message.includes(expected),
      `${args.join(" ")}: ${command.kind === "usage-error" ? command.message : ""}`,
    );
  }
  const badEnv = parseCommandLine([], (name) => name === "PSC_MODEL_PORT" ? "x" : undefined);
  assert.equal(
    badEnv.kind === "usage-error" && badEnv.message,
    "PSC_MODEL_PORT takes a port number 0-65535, got 'x'",
  );
});

Deno.test("--help and --version, for the program and per mode", () => {
  assert.deepEqual(parseCommandLine(["--help"], noEnv), { kind: "help", mode: null });
  assert.deepEqual(parseCommandLine(["--check", "--help"], noEnv), { kind: "help", mode: "check" });
  assert.deepEqual(parseCommandLine(["--version"], noEnv), { kind: "version" });
});

Deno.test("the Deno version warning names the supported release and why", () => {
  assert.equal(unsupportedDenoWarning("2.8.3"), null);
  assert.equal(unsupportedDenoWarning("2.8.0"), null);
  const warning = unsupportedDenoWarning("2.9.1");
  assert.ok(
    warning?.startsWith("warning: running on Deno 2.9.1, but this runtime is built for Deno 2.8.x"),
  );
  assert.ok(warning?.includes("npx -y deno@2.8.3 task serve"));
});
