/**
 * Serve's Caikit flags: what the Caikit door serves (one library, Caikit's
 * service-generation renames, the wire version) and whether a model trained
 * through Caikit replaces a served one. A Caikit runtime config sets the
 * first three by Caikit's own keys (`runtime.library`,
 * `runtime.service_generation.domain` / `.package`); the serve command hands
 * them to the door as its protocol settings
 * (runtime/protocols/caikit/caikit_settings.ts, which holds the rules the
 * values are checked by).
 *
 * @module
 */
import { booleanFlag, readFlag, readFlagOr } from "./flag_kinds.ts";
import {
  CAIKIT_WIRE_VERSIONS,
  type CaikitWireVersionName,
  DEFAULT_CAIKIT_WIRE_VERSION,
  isCaikitDomain,
  isCaikitLibraryName,
  isCaikitPackage,
  isCaikitWireVersion,
} from "../../protocols/caikit/caikit_settings.ts";

/** `text` when `accept` holds, else null (a usage error). */
const when = (accept: (text: string) => boolean) => (text: string) => accept(text) ? text : null;

/** The Caikit flags, by option key. */
export const CAIKIT_FLAGS = {
  /** `--caikit-library NAME`: serve only this Caikit library. */
  caikitLibrary: readFlag(
    {
      name: "caikit-library",
      placeholder: "NAME",
      help: "serve only this Caikit library's services (default: every built-in library; " +
        "an unknown one is a start-up error)",
      config: "caikit.library",
      caikit: "runtime.library",
    },
    when(isCaikitLibraryName),
    "a Python module name (e.g. caikit_template)",
  ),
  /** `--caikit-domain NAME`: Caikit's service-generation domain. */
  caikitDomain: readFlag(
    {
      name: "caikit-domain",
      placeholder: "NAME",
      help: "domain of the generated Caikit services, as Caikit's " +
        "service_generation.domain (default: from the library, caikit_template -> Template)",
      config: "caikit.domain",
      caikit: "runtime.service_generation.domain",
    },
    when(isCaikitDomain),
    "an identifier (e.g. Template)",
  ),
  /** `--caikit-package NAME`: Caikit's service-generation package. */
  caikitPackage: readFlag(
    {
      name: "caikit-package",
      placeholder: "PKG",
      help: "proto package of the generated Caikit services, as Caikit's " +
        "service_generation.package (default caikit.runtime.<domain>)",
      config: "caikit.package",
      caikit: "runtime.service_generation.package",
    },
    when(isCaikitPackage),
    "a dotted proto package (e.g. caikit.runtime.Template)",
  ),
  /** `--caikit-version V`: the Caikit wire version served. */
  caikitVersion: readFlagOr<CaikitWireVersionName>(
    {
      name: "caikit-version",
      placeholder: "V",
      help: `Caikit wire version served: ${CAIKIT_WIRE_VERSIONS.join(" or ")} ` +
        `(default ${DEFAULT_CAIKIT_WIRE_VERSION}, the version caikit-template pins)`,
      config: "caikit.version",
    },
    (text) => isCaikitWireVersion(text) ? text : null,
    `one of ${CAIKIT_WIRE_VERSIONS.join(", ")}`,
    { value: DEFAULT_CAIKIT_WIRE_VERSION },
  ),
  /** `--caikit-replace-served`: a model trained through Caikit replaces a served one. */
  caikitReplaceServed: booleanFlag({
    name: "caikit-replace-served",
    help: "a model trained through Caikit replaces a served model of its name (default: it " +
      "is saved but not served, and its training status says so)",
    config: "caikit.replace_served",
  }),
} as const;
