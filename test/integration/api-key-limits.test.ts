// Trying API keys gets nowhere: after 20 wrong keys from one address in ten minutes, that
// address gets 429 with Retry-After, even for a right key, counted in the database so that
// every instance agrees; a client at another address is not hindered.
import { describe, expect, it } from 'vitest';
import { type TestApp, createTestApp, createTestTenant, testClientHeader } from '../helpers/app.js';
import { windowClock, randomClientAddress } from '../helpers/clock.js';

const me = (test: TestApp, key: string, address: string) =>
  test.app.request('/api/v1/me', { headers: { Authorization: `Bearer ${key}`, [testClientHeader]: address } });

const wrongKey = () => `ipk_wrong_${crypto.randomUUID()}`;

describe('wrong API keys', () => {
  it('get 429 after 20 from one address, even with the right key, while another address still works', async () => {
    const test = await createTestApp({ now: windowClock().now });
    const tenant = await createTestTenant(test.database);
    const guesser = randomClientAddress();
    const statuses = [];
    for (let i = 0; i < 20; i++) statuses.push((await me(test, wrongKey(), guesser)).status);
    expect(statuses).toEqual(new Array(20).fill(401));

    const refused = await me(test, wrongKey(), guesser);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('Content-Type')).toMatch(/application\/problem\+json/);
    const retryAfter = Number(refused.headers.get('Retry-After'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(600);
    expect(await refused.json()).toMatchObject({ code: 'rate_limited', status: 429, type: '/problems/rate_limited' });
    // The right key from the same address is not even looked at: a lucky guess would not show.
    expect((await me(test, tenant.keys.admin, guesser)).status).toBe(429);

    expect((await me(test, tenant.keys.admin, randomClientAddress())).status).toBe(200);
  });

  it('are counted per IPv6 /64, not per address within it', async () => {
    const test = await createTestApp({ now: windowClock().now });
    const network = randomClientAddress().replace(/::7$/, '');
    for (let i = 1; i <= 20; i++) expect((await me(test, wrongKey(), `${network}::${i.toString(16)}`)).status).toBe(401);
    expect((await me(test, wrongKey(), `${network}:1:2:3:4`)).status).toBe(429);
  });

  it('are counted together by two instances sharing the database', async () => {
    const clock = windowClock();
    const one = await createTestApp({ now: clock.now });
    const two = await createTestApp({ now: clock.now });
    const guesser = randomClientAddress();
    for (let i = 0; i < 10; i++) expect((await me(one, wrongKey(), guesser)).status).toBe(401);
    for (let i = 0; i < 10; i++) expect((await me(two, wrongKey(), guesser)).status).toBe(401);
    expect((await me(one, wrongKey(), guesser)).status).toBe(429);
    expect((await me(two, wrongKey(), guesser)).status).toBe(429);
  });

  it('no longer count once the window has passed', async () => {
    const clock = windowClock();
    const test = await createTestApp({ now: clock.now });
    const tenant = await createTestTenant(test.database);
    const guesser = randomClientAddress();
    for (let i = 0; i < 20; i++) await me(test, wrongKey(), guesser);
    const refused = await me(test, tenant.keys.admin, guesser);
    expect(refused.status).toBe(429);
    clock.advance(Number(refused.headers.get('Retry-After')) * 1000);
    expect((await me(test, tenant.keys.admin, guesser)).status).toBe(200);
  });
});
