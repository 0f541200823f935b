import { expect, it } from 'vitest';
import { instanceListParams, readInstanceFilters, writeInstanceFilters } from './filters';

const accounts = [{ id: 'a1', name: 'alice', domainid: 'd-eng' }];

it('reads and writes the filters in the URL, back to page one on a change', () => {
  const url = writeInstanceFilters(new URLSearchParams('page=3&x=1'), { zoneid: 'z1', state: 'Running', keyword: 'web' });
  expect(url.toString()).toBe('x=1&zone=z1&state=Running&q=web');
  expect(readInstanceFilters(url)).toEqual({ zoneid: 'z1', state: 'Running', keyword: 'web' });
});

it('lists every account for an administrator, its own VMs for a user', () => {
  expect(instanceListParams({}, true, accounts)).toEqual({ listall: true });
  expect(instanceListParams({}, false, accounts)).toEqual({});
});

it('names an account by name and domain id, and leaves out an account it does not know', () => {
  expect(instanceListParams({ accountid: 'a1', hostid: 'h1', keyword: '  db ' }, true, accounts)).toEqual({
    listall: true, account: 'alice', domainid: 'd-eng', hostid: 'h1', keyword: 'db',
  });
  expect(instanceListParams({ accountid: 'gone' }, true, accounts)).toEqual({ listall: true });
});
