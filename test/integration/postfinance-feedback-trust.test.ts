// A correctly signed PostFinance message is not the truth: whoever holds the SHA-OUT
// passphrase can sign anything, and an empty parameter is not part of the signature at all.
// Signed feedback only starts a querydirect; what PostFinance's record says is booked.
import { and, eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { providerEvents } from '../../src/db/schema.js';
import { signShaOut } from '../../src/providers/postfinance/signature.js';
import { countCalls, createTestApp } from '../helpers/app.js';
import { createSwissBillingConnection, postfinanceSandboxCredentials } from '../helpers/invoices.js';
import { feedbackParams, followFeedback, payByInvoice, postSale, pressPayByInvoice, providerForm, swissBillingInvoice } from '../helpers/swissbilling-payer.js';

const signed = async (params: Record<string, string>) => ({ ...params, SHASIGN: await signShaOut(params, postfinanceSandboxCredentials.shaOut, 'SHA-512') });

describe('signed PostFinance feedback', () => {
  it('books nothing for a signed STATUS 9 about an order PostFinance never saw', async () => {
    const queries = countCalls('/querydirect.asp');
    const app = await createTestApp({}, { tamper: queries.tamper });
    const flow = await swissBillingInvoice(app);
    // The payer got the form but never submitted it: PostFinance knows no such order.
    const { fields } = providerForm((await pressPayByInvoice(app, flow.payPath)).html);
    const forged = await signed({ orderID: fields.ORDERID!, amount: '2534.65', currency: 'CHF', PM: 'SwissBilling', STATUS: '9', PAYID: '3000000001', NCERROR: '0' });

    const answer = await postSale(app, flow.connectionId, forged);
    expect(answer.status).toBeLessThan(500);
    expect(queries.calls()).toBe(1);
    expect(await flow.invoice()).toMatchObject({ status: 'sent', paidAmount: 0, lastPayment: { state: 'initiated' } });
    expect(await flow.journal('payment')).toHaveLength(0);
    // The same through the payer's redirect: no "thank you", nothing booked.
    const redirect = await followFeedback(app, `${fields.ACCEPTURL}?${new URLSearchParams(forged)}`);
    expect(redirect.status).toBe(200);
    expect(redirect.html).not.toContain('your payment was received');
    expect(await flow.journal('payment')).toHaveLength(0);
    expect((await flow.invoice()).status).toBe('sent');
  });

  it('books the amount from querydirect, not the one the signed message claims', async () => {
    const app = await createTestApp();
    const flow = await swissBillingInvoice(app);
    const { feedbackUrl } = await payByInvoice(app, flow.payPath, 'approve', 'lost');
    // A signed post-sale that claims STATUS 9 and a smaller amount than PostFinance holds.
    const claim = await signed({ ...withoutSignature(feedbackParams(feedbackUrl)), STATUS: '9', amount: '0.05' });
    expect((await postSale(app, flow.connectionId, claim)).status).toBe(200);
    const [payment] = await flow.journal('payment');
    expect(payment?.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['1029', 253465, 0],
      ['1100', 0, 253465],
    ]);
    expect((await flow.invoice()).status).toBe('paid');
  });

  it('refuses a parameter given twice in different case with 400, before anything else', async () => {
    const queries = countCalls('/querydirect.asp');
    const app = await createTestApp({}, { tamper: queries.tamper });
    const flow = await swissBillingInvoice(app);
    const { feedbackUrl } = await payByInvoice(app, flow.payPath, 'approve', 'lost');
    const genuine = new URLSearchParams(feedbackParams(feedbackUrl));
    // `CURRENCY=` is empty, so it is not part of SHA-OUT: the signature still holds.
    const ambiguous = `CURRENCY=&${genuine.toString()}`;
    const before = queries.calls();
    const answer = await postSale(app, flow.connectionId, ambiguous);
    expect(answer.status).toBe(400);
    expect(await answer.text()).toMatch(/CURRENCY/i);
    const redirect = await followFeedback(app, `${feedbackUrl}&AMOUNT=`);
    expect(redirect.status).toBe(400);
    expect(queries.calls()).toBe(before);
    expect(await flow.journal('payment')).toHaveLength(0);
  });

  it("shows the payer's browser a page in the payer's language (the one they paid in), not plain text, for feedback it does not act on", async () => {
    const app = await createTestApp();
    const flow = await swissBillingInvoice(app);
    const { feedbackUrl } = await payByInvoice(app, flow.payPath, 'approve', 'lost');
    const url = new URL(feedbackUrl);
    const page = async (path: string) => {
      const response = await app.app.request(path);
      return { status: response.status, type: response.headers.get('Content-Type'), html: await response.text() };
    };
    const tampered = new URL(url);
    tampered.searchParams.set('STATUS', '9');
    for (const [path, status] of [
      [`${tampered.pathname}${tampered.search}`, 400],
      [`${url.pathname}${url.search}&AMOUNT=`, 400],
    ] as const) {
      const answer = await page(path);
      expect(answer.status, path).toBe(status);
      expect(answer.type).toMatch(/^text\/html/);
      expect(answer.html).toContain('could not be verified');
      expect(answer.html).toContain(`href="${flow.payPath}?lang=en"`);
    }
    const unknown = await page('/pay-feedback/AAAAAAAAAAAAAAAAAAAAAAAA?lang=en');
    expect(unknown.status).toBe(404);
    expect(unknown.type).toMatch(/^text\/html/);
    expect(unknown.html).toContain('Invoice not found');
    expect(await flow.journal('payment')).toHaveLength(0);
  });

  it('answers a post-sale request for a payment service without credentials with 400, not a 500', async () => {
    const app = await createTestApp();
    const flow = await swissBillingInvoice(app);
    const bare = await createSwissBillingConnection(flow.admin, { credentials: undefined, isDefault: false });
    for (const method of ['GET', 'POST']) {
      const answer = await app.app.request(`/callbacks/postfinance/${bare}${method === 'GET' ? '?orderID=1&STATUS=9&SHASIGN=AB' : ''}`, {
        method,
        ...(method === 'POST' ? { headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'orderID=1&STATUS=9&SHASIGN=AB' } : {}),
      });
      expect(answer.status, method).toBe(400);
      expect(await answer.text()).toBe('bad signature');
    }
  });

  it.each([
    ['an empty currency', ''],
    ['an unknown currency', 'XYZ'],
  ])('answers a genuinely signed message with %s with 422 and keeps it among the provider events', async (_, currency) => {
    const app = await createTestApp();
    const flow = await swissBillingInvoice(app);
    const { feedbackUrl } = await payByInvoice(app, flow.payPath, 'approve', 'lost');
    const params = withoutSignature(feedbackParams(feedbackUrl));
    // Signed as PostFinance would sign it (an empty value is left out of SHA-OUT).
    const message = await signed({ ...params, currency });
    const answer = await postSale(app, flow.connectionId, message);
    expect(answer.status).toBe(422);
    expect(await answer.text()).toMatch(/CURRENCY/);
    const events = await app.database.db
      .select()
      .from(providerEvents)
      .where(and(eq(providerEvents.tenantId, flow.tenant.tenantId), eq(providerEvents.kind, 'feedback:refused')));
    expect(events).toHaveLength(1);
    expect(await flow.journal('payment')).toHaveLength(0);
    // The genuine message still books.
    expect((await followFeedback(app, feedbackUrl)).status).toBe(200);
    expect(await flow.journal('payment')).toHaveLength(1);
  });
});

function withoutSignature(params: Record<string, string>) {
  const { SHASIGN: _, ...rest } = params;
  return rest;
}
