/**
 * The protocols the server serves, in mount order: the one list the server
 * assembly walks. Adding a protocol is one folder under runtime/protocols/
 * with a descriptor, and one line here. Reflection comes last: it describes
 * every service mounted before it.
 *
 * @module
 */
import type { ProtocolDescriptor } from "../protocols/protocol.ts";
import { caikitProtocol } from "../protocols/caikit/descriptor.ts";
import { healthProtocol } from "../protocols/health/descriptor.ts";
import { modzyProtocol } from "../protocols/modzy/descriptor.ts";
import { oipProtocol } from "../protocols/oip/descriptor.ts";
import { prometheusProtocol } from "../protocols/prometheus/descriptor.ts";
import { reflectionProtocol } from "../protocols/reflection/descriptor.ts";
import { repositoryProtocol } from "../protocols/repository/descriptor.ts";
import { trainingProtocol } from "../protocols/training/descriptor.ts";

/** Every protocol, in mount order. */
export const PROTOCOLS: readonly ProtocolDescriptor[] = [
  modzyProtocol,
  healthProtocol,
  oipProtocol,
  repositoryProtocol,
  trainingProtocol,
  caikitProtocol,
  prometheusProtocol,
  reflectionProtocol,
];

/** Every `.proto` file the protocols are built from, in order (what `deno task protos` compiles). */
export function compiledProtoFiles(
  protocols: readonly ProtocolDescriptor[] = PROTOCOLS,
): string[] {
  return [...new Set(protocols.flatMap((protocol) => protocol.protoFiles ?? []))];
}
