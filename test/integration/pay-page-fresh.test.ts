// The online invoice is answered from the page rendered before while nothing it shows has
// changed (issue 11). These prove the other half: whatever it shows changes, the next request
// shows the change, even when the page had just been rendered and kept.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { connections, contacts, invoiceLines, invoices, paymentAttempts, tenants } from '../../src/db/schema.js';
import { payPageStamp } from '../../src/pay/pay-page-cache.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

async function keptPage() {
  const setup = await invoicingTenant(test);
  const connectionId = await createConnection(setup.admin);
  const draft = await createDraftInvoice(setup.accountant, setup.contactId);
  const sent = await setup.accountant.post<{ payLink: { url: string } }>(`/api/v1/invoices/${draft.id}/send`);
  const path = `${new URL(sent.body.payLink.url).pathname}?lang=en`;
  const first = await page(path);
  // Asked twice, so the second answer is the kept page.
  expect(await page(path)).toBe(first);
  return { ...setup, connectionId, invoiceId: draft.id, path, first };
}

const page = async (path: string) => (await test.app.request(path)).text();

describe('the kept online invoice', () => {
  it('shows the amount still open once part of it is paid', async () => {
    const { path, first, invoiceId } = await keptPage();
    expect(first).toContain('CHF 2’534.65');
    await test.deps.db.update(invoices).set({ status: 'partially_paid', paidAmount: 100000 }).where(eq(invoices.id, invoiceId));
    expect(await page(path)).toContain('CHF 1’534.65');
  });

  it("shows the creditor's new name", async () => {
    const { path, tenant } = await keptPage();
    await test.deps.db.update(tenants).set({ name: 'Umbenannt AG' }).where(eq(tenants.id, tenant.tenantId));
    expect(await page(path)).toContain('Umbenannt AG');
  });

  it("shows the debtor's new name", async () => {
    const { path, contactId } = await keptPage();
    await test.deps.db.update(contacts).set({ companyName: 'Neuer Name GmbH' }).where(eq(contacts.id, contactId));
    expect(await page(path)).toContain('Neuer Name GmbH');
  });

  it('shows a line whose text changed', async () => {
    const { path, invoiceId } = await keptPage();
    await test.deps.db.update(invoiceLines).set({ description: 'Beratung April' }).where(eq(invoiceLines.invoiceId, invoiceId));
    expect(await page(path)).toContain('Beratung April');
  });

  it('drops the card button once the contract refused the method', async () => {
    const { path, first, invoiceId, connectionId, tenant } = await keptPage();
    expect(first).toContain('Visa / Mastercard');
    const [invoice] = await test.deps.db.select().from(invoices).where(eq(invoices.id, invoiceId));
    await test.deps.db.insert(paymentAttempts).values({
      tenantId: tenant.tenantId,
      invoiceId,
      connectionId,
      provider: 'saferpay',
      method: 'CARD',
      amount: invoice!.total,
      currency: invoice!.currency,
      state: 'failed',
      secret: `fresh-${invoiceId}`,
      orderId: `fresh-${invoiceId}`,
      failureCode: 'NO_CONTRACT',
    });
    const after = await page(path);
    expect(after).not.toBe(first);
    expect(after).not.toContain('Visa / Mastercard');
  });

  it('drops TWINT once the payment service no longer offers it', async () => {
    const { path, first, connectionId } = await keptPage();
    expect(first).toContain('TWINT');
    await test.deps.db.update(connections).set({ methods: ['VISA', 'MASTERCARD'] }).where(eq(connections.id, connectionId));
    expect(await page(path)).not.toContain('TWINT');
  });

  it('reads a token with quotes in it as a token, not as SQL (the embedded database gets it as a literal)', async () => {
    const { path, invoiceId } = await keptPage();
    const token = path.split('/')[2]!.split('?')[0]!;
    expect(await payPageStamp(test.deps.db, `${token}' or ''='`)).toBeNull();
    expect(await payPageStamp(test.deps.db, "x'); delete from pay_links; --")).toBeNull();
    expect((await payPageStamp(test.deps.db, token))?.status).toBe('sent');
    const [invoice] = await test.deps.db.select().from(invoices).where(eq(invoices.id, invoiceId));
    expect(invoice?.status).toBe('sent');
  });

  it('answers views of several invoices arriving at once each with its own invoice', async () => {
    const one = await keptPage();
    const other = await keptPage();
    expect(one.first).not.toBe(other.first);
    const paths = Array.from({ length: 12 }, (_, i) => (i % 3 === 2 ? `${other.path}&n=${i}` : one.path));
    const pages = await Promise.all(paths.map(page));
    pages.forEach((html, i) => expect(html).toBe(i % 3 === 2 ? other.first : one.first));
    // A revoked or unknown link among them is still a 404 and does not disturb the others.
    const mixed = await Promise.all([test.app.request('/pay/unknown-token-000000000000'), test.app.request(one.path)]);
    expect(mixed.map((response) => response.status)).toEqual([404, 200]);
  });
});
