import assert from "node:assert/strict";
import * as grpc from "@grpc/grpc-js";
import { addModzyService } from "../runtime/protocols/modzy/modzy_service.ts";
import { grpcChannelCredentials, grpcServerCredentials } from "../runtime/server/grpc_tls.ts";
import { ModzyClient } from "../runtime/client/modzy_client.ts";
import { ModelHost } from "../runtime/core/model_host.ts";
import { ModelServer } from "../runtime/server/model_server.ts";
import { createLogger } from "../runtime/base/log.ts";
import { readTlsMaterial } from "../runtime/base/tls.ts";
import { clientConnection } from "../runtime/client/client_security.ts";
import type { RuntimeError } from "../runtime/base/errors.ts";
import { EchoModel } from "./support/echo_model.ts";
import { makeTestCa, type TestCa } from "./support/test_ca.ts";
import { dataPlaneOf, testBundle } from "./support/test_bundle.ts";

async function serveGrpc(
  credentials: grpc.ServerCredentials,
  address = "127.0.0.1:0",
): Promise<{ port: number; server: grpc.Server }> {
  const server = new grpc.Server();
  const host = new ModelHost(testBundle(), new EchoModel());
  await host.initialize();
  addModzyService(server, {
    dataPlane: dataPlaneOf(host),
    log: createLogger("silent"),
    onShutdown: () => {},
  });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address, credentials, (e, p) => e ? reject(e) : resolve(p))
  );
  return { port, server };
}

async function withCa(body: (ca: TestCa) => Promise<void>) {
  const ca = await makeTestCa();
  try {
    await body(ca);
  } finally {
    await Deno.remove(ca.dir, { recursive: true });
  }
}

async function statusCode(target: string, credentials: grpc.ChannelCredentials) {
  const client = new ModzyClient(target, credentials);
  try {
    return (await client.status({ timeoutMs: 10_000 })).status_code;
  } catch (error) {
    return (error as grpc.ServiceError).code;
  } finally {
    client.close();
  }
}

Deno.test("gRPC over TLS: a client trusting the CA is served; a plain-text client is not", async () => {
  await withCa(async (ca) => {
    const material = readTlsMaterial({ cert: ca.serverCert, key: ca.serverKey }, true);
    const { port, server } = await serveGrpc(grpcServerCredentials(material));
    try {
      const trusted = grpcChannelCredentials(readTlsMaterial({ ca: ca.ca }, false));
      assert.equal(await statusCode(`localhost:${port}`, trusted), 200);
      assert.equal(
        await statusCode(`localhost:${port}`, grpc.credentials.createInsecure()),
        grpc.status.UNAVAILABLE,
      );
    } finally {
      server.forceShutdown();
    }
  });
});

Deno.test("gRPC mutual TLS: only clients with a certificate from the CA are served", async () => {
  await withCa(async (ca) => {
    const material = readTlsMaterial(
      { cert: ca.serverCert, key: ca.serverKey, ca: ca.ca },
      true,
    );
    const { port, server } = await serveGrpc(grpcServerCredentials(material));
    const target = `localhost:${port}`;
    try {
      const withCert = readTlsMaterial(
        { ca: ca.ca, cert: ca.clientCert, key: ca.clientKey },
        false,
      );
      assert.equal(await statusCode(target, grpcChannelCredentials(withCert)), 200);
      const noCert = readTlsMaterial({ ca: ca.ca }, false);
      assert.equal(
        await statusCode(target, grpcChannelCredentials(noCert)),
        grpc.status.UNAVAILABLE,
      );
      const stranger = readTlsMaterial(
        { ca: ca.ca, cert: ca.strangerCert, key: ca.strangerKey },
        false,
      );
      assert.equal(
        await statusCode(target, grpcChannelCredentials(stranger)),
        grpc.status.UNAVAILABLE,
      );
      // The server still serves a good client after refusing the others.
      assert.equal(await statusCode(target, grpcChannelCredentials(withCert)), 200);
    } finally {
      server.forceShutdown();
    }
  });
});

Deno.test("TLS flags: clear errors for half a pair, unreadable and non-PEM files", async () => {
  await withCa(async (ca) => {
    const kinds = (f: () => unknown, pattern: RegExp) =>
      assert.throws(f, (e: RuntimeError) => e.kind === "bad_request" && pattern.test(e.message));
    kinds(() => readTlsMaterial({ cert: ca.serverCert }, true), /go together/);
    kinds(() => readTlsMaterial({ ca: ca.ca }, true), /needs --tls-cert and --tls-key/);
    kinds(
      () => readTlsMaterial({ cert: "/nonexistent.pem", key: ca.serverKey }, true),
      /--tls-cert: cannot read '\/nonexistent\.pem'/,
    );
    const junk = `${ca.dir}/junk.pem`;
    await Deno.writeTextFile(junk, "hello");
    kinds(() => readTlsMaterial({ ca: junk }, false), /--tls-ca: '.*junk\.pem' is not a PEM file/);
    assert.equal(readTlsMaterial({}, true), null);
  });
});

Deno.test("TLS to an IP address: the certificate must name that IP", async () => {
  await withCa(async (ca) => {
    const material = readTlsMaterial({ cert: ca.serverCert, key: ca.serverKey }, true);
    const { port, server } = await serveGrpc(grpcServerCredentials(material), "0.0.0.0:0");
    try {
      const status = async (target: string) => {
        const connection = clientConnection({ tlsCa: ca.ca }, target);
        const client = new ModzyClient(target, connection.credentials, connection.options);
        try {
          return (await client.status({ timeoutMs: 10_000 })).status_code;
        } catch (error) {
          return (error as grpc.ServiceError).code;
        } finally {
          client.close();
        }
      };
      assert.equal(await status(`127.0.0.1:${port}`), 200); // SAN IP:127.0.0.1
      assert.equal(await status(`127.0.0.2:${port}`), grpc.status.UNAVAILABLE); // not in the SAN
      assert.equal(await status(`localhost:${port}`), 200); // SAN DNS:localhost
    } finally {
      server.forceShutdown();
    }
  });
});

Deno.test("REST over HTTPS with the server certificate; closed under mutual TLS", async () => {
  await withCa(async (ca) => {
    const host = new ModelHost(testBundle(), new EchoModel());
    const tls = readTlsMaterial({ cert: ca.serverCert, key: ca.serverKey }, true);
    const server = await ModelServer.start({
      dataPlane: dataPlaneOf(host),
      port: 0,
      hostname: "127.0.0.1",
      httpPort: 0,
      tls,
      log: createLogger("silent"),
    });
    const client = Deno.createHttpClient({ caCerts: [await Deno.readTextFile(ca.ca)] });
    try {
      const response = await fetch(`https://localhost:${server.http!.port}/v2/health/live`, {
        client,
      });
      assert.equal(response.status, 200);
      assert.deepEqual(await response.json(), { live: true });
      await assert.rejects(fetch(`http://localhost:${server.http!.port}/v2/health/live`));
    } finally {
      client.close();
      await server.stop();
    }
    const mtls = await ModelServer.start({
      dataPlane: dataPlaneOf(new ModelHost(testBundle(), new EchoModel())),
      port: 0,
      hostname: "127.0.0.1",
      httpPort: 0,
      tls: readTlsMaterial({ cert: ca.serverCert, key: ca.serverKey, ca: ca.ca }, true),
      log: createLogger("silent"),
    });
    try {
      assert.equal(mtls.http, null);
    } finally {
      await mtls.stop();
    }
  });
});
