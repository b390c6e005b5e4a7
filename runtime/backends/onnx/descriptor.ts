/**
 * The ONNX backend, described once: it recognises `model.onnx`, or else the
 * only `*.onnx` file of a folder; a bare file is served by the `onnx-tensor`
 * module (config `artifact`); a model opens as an {@link OnnxSession}
 * (onnxruntime-node, behind the float16 guard of ort.ts) whose inputs and
 * outputs are its introspection. The repository scan, the synthesized
 * bundles, `--scaffold` and the modules that open ONNX files ask it.
 *
 * @module
 */
import type { ModelBackend, ModelSignature } from "../../model/model_backend.ts";
import { OnnxSession, type OnnxSessionOptions } from "./session.ts";
import { signatureOf } from "./tensor_signature.ts";

/** The ONNX backend: the {@link ModelBackend} descriptor, and how it opens sessions. */
export interface OnnxBackend extends ModelBackend {
  /** Opens the ONNX model file at `path` (see {@link OnnxSession.open}). */
  open(path: string, options?: OnnxSessionOptions): Promise<OnnxSession>;
  /** Opens an ONNX model from its bytes (see {@link OnnxSession.openBytes}). */
  openBytes(bytes: Uint8Array, options?: OnnxSessionOptions): Promise<OnnxSession>;
}

const EXTENSION = ".onnx";
const MODEL_FILE = `model${EXTENSION}`;
const TENSOR_MODULE = "onnx-tensor";

/** Whether `fileName` is an ONNX file: `*.onnx`, not hidden, no folder. */
function recognises(fileName: string): boolean {
  return fileName.endsWith(EXTENSION) && !fileName.startsWith(".") && !/[\\/]/.test(fileName);
}

/**
 * The ONNX backend's descriptor.
 *
 * @example
 * ```ts
 * import { ONNX_BACKEND } from "./descriptor.ts";
 *
 * const file = ONNX_BACKEND.pickModelFile(["README.md", "resnet.onnx"]);
 * if (file !== "resnet.onnx") throw new Error(String(file));
 * ```
 */
export const ONNX_BACKEND: OnnxBackend = {
  id: "onnx",
  modelFile: MODEL_FILE,
  extensions: [EXTENSION],
  tensorModule: TENSOR_MODULE,
  recognises,
  pickModelFile(fileNames) {
    let only: string | null = null;
    let count = 0;
    for (const name of fileNames) {
      if (name === MODEL_FILE) return name;
      if (recognises(name)) {
        only = name;
        count++;
      }
    }
    return count === 1 ? only : null;
  },
  servingModule: (fileName) => ({ id: TENSOR_MODULE, config: { artifact: fileName } }),
  async introspect(bytes): Promise<ModelSignature> {
    const session = await OnnxSession.openBytes(bytes);
    try {
      return { inputs: session.inputs.map(signatureOf), outputs: session.outputs.map(signatureOf) };
    } finally {
      await session.close();
    }
  },
  open: (path, options) => OnnxSession.open(path, options),
  openBytes: (bytes, options) => OnnxSession.openBytes(bytes, options),
};
