/**
 * The command line's front (runtime/cli/flags.ts): which mode runs, help and
 * version anywhere, one mode at a time, flags of another mode refused by
 * name, unknown flags and arguments refused; usage errors carry the mode
 * whose usage to print.
 */
import assert from "node:assert/strict";
import { MODES, parseCommandLine } from "../../../runtime/cli/flags.ts";
import { MODE_SPECS } from "../../../runtime/cli/flags/modes.ts";
import { usageErrorOf } from "../../support/flags.ts";

const noEnv = () => undefined;

Deno.test("no mode flag serves; each mode flag picks its mode", () => {
  const plain = parseCommandLine([], noEnv);
  assert.equal(plain.kind === "run" && plain.mode, "serve");
  const args: Record<string, string[]> = {
    serve: ["--serve"],
    infer: ["--infer"],
    train: ["--train", "d.csv"],
    check: ["--check"],
    "health-check": ["--health-check"],
    scaffold: ["--scaffold", "m.onnx", "--out", "o"],
    init: ["--init", "my-model"],
    predict: ["--predict", "d.csv"],
    "emit-manifests": ["--emit-manifests", "out"],
  };
  for (const mode of MODES) {
    const command = parseCommandLine(args[mode], noEnv);
    assert.equal(command.kind === "run" && command.mode, mode, JSON.stringify(command));
  }
  const inline = parseCommandLine(["--train=d.csv"], noEnv);
  assert.equal(
    inline.kind === "run" && inline.mode === "train" && inline.options.trainCsv,
    "d.csv",
  );
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
    [["--infer", "--models", "m"], "--models does not apply to --infer"],
    [["--infer", "--batching", "off"], "--batching does not apply to --infer"],
    [["--infer", "--no-admin"], "--no-admin does not apply to --infer"],
    [["--train", "--out", "o"], "Option '--train' argument is ambiguous"],
    [["--lazy=true"], "--lazy"],
  ];
  for (const [args, expected] of cases) {
    const message = usageErrorOf(args);
    assert.ok(message.includes(expected), `${args.join(" ")}: ${message}`);
  }
  assert.equal(
    usageErrorOf([], { PSC_MODEL_PORT: "x" }),
    "PSC_MODEL_PORT takes a port number 0-65535, got 'x'",
  );
});

Deno.test("a usage error names the mode whose usage to print; two modes name none", () => {
  const of = (args: string[]) => {
    const command = parseCommandLine(args, noEnv);
    return command.kind === "usage-error" ? command.mode : `not an error: ${command.kind}`;
  };
  assert.equal(of(["--serve", "--infer"]), null);
  assert.equal(of(["--train"]), "train");
  assert.equal(of(["--emit-manifests", "d", "--replicas", "0"]), "emit-manifests");
  assert.equal(of(["--check", "--out", "x"]), "check");
  assert.equal(of(["--port", "x"]), "serve");
});

Deno.test("--help and --version, for the program and per mode", () => {
  assert.deepEqual(parseCommandLine(["--help"], noEnv), { kind: "help", mode: null });
  assert.deepEqual(parseCommandLine(["-h"], noEnv), { kind: "help", mode: null });
  assert.deepEqual(parseCommandLine(["--check", "--help"], noEnv), { kind: "help", mode: "check" });
  assert.deepEqual(parseCommandLine(["--version"], noEnv), { kind: "version" });
  assert.deepEqual(parseCommandLine(["--check", "--version"], noEnv), { kind: "version" });
});

Deno.test("--help right after every mode flag, even one that takes a value", () => {
  for (const mode of MODES) {
    for (const args of [[`--${mode}`, "--help"], [`--${mode}`, "-h"], ["--help", `--${mode}`]]) {
      assert.deepEqual(parseCommandLine(args, noEnv), { kind: "help", mode }, args.join(" "));
    }
  }
  assert.deepEqual(parseCommandLine(["--train", "x.csv", "--out", "o", "--help"], noEnv), {
    kind: "help",
    mode: "train",
  });
  // After `--` it is an argument, not a flag.
  assert.equal(parseCommandLine(["--serve", "--", "--help"], noEnv).kind, "usage-error");
});

Deno.test("every mode declares each flag name once, and no flag named after a mode", () => {
  for (const mode of MODES) {
    const names = Object.values(MODE_SPECS[mode].flags).map((flag) => flag.name);
    assert.equal(new Set(names).size, names.length, `${mode}: ${names.join(" ")}`);
    const others = MODES.filter((other) => other !== mode);
    assert.deepEqual(names.filter((name) => others.includes(name as never)), [], mode);
    assert.ok(!names.includes("help") && !names.includes("version"), mode);
  }
});
