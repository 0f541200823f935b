import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPlanStore } from './store';

const dir = mkdtempSync(join(tmpdir(), 'plans-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('plan store on SQLite', () => {
  it('lets one of two stores on one file run the plans, the other once the first is closed', async () => {
    const file = join(dir, 'plans.db');
    const a = await openPlanStore({ file });
    const b = await openPlanStore({ file });
    expect(await a.tryRunnerLock()).toBe(true);
    expect(await b.tryRunnerLock()).toBe(false);
    expect(await a.tryRunnerLock()).toBe(true);
    await a.close();
    expect(await b.tryRunnerLock()).toBe(true);
    await b.close();
  });

  it('takes each queued action once, in order', async () => {
    const s = await openPlanStore({ file: ':memory:' });
    await s.addAction('p1', 'pause', { by: 'admin' });
    await s.addAction('p1', 'resume', {});
    expect((await s.takeActions()).map((a) => a.action)).toEqual(['pause', 'resume']);
    expect(await s.takeActions()).toEqual([]);
    await s.close();
  });
});
