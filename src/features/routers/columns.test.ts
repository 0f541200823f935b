import { describe, expect, it } from 'vitest';
import { columnWidths, COLUMN_BY_ID, MAX_FREE_TEXT_WIDTH } from './columns';
import { EMPTY_HOST_INDEX } from './hostIndex';
import { aRouter } from './testRouters';

/** 8 px a character, 9 in bold: enough to compare widths. */
const measure = (text: string, bold: boolean) => text.length * (bold ? 9 : 8);

describe('columnWidths', () => {
  const routers = [
    aRouter({ id: '1', podname: 'p', hostname: 'a-very-long-host-name-that-would-be-cut-at-120px', account: 'acme', templatename: 'x'.repeat(200) }),
    aRouter({ id: '2', podname: 'pod-with-a-long-name-in-zone-east', hostname: 'h1', account: 'a-rather-long-account-name' }),
  ];

  it('makes pod, host and account as wide as their widest value', () => {
    const w = columnWidths(routers, ['pod', 'host', 'account'], EMPTY_HOST_INDEX, measure);
    expect(w.get('pod')).toBeGreaterThanOrEqual('pod-with-a-long-name-in-zone-east'.length * 8);
    expect(w.get('host')).toBeGreaterThanOrEqual('a-very-long-host-name-that-would-be-cut-at-120px'.length * 8);
    const account = COLUMN_BY_ID.get('account')!;
    const widest = Math.max(...routers.map((r) => account.text(r, EMPTY_HOST_INDEX).length));
    expect(w.get('account')).toBeGreaterThanOrEqual(widest * 8);
  });

  it('fits the header when the values are short, caps free text, and keeps badges fixed', () => {
    const w = columnWidths(routers, ['hypervisor', 'template', 'state'], EMPTY_HOST_INDEX, measure);
    expect(w.get('hypervisor')).toBeGreaterThanOrEqual('Hypervisor'.length * 9);
    expect(w.get('template')).toBe(MAX_FREE_TEXT_WIDTH);
    expect(w.get('state')).toBe(Math.max(COLUMN_BY_ID.get('state')!.width, 'State'.length * 9 + 36));
  });
});
