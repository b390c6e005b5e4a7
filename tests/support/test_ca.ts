/**
 * A throwaway certificate authority made with openssl for TLS tests: a CA,
 * a server certificate for localhost/127.0.0.1 and a client certificate, all
 * X.509 v3 (rustls, under node:tls in Deno, rejects v1 certificates).
 *
 * @module
 */
import { join } from "node:path";

/** Paths of the PEM files of a test CA. */
export interface TestCa {
  /** The folder holding everything; remove it when done. */
  readonly dir: string;
  /** CA certificate. */
  readonly ca: string;
  /** Server certificate (SAN localhost, 127.0.0.1) and key. */
  readonly serverCert: string;
  /** Server key. */
  readonly serverKey: string;
  /** Client certificate (extendedKeyUsage clientAuth) and key. */
  readonly clientCert: string;
  /** Client key. */
  readonly clientKey: string;
  /** A second CA's client certificate and key: valid, but not signed by `ca`. */
  readonly strangerCert: string;
  /** Key of the stranger certificate. */
  readonly strangerKey: string;
}

async function openssl(args: string[], cwd: string): Promise<void> {
  const output = await new Deno.Command("openssl", { args, cwd, stdout: "null", stderr: "piped" })
    .output();
  if (!output.success) {
    throw new Error(`openssl ${args[0]} failed: ${new TextDecoder().decode(output.stderr)}`);
  }
}

async function makeCa(dir: string, name: string): Promise<void> {
  await openssl([
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.pem`,
    "-days",
    "2",
    "-subj",
    `/CN=${name}`,
    "-addext",
    "basicConstraints=critical,CA:TRUE",
    "-addext",
    "keyUsage=critical,keyCertSign,cRLSign",
  ], dir);
}

async function makeLeaf(
  dir: string,
  name: string,
  ca: string,
  extensions: string,
): Promise<void> {
  await openssl([
    "req",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-keyout",
    `${name}.key`,
    "-out",
    `${name}.csr`,
    "-subj",
    `/CN=${name}`,
  ], dir);
  await Deno.writeTextFile(join(dir, `${name}.ext`), extensions);
  await openssl([
    "x509",
    "-req",
    "-in",
    `${name}.csr`,
    "-CA",
    `${ca}.pem`,
    "-CAkey",
    `${ca}.key`,
    "-CAcreateserial",
    "-out",
    `${name}.pem`,
    "-days",
    "2",
    "-extfile",
    `${name}.ext`,
  ], dir);
}

/** Makes a fresh CA with server, client and stranger certificates in a temporary folder. */
export async function makeTestCa(): Promise<TestCa> {
  const dir = await Deno.makeTempDir({ prefix: "test_ca_" });
  await makeCa(dir, "ca");
  await makeCa(dir, "other-ca");
  await makeLeaf(
    dir,
    "server",
    "ca",
    "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=serverAuth\n" +
      "subjectAltName=DNS:localhost,IP:127.0.0.1\n",
  );
  const clientExtensions =
    "basicConstraints=CA:FALSE\nkeyUsage=digitalSignature\nextendedKeyUsage=clientAuth\n";
  await makeLeaf(dir, "client", "ca", clientExtensions);
  await makeLeaf(dir, "stranger", "other-ca", clientExtensions);
  const at = (file: string) => join(dir, file);
  return {
    dir,
    ca: at("ca.pem"),
    serverCert: at("server.pem"),
    serverKey: at("server.key"),
    clientCert: at("client.pem"),
    clientKey: at("client.key"),
    strangerCert: at("stranger.pem"),
    strangerKey: at("stranger.key"),
  };
}
