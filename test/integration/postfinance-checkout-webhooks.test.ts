// Webhooks that must not move money: twenty at once book once, another tenant's
// transaction changes nothing here, a forged or unsigned body is refused, a transaction from
// the wrong environment is never booked, and a DECLINE goes to a bookkeeper.
import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { paymentAttempts, providerEvents } from '../../src/db/schema.js';
import { bytesToBase64 } from '../../src/providers/postfinance-checkout/auth.js';
import { rawToDer } from '../../src/providers/postfinance-checkout/webhook-signature.js';
import { type Tamper, type TestApp, createTestApp } from '../helpers/app.js';
import { act, checkoutInvoice, choose, moveTransaction, registerWebhookUrl, returnTo, transactionIdOf } from '../helpers/checkout-payer.js';

/** An app whose deferred work (the sandbox's webhooks) a test runs all at once. */
async function concurrentApp(tamper?: Tamper) {
  const tasks: (() => Promise<void>)[] = [];
  const test = await createTestApp({ defer: (task) => void tasks.push(task) }, { tamper });
  const runAllAtOnce = async () => {
    const now = tasks.splice(0);
    await Promise.all(now.map((task) => task()));
  };
  return { test, runAllAtOnce };
}

const webhook = (test: TestApp, connectionId: string, body: string, headers: Record<string, string> = {}) =>
  test.app.request(`/callbacks/postfinance-checkout/${connectionId}`, { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body });

const attemptsOf = (test: TestApp, invoiceId: string) => test.deps.db.select().from(paymentAttempts).where(eq(paymentAttempts.invoiceId, invoiceId));

describe('PostFinance Checkout webhooks', () => {
  it('books once when twenty webhooks for the same payment arrive together with the payer', async () => {
    const { test, runAllAtOnce } = await concurrentApp();
    const flow = await checkoutInvoice(test);
    const pageUrl = await choose(test, flow.payPath);
    const back = await act(test, pageUrl, 'pending', 'never');
    for (let i = 0; i < 10; i++) await moveTransaction(test, transactionIdOf(pageUrl), 'FULFILL', 'twice');
    await Promise.all([runAllAtOnce(), returnTo(test, back)]);
    expect(await flow.invoice()).toMatchObject({ status: 'paid', paidAmount: flow.total });
    expect(await flow.payments()).toHaveLength(1);
    // Ten events, each delivered twice: each event is handled once.
    const handled = await test.deps.db.select().from(providerEvents).where(eq(providerEvents.kind, 'webhook'));
    expect(handled.filter((e) => e.tenantId === flow.tenant.tenantId)).toHaveLength(10);
  });

  it("changes nothing for another tenant's transaction sent to this connection's URL", async () => {
    const { test, runAllAtOnce } = await concurrentApp();
    const payer = await checkoutInvoice(test);
    const other = await checkoutInvoice(test);
    // The space's webhooks now go to the other tenant's connection, signed by the platform.
    await registerWebhookUrl(test, other.connectionId);
    const pageUrl = await choose(test, payer.payPath);
    await act(test, pageUrl, 'approve', 'once');
    await runAllAtOnce();
    expect((await payer.invoice()).status).toBe('sent');
    expect((await other.invoice()).status).toBe('sent');
    expect(await other.payments()).toHaveLength(0);
    expect((await attemptsOf(test, other.invoiceId)).length).toBe(0);
    // They did arrive, and were taken for what they are: not this connection's transaction.
    const arrived = await test.deps.db.select().from(providerEvents).where(eq(providerEvents.tenantId, other.tenant.tenantId));
    expect(arrived.filter((e) => e.kind === 'webhook').map((e) => e.attemptId)).toEqual([null, null, null]);
    // The payer's own return still reads the transaction and books it, for the right tenant.
    await returnTo(test, `/pay-return/${(await attemptsOf(test, payer.invoiceId))[0]!.secret}`);
    expect((await payer.invoice()).status).toBe('paid');
    expect(await other.payments()).toHaveLength(0);
  });

  it('refuses an unsigned webhook and one signed with a key the platform does not have, and books nothing', async () => {
    const { test } = await concurrentApp();
    const flow = await checkoutInvoice(test);
    const pageUrl = await choose(test, flow.payPath);
    await act(test, pageUrl, 'pending', 'never');
    const body = JSON.stringify({ entityId: Number(transactionIdOf(pageUrl)), eventId: 999001, listenerEntityTechnicalName: 'Transaction', spaceId: 405, state: 'FULFILL' });
    expect((await webhook(test, flow.connectionId, body)).status).toBe(401);

    const key = (await crypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign'])) as CryptoKeyPair;
    const raw = new Uint8Array(await crypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, key.privateKey, new TextEncoder().encode(body)));
    const forged = `algorithm=SHA256withECDSA, keyId=${crypto.randomUUID()}, signature=${bytesToBase64(rawToDer(raw))}`;
    expect((await webhook(test, flow.connectionId, body, { 'x-signature': forged })).status).toBe(401);
    expect((await webhook(test, flow.connectionId, body, { 'x-signature': 'algorithm=SHA256withECDSA' })).status).toBe(401);

    // Even were the processor to finish now, the refused bodies moved nothing.
    await moveTransaction(test, transactionIdOf(pageUrl), 'FULFILL', 'never');
    expect((await flow.invoice()).status).toBe('sent');
    expect((await attemptsOf(test, flow.invoiceId))[0]!.state).toBe('initiated');
    expect(await flow.payments()).toHaveLength(0);
  });

  it('never books a transaction from the production environment on a sandbox service, and flags the invoice', async () => {
    const production: Tamper = async (url, forward) => {
      const response = await forward();
      if (!/\/payment\/transactions\/\d+$/.test(url.pathname)) return response;
      const text = (await response.text()).replace('"authorizationEnvironment":"TEST"', '"authorizationEnvironment":"PRODUCTION"');
      return new Response(text, { status: response.status, headers: response.headers });
    };
    const { test, runAllAtOnce } = await concurrentApp(production);
    const flow = await checkoutInvoice(test);
    const back = await act(test, await choose(test, flow.payPath), 'approve', 'once');
    await runAllAtOnce();
    await returnTo(test, back);
    const invoice = await flow.invoice();
    expect(invoice.status).toBe('sent');
    expect(invoice.flagReason).toMatch(/PRODUCTION environment/);
    expect(await flow.payments()).toHaveLength(0);
  });

  it('sends a DECLINE to a bookkeeper and books nothing', async () => {
    const { test, runAllAtOnce } = await concurrentApp();
    const flow = await checkoutInvoice(test);
    const pageUrl = await choose(test, flow.payPath);
    await act(test, pageUrl, 'pending', 'never');
    await moveTransaction(test, transactionIdOf(pageUrl), 'DECLINE', 'out_of_order');
    await runAllAtOnce();
    const invoice = await flow.invoice();
    expect(invoice.status).toBe('sent');
    expect(invoice.flagReason).toMatch(/DECLINE.*money may have moved/);
    expect(await flow.payments()).toHaveLength(0);
  });

  it('finds the transaction by its merchant reference when the answer to its creation was lost, and creates no second one', async () => {
    let creates = 0;
    const loseFirstCreate: Tamper = async (url, forward) => {
      if (!url.pathname.endsWith('/payment/transactions')) return forward();
      creates++;
      const response = await forward();
      if (creates === 1) throw new TypeError('fetch failed: the answer timed out');
      return response;
    };
    const { test, runAllAtOnce } = await concurrentApp(loseFirstCreate);
    const flow = await checkoutInvoice(test);
    const back = await act(test, await choose(test, flow.payPath), 'approve', 'once');
    await runAllAtOnce();
    expect(creates).toBe(1);
    expect((await returnTo(test, back)).html).toContain('your payment was received');
    expect(await flow.payments()).toHaveLength(1);
  });
});
