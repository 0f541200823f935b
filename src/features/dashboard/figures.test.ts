import { describe, expect, it } from 'vitest';
import { orderedStates, slug, tallyRouters, tallySystemVms } from './figures';

describe('tallyRouters', () => {
  it('counts routers by state and those requiring an upgrade', () => {
    const figures = tallyRouters([
      { state: 'Running', requiresupgrade: true },
      { state: 'Running', requiresupgrade: false },
      { state: 'Stopped', requiresupgrade: true },
      { state: 'Starting' },
    ]);
    expect(figures).toEqual({
      total: 4,
      byState: { Running: 2, Stopped: 1, Starting: 1 },
      requiringUpgrade: 2,
    });
  });

  it('gives zeros for no routers', () => {
    expect(tallyRouters([])).toEqual({ total: 0, byState: {}, requiringUpgrade: 0 });
  });
});

describe('tallySystemVms', () => {
  it('counts system VMs by type, then by state', () => {
    const figures = tallySystemVms([
      { systemvmtype: 'consoleproxy', state: 'Running' },
      { systemvmtype: 'consoleproxy', state: 'Stopped' },
      { systemvmtype: 'secondarystoragevm', state: 'Running' },
      { systemvmtype: 'secondarystoragevm', state: 'Running' },
      { systemvmtype: 'secondarystoragevm', state: 'Starting' },
    ]);
    expect(figures.total).toBe(5);
    expect(figures.byType.consoleproxy).toEqual({ total: 2, byState: { Running: 1, Stopped: 1 } });
    expect(figures.byType.secondarystoragevm).toEqual({ total: 3, byState: { Running: 2, Starting: 1 } });
  });

  it('keeps both types present when there are none', () => {
    const figures = tallySystemVms([]);
    expect(figures.byType.consoleproxy.total).toBe(0);
    expect(figures.byType.secondarystoragevm.total).toBe(0);
  });
});

describe('orderedStates', () => {
  it('puts Running first, then the other states by name', () => {
    expect(orderedStates({ Stopped: 1, Running: 3, Error: 2 })).toEqual([
      ['Running', 3],
      ['Error', 2],
      ['Stopped', 1],
    ]);
  });
});

describe('slug', () => {
  it('makes a test id fragment', () => {
    expect(slug('Running')).toBe('running');
    expect(slug('Console proxy VMs')).toBe('console-proxy-vms');
  });
});
