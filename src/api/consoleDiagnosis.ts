/**
 * The console connection diagnosis: the console's own JSON API (served by the serving process, beside the
 * plan API), declared once for the serving process (server/console/diagnosisHttp.ts) and the app
 * (src/features/console).
 *
 * A browser tells a page only that a WebSocket failed (close code 1006, no reason). The serving process can
 * say why: for a console token its caller has just been given by createConsoleEndpoint — never for an
 * address the caller names, which would let any user probe the network from the server — it resolves the
 * proxy host of that answer, opens a TCP connection to its port and, for wss, makes a TLS handshake checked
 * against the system trust store, and answers which step failed with Node's error code.
 *
 *   POST /client/console/diagnosis   {"token": "<createConsoleEndpoint websocket.token>"}
 *
 * Open to the token's owner and to root admins, with the session as for the plan API (JSESSIONID cookie and
 * `sessionkey` header). Errors are `{"error":{"status","field","message"}}` (as the plan API's).
 */
import { z } from 'zod';

export const CONSOLE_DIAGNOSIS_API = '/client/console/diagnosis';

export const consoleDiagnosisRequestSchema = z.object({ token: z.string().min(1).max(200) }).strict();
export type ConsoleDiagnosisRequest = z.infer<typeof consoleDiagnosisRequestSchema>;

/**
 * The step that failed, or `reached` when every step passed from the serving process (then the cause lies
 * between the browser and the proxy: the browser's DNS, network or trust store differ from the server's).
 *   name-not-resolved        the proxy host name does not resolve (ENOTFOUND, EAI_AGAIN, ...)
 *   refused                  nothing listens on the port (ECONNREFUSED)
 *   no-answer                no answer to the TCP connection in time (ETIMEDOUT)
 *   unreachable              no route to the address (EHOSTUNREACH, ENETUNREACH)
 *   certificate-not-trusted  the TLS certificate is not trusted or does not name the host (its X.509 code)
 *   tls-failed               the TLS handshake failed otherwise (a plain-text port, a protocol error)
 */
export const consoleDiagnosisCauseSchema = z.enum([
  'name-not-resolved', 'refused', 'no-answer', 'unreachable', 'certificate-not-trusted', 'tls-failed', 'reached',
]);
export type ConsoleDiagnosisCause = z.infer<typeof consoleDiagnosisCauseSchema>;

export const consoleDiagnosisStepSchema = z.object({
  step: z.enum(['resolve', 'connect', 'tls']),
  ok: z.boolean(),
  /** Node's error code (ENOTFOUND, ECONNREFUSED, DEPTH_ZERO_SELF_SIGNED_CERT, ...) when the step failed. */
  code: z.string().optional(),
  /** What the step found or why it failed, in words (addresses, the certificate's subject). */
  detail: z.string().optional(),
});

export const consoleDiagnosisSchema = z.object({
  /** The proxy address the createConsoleEndpoint answer named (no token). */
  host: z.string(),
  port: z.number().int(),
  secure: z.boolean(),
  steps: z.array(consoleDiagnosisStepSchema),
  cause: consoleDiagnosisCauseSchema,
  /** The failed step's Node error code. */
  code: z.string().optional(),
});
export type ConsoleDiagnosis = z.infer<typeof consoleDiagnosisSchema>;

export const consoleDiagnosisErrorSchema = z.object({
  error: z.object({ status: z.number(), field: z.string().optional(), message: z.string() }),
});
