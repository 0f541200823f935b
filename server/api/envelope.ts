import { commands, responseKey, type CommandName } from '../../src/api/commands';
import type { ApiError } from './errors';

/** Wraps a handler's data in CloudStack's envelope for the command. */
export function successBody(command: CommandName, data: unknown): Record<string, unknown> {
  const spec = commands[command];
  const key = responseKey(command);
  switch (spec.kind) {
    case 'list': {
      const { count, items } = data as { count: number; items: unknown[] };
      return { [key]: items.length === 0 && count === 0 ? {} : { count, [spec.key]: items } };
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

export function errorBody(command: string, err: ApiError): Record<string, unknown> {
  return {
    [responseKey(command || 'error')]: {
      uuidList: [],
      errorcode: err.errorcode,
      cserrorcode: err.cserrorcode,
      errortext: err.errortext,
    },
  };
}
