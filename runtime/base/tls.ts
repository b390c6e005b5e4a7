/**
 * TLS material read once, at the edge, from the PEM files a user names
 * (`--tls-cert`, `--tls-key`, `--tls-ca`). Servers use a certificate and key,
 * and with a CA they require client certificates signed by it (mutual TLS);
 * clients use a CA to trust the server and a certificate and key to prove
 * who they are.
 *
 * @module
 */
import { badRequest } from "./errors.ts";

/** Paths of PEM files, as given on the command line. */
export interface TlsPaths {
  /** Certificate chain (PEM). */
  readonly cert?: string;
  /** Private key of the certificate (PEM). */
  readonly key?: string;
  /** CA certificates (PEM): servers require client certificates it signed; clients trust it. */
  readonly ca?: string;
}

/** The contents of the PEM files. */
export interface TlsMaterial {
  /** Certificate chain, or null when none was given (a client without its own certificate). */
  readonly cert: Uint8Array | null;
  /** Private key, or null. */
  readonly key: Uint8Array | null;
  /** CA certificates, or null. */
  readonly ca: Uint8Array | null;
}

/**
 * Reads the files of `paths`, or returns null when none is given. A
 * certificate needs its key and the other way round; a server (`forServer`)
 * needs both. Throws a `bad_request` RuntimeError naming the flag and file.
 */
export function readTlsMaterial(paths: TlsPaths, forServer: boolean): TlsMaterial | null {
  if (!paths.cert && !paths.key && !paths.ca) return null;
  if (Boolean(paths.cert) !== Boolean(paths.key)) {
    throw badRequest("--tls-cert and --tls-key go together: give both or neither");
  }
  if (forServer && !paths.cert) {
    throw badRequest(
      "serving with TLS needs --tls-cert and --tls-key (--tls-ca alone is not enough)",
    );
  }
  return {
    cert: paths.cert ? readPem(paths.cert, "--tls-cert") : null,
    key: paths.key ? readPem(paths.key, "--tls-key") : null,
    ca: paths.ca ? readPem(paths.ca, "--tls-ca") : null,
  };
}

function readPem(path: string, flag: string): Uint8Array {
  let bytes: Uint8Array;
  try {
    bytes = Deno.readFileSync(path);
  } catch (error) {
    throw badRequest(`${flag}: cannot read '${path}': ${(error as Error).message}`, {
      cause: error,
    });
  }
  if (!new TextDecoder().decode(bytes.subarray(0, 4096)).includes("-----BEGIN ")) {
    throw badRequest(`${flag}: '${path}' is not a PEM file (no '-----BEGIN' line)`);
  }
  return bytes;
}
