import { describe, expect, it } from 'vitest';
import { consoleHosts, initialSteps, restartStatus, updateStep } from './progress';
import { maskedSecret, secretEdit } from './secretField';
import { addEntry, moveEntry, newEntry, prependEntries, removeEntry, setEntryText, splitEntry } from './chainList';

describe('upload progress', () => {
  it('names each step after its call', () => {
    const steps = initialSteps([{ id: 1, name: 'root' }, { id: 2, name: 'intermediate1' }, { privatekey: 'k' }]);
    expect(steps.map((s) => s.label)).toEqual([
      'Root certificate (id 1)',
      'Intermediate certificate (id 2, intermediate1)',
      'Server certificate and private key',
    ]);
    expect(steps.every((s) => s.state === 'waiting')).toBe(true);
    expect(updateStep(steps, 1, { state: 'failed', error: 'x' })[1]).toEqual({ label: steps[1]!.label, state: 'failed', error: 'x' });
  });

  it('the restart is done when every proxy running before is running again without a job', () => {
    const before = ['a', 'b'];
    expect(restartStatus(before, [
      { id: 'a', name: 'v-1-VM', state: 'Running' },
      { id: 'b', name: 'v-2-VM', state: 'Stopping', jobid: 'j' },
    ])).toEqual({ back: 1, total: 2, done: false });
    expect(restartStatus(before, [
      { id: 'a', name: 'v-1-VM', state: 'Running' },
      { id: 'b', name: 'v-2-VM', state: 'Running', jobid: 'j' },
    ]).done).toBe(false);
    expect(restartStatus(before, [
      { id: 'a', name: 'v-1-VM', state: 'Running' },
      { id: 'b', name: 'v-2-VM', state: 'Running' },
      { id: 'c', name: 'v-3-VM', state: 'Stopped' },
    ])).toEqual({ back: 2, total: 2, done: true });
    expect(restartStatus(before, [{ id: 'a', name: 'v-1-VM', state: 'Running' }]).done).toBe(true);
  });

  it('console names are the public IP with dashes under the domain', () => {
    expect(consoleHosts([
      { id: 'a', name: 'v-1-VM', state: 'Running', publicip: '192.168.10.7' },
      { id: 'b', name: 'v-2-VM', state: 'Stopped' },
    ], '*.consoleproxy.test')).toEqual([{ name: 'v-1-VM', host: '192-168-10-7.consoleproxy.test' }]);
  });
});

describe('chain entries', () => {
  it('add, set, move, remove and split keep the keys stable', () => {
    let list = addEntry(addEntry([], 'a'), 'b');
    const keys = list.map((e) => e.key);
    list = moveEntry(list, 1, -1);
    expect(list.map((e) => e.text)).toEqual(['b', 'a']);
    expect(list.map((e) => e.key)).toEqual([keys[1], keys[0]]);
    expect(moveEntry(list, 0, -1).map((e) => e.text)).toEqual(['b', 'a']);
    expect(moveEntry(list, 1, 1).map((e) => e.text)).toEqual(['b', 'a']);
    list = setEntryText(list, 0, 'B');
    expect(list.map((e) => e.text)).toEqual(['B', 'a']);
    list = splitEntry(list, 0, 'x', ['y', 'z']);
    expect(list.map((e) => e.text)).toEqual(['x', 'y', 'z', 'a']);
    expect(list[0]!.key).toBe(keys[1]);
    expect(removeEntry(list, 1).map((e) => e.text)).toEqual(['x', 'z', 'a']);
  });

  it('certificates pasted with the server certificate go first, and empty entries go away', () => {
    const list = prependEntries([newEntry(''), newEntry('root')], ['inter']);
    expect(list.map((e) => e.text)).toEqual(['inter', 'root']);
  });
});

describe('the private key field', () => {
  it('shows a mask, never the key', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQ\n-----END PRIVATE KEY-----\n';
    const shown = maskedSecret(key);
    expect(shown).toBe('[Private key pasted: 3 lines, hidden. Paste over this to replace it, or Clear.]');
    expect(shown).not.toContain('MIIE');
    expect(maskedSecret('')).toBe('');
  });

  it('a paste over the mask replaces the key, deleting from it clears it, typing into it changes nothing', () => {
    const key = '-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----';
    const shown = maskedSecret(key);
    expect(secretEdit(key, shown, 'NEW KEY')).toBe('NEW KEY');
    expect(secretEdit(key, shown, shown.slice(0, -1))).toBe('');
    expect(secretEdit(key, shown, `${shown}x`)).toBe(key);
    expect(secretEdit('', '', '-----BEGIN')).toBe('-----BEGIN');
  });
});
