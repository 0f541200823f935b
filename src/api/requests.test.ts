import { describe, expect, it } from 'vitest';
import { commands } from './commands';
import { parameterKind, parameterType } from './params';
import { requests } from './requests';
import type { ApiRequest } from './transport';

/** Compiles only when A and B are the same type. */
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const is = <T extends true>(_: T) => _;

describe('requests: every command’s parameters, declared once', () => {
  it('declares parameters for every command of the contract, and none for a command it lacks', () => {
    expect(Object.keys(requests).sort()).toEqual(Object.keys(commands).sort());
  });

  it('names the entity type of every UUID parameter', () => {
    for (const [name, schema] of Object.entries(requests)) {
      for (const [param, p] of Object.entries(schema.shape)) {
        const kind = parameterKind(p);
        if (kind.kind === 'uuid' || kind.kind === 'uuid-list') expect(kind.entity, `${name}.${param}`).toMatch(/^[a-z]+$/);
      }
    }
    expect(parameterKind(requests.stopRouter.shape.id)).toEqual({ kind: 'uuid', entity: 'vm' });
    expect(parameterKind(requests.listSystemVms.shape.zoneid)).toEqual({ kind: 'uuid', entity: 'zone' });
    expect(parameterKind(requests.listZones.shape.ids)).toEqual({ kind: 'uuid-list', entity: 'zone' });
    expect(parameterType(requests.listRouters.shape.projectid)).toEqual({ type: 'uuid', length: 255 });
  });

  it('types the app’s calls: unknown names and missing required parameters do not compile', () => {
    const ok: ApiRequest<'stopRouter'> = { id: 'x', forced: true };
    const list: ApiRequest<'listRouters'> = { listall: true, page: 1, pagesize: '50', projectid: '-1', state: 'Running' };
    // @ts-expect-error an unknown parameter name
    const unknown: ApiRequest<'stopRouter'> = { id: 'x', force: true };
    // @ts-expect-error the required id is missing
    const missing: ApiRequest<'stopRouter'> = { forced: true };
    // @ts-expect-error a number where the schema reads a string
    const wrong: ApiRequest<'listRouters'> = { name: 5 };
    // @ts-expect-error templatefilter is one of TemplateFilter's values
    const filter: ApiRequest<'listTemplates'> = { templatefilter: 'everything' };
    is<Equal<keyof ApiRequest<'getRouterHealthCheckResults'>, 'routerid' | 'performfreshchecks'>>(true);
    expect([ok, list, unknown, missing, wrong, filter]).toHaveLength(6);
  });
});
