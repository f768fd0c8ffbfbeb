// Stripe webhooks that must not move money: twenty deliveries at once book once, a forged
// signature, a stale or future timestamp and an event of the other mode are refused with
// 400 and change nothing, a replayed event is handled once, late and out-of-order events
// leave the books right. The simulator signs exactly as the spec's worked example.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { paymentAttempts, providerEvents } from '../../src/db/schema.js';
import { signatureHeader, stripeSignature } from '../../src/sandbox/stripe/webhooks.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { choose, pay, returnTo, sessionIdOf, stripeCredentials, stripeInvoice } from '../helpers/stripe-payer.js';

/** An app whose deferred work (the sandbox's webhooks) a test runs all at once. */
async function concurrentApp() {
  const tasks: (() => Promise<void>)[] = [];
  const test = await createTestApp({ defer: (task) => void tasks.push(task) });
  const runAllAtOnce = async () => {
    const now = tasks.splice(0);
    await Promise.all(now.map((task) => task()));
  };
  return { test, runAllAtOnce, tasks };
}

const webhook = (test: TestApp, connectionId: string, body: string, headers: Record<string, string> = {}) =>
  test.app.request(`/callbacks/stripe/${connectionId}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });

const nowSeconds = () => Math.floor(Date.now() / 1000);

/** A completed-session event for `sessionId`, as Stripe would send it, in the given mode. */
const completedEvent = (sessionId: string, livemode = false, id = `evt_test_${crypto.randomUUID().slice(0, 8)}`) =>
  JSON.stringify({ id, object: 'event', type: 'checkout.session.completed', livemode, created: nowSeconds(), api_version: '2026-10-28.endive', data: { object: { id: sessionId, object: 'checkout.session' } } });

const handledWebhooks = (test: TestApp, tenantId: string) =>
  test.deps.db.select().from(providerEvents).where(and(eq(providerEvents.tenantId, tenantId), eq(providerEvents.kind, 'webhook')));
const refusedWebhooks = (test: TestApp, tenantId: string) =>
  test.deps.db.select().from(providerEvents).where(and(eq(providerEvents.tenantId, tenantId), eq(providerEvents.kind, 'webhook:refused')));

describe('Stripe webhook signatures', () => {
  it("sign as the spec's worked example (HMAC-SHA256 of t.body keyed with the whole whsec_ secret)", async () => {
    const body = '{"id":"evt_test_001","object":"event","type":"checkout.session.completed","livemode":false}';
    expect(await stripeSignature('whsec_example0123456789abcdef', 1764230400, body)).toBe('e485c02df795eeb03f375f24fce2d999ca5109d167f290c4864d1b4c8930d31a');
  });

  it('refuse a forged signature, a stale and a future timestamp with 400 and book nothing; take one good v1 among bogus ones', async () => {
    const { test } = await concurrentApp();
    const flow = await stripeInvoice(test);
    const pageUrl = await choose(test, flow.payPath);
    await pay(test, pageUrl, 'never');
    const body = completedEvent(sessionIdOf(pageUrl));
    const forged = await signatureHeader('whsec_SomebodyElse123', nowSeconds(), body);
    expect((await webhook(test, flow.connectionId, body, { 'Stripe-Signature': forged })).status).toBe(400);
    expect((await webhook(test, flow.connectionId, body)).status).toBe(400);
    const stale = await signatureHeader(stripeCredentials.webhookSecret, nowSeconds() - 301, body);
    expect((await webhook(test, flow.connectionId, body, { 'Stripe-Signature': stale })).status).toBe(400);
    const future = await signatureHeader(stripeCredentials.webhookSecret, nowSeconds() + 600, body);
    expect((await webhook(test, flow.connectionId, body, { 'Stripe-Signature': future })).status).toBe(400);
    // A body changed after signing.
    const signed = await signatureHeader(stripeCredentials.webhookSecret, nowSeconds(), body);
    expect((await webhook(test, flow.connectionId, body.replace('completed', 'expired'), { 'Stripe-Signature': signed })).status).toBe(400);
    expect((await flow.invoice()).status).toBe('sent');
    expect(await refusedWebhooks(test, flow.tenant.tenantId)).toHaveLength(5);
    // While a secret is rolled, Stripe signs with several v1: any one that holds is enough.
    const t = nowSeconds();
    const good = await stripeSignature(stripeCredentials.webhookSecret, t, body);
    const rolled = `t=${t},v1=${'0'.repeat(64)},v1=${good},v0=${'1'.repeat(64)}`;
    expect((await webhook(test, flow.connectionId, body, { 'Stripe-Signature': rolled })).status).toBe(200);
    expect((await flow.invoice()).status).toBe('paid');
  });

  it('refuses an event of the other mode (livemode true on a sandbox service) even when signed right', async () => {
    const { test } = await concurrentApp();
    const flow = await stripeInvoice(test);
    const pageUrl = await choose(test, flow.payPath);
    await pay(test, pageUrl, 'never');
    const body = completedEvent(sessionIdOf(pageUrl), true);
    const response = await webhook(test, flow.connectionId, body, { 'Stripe-Signature': await signatureHeader(stripeCredentials.webhookSecret, nowSeconds(), body) });
    expect(response.status).toBe(400);
    expect((await flow.invoice()).status).toBe('sent');
  });
});

describe('Stripe webhooks and the books', () => {
  it('book once when twenty deliveries of the payment arrive together with the payer', async () => {
    const { test, runAllAtOnce, tasks } = await concurrentApp();
    const flow = await stripeInvoice(test);
    const pageUrl = await choose(test, flow.payPath);
    const back = await pay(test, pageUrl, 'twice');
    // Two events (charge.succeeded, checkout.session.completed), each twice; and the same completed event sent eighteen more times.
    const body = completedEvent(sessionIdOf(pageUrl), false, 'evt_test_same');
    for (let i = 0; i < 16; i++) tasks.push(async () => void (await webhook(test, flow.connectionId, body, { 'Stripe-Signature': await signatureHeader(stripeCredentials.webhookSecret, nowSeconds(), body) })));
    expect(tasks).toHaveLength(20);
    await Promise.all([runAllAtOnce(), returnTo(test, back)]);
    expect(await flow.invoice()).toMatchObject({ status: 'paid', paidAmount: flow.total });
    expect(await flow.payments()).toHaveLength(1);
    expect(await flow.entries('fee')).toHaveLength(1);
  });

  it('handles a replayed event once: the second delivery of an event id changes nothing', async () => {
    const { test, runAllAtOnce } = await concurrentApp();
    const flow = await stripeInvoice(test);
    const pageUrl = await choose(test, flow.payPath);
    await pay(test, pageUrl, 'never');
    const body = completedEvent(sessionIdOf(pageUrl), false, 'evt_test_replayed');
    const send = async () => (await webhook(test, flow.connectionId, body, { 'Stripe-Signature': await signatureHeader(stripeCredentials.webhookSecret, nowSeconds(), body) })).text();
    expect(await send()).toBe('handled');
    expect(await send()).toBe('already handled');
    await runAllAtOnce();
    expect(await handledWebhooks(test, flow.tenant.tenantId)).toHaveLength(1);
    expect(await flow.payments()).toHaveLength(1);
  });

  it('late and out-of-order events (completed after expired) leave one booking and the attempt captured', async () => {
    const { test, runAllAtOnce } = await concurrentApp();
    const flow = await stripeInvoice(test);
    const pageUrl = await choose(test, flow.payPath);
    await pay(test, pageUrl, 'out_of_order');
    await runAllAtOnce();
    // An old "expired" event for the same session, arriving last: Stripe's record says complete.
    const expired = JSON.stringify({ id: 'evt_test_old_expired', object: 'event', type: 'checkout.session.expired', livemode: false, created: nowSeconds() - 100, data: { object: { id: sessionIdOf(pageUrl), object: 'checkout.session' } } });
    expect((await webhook(test, flow.connectionId, expired, { 'Stripe-Signature': await signatureHeader(stripeCredentials.webhookSecret, nowSeconds(), expired) })).status).toBe(200);
    const [attempt] = await test.deps.db.select().from(paymentAttempts).where(eq(paymentAttempts.invoiceId, flow.invoiceId));
    expect(attempt!.state).toBe('captured');
    expect(await flow.payments()).toHaveLength(1);
  });
});
