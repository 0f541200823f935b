import { XMLBuilder } from 'fast-xml-parser';
import { commands, responseKey, type CommandName } from '../../src/api/commands';
import { MANAGEMENT_SERVER_VERSION } from '../seed/versions';
import type { ApiError } from './errors';

/** Wraps a handler's data in CloudStack's envelope for the command (ApiResponseSerializer.toJSONSerializedString). */
export function successBody(command: CommandName, data: unknown): Record<string, unknown> {
  const spec = commands[command];
  const key = responseKey(command);
  switch (spec.kind) {
    case 'list': {
      const { count, items } = data as { count: number; items: unknown[] };
      if (count === 0 && items.length === 0) return { [key]: {} };
      return { [key]: items.length === 0 ? { count } : { count, [spec.key]: items } };
    }
    case 'object':
      return { [key]: { [spec.key]: data } };
    case 'flat':
      return { [key]: data };
    case 'job': {
      const { jobid, id } = data as { jobid: string; id?: string };
      return { [key]: id ? { id, jobid } : { jobid } };
    }
  }
}

/**
 * An ExceptionResponse: `uuidList`, `errorcode`, `cserrorcode` (absent on the servlet's own 401) and
 * `errortext`, under `<command>response`, or under `errorresponse` when `command` is empty.
 */
export function errorBody(command: string, err: ApiError): Record<string, unknown> {
  const body: Record<string, unknown> = { uuidList: [], errorcode: err.errorcode };
  if (err.cserrorcode !== undefined) body.cserrorcode = err.cserrorcode;
  body.errortext = err.errortext;
  return { [command ? responseKey(command) : 'errorresponse']: body };
}

const xml = new XMLBuilder({ ignoreAttributes: false, attributeNamePrefix: '@_', suppressEmptyNode: false });

/**
 * The XML form of an envelope, as ApiResponseSerializer.toXMLSerializedString writes it: the envelope key is
 * the root element with `cloud-stack-version`, each field an element, a list repeats its element, an object
 * nests (a job result sits in `<jobresult>`), null fields and empty lists are left out.
 */
export function toXml(body: Record<string, unknown>): string {
  const [key, value] = Object.entries(body)[0] ?? ['errorresponse', {}];
  const root = { ...(value as Record<string, unknown>), '@_cloud-stack-version': MANAGEMENT_SERVER_VERSION };
  return `<?xml version="1.0" encoding="UTF-8"?>${xml.build({ [key]: dropEmpty(root) }) as string}`;
}

function dropEmpty(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(dropEmpty);
  if (v && typeof v === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      if (x === null || x === undefined || (Array.isArray(x) && x.length === 0)) continue;
      out[k] = dropEmpty(x);
    }
    return out;
  }
  return v;
}

/** The bytes and Content-Type of an API answer in the format asked for. */
export function serializeAnswer(answer: { body: Record<string, unknown>; format: 'json' | 'xml' }): { text: string; contentType: string } {
  if (answer.format === 'xml') return { text: toXml(answer.body), contentType: 'text/xml; charset=UTF-8' };
  return { text: JSON.stringify(answer.body), contentType: 'application/json; charset=utf-8' };
}
