import { expect, type Page } from '@playwright/test';

/** Calls the API with the logged-in page's own session (its key from /client/session, its cookie). */
export async function pageApi(page: Page) {
  const session = (await (await page.request.get('/client/session')).json()) as { session: { sessionkey: string } };
  return async (form: Record<string, string>): Promise<Record<string, Record<string, unknown>>> => {
    const res = await page.request.post('/client/api', { form: { response: 'json', sessionkey: session.session.sessionkey, ...form } });
    expect(res.status(), form.command).toBe(200);
    return (await res.json()) as Record<string, Record<string, unknown>>;
  };
}

export interface ApiRouter {
  id: string;
  name: string;
  state: string;
  requiresupgrade?: boolean;
  isredundantrouter?: boolean;
  guestnetworkid?: string;
  serviceofferingname?: string;
}

export async function listRouters(page: Page, params: Record<string, string> = {}): Promise<ApiRouter[]> {
  const api = await pageApi(page);
  const listed = await api({ command: 'listRouters', listall: 'true', pagesize: '500', page: '1', ...params });
  return (listed.listroutersresponse?.router ?? []) as ApiRouter[];
}
