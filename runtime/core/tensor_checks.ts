/**
 * Validation of a tensor request against a model's declared tensors: names,
 * datatypes, shapes (with -1 for a dimension of any size), element counts and
 * requested outputs. Protocol-free: every door (and every module that takes
 * tensors from files) calls it, so all of them reject the same requests with
 * the same words. Failures are `bad_request` RuntimeErrors naming the tensor.
 *
 * @module
 */
import { badRequest } from "../base/errors.ts";
import { dataFitsDatatype, elementCount } from "../model/tensor_datatypes.ts";
import type { Tensor, TensorSignature } from "../model/tensors.ts";

/** What {@link checkTensorRequest} checks against: a model's declared tensors. */
export interface TensorInterface {
  /** Declared inputs. */
  readonly inputs: readonly TensorSignature[];
  /** Declared outputs. */
  readonly outputs: readonly TensorSignature[];
}

/** Renders a shape as `[2, -1]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(", ")}]`;
}

/**
 * Checks one tensor on its own: every dimension a non-negative integer and
 * as many elements as the shape holds, stored as its datatype requires.
 */
export function checkTensorData(tensor: Tensor): void {
  const { name, datatype, shape, data } = tensor;
  for (const dim of shape) {
    if (!Number.isSafeInteger(dim) || dim < 0) {
      throw badRequest(
        `input '${name}': shape ${formatShape(shape)} has a dimension that is not a ` +
          `non-negative integer`,
      );
    }
  }
  if (!dataFitsDatatype(datatype, data)) {
    throw badRequest(`input '${name}': its elements are not stored as ${datatype}`);
  }
  const expected = elementCount(shape);
  if (data.length !== expected) {
    throw badRequest(
      `input '${name}': shape ${formatShape(shape)} holds ${expected} elements, ` +
        `but ${data.length} were sent`,
    );
  }
}

/** Checks `tensor` against its declared `signature`: datatype, rank and fixed dimensions. */
export function checkTensorAgainst(tensor: Tensor, signature: TensorSignature): void {
  if (tensor.datatype !== signature.datatype) {
    throw badRequest(
      `input '${tensor.name}': datatype ${tensor.datatype} does not match the model's ` +
        `${signature.datatype}`,
    );
  }
  const fits = tensor.shape.length === signature.shape.length &&
    signature.shape.every((dim, index) => dim < 0 || dim === tensor.shape[index]);
  if (!fits) {
    throw badRequest(
      `input '${tensor.name}': shape ${formatShape(tensor.shape)} does not match the model's ` +
        `${formatShape(signature.shape)} (-1 takes any size)`,
    );
  }
  checkTensorData(tensor);
}

/**
 * Checks a request's `inputs` and requested `outputs` against `model`: every
 * declared input present once, no unknown or repeated input, each fitting its
 * signature, and every requested output declared and named once.
 */
export function checkTensorRequest(
  model: TensorInterface,
  inputs: readonly Tensor[],
  outputs: readonly string[] = [],
): void {
  const declared = new Map(model.inputs.map((signature) => [signature.name, signature]));
  const seen = new Set<string>();
  for (const tensor of inputs) {
    const signature = declared.get(tensor.name);
    if (!signature) {
      throw badRequest(
        `unknown input '${tensor.name}'; the model's inputs are ${names(model.inputs)}`,
      );
    }
    if (seen.has(tensor.name)) throw badRequest(`input '${tensor.name}' is sent twice`);
    seen.add(tensor.name);
    checkTensorAgainst(tensor, signature);
  }
  for (const signature of model.inputs) {
    if (!seen.has(signature.name)) {
      throw badRequest(
        `input '${signature.name}' is missing (${signature.datatype} ` +
          `${formatShape(signature.shape)})`,
      );
    }
  }
  const outputNames = new Set(model.outputs.map((signature) => signature.name));
  const wanted = new Set<string>();
  for (const name of outputs) {
    if (!outputNames.has(name)) {
      throw badRequest(`unknown output '${name}'; the model's outputs are ${names(model.outputs)}`);
    }
    if (wanted.has(name)) throw badRequest(`output '${name}' is requested twice`);
    wanted.add(name);
  }
}

function names(list: readonly TensorSignature[]): string {
  return list.map((signature) => `'${signature.name}'`).join(", ") || "none";
}
