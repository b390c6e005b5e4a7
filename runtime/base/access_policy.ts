/**
 * Who may call what: admin calls (Shutdown, model load/unload, training) can
 * be switched off or guarded by a bearer token; inference stays open unless
 * an inference token is set. Tokens are compared in constant time. Every
 * door (gRPC interceptor, HTTP routes) asks {@link authorize}; nothing here
 * knows a protocol.
 *
 * @module
 */
import { timingSafeEqual } from "node:crypto";
import { RuntimeError } from "./errors.ts";

/** The access rules of one server, read once from the command line. */
export interface AccessPolicy {
  /** False answers every admin call with `not_found` ("switched off"); default true. */
  readonly adminEnabled?: boolean;
  /** When set, admin calls need `authorization: Bearer <adminToken>`. */
  readonly adminToken?: string;
  /** When set, inference and status calls need `Bearer <token>` (or the admin token). */
  readonly token?: string;
}

/** What a call does, for access decisions. */
export type AccessRole = "admin" | "inference" | "open";

const encoder = new TextEncoder();

/**
 * Whether the `authorization` value carries `Bearer <expected>`. The
 * comparison takes the same time for every candidate of a given length and
 * reveals nothing about how much of it matched.
 */
export function bearerMatches(authorization: string | undefined | null, expected: string): boolean {
  if (!authorization) return false;
  const match = /^Bearer[ \t]+(.+)$/i.exec(authorization.trim());
  const offered = encoder.encode(match ? match[1] : "");
  const wanted = encoder.encode(expected);
  // Compare equal-length buffers always, so the timing does not depend on the offer.
  const padded = new Uint8Array(wanted.length);
  padded.set(offered.subarray(0, wanted.length));
  const same = timingSafeEqual(padded, wanted);
  return same && offered.length === wanted.length && match !== null;
}

/**
 * The error refusing a call of `role` that presented `authorization`, or null
 * when `policy` lets it through. `what` names the call in the message.
 */
export function authorize(
  policy: AccessPolicy,
  role: AccessRole,
  authorization: string | undefined | null,
  what: string,
): RuntimeError | null {
  if (role === "open") return null;
  if (role === "admin") {
    if (policy.adminEnabled === false) {
      return new RuntimeError(
        "not_found",
        `${what} is switched off on this server (started with --no-admin)`,
      );
    }
    const token = policy.adminToken ?? policy.token;
    if (token === undefined || token === "") return null;
    if (bearerMatches(authorization, token)) return null;
    return new RuntimeError(
      "unauthenticated",
      `${what} is an admin call: send 'authorization: Bearer <admin token>'`,
    );
  }
  if (policy.token === undefined || policy.token === "") return null;
  if (bearerMatches(authorization, policy.token)) return null;
  if (policy.adminToken && bearerMatches(authorization, policy.adminToken)) return null;
  return new RuntimeError(
    "unauthenticated",
    `${what} needs 'authorization: Bearer <token>' (this server was started with --token)`,
  );
}

/**
 * Whether `policy` lets every call through whatever it presents (admin calls
 * on, no token set): then no door needs to check anything, and the servers
 * install no access interceptor or route wrapper at all. It asks
 * {@link authorize} itself, so the answer can never drift from the rules.
 */
export function accessIsOpen(policy: AccessPolicy): boolean {
  return authorize(policy, "admin", undefined, "") === null &&
    authorize(policy, "inference", undefined, "") === null;
}
