import { describe, expect, it } from 'vitest';
import { defaultOptions, parseArgs } from './options';

describe('the command line (util.parseArgs)', () => {
  it('reads --flag value and --flag=value, with PORT and CLOUDSTACK_URL as defaults', () => {
    const c = parseArgs(['--port', '9000', '--routers=10000', '--db', ':memory:', '--speed=2.5', '--fail-routers', 'r-1-VM,r-2*'], {});
    expect(c.port).toBe(9000);
    expect(c.options).toMatchObject({ routers: 10000, database: ':memory:', speed: 2.5, failRouters: ['r-1-VM', 'r-2*'] });
    expect(parseArgs([], { PORT: '7000', CLOUDSTACK_URL: 'https://cloud.example.com/client' })).toMatchObject({ port: 7000, upstream: 'https://cloud.example.com/client' });
    expect(parseArgs([], {}).options).toEqual(defaultOptions);
  });

  it('takes booleans bare, =true and =false', () => {
    expect(parseArgs(['--hostile-names'], {}).options.hostileNames).toBe(true);
    expect(parseArgs(['--hostile-names=false'], {}).options.hostileNames).toBe(false);
    expect(parseArgs(['--hostile-names=true', '--port', '1'], {}).port).toBe(1);
    expect(() => parseArgs(['--hostile-names=maybe'], {})).toThrow(/true or false/);
  });

  it('answers bad numbers, unknown flags and bad URLs clearly', () => {
    expect(() => parseArgs(['--routers', 'many'], {})).toThrow('--routers needs a whole number of at least 0, not "many"');
    expect(() => parseArgs(['--routers=-5'], {})).toThrow(/--routers needs a whole number/);
    expect(() => parseArgs(['--port', '70000'], {})).toThrow(/at most 65535/);
    expect(() => parseArgs(['--port', ''], {})).toThrow(/--port/);
    expect(() => parseArgs(['--speed', '0'], {})).toThrow(/--speed needs a number/);
    expect(() => parseArgs(['--upgrade-parallel', '0'], {})).toThrow(/at least 1/);
    expect(() => parseArgs(['--bogus'], {})).toThrow(/bogus/);
    expect(() => parseArgs(['--upstream', 'not a url'], {})).toThrow(/not a URL/);
    expect(() => parseArgs(['--upstream', 'file:///etc/passwd'], {})).toThrow(/http or https/);
    expect(() => parseArgs(['--tls-cert', 'a.pem'], {})).toThrow(/go together/);
  });

  it('knows --help', () => {
    expect(parseArgs(['--help'], {}).help).toBe(true);
    expect(parseArgs(['-h'], {}).help).toBe(true);
  });
});
