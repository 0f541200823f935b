// Preloaded into the simulator by bench/load.ts (NODE_OPTIONS=--import): writes the process's V8 heap and RSS
// (bytes, process.memoryUsage()) to HEAP_PROBE_FILE every 250 ms, so that the bench can print the server's heap.
import { writeFileSync } from 'node:fs';

const file = process.env.HEAP_PROBE_FILE;
if (file) {
  let peakHeap = 0;
  setInterval(() => {
    const m = process.memoryUsage();
    peakHeap = Math.max(peakHeap, m.heapUsed);
    writeFileSync(file, JSON.stringify({ heapUsed: m.heapUsed, heapTotal: m.heapTotal, peakHeapUsed: peakHeap, rss: m.rss }));
  }, 250).unref();
}
