/**
 * Logs every demo user in once per run, through the API of the serving process (which then remembers the
 * session key of the JSESSIONID cookie), and stores the browser state for e2e/fixtures.ts.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { test as setup } from '@playwright/test';
import { authFile, expect, PASSWORD, USERS, type User } from './fixtures';

setup('log in every demo user once', async ({ browser, baseURL }) => {
  for (const user of Object.keys(USERS) as User[]) {
    const context = await browser.newContext({ baseURL });
    try {
      const login = await context.request.post('/client/api', {
        form: { command: 'login', response: 'json', username: user, password: PASSWORD, domain: USERS[user] },
      });
      expect(login.status(), `login of ${user}`).toBe(200);
      // The serving process now answers the session of this cookie, as it does to the app after a reload.
      expect((await context.request.get('/client/session')).status(), `session of ${user}`).toBe(200);
      mkdirSync(dirname(authFile(user)), { recursive: true });
      await context.storageState({ path: authFile(user) });
    } finally {
      await context.close();
    }
  }
});
