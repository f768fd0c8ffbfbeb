// Paying through Saferpay end to end against the sandbox, as payers and bookkeepers see it:
// the invoice becomes paid once, the journal shows debit 1029 / credit 1100 once, and no
// duplicate, late, forged or mismatching callback changes that.
import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import type { EntryView } from '../../src/ledger/read-entries.js';
import { outboxMessages } from '../../src/db/schema.js';
import { reconcileOpenAttempts } from '../../src/services/reconcile-attempts.js';
import { paymentDeps } from '../../src/payments/deps.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { expectInvariants } from '../helpers/invariants.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { act, callbackUrlOf, choose, returnTo, tokenOf } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

async function sentInvoice(app: TestApp, overrides: Record<string, unknown> = {}, sendBody?: unknown) {
  const setup = await invoicingTenant(app);
  await createConnection(setup.admin, { currencies: ['CHF', 'EUR'] });
  const draft = await createDraftInvoice(setup.accountant, setup.contactId, overrides);
  const sent = await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`, sendBody);
  const payPath = new URL(sent.body.payLink!.url).pathname;
  const invoice = async () => (await setup.accountant.get<InvoiceView>(`/api/v1/invoices/${draft.id}`)).body;
  const payments = async () => (await setup.admin.get<{ items: EntryView[] }>('/api/v1/journal/entries?source=payment')).body.items;
  return { ...setup, payPath, invoice, payments, invoiceId: draft.id };
}

describe('paying with Saferpay', () => {
  it('books a card payment once: invoice paid, debit 1029 / credit 1100, receipt queued', async () => {
    const flow = await sentInvoice(test);
    const pageUrl = await choose(test, flow.payPath, 'CARD');
    const returnUrl = await act(test, pageUrl, 'VISA', 'approve');
    const page = await returnTo(test, returnUrl);
    expect(page.html).toContain('your payment was received');
    await test.runDeferred(); // Saferpay's notify arrives after the payer is back

    expect(await flow.invoice()).toMatchObject({ status: 'paid', paidAmount: 253465 });
    const payments = await flow.payments();
    expect(payments).toHaveLength(1);
    expect(payments[0]!.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['1029', 253465, 0],
      ['1100', 0, 253465],
    ]);
    const receipts = await test.deps.db
      .select()
      .from(outboxMessages)
      .where(and(eq(outboxMessages.invoiceId, flow.invoiceId), eq(outboxMessages.kind, 'receipt_email')));
    expect(receipts).toHaveLength(1);
  });

  it('books TWINT once when the notify comes twice before the payer returns', async () => {
    const flow = await sentInvoice(test);
    const pageUrl = await choose(test, flow.payPath, 'TWINT');
    const returnUrl = await act(test, pageUrl, 'TWINT', 'approve', 'twice');
    await test.runDeferred();
    expect((await returnTo(test, returnUrl)).html).toContain('your payment was received');
    expect(await flow.payments()).toHaveLength(1);
    expect((await flow.invoice()).status).toBe('paid');
  });

  it('shows a declined payment with the reason and a way to try again, and books nothing', async () => {
    const flow = await sentInvoice(test);
    const returnUrl = await act(test, await choose(test, flow.payPath, 'CARD'), 'MASTERCARD', 'decline');
    const page = await returnTo(test, returnUrl);
    expect(page.html).toContain('did not go through');
    expect(page.html).toContain('Card declined by the issuer');
    expect(page.html).toContain('Try again');
    await test.runDeferred();
    expect((await flow.invoice()).status).toBe('sent');
    expect(await flow.payments()).toHaveLength(0);

    const aborted = await act(test, await choose(test, flow.payPath, 'TWINT'), 'TWINT', 'abort');
    expect((await returnTo(test, aborted)).html).toContain('did not go through');
    expect((await flow.invoice()).status).toBe('sent');
  });

  it('never books a pending payment, and books it once it is authorised', async () => {
    const flow = await sentInvoice(test);
    const pageUrl = await choose(test, flow.payPath, 'TWINT');
    const returnUrl = await act(test, pageUrl, 'TWINT', 'pending');
    expect((await returnTo(test, returnUrl)).html).toContain('being processed');
    await test.runDeferred();
    expect((await flow.invoice()).status).toBe('sent');
    expect(await flow.payments()).toHaveLength(0);

    const resolved = await test.app.request(`/sandbox/saferpay/test/payments/${tokenOf(pageUrl)}/resolve`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ outcome: 'approve' }),
    });
    expect(resolved.status).toBe(200);
    await test.runDeferred();
    expect((await flow.invoice()).status).toBe('paid');
    expect(await flow.payments()).toHaveLength(1);
  });

  it('books fifty concurrent duplicate notifies once', async () => {
    const flow = await sentInvoice(test);
    const returnUrl = await act(test, await choose(test, flow.payPath, 'CARD'), 'VISA', 'approve', 'none');
    const callback = new URL(callbackUrlOf(returnUrl)).pathname;
    const answers = await Promise.all(Array.from({ length: 50 }, () => test.app.request(callback)));
    expect(answers.every((r) => r.status === 200)).toBe(true);
    expect(await flow.payments()).toHaveLength(1);
    expect(await flow.invoice()).toMatchObject({ status: 'paid', paidAmount: 253465 });
    await expectInvariants(test.database.db, { tenantId: flow.tenant.tenantId, settled: true });
  });

  it('answers a forged notify with 404 and changes nothing', async () => {
    const flow = await sentInvoice(test);
    const returnUrl = await act(test, await choose(test, flow.payPath, 'CARD'), 'VISA', 'approve', 'none');
    const real = new URL(callbackUrlOf(returnUrl)).pathname;
    const forged = [`${real.slice(0, -3)}AAA`, '/callbacks/saferpay/unknownunknownunknown1', '/callbacks/saferpay/x'];
    for (const path of forged) expect((await test.app.request(path)).status).toBe(404);
    expect((await flow.invoice()).status).toBe('sent');
    expect(await flow.payments()).toHaveLength(0);
  });

  it('heals a missed notify and a payer who never came back with the reconciliation job', async () => {
    const flow = await sentInvoice(test);
    await act(test, await choose(test, flow.payPath, 'CARD'), 'VISA', 'approve', 'none');
    const later = { ...paymentDeps(test.deps), now: () => new Date(Date.now() + 10 * 60_000) };
    const outcome = await reconcileOpenAttempts(later, { tenantId: flow.tenant.tenantId });
    expect(outcome.captured).toBeGreaterThanOrEqual(1);
    expect((await flow.invoice()).status).toBe('paid');
    expect(await flow.payments()).toHaveLength(1);
  });

  it('pays an EUR invoice on a contract with EUR, in EUR and in CHF at the invoice rate', async () => {
    const flow = await sentInvoice(test, { currency: 'EUR' }, { exchangeRate: '0.9412' });
    const returnUrl = await act(test, await choose(test, flow.payPath, 'CARD'), 'VISA', 'approve');
    await returnTo(test, returnUrl);
    const [payment] = await flow.payments();
    expect(payment?.currency).toBe('EUR');
    expect(payment?.lines.map((l) => [l.account, l.debit, l.debitChf])).toEqual([
      ['1029', 253464, 238560],
      ['1100', 0, 0],
    ]);
  });

  it('books money for an invoice cancelled meanwhile to 2030 and flags it', async () => {
    const flow = await sentInvoice(test);
    const returnUrl = await act(test, await choose(test, flow.payPath, 'CARD'), 'VISA', 'approve', 'none');
    expect((await flow.accountant.post(`/api/v1/invoices/${flow.invoiceId}/cancel`)).status).toBe(200);
    await returnTo(test, returnUrl);
    const invoice = await flow.invoice();
    expect(invoice.status).toBe('cancelled');
    expect(invoice.flagReason).toMatch(/after the invoice was cancelled/);
    expect((await flow.payments())[0]?.lines.map((l) => l.account)).toEqual(['1029', '2030']);
  });

  it('books a second payer too and flags the overpayment', async () => {
    const flow = await sentInvoice(test);
    const first = await act(test, await choose(test, flow.payPath, 'CARD'), 'VISA', 'approve', 'none');
    const second = await act(test, await choose(test, flow.payPath, 'TWINT'), 'TWINT', 'approve', 'none');
    await Promise.all([returnTo(test, first), returnTo(test, second)]);
    const invoice = await flow.invoice();
    expect(invoice).toMatchObject({ status: 'paid', paidAmount: 2 * 253465 });
    expect(invoice.flagReason).toMatch(/Overpaid by CHF 2’534.65/);
    const lines = (await flow.payments()).flatMap((e) => e.lines.map((l) => [l.account, l.debit, l.credit]));
    expect(lines).toEqual(
      expect.arrayContaining([
        ['1100', 0, 253465],
        ['2030', 0, 253465],
      ]),
    );
  });
});

describe('a Saferpay answer that does not match the attempt', () => {
  it('is booked to 1099 suspense, flags the invoice and never marks it paid', async () => {
    const tampering = await createTestApp({}, {
      tamper: async (url, forward) => {
        const response = await forward();
        if (!url.pathname.endsWith('/PaymentPage/Assert') || response.status !== 200) return response;
        const body = (await response.json()) as { Transaction: { Amount: { Value: string } } };
        body.Transaction.Amount.Value = '100';
        return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
      },
    });
    const flow = await sentInvoice(tampering);
    await returnTo(tampering, await act(tampering, await choose(tampering, flow.payPath, 'CARD'), 'VISA', 'approve', 'none'));
    const invoice = await flow.invoice();
    expect(invoice.status).toBe('sent');
    expect(invoice.paidAmount).toBe(0);
    expect(invoice.flagReason).toMatch(/does not match/);
    expect((await flow.payments())[0]?.lines.map((l) => [l.account, l.debit, l.credit])).toEqual([
      ['1029', 100, 0],
      ['1099', 0, 100],
    ]);
  });
});

describe('attempts that end without a capture', () => {
  it('marks an attempt abandoned when the payer never acted and the page expired', async () => {
    const flow = await sentInvoice(test);
    await choose(test, flow.payPath, 'CARD');
    const later = { ...paymentDeps(test.deps), now: () => new Date(Date.now() + 2 * 60 * 60_000) };
    await reconcileOpenAttempts(later, { tenantId: flow.tenant.tenantId });
    const payments = await flow.accountant.get<{ items: { state: string }[] }>(`/api/v1/payments?invoiceId=${flow.invoiceId}`);
    expect(payments.body.items[0]?.state).toBe('abandoned');
    expect((await flow.invoice()).status).toBe('sent');
  });

  it('cancels an authorised payment whose capture failed, and books nothing', async () => {
    const failing = await createTestApp({}, {
      // The acquirer fails the capture: Saferpay never captures it.
      tamper: async (url, forward) =>
        url.pathname.endsWith('/Transaction/Capture')
          ? new Response(JSON.stringify({ Behavior: 'DO_NOT_RETRY', ErrorName: 'UNEXPECTED_ERROR_BY_ACQUIRER', ErrorMessage: 'x' }), {
              status: 402,
              headers: { 'Content-Type': 'application/json' },
            })
          : forward(),
    });
    const flow = await sentInvoice(failing);
    await returnTo(failing, await act(failing, await choose(failing, flow.payPath, 'CARD'), 'VISA', 'approve', 'none'));
    const [payment] = (await flow.accountant.get<{ items: { id: string; state: string }[] }>(`/api/v1/payments?invoiceId=${flow.invoiceId}`)).body.items;
    expect(payment?.state).toBe('authorized');
    const cancelled = await flow.accountant.post<{ state: string }>(`/api/v1/payments/${payment!.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.state).toBe('cancelled');
    expect(await flow.payments()).toHaveLength(0);
    expect((await flow.invoice()).status).toBe('sent');
  });
});
