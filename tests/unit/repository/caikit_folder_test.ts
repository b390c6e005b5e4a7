/**
 * Caikit model folders in the model repository: a folder holding only
 * `config.yml` (the template's `block_id`, or `module_id`) loads through
 * the module whose Caikit face has that id, with the file's other keys as
 * the module's config; a folder naming no id or an unknown one is
 * registered not ready with the reason; model.yaml wins over config.yml.
 */
import assert from "node:assert/strict";
import { join } from "node:path";
import { createLogger } from "../../../runtime/base/log.ts";
import { encodeText } from "../../../runtime/model/text_bytes.ts";
import { ModelRegistry } from "../../../runtime/core/registry.ts";
import { ModelRepository } from "../../../runtime/repository/model_repository.ts";
import { readModelFolder } from "../../../runtime/repository/scan.ts";

const log = createLogger("silent");
const HELLO = "00110203-0405-0607-0809-0a0b02dd0e0f";

Deno.test("repository: Caikit folders load by Caikit module id; bad ones explain why", async () => {
  const dir = await Deno.makeTempDir();
  const folders: Record<string, string> = {
    demo: `block_id: ${HELLO}\nname: HelloWorldModule\nversion: 0.0.1\n`,
    hi: `module_id: ${HELLO}\nname: HelloWorldModule\nversion: 0.0.2\ngreeting: Hi\n`,
    noid: "name: x\nversion: 1.0.0\n",
    unknown: "module_id: 12345678-0000-0000-0000-000000000000\n",
  };
  for (const [name, text] of Object.entries(folders)) {
    await Deno.mkdir(join(dir, name));
    await Deno.writeTextFile(join(dir, name, "config.yml"), text);
  }
  const registry = new ModelRegistry();
  const repository = new ModelRepository({ dir, registry, log });
  try {
    assert.equal((await readModelFolder("demo", join(dir, "demo")))?.layout, "caikit");
    await repository.start();
    const run = async (name: string) => {
      const [result] = await registry.get(name).host.run(
        [new Map([["input.json", encodeText('{"name":"World"}')]])],
        { detectDrift: false, explain: false },
      );
      if (result instanceof Error) throw result;
      return JSON.parse(new TextDecoder().decode(result.get("results.json"))).data.result;
    };
    assert.deepEqual(await run("demo"), { greeting: "Hello World" });
    assert.deepEqual(await run("hi"), { greeting: "Hi World" });
    assert.equal(registry.get("hi").version, "0.0.2");
    const states = new Map(repository.index().map((state) => [state.name, state]));
    assert.equal(states.get("noid")?.state, "UNAVAILABLE");
    assert.match(
      states.get("noid")?.reason ?? "",
      /config\.yml: names no module_id \(or block_id\)/,
    );
    assert.match(
      states.get("unknown")?.reason ?? "",
      /no registered module has Caikit module id '12345678-0000-0000-0000-000000000000'; known: .*HelloWorldModule/,
    );
  } finally {
    await repository.stop();
    await Promise.all(registry.list().map((entry) => registry.remove(entry.name)));
    await Deno.remove(dir, { recursive: true });
  }
});
