/**
 * The ONNX session of a tabular bundle (classifier or regressor): opened
 * with the session settings of `module.config.onnx_session` (one thread
 * each by default), its interface checked — a float32 [batch, width] matrix
 * in and one out — and warmed up with one run, so the first request is not
 * the slow one.
 *
 * @module
 */
import { join } from "node:path";
import { internalError } from "../base/errors.ts";
import type { Bundle } from "../bundle/types.ts";
import { ONNX_BACKEND } from "../backends/onnx/descriptor.ts";
import type { OnnxSession } from "../backends/onnx/session.ts";
import {
  onnxSessionOptions,
  SMALL_MODEL_SESSION_OPTIONS,
} from "../backends/onnx/session_settings.ts";
import { warmUpSession } from "../backends/onnx/warm_up.ts";
import { FEATURES_INPUT } from "./probability_model.ts";

/** The float32 matrices a tabular graph takes and answers: name and column count. */
export interface TabularInterface {
  /** Columns of the `features` input (the feature width). */
  readonly width: number;
  /** The output's name and its column count. */
  readonly output: { readonly name: string; readonly columns: number };
}

/**
 * Opens `artifact` (a path inside `bundle`) with the bundle's session
 * settings, checks that it takes `features` float32 [batch, width] and
 * answers the output of `shape` float32 [batch, columns] (closing it and
 * throwing an `internal` error otherwise) and warms it up.
 */
export async function openTabularSession(
  bundle: Bundle,
  artifact: string,
  shape: TabularInterface,
): Promise<OnnxSession> {
  const modelYaml = join(bundle.dir, "model.yaml");
  const config = bundle.spec.module?.config ?? {};
  const session = await ONNX_BACKEND.open(
    artifact,
    onnxSessionOptions(config, modelYaml, SMALL_MODEL_SESSION_OPTIONS),
  );
  try {
    requireFloat32Matrix(artifact, "input", FEATURES_INPUT, shape.width, session.inputs);
    requireFloat32Matrix(
      artifact,
      "output",
      shape.output.name,
      shape.output.columns,
      session.outputs,
    );
  } catch (error) {
    await session.close();
    throw error;
  }
  await warmUpSession(session);
  return session;
}

/**
 * Throws an `internal` error naming `artifact` unless `list` has `name` as a
 * float32 [batch, columns] matrix (a dynamic column count fits any).
 */
export function requireFloat32Matrix(
  artifact: string,
  kind: "input" | "output",
  name: string,
  columns: number,
  list: OnnxSession["inputs"],
): void {
  const info = list.find((entry) => entry.name === name);
  const fits = info !== undefined && info.type === "float32" && info.shape.length === 2 &&
    (info.shape[1] === columns || info.shape[1] < 0);
  if (fits) return;
  const found = info === undefined
    ? "none"
    : `${info.type} [${info.shape.map((dim) => (dim < 0 ? "?" : dim)).join(", ")}]`;
  throw internalError(
    `${artifact}: expected ${kind} '${name}' float32 [batch, ${columns}], found ${found}`,
  );
}
