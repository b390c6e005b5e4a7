import assert from "node:assert/strict";
import { authorize, bearerMatches } from "../../../runtime/base/access_policy.ts";
import type { AccessPolicy } from "../../../runtime/base/access_policy.ts";

Deno.test("bearerMatches: exact token only, any length, case-insensitive scheme", () => {
  assert.equal(bearerMatches("Bearer s3cret", "s3cret"), true);
  assert.equal(bearerMatches("bearer   s3cret", "s3cret"), true);
  assert.equal(bearerMatches("Bearer s3cre", "s3cret"), false);
  assert.equal(bearerMatches("Bearer s3cretX", "s3cret"), false);
  assert.equal(bearerMatches("s3cret", "s3cret"), false);
  assert.equal(bearerMatches("Basic s3cret", "s3cret"), false);
  assert.equal(bearerMatches("", "s3cret"), false);
  assert.equal(bearerMatches(undefined, "s3cret"), false);
});

Deno.test("authorize: admin off, admin token, inference token, admin token opens inference", () => {
  const off: AccessPolicy = { adminEnabled: false };
  assert.equal(authorize(off, "admin", "Bearer x", "Shutdown")?.kind, "not_found");
  assert.equal(authorize(off, "inference", undefined, "Run"), null);
  const guarded: AccessPolicy = { adminToken: "adm" };
  assert.equal(authorize(guarded, "admin", undefined, "Shutdown")?.kind, "unauthenticated");
  assert.equal(authorize(guarded, "admin", "Bearer adm", "Shutdown"), null);
  assert.equal(authorize(guarded, "inference", undefined, "Run"), null);
  const both: AccessPolicy = { adminToken: "adm", token: "inf" };
  assert.equal(authorize(both, "inference", undefined, "Run")?.kind, "unauthenticated");
  assert.equal(authorize(both, "inference", "Bearer inf", "Run"), null);
  assert.equal(authorize(both, "inference", "Bearer adm", "Run"), null);
  assert.equal(authorize(both, "admin", "Bearer inf", "Shutdown")?.kind, "unauthenticated");
  assert.equal(authorize(both, "open", undefined, "Check"), null);
});
