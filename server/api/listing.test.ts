import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { addEq, addEqIgnoringCase, addEqs, addFlag, addIn, addKeyword, dataField, emptyFilter } from './listing';
import type { Filter } from './access';

describe('the filter helpers of list commands', () => {
  const db = new Database(':memory:');
  db.exec(`CREATE TABLE t (id TEXT, name TEXT, state TEXT, data TEXT);
    INSERT INTO t VALUES ('a', 'r-1-VM', 'Running', '{"hypervisor":"KVM"}'), ('b', 'r-2_VM', 'Stopped', '{"hypervisor":"VMware"}'),
      ('c', 'r-3%VM', 'running', '{"hypervisor":"kvm"}');`);
  afterAll(() => db.close());
  const ids = (f: Filter): string[] =>
    (db.prepare(`SELECT id FROM t ${f.where.length ? `WHERE ${f.where.join(' AND ')}` : ''} ORDER BY id`).all(...f.args) as { id: string }[])
      .map((r) => r.id);

  it('add nothing for an absent parameter', () => {
    const f = emptyFilter();
    addEq(f, 'id', undefined);
    addIn(f, 'id', undefined);
    addEqIgnoringCase(f, 'state', undefined);
    addEqIgnoringCase(f, 'state', '');
    addKeyword(f, ['name'], undefined);
    addKeyword(f, ['name'], '');
    addEqs(f, { id: undefined, name: undefined }, ['id', 'name']);
    addFlag(f, 'flag', undefined);
    expect(f).toEqual({ where: [], args: [] });
  });

  it('addEqs matches each given parameter against the column of its name, in the order named', () => {
    const f = emptyFilter();
    addEqs(f, { id: 'a', name: undefined, state: 'Running' }, ['state', 'name', 'id']);
    expect(f).toEqual({ where: ['state = ?', 'id = ?'], args: ['Running', 'a'] });
    expect(ids(f)).toEqual(['a']);
  });

  it('addEq matches a field of the JSON data column', () => {
    const f = emptyFilter();
    addEq(f, dataField('hypervisor'), 'VMware');
    expect(f.where).toEqual([`json_extract(data, '$.hypervisor') = ?`]);
    expect(ids(f)).toEqual(['b']);
  });

  it('addFlag matches a yes/no parameter against a 0/1 column', () => {
    const yes = emptyFilter();
    addFlag(yes, 'flag', true);
    const no = emptyFilter();
    addFlag(no, 'flag', false);
    expect([yes, no]).toEqual([{ where: ['flag = ?'], args: [1] }, { where: ['flag = ?'], args: [0] }]);
  });

  it('addIn keeps the rows whose column is one of the values (none for an empty list)', () => {
    const f = emptyFilter();
    addIn(f, 'id', ['c', 'a', 'x']);
    expect(ids(f)).toEqual(['a', 'c']);
    const none = emptyFilter();
    addIn(none, 'id', []);
    expect(ids(none)).toEqual([]);
  });

  it('addEqIgnoringCase matches a column or an expression whatever the case', () => {
    const state = emptyFilter();
    addEqIgnoringCase(state, 'state', 'RUNNING');
    expect(ids(state)).toEqual(['a', 'c']);
    const hypervisor = emptyFilter();
    addEqIgnoringCase(hypervisor, dataField('hypervisor'), 'Kvm');
    expect(hypervisor.where).toEqual([`lower(json_extract(data, '$.hypervisor')) = lower(?)`]);
    expect(ids(hypervisor)).toEqual(['a', 'c']);
  });

  it('addKeyword matches a substring of any column, with LIKE wildcards taken literally', () => {
    const f = emptyFilter();
    addKeyword(f, ['name', 'state'], '_');
    expect(ids(f)).toEqual(['b']);
    const g = emptyFilter();
    addKeyword(g, ['name', 'state'], 'STOP');
    expect(ids(g)).toEqual(['b']);
    const h = emptyFilter();
    addKeyword(h, ['name'], '%');
    expect(ids(h)).toEqual(['c']);
  });
});
