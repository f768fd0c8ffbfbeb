// Through a real socket, as the Node server runs: X-Forwarded-For names the client only
// when the socket's peer is a configured proxy; from anybody else it is ignored, so a
// client cannot escape the limits by naming itself someone new on every request.
import { type ServerType, serve } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import { nodeClientAddress } from '../../src/node/client-address.js';
import { createTestApp, createTestTenant } from '../helpers/app.js';
import { windowClock, randomClientAddress } from '../helpers/clock.js';

const servers: ServerType[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

/** The app on a real socket at 127.0.0.1, trusting `proxies`; counts in windows no other run used. */
async function listening(proxies: string[]) {
  const clock = windowClock(1000 + Math.floor(Math.random() * 1_000_000));
  const test = await createTestApp({ now: clock.now, clientAddress: nodeClientAddress(proxies) });
  const tenant = await createTestTenant(test.database);
  const port = await new Promise<number>((resolve) => {
    servers.push(serve({ fetch: test.app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve(info.port)));
  });
  const me = async (key: string, forwardedFor: string) =>
    (await fetch(`http://127.0.0.1:${port}/api/v1/me`, { headers: { Authorization: `Bearer ${key}`, 'X-Forwarded-For': forwardedFor } })).status;
  return { me, rightKey: tenant.keys.admin };
}

const wrongKey = () => `ipk_wrong_${crypto.randomUUID()}`;

describe('X-Forwarded-For', () => {
  it('names the client when a trusted proxy sends it', async () => {
    const { me, rightKey } = await listening(['127.0.0.1', '::1']);
    const guesser = randomClientAddress();
    for (let i = 0; i < 20; i++) expect(await me(wrongKey(), guesser)).toBe(401);
    expect(await me(wrongKey(), guesser)).toBe(429);
    // What the client wrote left of what our proxy appended changes nothing.
    expect(await me(rightKey, `198.51.100.1, ${guesser}`)).toBe(429);
    expect(await me(rightKey, randomClientAddress())).toBe(200);
  });

  it('is ignored from a peer that is no proxy of ours', async () => {
    const { me, rightKey } = await listening([]);
    for (let i = 0; i < 20; i++) expect(await me(wrongKey(), randomClientAddress())).toBe(401);
    expect(await me(wrongKey(), randomClientAddress())).toBe(429);
    expect(await me(rightKey, randomClientAddress())).toBe(429);
  });
});
