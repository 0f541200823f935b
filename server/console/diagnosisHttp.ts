/**
 * POST /client/console/diagnosis (src/api/consoleDiagnosis.ts), mounted in the serving process in simulator
 * mode: the session is checked as the plan API checks it (JSESSIONID cookie and `sessionkey` header, which
 * must match), then ConsoleService.diagnose answers for a token the caller was just given.
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { CONSOLE_DIAGNOSIS_API, consoleDiagnosisRequestSchema } from '../../src/api/consoleDiagnosis';
import { ApiError } from '../api/errors';
import type { Simulator } from '../api/context';
import { findSession } from '../auth/sessions';
import { callerById } from '../auth/callers';
import { parseCookies } from '../http/security';
import { sendJson } from '../http/io';
import { consolesOf } from './service';

function sameText(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

const error = (status: number, message: string, field?: string) => ({ error: { status, ...(field ? { field } : {}), message } });

/** The route as a Fastify plugin for the simulator `sim` (buildApp's `plugins`). */
export function consoleDiagnosisRoute(sim: Simulator): (app: FastifyInstance) => Promise<void> {
  return async (app) => {
    app.post(CONSOLE_DIAGNOSIS_API, async (request, reply) => {
      const jsessionid = parseCookies(request.headers.cookie).JSESSIONID;
      const header = request.headers.sessionkey;
      const sessionkey = Array.isArray(header) ? header[0] : header;
      if (!jsessionid) return sendJson(reply, 401, error(401, 'Log in first: the request has no JSESSIONID cookie', 'JSESSIONID'));
      const session = findSession(sim.db, jsessionid);
      if (!session || !sessionkey || !sameText(session.sessionkey, sessionkey)) {
        return sendJson(reply, 401, error(401, 'The session is unknown or has ended; log in again', 'sessionkey'));
      }
      const caller = callerById(sim.db, session.userid);
      if (!caller) return sendJson(reply, 401, error(401, 'The session is unknown or has ended; log in again', 'sessionkey'));
      let body: unknown;
      try {
        body = JSON.parse(typeof request.body === 'string' ? request.body : '');
      } catch {
        return sendJson(reply, 400, error(400, 'The body is not JSON'));
      }
      const parsed = consoleDiagnosisRequestSchema.safeParse(body);
      if (!parsed.success) return sendJson(reply, 400, error(400, parsed.error.issues[0]!.message, parsed.error.issues[0]!.path.join('.') || undefined));
      try {
        return sendJson(reply, 200, await consolesOf(sim).diagnose(caller, parsed.data.token));
      } catch (err) {
        if (err instanceof ApiError) return sendJson(reply, 404, error(404, err.message, 'token'));
        throw err;
      }
    });
  };
}
