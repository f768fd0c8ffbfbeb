// The PostFinance Checkout simulator refuses what the platform refuses: requests without a
// valid JWT or MAC for exactly this method and path, without a Space, or by a user without a
// role on the space, each in the platform's error shape.
import { beforeAll, describe, expect, it } from 'vitest';
import { checkoutJwt, checkoutMacHeaders } from '../../src/providers/postfinance-checkout/auth.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { checkoutCredentials, noRoleCredentials } from '../helpers/checkout-payer.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

const base = '/sandbox/postfinance-checkout';
const now = () => Math.floor(Date.now() / 1000);

async function get(path: string, headers: Record<string, string>) {
  const response = await test.app.request(`${base}${path}`, { headers });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const bearer = async (credentials: typeof checkoutCredentials, requestPath: string, method = 'GET') => ({
  Authorization: `Bearer ${await checkoutJwt({ ...credentials, timestamp: now() }, method, requestPath)}`,
  Space: credentials.spaceId,
});

describe('the PostFinance Checkout sandbox API', () => {
  const path = '/api/v2.0/payment/method-configurations';

  it('answers a request signed with a JWT for this path, and with the v1 MAC headers', async () => {
    expect((await get(path, await bearer(checkoutCredentials, path))).status).toBe(200);
    const mac = await checkoutMacHeaders({ ...checkoutCredentials, timestamp: now() }, 'GET', path);
    expect((await get(path, { ...mac, Space: '405' })).status).toBe(200);
  });

  it('refuses a token made for another path or method, a wrong MAC and no signature with 401', async () => {
    const other = await bearer(checkoutCredentials, '/api/v2.0/spaces/405');
    const refused = await get(path, other);
    expect(refused.status).toBe(401);
    expect(refused.body).toMatchObject({ id: expect.any(String), date: expect.any(String), code: 'unauthorized', message: expect.any(String) });
    expect((await get(path, await bearer(checkoutCredentials, path, 'POST'))).status).toBe(401);
    const mac = await checkoutMacHeaders({ ...checkoutCredentials, authenticationKey: noRoleCredentials.authenticationKey, timestamp: now() }, 'GET', path);
    expect((await get(path, { ...mac, Space: '405' })).status).toBe(401);
    expect((await get(path, { Space: '405' })).status).toBe(401);
  });

  it('wants the Space header, knows its spaces, and answers 403 to a user without a role', async () => {
    const { Authorization } = await bearer(checkoutCredentials, path);
    expect((await get(path, { Authorization })).status).toBe(400);
    expect((await get(path, { Authorization, Space: '999' })).status).toBe(404);
    const forbidden = await get(path, await bearer(noRoleCredentials, path));
    expect(forbidden.status).toBe(403);
    expect(forbidden.body.message).toMatch(/Insufficient authorization/);
  });
});
