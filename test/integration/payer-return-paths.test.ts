// The providers send the payer back to /pay-return/ (Saferpay, PostFinance Checkout) and
// /pay-feedback/ (SwissBilling). Attempts started before these paths moved out of /pay/ gave
// the provider the old URLs (/pay/return/, /pay/feedback/), and the payer may come back through
// one of them hours later: those still settle the payment, once, and show the payer the result.
import { describe, expect, it, beforeAll } from 'vitest';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import type { EntryView } from '../../src/ledger/read-entries.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { act, choose, returnTo } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';
import { followFeedback, payByInvoice, swissBillingInvoice } from '../helpers/swissbilling-payer.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

async function saferpayInvoice() {
  const setup = await invoicingTenant(test);
  await createConnection(setup.admin);
  const draft = await createDraftInvoice(setup.accountant, setup.contactId);
  const sent = await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`);
  const invoice = async () => (await setup.accountant.get<InvoiceView>(`/api/v1/invoices/${draft.id}`)).body;
  const payments = async () => (await setup.admin.get<{ items: EntryView[] }>('/api/v1/journal/entries?source=payment')).body.items;
  return { payPath: new URL(sent.body.payLink!.url).pathname, invoice, payments };
}

describe("the payer's way back from the provider", () => {
  it('leads to /pay-return/, under the same page policy as the online invoice', async () => {
    const flow = await saferpayInvoice();
    const returnUrl = await act(test, await choose(test, flow.payPath, 'CARD'), 'VISA', 'approve', 'none');
    expect(new URL(returnUrl).pathname).toMatch(/^\/pay-return\/[^/]+$/);
    const response = await test.app.request(new URL(returnUrl).pathname);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(await response.text()).toContain('your payment was received');
  });

  it('through the old /pay/return/ URL still asks Saferpay, books the payment once and shows it paid', async () => {
    const flow = await saferpayInvoice();
    // No notify arrives: only the payer's return can settle the payment.
    const returnUrl = await act(test, await choose(test, flow.payPath, 'CARD'), 'VISA', 'approve', 'none');
    const old = returnUrl.replace('/pay-return/', '/pay/return/');
    const page = await returnTo(test, old);
    expect(page.status).toBe(200);
    expect(page.html).toContain('your payment was received');
    expect((await returnTo(test, old)).html).toContain('your payment was received');
    expect(await flow.invoice()).toMatchObject({ status: 'paid', paidAmount: 253465 });
    expect(await flow.payments()).toHaveLength(1);
  });

  it("through the old /pay/feedback/ URL still takes SwissBilling's signed feedback and books it once", async () => {
    const flow = await swissBillingInvoice(test);
    // The post-sale request is lost: only the payer's feedback can settle the payment.
    const { feedbackUrl } = await payByInvoice(test, flow.payPath, 'approve', 'lost');
    expect(new URL(feedbackUrl).pathname).toMatch(/^\/pay-feedback\/[^/]+$/);
    const old = feedbackUrl.replace('/pay-feedback/', '/pay/feedback/');
    const page = await followFeedback(test, old);
    expect(page.status).toBe(200);
    expect(page.html).toContain('your payment was received');
    await test.runDeferred();
    expect(await flow.invoice()).toMatchObject({ status: 'paid', paidAmount: 253465 });
    expect(await flow.journal('payment')).toHaveLength(1);
    // A forged copy on the old path is refused as on the new one.
    const forged = new URL(old);
    forged.searchParams.set('amount', '1');
    expect((await followFeedback(test, forged.toString())).status).toBe(400);
    // The current path answers the same feedback under the payer pages' policy.
    const current = new URL(feedbackUrl);
    const response = await test.app.request(`${current.pathname}${current.search}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('Content-Security-Policy')).toContain("default-src 'none'");
    expect(response.headers.get('Cache-Control')).toBe('no-store');
    expect(await flow.journal('payment')).toHaveLength(1);
  });
});
