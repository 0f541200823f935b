import { request } from 'node:http';

/**
 * For the app's hook tests (Testing Library in happy-dom): routes the app's `fetch` (relative URLs such as
 * /client/api, as in the browser) to a test simulator at `baseUrl`, over Node's own HTTP client, keeping
 * the JSESSIONID cookie as a browser would. Answers a function that puts the previous `fetch` back.
 *
 * Only what src/api/transport.ts uses is supported: method, headers, a URLSearchParams or string body, and
 * an AbortSignal; the answer is a standard Response.
 */
export function routeAppFetchTo(baseUrl: string): () => void {
  const previous = globalThis.fetch;
  let cookie: string | undefined;
  const bridged = (input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === 'string' || input instanceof URL ? String(input) : input.url, baseUrl);
    const body = init.body === undefined || init.body === null ? undefined : String(init.body);
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    if (cookie) headers.cookie = cookie;
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    return new Promise<Response>((resolve, reject) => {
      // A connection per request (agent: false): a kept-alive socket that the simulator closes after its
      // keepAliveTimeout (5 s, server/http/io.ts) would otherwise be reused as it closes, an ECONNRESET.
      const req = request(url, { method: init.method ?? 'GET', headers, signal: init.signal ?? undefined, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const set = res.headers['set-cookie'];
          const session = set?.map((c) => /JSESSIONID=[^;]*/.exec(c)?.[0]).find(Boolean);
          if (session) cookie = session;
          const out = new Headers();
          for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') out.set(name, value);
          resolve(new Response(Buffer.concat(chunks).toString('utf8'), { status: res.statusCode ?? 0, headers: out }));
        });
        res.on('error', reject);
      });
      req.on('error', (err) => reject(init.signal?.aborted ? (init.signal.reason ?? err) : new TypeError(`fetch failed: ${err.message}`)));
      req.end(body);
    });
  };
  globalThis.fetch = bridged as typeof fetch;
  return () => {
    globalThis.fetch = previous;
  };
}
