// The page a payer sees back from Saferpay tells the truth: money that does not match what
// was asked is "received, being checked", never "paid, thank you"; a refunded payment says
// so; and every outcome of a sandbox or test payment service keeps the TEST banner.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { connections, paymentAttempts } from '../../src/db/schema.js';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import { type TestApp, createTestApp, rewriteAnswers } from '../helpers/app.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { act, choose, returnTo } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

async function sentInvoice(app: TestApp) {
  const setup = await invoicingTenant(app);
  const connectionId = await createConnection(setup.admin, { currencies: ['CHF', 'EUR'] });
  const draft = await createDraftInvoice(setup.accountant, setup.contactId);
  const sent = await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`);
  const invoice = async () => (await setup.accountant.get<InvoiceView>(`/api/v1/invoices/${draft.id}`)).body;
  return { payPath: new URL(sent.body.payLink!.url).pathname, invoice, connectionId, invoiceId: draft.id };
}

/** Saferpay's Assert reports other money than the attempt asked for. */
const assertSays = (change: (amount: { Value: string; CurrencyCode: string }) => void) =>
  rewriteAnswers('/PaymentPage/Assert', (body) => {
    const answer = JSON.parse(body) as { Transaction?: { Amount: { Value: string; CurrencyCode: string } } };
    if (answer.Transaction) change(answer.Transaction.Amount);
    return JSON.stringify(answer);
  });

describe('the result page after a payment that does not match', () => {
  it('says the payment was received and is being checked when the amount differs', async () => {
    const short = await createTestApp({}, { tamper: assertSays((amount) => void (amount.Value = '100')) });
    const flow = await sentInvoice(short);
    const page = await returnTo(short, await act(short, await choose(short, flow.payPath, 'CARD'), 'VISA', 'approve', 'none'));
    expect((await flow.invoice()).flagReason).toMatch(/does not match/);
    expect(page.html).toContain('Payment received – it is being checked');
    expect(page.html).toContain('Please do not pay again');
    expect(page.html).not.toContain('is paid');
    expect(page.html).not.toContain('Thank you');
  });

  it('says the same when the currency differs', async () => {
    const euro = await createTestApp({}, { tamper: assertSays((amount) => void (amount.CurrencyCode = 'EUR')) });
    const flow = await sentInvoice(euro);
    const page = await returnTo(euro, await act(euro, await choose(euro, flow.payPath, 'CARD'), 'VISA', 'approve', 'none'));
    expect((await flow.invoice()).status).toBe('sent');
    expect(page.html).toContain('Payment received – it is being checked');
    expect(page.html).not.toContain('is paid');
  });
});

describe('the result page of a sandbox payment service', () => {
  it('keeps the TEST banner when paid, declined, cancelled and still processing, and drops it for a live one', async () => {
    const flow = await sentInvoice(test);
    const outcomes = [
      ['decline', 'did not go through'],
      ['abort', 'did not go through'],
      ['pending', 'being processed'],
      ['approve', 'your payment was received'],
    ] as const;
    let paidReturn = '';
    for (const [outcome, says] of outcomes) {
      const returnUrl = await act(test, await choose(test, flow.payPath, 'CARD'), 'VISA', outcome, 'none');
      const page = await returnTo(test, returnUrl);
      expect(page.html).toContain(says);
      expect(page.html, outcome).toContain('TEST MODE');
      paidReturn = returnUrl;
    }
    await test.deps.db.update(connections).set({ environment: 'live' }).where(eq(connections.id, flow.connectionId));
    const live = await returnTo(test, paidReturn);
    expect(live.html).toContain('your payment was received');
    expect(live.html).not.toContain('TEST MODE');
  });

  it('says a refunded payment was refunded instead of "processing" forever', async () => {
    const flow = await sentInvoice(test);
    const returnUrl = await act(test, await choose(test, flow.payPath, 'CARD'), 'VISA', 'approve', 'none');
    await returnTo(test, returnUrl);
    await test.deps.db.update(paymentAttempts).set({ state: 'refunded' }).where(eq(paymentAttempts.invoiceId, flow.invoiceId));
    const page = await returnTo(test, returnUrl);
    expect(page.html).toContain('This payment was refunded');
    expect(page.html).not.toContain('http-equiv="refresh"');
  });
});
