/**
 * Warm-up: one run of a freshly opened session on zero-filled inputs (every
 * dynamic dimension 1), so onnxruntime allocates its buffers and picks its
 * kernels at load time and the first real request is not the slow one.
 *
 * @module
 */
import type { OnnxSession } from "./session.ts";
import { createTensor } from "./tensor_factory.ts";
import type { Tensor } from "./ort.ts";

/**
 * Runs `session` once on zeros (empty strings for string inputs, `false`
 * for booleans). A model that rejects zeros is not an error of the load:
 * the failure is returned (null on success) for the caller to log or ignore.
 */
export async function warmUpSession(session: OnnxSession): Promise<Error | null> {
  try {
    const feeds: Record<string, Tensor> = {};
    for (const input of session.inputs) {
      const dims = input.shape.map((dim) => (dim < 0 ? 1 : dim));
      const count = dims.reduce((product, dim) => product * dim, 1);
      const values = input.type === "string"
        ? new Array<string>(count).fill("")
        : input.type === "bool"
        ? new Array<boolean>(count).fill(false)
        : new Array<number>(count).fill(0);
      feeds[input.name] = createTensor(input.type, values, dims);
    }
    await session.run(feeds);
    return null;
  } catch (error) {
    return error instanceof Error ? error : new Error(String(error));
  }
}
