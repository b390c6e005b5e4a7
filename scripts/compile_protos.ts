/**
 * `deno task protos`: rewrites protos/compiled/ from the `.proto` files
 * (scripts/proto_compiler.ts). Run it after changing a `.proto` file;
 * tests/compiled_protos_test.ts fails until then.
 *
 * @module
 */
import { writeCompiledProtos } from "./proto_compiler.ts";

for (const path of writeCompiledProtos()) console.log(`wrote ${path}`);
