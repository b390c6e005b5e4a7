/**
 * The only door to onnxruntime-node. Everything else in the runtime imports
 * onnxruntime from here, never from `"onnxruntime-node"` directly, because the
 * Float16Array guard must run first: the guard import below is evaluated
 * before onnxruntime-node (ES modules evaluate their imports in order).
 *
 * @module
 */
import "./float16_guard.ts";
import * as onnxruntime from "onnxruntime-node";

/** onnxruntime's tensor class; float16 data is a `Uint16Array` of half bits. */
export const Tensor: typeof onnxruntime.Tensor = onnxruntime.Tensor;
/** A tensor value of onnxruntime (an instance of {@link Tensor}). */
export type Tensor = onnxruntime.Tensor;
/** onnxruntime's session factory and class. */
export const InferenceSession: typeof onnxruntime.InferenceSession = onnxruntime.InferenceSession;
/** An onnxruntime inference session. */
export type InferenceSession = onnxruntime.InferenceSession;
/** onnxruntime's process-wide settings (log level, versions). */
export const env: typeof onnxruntime.env = onnxruntime.env;
/** The element type names onnxruntime uses for tensors (`"float32"`, `"float16"`, ...). */
export type TensorType = onnxruntime.Tensor.Type;
/** Session creation options accepted by onnxruntime-node. */
export type SessionOptions = onnxruntime.InferenceSession.SessionOptions;
/** Metadata of one session input or output, as onnxruntime reports it. */
export type ValueMetadata = onnxruntime.InferenceSession.ValueMetadata;
