/**
 * Loads the runtime's ONNX protobuf subset (`protos/onnx.proto`) once and
 * hands out its message types. Field names keep the proto's snake_case
 * spelling, so the plain objects built by the encoder read like the spec.
 *
 * @module
 */
import protobuf from "protobufjs";
import { protoPath } from "../../base/assets.ts";
import { internalError } from "../../base/errors.ts";

let cachedRoot: protobuf.Root | undefined;

/** The parsed `onnx.proto`, loaded on first use and kept for the process. */
function onnxRoot(): protobuf.Root {
  if (cachedRoot === undefined) {
    const path = protoPath("onnx.proto");
    try {
      cachedRoot = new protobuf.Root().loadSync(path, { keepCase: true });
    } catch (error) {
      throw internalError(`cannot load the ONNX schema ${path}: ${String(error)}`, {
        cause: error,
      });
    }
  }
  return cachedRoot;
}

/**
 * Returns the protobufjs type of one ONNX message (for example `ModelProto`),
 * loading the schema once per process.
 */
export function onnxMessageType(name: "ModelProto" | "TensorProto"): protobuf.Type {
  return onnxRoot().lookupType(`onnx.${name}`);
}
