/**
 * The tensor face of a model that takes and answers files: each input file
 * model.yaml declares is a BYTES tensor of shape `[1]` named after the file
 * (`image.jpg`), each output file likewise (`results.json`). A tensor
 * request is one item: its files are checked as a Modzy item's are (every
 * declared file, no other, within `maxSize`), the model answers them, and
 * the files asked for come back as tensors. So tensor protocols (the Open
 * Inference Protocol) reach models written against the file contract.
 *
 * @module
 */
import { internalError } from "../base/errors.ts";
import type { ModelSpec } from "../bundle/types.ts";
import type { InputFiles, OutputFiles } from "../model/contract.ts";
import type { Tensor, TensorModel, TensorSignature } from "../model/tensors.ts";
import { checkInputFiles } from "./input_files.ts";

/** The shape of every file tensor: one byte string. */
const FILE_SHAPE: readonly number[] = [1];

/**
 * The file face of the model described by `spec`, answering each item
 * with `answer`; null when model.yaml declares no input or no output file.
 * Errors of `answer` (and of the checks) reject `infer` as they are.
 *
 * @example
 * ```ts ignore
 * const face = fileTensorModel(bundle.spec, (item) => wrapper.handleInput(item, options));
 * const [results] = await face!.infer(
 *   [{ name: "input.json", datatype: "BYTES", shape: [1], data: [bytes] }],
 *   ["results.json"],
 * );
 * ```
 */
export function fileTensorModel(
  spec: ModelSpec,
  answer: (item: InputFiles) => Promise<OutputFiles>,
): TensorModel | null {
  if (spec.inputs.size === 0 || spec.outputs.size === 0) return null;
  const signature = (name: string): TensorSignature => ({
    name,
    datatype: "BYTES",
    shape: FILE_SHAPE,
  });
  const outputNames = [...spec.outputs.keys()];
  return {
    inputs: [...spec.inputs.keys()].map(signature),
    outputs: outputNames.map(signature),
    async infer(inputs: readonly Tensor[], wanted: readonly string[]): Promise<Tensor[]> {
      const item = new Map<string, Uint8Array>();
      for (const tensor of inputs) item.set(tensor.name, (tensor.data as readonly Uint8Array[])[0]);
      const problem = checkInputFiles(item, spec);
      if (problem !== null) throw problem;
      const files = await answer(item);
      return (wanted.length > 0 ? wanted : outputNames).map((name): Tensor => {
        const bytes = files.get(name);
        if (bytes === undefined) {
          throw internalError(
            `the model answered no output file '${name}' (it answered: ${
              [...files.keys()].join(", ") || "none"
            })`,
          );
        }
        return { name, datatype: "BYTES", shape: FILE_SHAPE, data: [bytes] };
      });
    },
  };
}
