/**
 * The parameter schemas live in the app's contract (src/api/params.ts, pure zod) so that the app and the
 * simulator read them alike; this module re-exports them and adds what only the simulator's dispatcher does.
 */
export { ID_MARK, IDS_MARK, MAP_MARK, P, UUID, listParams, ownerParams, parameterKind, parameterType } from '../../src/api/params';
export type { EntityType, MapParam } from '../../src/api/params';
import type { MapParam } from '../../src/api/params';

/**
 * Unpacks request parameters as ParamUnpackWorker does: names are lower-cased (`jobId` is `jobid`), and
 * `name[i].field=value` becomes a map parameter `name` (its field names keep their case). A malformed
 * bracket name is refused (430, "Unable to decode parameter").
 */
export function unpackParams(raw: Record<string, string>): { params: Record<string, string>; maps: Record<string, MapParam> } {
  const params: Record<string, string> = {};
  const byIndex: Record<string, Map<number, Record<string, string>>> = {};
  for (const [key, value] of Object.entries(raw)) {
    const open = key.indexOf('[');
    if (open !== key.lastIndexOf('[')) throw new MalformedParameter(key);
    if (open > 0) {
      const close = key.indexOf(']');
      if (close < open || close !== key.lastIndexOf(']')) throw new MalformedParameter(key);
      const dot = key.indexOf('.');
      if (dot < close) throw new MalformedParameter(key);
      const index = key.slice(open + 1, close);
      if (!/^-?\d+$/.test(index)) throw new MalformedParameter(key);
      const name = key.slice(0, open).toLowerCase();
      const entries = (byIndex[name] ??= new Map());
      const entry = entries.get(Number(index)) ?? {};
      entry[key.slice(dot + 1)] = value;
      entries.set(Number(index), entry);
    } else {
      const name = key.toLowerCase();
      // The first value of a name wins, as the HTTP layer keeps the first of a repeated parameter.
      if (!(name in params)) params[name] = value;
    }
  }
  const maps: Record<string, MapParam> = {};
  for (const [name, entries] of Object.entries(byIndex)) {
    maps[name] = [...entries.entries()].sort((a, b) => a[0] - b[0]).map(([, e]) => e);
  }
  return { params, maps };
}

/** A parameter name ParamUnpackWorker cannot decode. */
export class MalformedParameter extends Error {
  constructor(readonly key: string) {
    super(`Unable to decode parameter ${key}; if specifying an object array, please use parameter[index].field=XXX, e.g. userGroupList[0].group=httpGroup`);
  }
}
