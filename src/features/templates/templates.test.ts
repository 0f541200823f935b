import { describe, expect, it } from 'vitest';
import { anyInProgress, downloadState } from './templateStatus';
import { emptyRegisterForm, registerFormErrors, registerParams } from './registerForm';

describe('template download state', () => {
  it('reads percent, ready and errors from the status', () => {
    expect(downloadState({ status: '42% Downloaded', isready: false })).toEqual({ kind: 'downloading', percent: 42, text: '42% Downloaded' });
    expect(downloadState({ status: 'Download Complete', isready: true })).toEqual({ kind: 'ready' });
    expect(downloadState({ status: 'Failed to download: HTTP 404 Not Found', isready: false })).toEqual({ kind: 'failed', text: 'Failed to download: HTTP 404 Not Found' });
    expect(downloadState({ status: 'Download pending', isready: false }).kind).toBe('downloading');
    expect(anyInProgress([{ status: 'Download Complete', isready: true }])).toBe(false);
    expect(anyInProgress([{ status: 'Download Complete', isready: true }, { status: '3% Downloaded' }])).toBe(true);
  });
});

describe('register form', () => {
  const ok = { ...emptyRegisterForm, name: 'KVM64bitTemplate', url: 'http://h/systemvm64.qcow2.bz2', zoneid: '-1' };
  it('accepts a good form and makes the parameters', () => {
    expect(registerFormErrors(ok)).toEqual({});
    expect(registerParams(ok)).toMatchObject({ name: 'KVM64bitTemplate', displaytext: 'KVM64bitTemplate', isrouting: true, zoneid: '-1', format: 'QCOW2' });
    expect(registerParams({ ...ok, isrouting: false }).isrouting).toBeUndefined();
  });
  it('says what is wrong with each field', () => {
    const e = registerFormErrors({ ...ok, name: ' ', url: 'ftp://h/x.qcow2', zoneid: '' });
    expect(Object.keys(e).sort()).toEqual(['name', 'url', 'zoneid']);
    expect(registerFormErrors({ ...ok, url: 'http://h/x.vhd' }).url).toMatch(/\.qcow2/);
    expect(registerFormErrors({ ...ok, hypervisor: 'XenServer' }).format).toMatch(/XenServer runs VHD/);
  });
});
