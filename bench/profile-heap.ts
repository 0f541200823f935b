/**
 * Profiling aid for the routers screen's memory (not part of `npm run bench`): opens /routers with N routers,
 * waits until the list is read, switches the grouping to pod and back (as bench/routers.ts does), collects
 * garbage and takes a heap snapshot through CDP (HeapProfiler.takeHeapSnapshot). Prints Runtime.getHeapUsage
 * and a summary of the snapshot:
 *  - self size by node type and constructor (the largest 30), with counts;
 *  - how many JS objects keep their properties in a dictionary (a hash table, "slow" properties) and the size of
 *    those tables, against the fast ones (a PropertyArray, shared hidden class);
 *  - strings by the property that holds them (edge name: zonename, netmask, ...): count, distinct values, bytes;
 *    many copies of few distinct values say that equal strings are not shared.
 * Usage: npx tsx bench/profile-heap.ts [routers] [--snapshot FILE] [--dist DIR]
 *   routers: default 10000. --snapshot FILE also writes the raw .heapsnapshot (for Chromium's DevTools).
 *   The snapshot is read as bytes, not as one JSON string, so that 50,000 routers (about 1 GB) fit.
 */
import { createWriteStream } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { logIn, SWITCH_JS } from './routersPage';
import { startServer } from '../server/main-lib';

const args = process.argv.slice(2);
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const ROUTERS = Number(args.find((a) => /^\d+$/.test(a)) ?? 10_000);
const DIST = flag('--dist') ?? join(process.cwd(), 'dist');
const SNAPSHOT = flag('--snapshot');

interface Snapshot {
  nodeFields: string[];
  nodeTypes: string[];
  edgeFields: string[];
  edgeTypes: string[];
  nodes: Float64Array;
  edges: Uint32Array;
  strings: string[];
}

/** The numbers of a JSON array of integers that starts after `key` in `buf` (e.g. "nodes":[). */
function readIntArray(buf: Buffer, key: string, into: 'f64' | 'u32'): Float64Array | Uint32Array {
  const start = buf.indexOf(key);
  if (start < 0) throw new Error(`heap snapshot without ${key}`);
  let i = start + key.length;
  const end = buf.indexOf(']', i);
  let count = 0;
  for (let j = i; j < end; j++) if (buf[j] === 44) count++;
  const out = into === 'f64' ? new Float64Array(count + 1) : new Uint32Array(count + 1);
  let n = 0;
  let v = 0;
  let any = false;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      any = true;
    } else if (c === 44) {
      out[n++] = v;
      v = 0;
      any = false;
    }
  }
  if (any) out[n++] = v;
  return out.subarray(0, n);
}

function readSnapshot(buf: Buffer): Snapshot {
  const metaEnd = buf.indexOf('"nodes":[');
  const head = buf.subarray(0, metaEnd).toString('utf8').replace(/,\s*$/, '') + '}';
  const meta = (JSON.parse(head) as { snapshot: { meta: { node_fields: string[]; node_types: [string[]]; edge_fields: string[]; edge_types: [string[]] } } }).snapshot.meta;
  const stringsAt = buf.indexOf('"strings":[');
  const stringsEnd = buf.lastIndexOf(']');
  const strings = JSON.parse(buf.subarray(stringsAt + '"strings":'.length, stringsEnd + 1).toString('utf8')) as string[];
  return {
    nodeFields: meta.node_fields,
    nodeTypes: meta.node_types[0],
    edgeFields: meta.edge_fields,
    edgeTypes: meta.edge_types[0],
    nodes: readIntArray(buf, '"nodes":[', 'f64') as Float64Array,
    edges: readIntArray(buf, '"edges":[', 'u32') as Uint32Array,
    strings,
  };
}

const MB = (b: number) => `${(b / 1e6).toFixed(1)} MB`;

function summarise(s: Snapshot): void {
  const NF = s.nodeFields.length;
  const EF = s.edgeFields.length;
  const fType = s.nodeFields.indexOf('type');
  const fName = s.nodeFields.indexOf('name');
  const fSize = s.nodeFields.indexOf('self_size');
  const fEdges = s.nodeFields.indexOf('edge_count');
  const eType = s.edgeFields.indexOf('type');
  const eName = s.edgeFields.indexOf('name_or_index');
  const eTo = s.edgeFields.indexOf('to_node');
  const nodeCount = s.nodes.length / NF;
  const typeOf = (n: number) => s.nodeTypes[s.nodes[n * NF + fType]!]!;
  const nameOf = (n: number) => s.strings[s.nodes[n * NF + fName]!]!;
  const sizeOf = (n: number) => s.nodes[n * NF + fSize]!;
  const isString = (t: string) => t === 'string' || t === 'concatenated string' || t === 'sliced string';

  // 1. Self size by type and constructor.
  let total = 0;
  const byCtor = new Map<string, { count: number; size: number }>();
  for (let n = 0; n < nodeCount; n++) {
    const t = typeOf(n);
    const key = isString(t) ? `(${t})` : `${t} ${nameOf(n).slice(0, 60)}`;
    const e = byCtor.get(key) ?? { count: 0, size: 0 };
    e.count += 1;
    e.size += sizeOf(n);
    byCtor.set(key, e);
    total += sizeOf(n);
  }
  console.log(`snapshot: ${nodeCount.toLocaleString('en')} nodes, ${MB(total)} self size in all`);
  console.log('self size by type and constructor:');
  for (const [k, v] of [...byCtor.entries()].sort((a, b) => b[1].size - a[1].size).slice(0, 30)) {
    console.log(`${MB(v.size).padStart(10)}  ${v.count.toLocaleString('en').padStart(10)}  ${k}`);
  }

  // 2. Objects' property stores, and 3. strings by the property that holds them.
  const firstEdge = new Uint32Array(nodeCount + 1);
  for (let n = 0, e = 0; n < nodeCount; n++) {
    firstEdge[n] = e;
    e += s.nodes[n * NF + fEdges]! * EF;
  }
  const stores = new Map<string, { count: number; size: number }>();
  const byProperty = new Map<string, { count: number; size: number; values: Set<string> }>();
  const counted = new Uint8Array(nodeCount);
  for (let n = 0; n < nodeCount; n++) {
    const t = typeOf(n);
    if (t !== 'object' || nameOf(n) !== 'Object') continue;
    const from = firstEdge[n]!;
    const to = from + s.nodes[n * NF + fEdges]! * EF;
    for (let e = from; e < to; e += EF) {
      const et = s.edgeTypes[s.edges[e + eType]!]!;
      const target = s.edges[e + eTo]! / NF;
      const tt = typeOf(target);
      if (et === 'internal' && s.strings[s.edges[e + eName]!] === 'properties') {
        const key = nameOf(target);
        const v = stores.get(key) ?? { count: 0, size: 0 };
        v.count += 1;
        v.size += sizeOf(target);
        stores.set(key, v);
      }
      if (et === 'property' && isString(tt) && !counted[target]) {
        counted[target] = 1;
        const prop = s.strings[s.edges[e + eName]!]!;
        const v = byProperty.get(prop) ?? { count: 0, size: 0, values: new Set<string>() };
        v.count += 1;
        v.size += sizeOf(target);
        if (v.values.size < 100_000) v.values.add(nameOf(target));
        byProperty.set(prop, v);
      }
    }
  }
  console.log('property stores of plain objects (internal edge "properties"):');
  for (const [k, v] of [...stores.entries()].sort((a, b) => b[1].size - a[1].size).slice(0, 8)) {
    console.log(`${MB(v.size).padStart(10)}  ${v.count.toLocaleString('en').padStart(10)}  ${k}`);
  }
  console.log('strings held by plain objects, by property (bytes, strings, distinct values):');
  let strTotal = 0;
  for (const v of byProperty.values()) strTotal += v.size;
  console.log(`${MB(strTotal).padStart(10)}  in all`);
  for (const [k, v] of [...byProperty.entries()].sort((a, b) => b[1].size - a[1].size).slice(0, 40)) {
    console.log(`${MB(v.size).padStart(10)}  ${v.count.toLocaleString('en').padStart(10)}  ${String(v.values.size).padStart(7)}  ${k}`);
  }
}

const server = await startServer({ port: 0, host: '127.0.0.1', staticRoot: DIST, options: { database: ':memory:', routers: ROUTERS } });
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu', '--enable-precise-memory-info'] });
try {
  const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
  await logIn(await context.newPage(), server.url);
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await page.goto(new URL('/routers', server.url).toString());
  await page.locator('[data-testid="router-row"]').first().waitFor({ timeout: 300_000 });
  await page.waitForFunction(() => !document.querySelector('[data-testid="read-progress"]'), undefined, { timeout: 300_000, polling: 100 });
  await page.evaluate(SWITCH_JS('pod', '[data-testid="group-row"]'));
  await page.evaluate(SWITCH_JS('all', '[data-testid="router-row"]'));
  await cdp.send('HeapProfiler.enable');
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')) as { usedSize: number; totalSize: number };
  console.log(`${ROUTERS.toLocaleString('en')} routers: JS heap ${MB(heap.usedSize)} used (${MB(heap.totalSize)} allocated), after garbage collection`);
  const chunks: Buffer[] = [];
  const file = SNAPSHOT ? createWriteStream(SNAPSHOT) : undefined;
  cdp.on('HeapProfiler.addHeapSnapshotChunk', ({ chunk }: { chunk: string }) => {
    chunks.push(Buffer.from(chunk, 'utf8'));
    file?.write(chunk);
  });
  await cdp.send('HeapProfiler.takeHeapSnapshot', { reportProgress: false });
  file?.end();
  await page.close();
  await context.close();
  summarise(readSnapshot(Buffer.concat(chunks)));
} finally {
  await browser.close();
  await server.close();
}
