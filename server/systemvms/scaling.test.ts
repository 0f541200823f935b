import { describe, expect, it } from 'vitest';
import { planSsvmScaling } from './scaling';

const one = [{ id: 's1', load: 0, primary: true }];

describe('secondary storage VM scaling', () => {
  it('adds an SSVM when fewer than the standby sessions would be free', () => {
    expect(planSsvmScaling({ ssvms: one, zoneLoad: 0, sessionMax: 50, standby: 10 })).toEqual({ action: 'none' });
    expect(planSsvmScaling({ ssvms: one, zoneLoad: 40, sessionMax: 50, standby: 10 })).toEqual({ action: 'none' });
    expect(planSsvmScaling({ ssvms: one, zoneLoad: 41, sessionMax: 50, standby: 10 })).toEqual({ action: 'add' });
    // One on its way up counts as capacity: no second add while it starts.
    expect(planSsvmScaling({ ssvms: one, zoneLoad: 41, sessionMax: 50, standby: 10, starting: 1 })).toEqual({ action: 'none' });
  });

  it('removes an idle extra SSVM when one fewer still leaves the standby free, never the first', () => {
    const two = [{ id: 's1', load: 30, primary: true }, { id: 's2', load: 0, primary: false }];
    expect(planSsvmScaling({ ssvms: two, zoneLoad: 30, sessionMax: 50, standby: 10 })).toEqual({ action: 'remove', id: 's2' });
    expect(planSsvmScaling({ ssvms: two, zoneLoad: 45, sessionMax: 50, standby: 10 })).toEqual({ action: 'none' });
    const busy = [{ id: 's1', load: 0, primary: true }, { id: 's2', load: 3, primary: false }];
    expect(planSsvmScaling({ ssvms: busy, zoneLoad: 3, sessionMax: 50, standby: 10 })).toEqual({ action: 'none' });
  });

  it('never flaps: after an add the same load does not remove, and after a remove it does not add', () => {
    for (const max of [1, 2, 5, 50]) {
      for (const standby of [0, 1, 3, 10]) {
        for (let load = 0; load <= 3 * max; load++) {
          for (let n = 1; n <= 4; n++) {
            const ssvms = Array.from({ length: n }, (_, i) => ({ id: `s${i}`, load: i === 0 ? load : 0, primary: i === 0 }));
            const d = planSsvmScaling({ ssvms, zoneLoad: load, sessionMax: max, standby });
            if (d.action === 'add') {
              const after = [...ssvms, { id: 'new', load: 0, primary: false }];
              expect(planSsvmScaling({ ssvms: after, zoneLoad: load, sessionMax: max, standby }).action).not.toBe('remove');
            }
            if (d.action === 'remove') {
              const after = ssvms.filter((s) => s.id !== d.id);
              expect(planSsvmScaling({ ssvms: after, zoneLoad: load, sessionMax: max, standby }).action).not.toBe('add');
            }
          }
        }
      }
    }
  });
});
