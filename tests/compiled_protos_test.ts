/**
 * protos/compiled/ (what the runtime builds its gRPC definitions from at
 * start) is exactly what scripts/proto_compiler.ts makes of the `.proto`
 * files now, and a definition built from it equals the one
 * @grpc/proto-loader's `loadSync` builds from the `.proto` text: same method
 * paths and attributes, descriptors, and the same bytes and objects through
 * its serializers.
 */
import assert from "node:assert/strict";
import { Buffer } from "node:buffer";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as protoLoader from "@grpc/proto-loader";
import { compiledProtoFiles } from "../runtime/server/protocol_list.ts";
import {
  compiledProtoPath,
  LOADER_OPTIONS,
  packageDefinition,
} from "../runtime/protocols/wire/proto_loader.ts";
import { compileProto, protoSource } from "../scripts/proto_compiler.ts";
import { projectPath } from "../runtime/base/assets.ts";

/** `value` as plain data: functions by name, buffers as base64, for deep comparison. */
function plain(value: unknown): unknown {
  return JSON.parse(JSON.stringify(value, (_key, item) => {
    if (typeof item === "function") return "<function>";
    if (item && typeof item === "object" && item.type === "Buffer" && Array.isArray(item.data)) {
      return Buffer.from(item.data).toString("base64");
    }
    return item;
  }));
}

for (const fileName of compiledProtoFiles()) {
  Deno.test(`protos/compiled/${fileName}.json is up to date (else run \`deno task protos\`)`, () => {
    const committed = JSON.parse(Deno.readTextFileSync(compiledProtoPath(fileName)));
    assert.deepEqual(committed, JSON.parse(JSON.stringify(compileProto(fileName))));
  });

  Deno.test(`${fileName}: the compiled definition equals proto-loader's loadSync`, () => {
    const { dir, name } = protoSource(fileName);
    const reference = protoLoader.loadSync(name, { ...LOADER_OPTIONS, includeDirs: [dir] });
    const built = packageDefinition(fileName);
    assert.deepEqual(plain(built), plain(reference));
  });
}

Deno.test("compiled serializers give proto-loader's bytes and objects", () => {
  const { dir, name } = protoSource("model.proto");
  const reference = protoLoader.loadSync(name, { ...LOADER_OPTIONS, includeDirs: [dir] });
  const built = packageDefinition("model.proto");
  const referenceRun = (reference.ModzyModel as protoLoader.ServiceDefinition).Run;
  const builtRun = (built.ModzyModel as protoLoader.ServiceDefinition).Run;
  const request = {
    inputs: [{ input: { "input.json": new TextEncoder().encode('{"a":1}') } }],
    detect_drift: true,
  };
  const bytes = builtRun.requestSerialize(request);
  assert.deepEqual(Buffer.from(bytes), Buffer.from(referenceRun.requestSerialize(request)));
  assert.deepEqual(builtRun.requestDeserialize(bytes), referenceRun.requestDeserialize(bytes));
  const response = { status_code: 200, status: "OK", outputs: [{ success: true, output: {} }] };
  const answer = builtRun.responseSerialize(response);
  assert.deepEqual(Buffer.from(answer), Buffer.from(referenceRun.responseSerialize(response)));
  assert.deepEqual(builtRun.responseDeserialize(answer), referenceRun.responseDeserialize(answer));
  assert.throws(() => builtRun.requestSerialize([] as never), /got array instead/);
});

Deno.test("a file without a compiled form is a clear error", () => {
  assert.throws(() => packageDefinition("onnx.proto"), /onnx\.proto has no compiled form/);
});

Deno.test("deno task protos's permissions are enough to compile every proto", async () => {
  // The task's own flags, on a script that compiles (but does not write) every file.
  const config = projectPath("deno.json");
  const task: string = JSON.parse(Deno.readTextFileSync(config)).tasks.protos;
  const flags = task.split(/\s+/).filter((word) => word.startsWith("--allow-"));
  const dir = Deno.makeTempDirSync({ prefix: "protos_task_" });
  try {
    const script = join(dir, "compile_all.ts");
    const compiler = pathToFileURL(projectPath("scripts", "proto_compiler.ts")).href;
    const list = pathToFileURL(projectPath("runtime", "server", "protocol_list.ts")).href;
    Deno.writeTextFileSync(
      script,
      `import { compileProto } from ${JSON.stringify(compiler)};\n` +
        `import { compiledProtoFiles } from ${JSON.stringify(list)};\n` +
        `for (const file of compiledProtoFiles()) compileProto(file);\n`,
    );
    const output = await new Deno.Command(Deno.execPath(), {
      args: ["run", ...flags, `--config=${config}`, script],
      stdout: "piped",
      stderr: "piped",
    }).output();
    assert.ok(output.success, new TextDecoder().decode(output.stderr));
  } finally {
    Deno.removeSync(dir, { recursive: true });
  }
});
