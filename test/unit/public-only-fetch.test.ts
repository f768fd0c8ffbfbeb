// Webhook deliveries while the sandbox is off connect only to public addresses, whatever the
// endpoint's name resolves to. A receiver on 127.0.0.1 stands for the server's own network:
// reached by a name that resolves there, it must get nothing.
import { type IncomingMessage, type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPublicOnlyFetch } from '../../src/node/public-only-fetch.js';

let server: Server;
let port = 0;
const received: { url: string; headers: IncomingMessage['headers']; body: string }[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push({ url: request.url ?? '', headers: request.headers, body });
      response.writeHead(202).end('accepted, with a body nobody reads');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const delivery = (body: string) => ({
  method: 'POST' as const,
  body,
  redirect: 'manual' as const,
  signal: AbortSignal.timeout(5_000),
  headers: { 'Content-Type': 'application/json', 'X-Event-Id': 'evt_1' },
});

// A resolver that answers what a hostile or rebinding DNS would.
const resolvingTo = (...addresses: string[]) => createPublicOnlyFetch({
  resolve: (_hostname, _options, callback) => callback(null, addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))),
});

describe('the deliveries fetch while the sandbox is off', () => {
  it.each([['127.0.0.1'], ['10.1.2.3'], ['169.254.169.254'], ['::1'], ['fd00::1']])(
    'refuses a name that resolves to %s and sends nothing',
    async (address) => {
      const before = received.length;
      await expect(resolvingTo(address)(`http://hooks.example.ch:${port}/in`, delivery('{"id":"evt_1"}'))).rejects.toThrow(
        `hooks.example.ch resolves to ${address}, which is not a public address`,
      );
      expect(received.length).toBe(before);
    },
  );

  it('refuses a name when any of its addresses is not public', async () => {
    const before = received.length;
    await expect(resolvingTo('8.8.8.8', '127.0.0.1')(`http://hooks.example.ch:${port}/in`, delivery('{}'))).rejects.toThrow(/127\.0\.0\.1/);
    expect(received.length).toBe(before);
  });

  it('refuses localhost through the machine’s own resolver', async () => {
    const before = received.length;
    await expect(createPublicOnlyFetch()(`http://localhost:${port}/in`, delivery('{}'))).rejects.toThrow(/not a public address/);
    expect(received.length).toBe(before);
  });

  it('posts the event with its headers and answers the status when the address is allowed', async () => {
    // The rule is what this test replaces: nothing public can be reached from here.
    const fetchAnywhere = createPublicOnlyFetch({
      resolve: (_hostname, _options, callback) => callback(null, [{ address: '127.0.0.1', family: 4 }]),
      allowed: () => true,
    });
    const response = await fetchAnywhere(`http://hooks.example.ch:${port}/in?x=1`, delivery('{"id":"evt_2"}'));
    expect(response.status).toBe(202);
    const last = received.at(-1)!;
    expect(last).toMatchObject({ url: '/in?x=1', body: '{"id":"evt_2"}' });
    expect(last.headers).toMatchObject({ 'content-type': 'application/json', 'x-event-id': 'evt_1', host: `hooks.example.ch:${port}`, 'content-length': '14' });
    expect(last.headers['transfer-encoding']).toBeUndefined();
  });
});
