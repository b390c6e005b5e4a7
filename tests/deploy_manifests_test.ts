/**
 * The committed deploy/ manifests: exactly what `--emit-manifests` writes
 * for the embedded bundle, and consistent with the runtime they deploy —
 * ports, probes, health service names, the model's URL-safe name, resources
 * from model.yaml, the image's user and the shutdown grace. The probes'
 * health services and the model name are asked of a real running server.
 */
import assert from "node:assert/strict";
import { join, relative } from "node:path";
import { parse } from "yaml";
import { PROJECT_ROOT, runCli } from "./support/cli.ts";
import { withServer } from "./support/program_modes.ts";
import { embeddedBundleRoot } from "../runtime/base/assets.ts";
import { loadBundle } from "../runtime/bundle/load.ts";
import { DEFAULT_HTTP_PORT, DEFAULT_PORT } from "../runtime/cli/flags/common_flags.ts";
import { DEFAULT_GRACE_MS } from "../runtime/base/limits.ts";
import { checkHealth } from "../runtime/client/health_client.ts";
import { urlSafeName } from "../runtime/core/model_names.ts";
import { containerResources } from "../runtime/deploy/resources.ts";
import { CONTAINER_USER_ID, kubernetesName } from "../runtime/deploy/workload.ts";

// deno-lint-ignore no-explicit-any
type Yaml = any;

const DEPLOY_DIR = join(PROJECT_ROOT, "deploy");
const spec = (await loadBundle(embeddedBundleRoot())).spec;

async function yamlFiles(dir: string): Promise<string[]> {
  const files: string[] = [];
  for await (const entry of Deno.readDir(dir)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory) files.push(...await yamlFiles(path));
    else if (entry.name.endsWith(".yaml")) files.push(path);
  }
  return files.sort();
}

async function manifest(path: string): Promise<Yaml> {
  return parse(await Deno.readTextFile(join(DEPLOY_DIR, path)));
}

Deno.test("deploy/ is exactly what --emit-manifests writes for the embedded bundle", async () => {
  const dir = await Deno.makeTempDir({ prefix: "emit_manifests_" });
  try {
    const result = await runCli(["--emit-manifests", dir]);
    assert.equal(result.code, 0, result.stderr);
    const generated = (await yamlFiles(dir)).map((path) => relative(dir, path));
    const committed = (await yamlFiles(DEPLOY_DIR)).map((path) => relative(DEPLOY_DIR, path));
    assert.deepEqual(committed, generated, "deploy/ holds other YAML files than generated");
    assert.equal(result.stdout.trim().split("\n").length, generated.length);
    for (const path of generated) {
      const fresh = await Deno.readTextFile(join(dir, path));
      const kept = await Deno.readTextFile(join(DEPLOY_DIR, path));
      assert.equal(kept, fresh, `deploy/${path} is stale: run main.ts --emit-manifests deploy`);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("Deployment and Service: names, ports, probes, resources, user and grace agree", async () => {
  const deployment = await manifest("kubernetes/deployment.yaml");
  const service = await manifest("kubernetes/service.yaml");
  const name = kubernetesName(spec.name);
  assert.equal(deployment.metadata.name, name);
  assert.equal(service.metadata.name, name);
  assert.equal(deployment.metadata.annotations["model-runtime/model-name"], urlSafeName(spec.name));

  const pod = deployment.spec.template;
  for (const [key, value] of Object.entries(deployment.spec.selector.matchLabels)) {
    assert.equal(pod.metadata.labels[key], value, "the selector picks the pods");
  }
  for (const [key, value] of Object.entries(service.spec.selector)) {
    assert.equal(pod.metadata.labels[key], value, "the Service picks the pods");
  }
  assert.ok(pod.spec.terminationGracePeriodSeconds > DEFAULT_GRACE_MS / 1000);
  assert.equal(pod.spec.securityContext.runAsUser, CONTAINER_USER_ID);

  const [container] = pod.spec.containers;
  const ports = Object.fromEntries(
    container.ports.map((p: Yaml) => [p.name, p.containerPort]),
  );
  assert.deepEqual(ports, { grpc: DEFAULT_PORT, http: DEFAULT_HTTP_PORT });
  const env = Object.fromEntries(container.env.map((e: Yaml) => [e.name, e.value]));
  assert.equal(env.PSC_MODEL_PORT, String(DEFAULT_PORT));
  assert.equal(env.MODEL_RUNTIME_HTTP_PORT, String(DEFAULT_HTTP_PORT));
  for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
    assert.equal(container[probe].grpc.port, DEFAULT_PORT, `${probe} asks the gRPC port`);
  }
  assert.deepEqual(container.resources, containerResources(spec.resources));
  assert.equal(container.resources.limits.memory, "512Mi");
  assert.equal(container.resources.limits.cpu, "1");
  assert.equal(container.securityContext.readOnlyRootFilesystem, true);

  const servicePorts = Object.fromEntries(service.spec.ports.map((p: Yaml) => [p.name, p]));
  assert.equal(servicePorts.grpc.port, DEFAULT_PORT);
  assert.equal(servicePorts.grpc.targetPort, "grpc");
  assert.equal(servicePorts.http.port, DEFAULT_HTTP_PORT);
  assert.equal(servicePorts.http.targetPort, "http");
});

Deno.test("KServe: the InferenceService runs N replicas of the ServingRuntime over grpc-v2", async () => {
  const runtime = await manifest("kserve/serving-runtime.yaml");
  const isvc = await manifest("kserve/inference-service.yaml");
  assert.equal(isvc.metadata.name, kubernetesName(spec.name));
  assert.equal(isvc.metadata.annotations["model-runtime/model-name"], urlSafeName(spec.name));
  const predictor = isvc.spec.predictor;
  assert.equal(predictor.minReplicas, 2);
  assert.equal(predictor.maxReplicas, 2);
  assert.equal(predictor.model.runtime, runtime.metadata.name);
  assert.equal(predictor.model.protocolVersion, "grpc-v2");
  const format = runtime.spec.supportedModelFormats[0];
  assert.equal(predictor.model.modelFormat.name, format.name);
  assert.deepEqual(runtime.spec.protocolVersions, ["grpc-v2", "v2"]);
  const [container] = runtime.spec.containers;
  assert.equal(container.name, "kserve-container");
  assert.deepEqual(container.ports, [{
    name: "h2c",
    containerPort: DEFAULT_PORT,
    protocol: "TCP",
  }]);
  assert.equal(runtime.spec.annotations["prometheus.kserve.io/port"], String(DEFAULT_HTTP_PORT));
});

Deno.test("the probes' health services and the model name are what a running server answers", async () => {
  const deployment = await manifest("kubernetes/deployment.yaml");
  const [container] = deployment.spec.template.spec.containers;
  const modelName = deployment.metadata.annotations["model-runtime/model-name"];
  const cwd = await Deno.makeTempDir({ prefix: "deploy_probe_" });
  const program = {
    command: Deno.execPath(),
    prefix: [
      "run",
      "-A",
      `--config=${join(PROJECT_ROOT, "deno.json")}`,
      join(PROJECT_ROOT, "main.ts"),
    ],
  };
  try {
    await withServer(program, "serve", cwd, async (target, _port, httpPort) => {
      for (const probe of ["startupProbe", "livenessProbe", "readinessProbe"]) {
        const status = await checkHealth(target, container[probe].grpc.service);
        assert.equal(status, "SERVING", `${probe} (${container[probe].grpc.service})`);
      }
      const ready = await fetch(`http://127.0.0.1:${httpPort}/v2/models/${modelName}/ready`);
      await ready.body?.cancel();
      assert.equal(ready.status, 200, `model ${modelName} is not served under that name`);
    });
  } finally {
    await Deno.remove(cwd, { recursive: true });
  }
});

Deno.test("resources and names follow model.yaml", () => {
  assert.deepEqual(containerResources({ memory: "2G", cpus: 0.5, gpus: 1 }).limits, {
    memory: "2Gi",
    cpu: "500m",
    "nvidia.com/gpu": "1",
  });
  assert.deepEqual(containerResources({ memory: "100", cpus: 0, gpus: 0 }).requests, {
    memory: "100",
  });
  assert.throws(() => containerResources({ memory: "lots", cpus: 1, gpus: 0 }), /not a size/);
  assert.equal(kubernetesName("Iris Classifier"), "iris-classifier");
  assert.equal(kubernetesName("3D_Model.v2"), "d-model-v2");
  assert.equal(kubernetesName("x".repeat(80)).length, 36);
  assert.equal(kubernetesName("!!!"), "model");
});

Deno.test("--replicas and --image reach every manifest; a bad count is a usage error", async () => {
  const dir = await Deno.makeTempDir({ prefix: "emit_choices_" });
  try {
    const result = await runCli(["--emit-manifests", dir, "--replicas", "3", "--image", "r/m:9"]);
    assert.equal(result.code, 0, result.stderr);
    const read = async (path: string) => parse(await Deno.readTextFile(join(dir, path)));
    const deployment = await read("kubernetes/deployment.yaml");
    assert.equal(deployment.spec.replicas, 3);
    assert.equal(deployment.spec.template.spec.containers[0].image, "r/m:9");
    const isvc = await read("kserve/inference-service.yaml");
    assert.equal(isvc.spec.predictor.minReplicas, 3);
    assert.equal(isvc.spec.predictor.maxReplicas, 3);
    const runtime = await read("kserve/serving-runtime.yaml");
    assert.equal(runtime.spec.containers[0].image, "r/m:9");
    const bad = await runCli(["--emit-manifests", dir, "--replicas", "0"]);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /--replicas takes a whole number/);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
