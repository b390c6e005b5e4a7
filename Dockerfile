# syntax=docker/dockerfile:1
#
# model-runtime: serve the embedded model (asset_bundle/) over gRPC on 45000
# (Modzy contract, Open Inference Protocol, gRPC health) and HTTP on 8080
# (OIP REST, /metrics), as a non-root user.
#
#   docker build -t model-runtime:0.1.0 .
#   docker run --rm -p 45000:45000 -p 8080:8080 model-runtime:0.1.0
#
# Deno 2.8.3 comes from the npm registry; so do the dependencies. Nothing
# else is downloaded. See docs/deployment.md.

ARG NODE_IMAGE=node:22-bookworm-slim
ARG RUNTIME_IMAGE=debian:bookworm-slim

# --- Deno 2.8.3, from the npm registry ---------------------------------------
FROM ${NODE_IMAGE} AS deno
RUN npm install --global --no-fund --no-audit deno@2.8.3 \
 && cp "$(npm root --global)/deno/deno" /usr/local/bin/deno \
 && /usr/local/bin/deno --version

# --- npm dependencies: rebuilt only when deno.json or deno.lock change --------
# deno.json denies onnxruntime-node's install script (it would download GPU
# libraries); the CPU binaries it needs ship in the package. Binaries for
# other platforms (about 240 MB) are removed here.
FROM ${RUNTIME_IMAGE} AS dependencies
COPY --from=deno /usr/local/bin/deno /usr/local/bin/deno
WORKDIR /app
ENV DENO_DIR=/deno-dir
# The workspace's members (examples/, each with its own packages) stay out of
# the image: deno.json loses its "workspace" list first, so only the runtime's
# packages are installed, at the versions and integrity deno.lock holds (the
# lockfile merely drops the examples' packages). The final stage takes this
# deno.json and deno.lock.
COPY deno.json deno.lock* ./
RUN deno eval 'const c = JSON.parse(Deno.readTextFileSync("deno.json")); delete c.workspace; Deno.writeTextFileSync("deno.json", JSON.stringify(c, null, 2));' \
 && deno install \
 && case "$(dpkg --print-architecture)" in \
      amd64) keep=x64 ;; arm64) keep=arm64 ;; *) keep=none ;; \
    esac \
 && for binaries in node_modules/.deno/onnxruntime-node@*/node_modules/onnxruntime-node/bin/napi-v6; do \
      rm -rf "$binaries/win32" "$binaries/darwin" \
      && find "$binaries/linux" -mindepth 1 -maxdepth 1 ! -name "$keep" -exec rm -rf {} + ; \
    done \
 && rm -rf node_modules/.deno/bintrees@*/node_modules/bintrees/test

# --- the serve bundle (.serve_bundle/, see runtime/cli/serve_bundle.ts) ----------
# --serve starts from it (~80 ms sooner) while it matches the sources; deno
# bundle fetches its esbuild from the npm registry. Should that fail, the
# image simply runs from source.
FROM dependencies AS serve-bundle
COPY main.ts mod.ts ./
COPY protos ./protos
COPY runtime ./runtime
COPY scripts/serve_bundle.ts ./scripts/serve_bundle.ts
RUN mkdir -p .serve_bundle \
 && (deno run --allow-read --allow-write --allow-run scripts/serve_bundle.ts \
     || echo "no serve bundle: --serve runs from source")

# --- the image: Deno, the pruned dependencies and the runtime's own files -----
FROM ${RUNTIME_IMAGE} AS runtime
# A system user with no login shell, as the Modzy template makes; numeric so
# Kubernetes can verify runAsNonRoot. The files stay root-owned: read-only.
RUN groupadd --system --gid 10001 model-runtime \
 && useradd --system --uid 10001 --gid model-runtime --no-create-home \
      --home-dir /nonexistent --shell /usr/sbin/nologin model-runtime
COPY --from=deno /usr/local/bin/deno /usr/local/bin/deno
WORKDIR /app
COPY --from=dependencies /app/node_modules ./node_modules
COPY --from=dependencies /app/deno.json /app/deno.lock ./
COPY main.ts mod.ts model_api.ts ./
COPY protos ./protos
COPY runtime ./runtime
COPY --from=serve-bundle /app/.serve_bundle ./.serve_bundle
COPY asset_bundle ./asset_bundle
# DENO_DIR (module cache) and HOME (onnxruntime's telemetry id) point at
# /tmp: writable in a plain container, an emptyDir under a read-only root
# file system; when neither is writable the runtime still works.
ENV PSC_MODEL_PORT=45000 \
    MODEL_RUNTIME_HTTP_PORT=8080 \
    DENO_DIR=/tmp/deno \
    HOME=/tmp \
    DENO_NO_UPDATE_CHECK=1
USER 10001:10001
EXPOSE 45000 8080
# The health check calls localhost:$PSC_MODEL_PORT: change the
# gRPC port through PSC_MODEL_PORT, not --port, so that it follows.
HEALTHCHECK --interval=15s --timeout=10s --start-period=30s --retries=3 \
  CMD ["deno", "run", "--cached-only", "--config", "/app/deno.json", "--allow-read", "--allow-net", "--allow-env", "--allow-sys=uid,gid", "/app/main.ts", "--health-check"]
ENTRYPOINT ["deno", "run", "--cached-only", "--config", "/app/deno.json", "--allow-read", "--allow-write", "--allow-net", "--allow-env", "--allow-ffi", "--allow-sys=uid,gid", "/app/main.ts"]
CMD ["--serve"]
