// One Capture per authorisation, however many callers arrive at once: concurrent notifies
// and the payer's return each want to Assert and Capture; one claims the attempt, the
// others read what it found. And a payer never waits for a slow provider: past the payer
// wait the page says "processing", and the work finishes behind it.
import { describe, expect, it } from 'vitest';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import { type Tamper, type TestApp, createTestApp } from '../helpers/app.js';
import { expectInvariants } from '../helpers/invariants.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { act, callbackUrlOf, choose, returnTo } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

function counter() {
  const calls: Record<string, number> = {};
  const tamper: Tamper = (url, forward) => {
    const action = url.pathname.split('/').pop()!;
    calls[action] = (calls[action] ?? 0) + 1;
    return forward();
  };
  return { tamper, calls: (action: string) => calls[action] ?? 0 };
}

async function sentInvoice(app: TestApp) {
  const setup = await invoicingTenant(app);
  await createConnection(setup.admin);
  const draft = await createDraftInvoice(setup.accountant, setup.contactId);
  const sent = await setup.accountant.post<InvoiceView>(`/api/v1/invoices/${draft.id}/send`);
  const invoice = async () => (await setup.accountant.get<InvoiceView>(`/api/v1/invoices/${draft.id}`)).body;
  const payments = async () => (await setup.admin.get<{ items: unknown[] }>('/api/v1/journal/entries?source=payment')).body.items;
  return { payPath: new URL(sent.body.payLink!.url).pathname, invoice, payments, tenantId: setup.tenant.tenantId };
}

describe('Saferpay callbacks arriving together', () => {
  it('capture once among ten concurrent notifies', async () => {
    const saferpay = counter();
    const app = await createTestApp({}, { tamper: saferpay.tamper });
    const flow = await sentInvoice(app);
    const returnUrl = await act(app, await choose(app, flow.payPath, 'CARD'), 'VISA', 'approve', 'none');
    const callback = new URL(callbackUrlOf(returnUrl)).pathname;
    const answers = await Promise.all(Array.from({ length: 10 }, () => app.app.request(callback)));
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(saferpay.calls('Capture')).toBe(1);
    expect(saferpay.calls('Assert')).toBe(1);
    expect(await flow.payments()).toHaveLength(1);
    expect(await flow.invoice()).toMatchObject({ status: 'paid', paidAmount: 253465 });
    await expectInvariants(app.database.db, { tenantId: flow.tenantId });
  });

  it('capture once when notifies race the payer coming back', async () => {
    const saferpay = counter();
    const app = await createTestApp({}, { tamper: saferpay.tamper });
    const flow = await sentInvoice(app);
    const returnUrl = await act(app, await choose(app, flow.payPath, 'TWINT'), 'TWINT', 'approve', 'none');
    const callback = new URL(callbackUrlOf(returnUrl)).pathname;
    await Promise.all([returnTo(app, returnUrl), ...Array.from({ length: 9 }, () => app.app.request(callback)), returnTo(app, returnUrl)]);
    expect(saferpay.calls('Capture')).toBe(1);
    expect(await flow.payments()).toHaveLength(1);
    // The payer reloading the page sees it paid.
    expect((await returnTo(app, returnUrl)).html).toMatch(/Thank you|Danke|Merci|Grazie/);
    await expectInvariants(app.database.db, { tenantId: flow.tenantId });
  });
});

describe('a slow provider and a waiting payer', () => {
  it('shows "processing" after the payer wait and books once the late Capture answer arrives', async () => {
    let release: () => void = () => {};
    const captureAnswered = new Promise<void>((resolve) => {
      release = resolve;
    });
    const slowCapture: Tamper = async (url, forward) => {
      if (url.pathname.endsWith('/Transaction/Capture')) await captureAnswered;
      return forward();
    };
    const app = await createTestApp({ payerWaitMs: 50 }, { tamper: slowCapture });
    const flow = await sentInvoice(app);
    const returnUrl = await act(app, await choose(app, flow.payPath, 'CARD'), 'VISA', 'approve', 'none');

    const page = await returnTo(app, returnUrl);
    expect(page.status).toBe(200);
    expect(page.html).toContain('http-equiv="refresh"');
    expect(await flow.payments()).toHaveLength(0);

    // A second tab meanwhile neither captures again nor books.
    expect((await returnTo(app, returnUrl)).html).toContain('http-equiv="refresh"');
    release();
    await expect.poll(async () => (await flow.invoice()).status, { timeout: 5000 }).toBe('paid');
    expect(await flow.payments()).toHaveLength(1);
    await expectInvariants(app.database.db, { tenantId: flow.tenantId });
  });
});
