// A refunded invoice's online page invites no new payment: no amount due, no Pay now, no
// method buttons, and a pressed button from an old page starts nothing; it says, in the
// payer's language, that the payment was refunded. The accountant's API shows nothing open.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { invoices, paymentAttempts } from '../../src/db/schema.js';
import type { InvoiceView } from '../../src/invoices/view-schema.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

const page = async (path: string, init?: RequestInit) => {
  const response = await test.app.request(path, init);
  return { status: response.status, headers: response.headers, html: await response.text() };
};

describe('the online invoice of a refunded invoice', () => {
  it('says the payment was refunded and offers no way to pay', async () => {
    const setup = await invoicingTenant(test);
    await createConnection(setup.admin);
    const draft = await createDraftInvoice(setup.accountant, setup.contactId);
    const sent = await setup.accountant.post<{ payLink: { url: string } }>(`/api/v1/invoices/${draft.id}/send`);
    const path = new URL(sent.body.payLink.url).pathname;
    const option = /name="option" value="([^"]+)"/.exec((await page(path)).html)?.[1];
    expect(option).toBeTruthy();

    // What a full refund leaves behind: nothing counted as paid, the invoice refunded.
    await test.deps.db.update(invoices).set({ status: 'refunded', paidAmount: 0, paidAt: null }).where(eq(invoices.id, draft.id));

    const fr = await page(path);
    expect(fr.status).toBe(200);
    expect(fr.html).toContain('Paiement remboursé');
    expect(fr.html).not.toContain('Payer maintenant');
    expect(fr.html).not.toContain('Montant dû');
    const en = await page(`${path}?lang=en`);
    expect(en.html).toContain('The payment for this invoice was refunded');
    expect(en.html).not.toContain('name="option"');
    expect(en.html).not.toContain('Amount due');

    const pressed = await page(`${path}/attempts?lang=en`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ option: option! }).toString(),
    });
    expect(pressed.status).toBe(303);
    expect(pressed.headers.get('Location')).toBe(`${path}?lang=en`);
    expect(await test.deps.db.select().from(paymentAttempts).where(eq(paymentAttempts.invoiceId, draft.id))).toHaveLength(0);
  });

  it('has nothing open in the API', async () => {
    const setup = await invoicingTenant(test);
    const draft = await createDraftInvoice(setup.accountant, setup.contactId);
    await setup.accountant.post(`/api/v1/invoices/${draft.id}/send`);
    await test.deps.db.update(invoices).set({ status: 'refunded', paidAmount: 0, paidAt: null }).where(eq(invoices.id, draft.id));
    const view = await setup.accountant.get<InvoiceView>(`/api/v1/invoices/${draft.id}`);
    expect(view.body).toMatchObject({ status: 'refunded', total: 253465, paidAmount: 0, openAmount: 0 });
  });
});
