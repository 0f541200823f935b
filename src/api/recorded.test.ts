import { describe, expect, it } from 'vitest';
import recorded from './fixtures/cloudstack-go.json';
import { commands, type CommandName } from './commands';
import { parseResponse } from './parse';

/**
 * Answers recorded from real CloudStack servers (4.15 and later; apache/cloudstack-go's test data, see the
 * fixture's `_source`) parse with the app's own schemas, each item kept: an item without an optional field
 * (a listAsyncJobs item without `jobstatus`) does not discard the page.
 */
const answers = Object.entries(recorded as Record<string, unknown>).filter(([k]) => !k.startsWith('_')) as [string, Record<string, unknown>][];

describe('responses recorded from real servers', () => {
  it('holds answers of commands of the contract', () => {
    expect(answers.length).toBeGreaterThan(10);
    for (const [command] of answers) expect(command in commands, command).toBe(true);
  });

  for (const [command, body] of answers) {
    it(`reads ${command}`, () => {
      const parsed = parseResponse(command as CommandName, body) as { count?: number; items?: unknown[] } & Record<string, unknown>;
      const spec = commands[command as CommandName];
      if (spec.kind === 'list') {
        const envelope = Object.values(body)[0] as Record<string, unknown>;
        const raw = (envelope[spec.key] as unknown[] | undefined) ?? [];
        // Every recorded item is kept.
        expect(parsed.items).toHaveLength(raw.length);
        expect(parsed.count).toBe(envelope.count ?? raw.length);
      }
    });
  }

  it('keeps a listAsyncJobs item that has no jobstatus', () => {
    const page = parseResponse('listAsyncJobs', recorded.listAsyncJobs);
    expect(page.items).toHaveLength(1);
    expect(page.items[0]!.jobstatus).toBeUndefined();
    expect(page.items[0]!.jobid).toBe('6679e6b9-4bf2-4d83-b9f0-235fc1609227');
  });

  it('reads the capabilities and the settings of a 4.15 server', () => {
    expect(parseResponse('listCapabilities', recorded.listCapabilities).cloudstackversion).toBe('4.15.2.0');
    const cfg = parseResponse('listConfigurations', recorded.listConfigurations).items[0]!;
    expect(cfg).toMatchObject({ name: 'allow.user.create.projects', isdynamic: false });
    expect(parseResponse('updateConfiguration', recorded.updateConfiguration).value).toBe('false');
  });

  it('reads a network with its offering id and service list', () => {
    const net = parseResponse('listNetworks', recorded.listNetworks).items[0]!;
    expect(net.networkofferingid).toBe('69b7f746-208a-47c3-a940-4d3ebb720372');
    expect(net.service?.some((s) => s.name === 'Lb')).toBe(true);
  });
});
