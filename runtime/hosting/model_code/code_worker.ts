/**
 * The Web Worker that runs one load of a bundle's model code, off the
 * serving thread. It imports the file model.yaml's `module.code` names —
 * whose `import ... from "@model-runtime/runtime"` resolves, through the
 * project's import map, to model_api.ts (the model-author part of mod.ts)
 * in this worker, so the model code and this worker share one copy of the
 * runtime's modules (errors keep their kind) —
 * initialises the model it exports, then answers calls until told to close.
 * A fresh worker per load is how a changed code file (the entry or any
 * local file it imports) is seen, and how everything a load held is freed.
 * The host starts it with a static `new URL("./code_worker.ts",
 * import.meta.url)` so `deno compile` can embed it.
 *
 * @module
 */
// onnxruntime through its one door first, so its Float16 guard has run before any model code.
import "../../backends/onnx/ort.ts";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { internalError } from "../../base/errors.ts";
import type { Bundle } from "../../bundle/types.ts";
import type { CaikitFace } from "../../model/caikit_face.ts";
import type { ModelWrapper } from "../../model/contract.ts";
import type { TensorModel } from "../../model/tensors.ts";
import { moduleWrapper } from "../../modules/module_api.ts";
import { wireCaikitFace } from "./code_caikit_face.ts";
import { exportedModel } from "./code_exports.ts";
import { importFailure } from "./code_failure.ts";
import {
  type CodeCall,
  type CodeReply,
  type CodeRequest,
  toWireError,
  toWireResults,
} from "./code_messages.ts";

const scope = self as unknown as {
  onmessage: ((event: MessageEvent<CodeRequest>) => void) | null;
  postMessage(message: CodeReply): void;
  addEventListener(type: string, listener: (event: Event & { reason?: unknown }) => void): void;
  close(): void;
};

let wrapper: ModelWrapper | null = null;
let tensorModel: TensorModel | null = null;
let caikitFace: CaikitFace | null = null;

/** Imports, builds and initialises the bundle's model; throws a RuntimeError saying why not. */
async function load(bundle: Bundle): Promise<CodeReply> {
  const code = bundle.spec.module?.code;
  if (code === undefined) throw internalError(`model.yaml names no model code (module.code)`);
  const file = join(bundle.dir, code);
  // Inside a compiled executable the file need not be on disk: only the import can tell.
  if (!Deno.build.standalone) {
    let info: Deno.FileInfo | null = null;
    try {
      info = Deno.statSync(file);
    } catch (error) {
      if (!(error instanceof Deno.errors.NotFound)) {
        throw internalError(`model code ${code} cannot be read: ${(error as Error).message}`);
      }
    }
    if (!info?.isFile) {
      throw internalError(
        `model.yaml module.code names ${code}, which is not a file in ${bundle.dir}`,
      );
    }
  }
  let exports: Record<string, unknown>;
  try {
    exports = await import(pathToFileURL(file).href);
  } catch (error) {
    throw importFailure(error, bundle.dir, code, Deno.build.standalone);
  }
  const exported = await exportedModel(exports, code);
  const declared = exported.kind === "module" ? exported.module.caikit : undefined;
  // A face that is not one fails the load before the model is built.
  const caikit = declared === undefined ? null : wireCaikitFace(declared, code);
  const model = exported.kind === "module" ? moduleWrapper(exported.module) : exported.wrapper;
  await model.initialize?.({ bundle });
  wrapper = model;
  tensorModel = model.tensorModel?.() ?? null;
  caikitFace = declared ?? null;
  return {
    type: "loaded",
    exported: exported.kind,
    tensorFace: tensorModel === null
      ? null
      : { inputs: [...tensorModel.inputs], outputs: [...tensorModel.outputs] },
    caikit,
    modelClass: exported.kind === "module"
      ? exported.module.info.name
      : className(exported.wrapper),
  };
}

/** The class name of a wrapper made from a class, or null for a plain object. */
function className(model: ModelWrapper): string | null {
  const name = Object.getPrototypeOf(model)?.constructor?.name;
  return typeof name === "string" && name !== "" && name !== "Object" ? name : null;
}

/** Runs one call on the loaded model. */
async function answer(call: CodeCall): Promise<unknown> {
  const model = wrapper;
  if (model === null) throw internalError("the model code is not loaded");
  switch (call.method) {
    case "handleInput":
      return await model.handleInput(call.input, call.options);
    case "handleBatch": {
      if (!model.handleBatch) {
        const results = [];
        for (const input of call.inputs) {
          try {
            results.push(await model.handleInput(input, call.options));
          } catch (error) {
            results.push(error as Error);
          }
        }
        return toWireResults(results);
      }
      const results = await model.handleBatch(call.inputs, call.options);
      if (!Array.isArray(results)) {
        throw internalError("the batch handler answered something other than a list");
      }
      return toWireResults(results);
    }
    case "infer": {
      if (tensorModel === null) throw internalError("the model code has no tensor face");
      return await tensorModel.infer(call.inputs, call.outputNames);
    }
    case "caikitInput":
      if (!caikitFace?.toInput) throw internalError("the model code has no Caikit toInput");
      return await caikitFace.toInput(call.parameters);
    case "caikitOutput":
      if (!caikitFace?.toOutput) throw internalError("the model code has no Caikit toOutput");
      return await caikitFace.toOutput(call.result);
  }
}

/** Errors the model code raises outside any call keep the worker alive; the host logs them. */
for (const type of ["error", "unhandledrejection"]) {
  scope.addEventListener(type, (event) => {
    event.preventDefault();
    const reason = "reason" in event ? event.reason : (event as ErrorEvent).error;
    scope.postMessage({ type: "stray", error: toWireError(reason) });
  });
}

scope.onmessage = (event) => {
  const request = event.data;
  switch (request.type) {
    case "load":
      load(request.bundle).then(
        (reply) => scope.postMessage(reply),
        (error) => scope.postMessage({ type: "load-failed", error: toWireError(error) }),
      );
      return;
    case "call":
      answer(request.call).then(
        (value) => scope.postMessage({ type: "answer", id: request.id, value }),
        (error) => scope.postMessage({ type: "failed", id: request.id, error: toWireError(error) }),
      );
      return;
    case "ping":
      scope.postMessage({ type: "pong", id: request.id });
      return;
    case "close": {
      const closing = wrapper?.close?.() ?? Promise.resolve();
      wrapper = null;
      tensorModel = null;
      caikitFace = null;
      closing.catch(() => {}).finally(() => scope.postMessage({ type: "closed" }));
      return;
    }
  }
};
