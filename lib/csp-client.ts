import { z } from 'zod'

/**
 * Browser side of the pages' Content-Security-Policy (lib/security-headers.ts), loaded by
 * instrumentation-client.ts before hydration, so before any page module builds a schema.
 *
 * Zod 4 compiles object parsers with `new Function` where eval is allowed, and finds out by
 * calling `new Function('')` when the first object schema is built. The policy forbids eval, so
 * the probe is refused and reported as a `securitypolicyviolation`, although Zod catches it and
 * falls back. `jitless` skips the probe and the compiled parsers; the interpreted parsers accept
 * and reject exactly the same input (the server, which has no CSP, keeps the compiled ones).
 */
z.config({ jitless: true })
