/**
 * The Caikit door's own settings (`protocols.caikit` of the server
 * settings), validated here once: which library is served, Caikit's
 * service-generation renames, the wire version, and whether a model trained
 * through Caikit replaces a served model of its name. The serve command
 * builds them from its flags, which a Caikit runtime config can set
 * (`runtime.library`, `runtime.service_generation.domain` / `.package`;
 * runtime/cli/flags/caikit_flags.ts); the door reads them with
 * {@link caikitSettings}.
 *
 * @module
 */
import { badRequest } from "../../base/errors.ts";

/** The protocol's name, its key in the server's protocol settings. */
export const CAIKIT_PROTOCOL = "caikit";

/**
 * The Caikit wire versions that can be served: `0.18.1` (the version
 * caikit-template pins) and `newest` (v0.29.1's services and routes).
 */
export const CAIKIT_WIRE_VERSIONS = ["0.18.1", "newest"] as const;

/** One of {@link CAIKIT_WIRE_VERSIONS}. */
export type CaikitWireVersionName = (typeof CAIKIT_WIRE_VERSIONS)[number];

/** The wire version served when none is set: the template's pin. */
export const DEFAULT_CAIKIT_WIRE_VERSION: CaikitWireVersionName = "0.18.1";

/** The Caikit door's settings. */
export interface CaikitSettings {
  /**
   * `runtime.library`: serve only this Caikit library's services (a start-up
   * error when no module declares it: see {@link requireKnownLibrary});
   * absent: every built-in library.
   */
  readonly library?: string;
  /**
   * `runtime.service_generation.domain`: replaces the domain Caikit derives
   * from the library name (`caikit_template` -> `Template`), as in Caikit:
   * services `<domain>Service` / `<domain>TrainingService`, package
   * `caikit.runtime.<domain>` unless `package` is set.
   */
  readonly domain?: string;
  /** `runtime.service_generation.package`: the proto package of the generated services. */
  readonly package?: string;
  /** The wire version served (default `0.18.1`). */
  readonly version: CaikitWireVersionName;
  /** Whether a model trained through Caikit replaces a served model of the same name. */
  readonly replaceServed: boolean;
}

/** A Caikit library name: a Python module name (`caikit_template`). */
export function isCaikitLibraryName(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text);
}

/** A service-generation domain: one proto identifier (`Template`). */
export function isCaikitDomain(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(text);
}

/** A proto package: dotted identifiers (`caikit.runtime.Template`). */
export function isCaikitPackage(text: string): boolean {
  return /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(text);
}

/** Whether `text` names a wire version that can be served. */
export function isCaikitWireVersion(text: string): text is CaikitWireVersionName {
  return (CAIKIT_WIRE_VERSIONS as readonly string[]).includes(text);
}

/** The settings when nothing is set. */
export const DEFAULT_CAIKIT_SETTINGS: CaikitSettings = {
  version: DEFAULT_CAIKIT_WIRE_VERSION,
  replaceServed: false,
};

const TEXT_CHECKS: Readonly<Record<string, readonly [(text: string) => boolean, string]>> = {
  library: [isCaikitLibraryName, "a Python module name (e.g. caikit_template)"],
  domain: [isCaikitDomain, "an identifier (e.g. Template)"],
  package: [isCaikitPackage, "a dotted proto package (e.g. caikit.runtime.Template)"],
  version: [isCaikitWireVersion, `one of ${CAIKIT_WIRE_VERSIONS.join(", ")}`],
};

/**
 * Reads the settings `value` (absent: {@link DEFAULT_CAIKIT_SETTINGS}).
 * Throws a `bad_request` RuntimeError naming the key for anything that is
 * not a setting or not of its form; an `undefined` key counts as unset.
 */
export function caikitSettings(value: unknown): CaikitSettings {
  if (value === undefined || value === null) return DEFAULT_CAIKIT_SETTINGS;
  const where = `protocol settings '${CAIKIT_PROTOCOL}'`;
  if (typeof value !== "object" || Array.isArray(value)) {
    throw badRequest(`${where} must be a mapping`);
  }
  const given = value as Record<string, unknown>;
  const settings: Record<string, unknown> = { ...DEFAULT_CAIKIT_SETTINGS };
  for (const [key, setting] of Object.entries(given)) {
    if (setting === undefined) continue;
    if (key === "replaceServed") {
      if (typeof setting !== "boolean") throw badRequest(`${where}: ${key} must be true or false`);
      settings[key] = setting;
      continue;
    }
    const check = TEXT_CHECKS[key];
    if (!check) {
      const known = [...Object.keys(TEXT_CHECKS), "replaceServed"].join(", ");
      throw badRequest(`${where}: unknown key '${key}' (known: ${known})`);
    }
    if (typeof setting !== "string" || !check[0](setting)) {
      throw badRequest(`${where}: ${key} must be ${check[1]}, got ${JSON.stringify(setting)}`);
    }
    settings[key] = setting;
  }
  return settings as unknown as CaikitSettings;
}

/**
 * Throws a `bad_request` RuntimeError (a start-up error) when `settings`
 * names a library that is not among `libraries` (those the modules
 * declare); with no library set, every library is served.
 */
export function requireKnownLibrary(settings: CaikitSettings, libraries: readonly string[]): void {
  if (settings.library === undefined || libraries.includes(settings.library)) return;
  throw badRequest(
    `Caikit library '${settings.library}' (runtime.library, --caikit-library) is not one this ` +
      `runtime serves; it serves ${libraries.join(", ") || "none"}`,
  );
}
