import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import routers419 from './fixtures/listRouters.4.19.json';
import { compactValue, parseResponse } from './parse';
import { routerSchema } from './schemas';

/**
 * V8's own answer to "does this object keep its properties in a hidden class (fast) or in a hash table of its
 * own (dictionary)": %HasFastProperties, a native that Node allows once --allow-natives-syntax is set (it
 * applies to code compiled afterwards, hence new Function).
 */
setFlagsFromString('--allow-natives-syntax');
const hasFastProperties = new Function('o', 'return %HasFastProperties(o)') as (o: object) => boolean;

let answers = 0;

/**
 * A listRouters answer of `n` routers made from the CloudStack 4.19 router of the fixture (49 fields, 3 NICs).
 * Each answer's routers carry one more field, named for the answer: V8 shares hidden classes among all objects
 * of the process, so without a field that no object has had yet, zod's output could follow the hidden classes
 * that an earlier test made (in the browser, JSON.parse's objects have the fields in the server's order, not
 * in zod's).
 */
function routersAnswer(n: number): unknown {
  const [full] = routers419.listroutersresponse.router;
  const fresh = `unknownfield${++answers}`;
  const router = Array.from({ length: n }, (_, i) => ({ ...structuredClone(full), id: `r-${i}`, name: `r-${i}-VM`, [fresh]: 'x' }));
  // A fresh parse, as the transport's response.json() gives: every string value is a copy of its own.
  return JSON.parse(JSON.stringify({ listroutersresponse: { count: n, router } })) as unknown;
}

describe('compactValue', () => {
  it('replaces every string, also in nested objects and arrays, by the copy the pool keeps', () => {
    // The pool's copy is made visibly different here: a string's identity cannot be observed in JavaScript.
    const pool = new Map([['255.255.255.0', 'POOLED']]);
    const out = compactValue([{ netmask: '255.255.255.0', nic: [{ netmask: '255.255.255.0', mtu: 1500 }] }, '255.255.255.0'], pool);
    expect(out).toEqual([{ netmask: 'POOLED', nic: [{ netmask: 'POOLED', mtu: 1500 }] }, 'POOLED']);
  });

  it('keeps one string per distinct value of an answer, so that equal values of two routers share it', () => {
    const pool = new Map<string, string>();
    const answer = routersAnswer(3) as { listroutersresponse: { router: Record<string, unknown>[] } };
    const items = z.array(routerSchema).parse(answer.listroutersresponse.router);
    const distinct = new Set<string>();
    const collect = (v: unknown): void => {
      if (typeof v === 'string') distinct.add(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    collect(items);
    compactValue(items, pool);
    expect(pool.size).toBe(distinct.size);
    expect([...pool.entries()].every(([k, v]) => k === v)).toBe(true);
  });

  it('copies each plain object (a copy made by spread), equal to the original', () => {
    const original = { a: 1, nested: { b: 'x' }, list: [{ c: true }] };
    const out = compactValue(original, new Map()) as typeof original;
    expect(out).toEqual(original);
    expect(out).not.toBe(original);
    expect(out.nested).not.toBe(original.nested);
  });

  it('leaves values that are not plain objects as they are', () => {
    const date = new Date(0);
    expect(compactValue(date, new Map())).toBe(date);
    expect(compactValue(null, new Map())).toBe(null);
    expect(compactValue(7, new Map())).toBe(7);
  });
});

describe('parseResponse of a list', () => {
  it('gives the items zod reads, in objects that V8 keeps fast (not one hash table per router)', () => {
    const answer = routersAnswer(20);
    const expected = z.array(routerSchema).parse((answer as { listroutersresponse: { router: unknown[] } }).listroutersresponse.router);
    const { count, items } = parseResponse('listRouters', answer);
    expect(count).toBe(20);
    expect(items).toEqual(expected);
    // zod builds its output with out[key] = value; past about 16 such properties V8 makes the object a dictionary.
    for (const r of items) {
      expect(hasFastProperties(r)).toBe(true);
      for (const nic of r.nic ?? []) expect(hasFastProperties(nic)).toBe(true);
    }
  });

  it('keeps the items it can read when another one is not a router, compact as well', () => {
    const answer = routersAnswer(3) as { listroutersresponse: { router: unknown[] } };
    answer.listroutersresponse.router.push({ name: 'no id' });
    const r = parseResponse('listRouters', answer) as { items: { id: string }[]; skipped?: string[] };
    expect(r.items.map((x) => x.id)).toEqual(['r-0', 'r-1', 'r-2']);
    expect(r.skipped).toHaveLength(1);
    expect(r.items.every(hasFastProperties)).toBe(true);
  });
});
