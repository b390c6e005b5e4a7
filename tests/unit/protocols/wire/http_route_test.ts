/**
 * HTTP error scopes (runtime/protocols/wire/http_route.ts): a prefix covers
 * itself and what lies under it, not a longer sibling; the longest prefix
 * wins.
 */
import assert from "node:assert/strict";
import {
  errorScopeOf,
  type HttpErrorScope,
} from "../../../../runtime/protocols/wire/http_route.ts";

const answer = () => new Response();
const scopes: HttpErrorScope[] = [
  { prefix: "/api", errorAnswer: answer },
  { prefix: "/api/v1", errorAnswer: answer },
];

Deno.test("an error scope covers its prefix and what is under it, the longest first", () => {
  assert.equal(errorScopeOf(scopes, "/api/v1")?.prefix, "/api/v1");
  assert.equal(errorScopeOf(scopes, "/api/v1/task/x")?.prefix, "/api/v1");
  assert.equal(errorScopeOf(scopes, "/api/v2")?.prefix, "/api");
  assert.equal(errorScopeOf(scopes, "/apiary"), undefined);
  assert.equal(errorScopeOf(scopes, "/"), undefined);
});
