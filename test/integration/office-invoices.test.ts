// The invoice pages of the back office, as an accountant and a bookkeeper use them: the list
// with its filters and totals, the draft editor without script, payment services, sending,
// cancelling, the PDF, and refunds with their reason.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { refunds, users } from '../../src/db/schema.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { givePassword, officeVisitor } from '../helpers/office.js';
import { act, choose, returnTo } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

async function signedIn(userId: string, language = 'en') {
  const [user] = await test.database.db.select().from(users).where(eq(users.id, userId));
  await test.database.db.update(users).set({ language: language as 'en' }).where(eq(users.id, userId));
  await givePassword(test.database.db, userId, 'office password 1');
  const visitor = officeVisitor(test.app);
  const answer = await visitor.signIn(user!.email, 'office password 1');
  expect(answer.status).toBe(303);
  return visitor;
}

async function office() {
  const setup = await invoicingTenant(test);
  const accountant = await signedIn(setup.tenant.userIds.accountant);
  return { ...setup, office: accountant };
}

/** The value of a form field named `name` on a page. */
const fieldValue = (html: string, name: string) => new RegExp(`name="${name.replace(/\./g, '\\.')}"[^>]*value="([^"]*)"`).exec(html)?.[1];

describe('the draft editor', () => {
  it('adds a line without script, shows the server totals, and saves through the API verbs', async () => {
    const { office: page, contactId, accountant } = await office();
    const form = {
      contactId,
      currency: 'CHF',
      invoiceDate: '2026-11-02',
      dueDate: '2026-12-02',
      referenceText: 'Mandat 2026/11',
      'lines.0.description': 'Beratung März',
      'lines.0.quantity': '12.5',
      'lines.0.unitPrice': "1'800.00",
      'lines.0.vatRate': '8.1',
      'lines.0.revenueAccount': '3200',
    };
    const added = await page.post('/office/invoices/new', { ...form, action: 'add' });
    expect(added.status).toBe(200);
    expect(added.text).toContain('name="lines.1.description"');
    expect(fieldValue(added.text, 'lines.0.unitPrice')).toBe('1&#39;800.00');
    // 12.5 × 1'800.00 = 22'500.00 net, VAT 8.1 % = 1'822.50
    expect(added.text).toContain('22’500.00');
    expect(added.text).toContain('1’822.50');
    expect(added.text).toContain('24’322.50');

    const saved = await page.post('/office/invoices/new', {
      ...form,
      'lines.1.description': 'Fachbuch',
      'lines.1.quantity': '2',
      'lines.1.unitPrice': '49.90',
      'lines.1.vatRate': '2.6',
      'lines.1.revenueAccount': '3200',
      action: 'save',
    });
    expect(saved.status).toBe(303);
    const id = /\/office\/invoices\/([0-9a-f-]{36})/.exec(saved.location!)![1]!;
    const api = await accountant.get<{ total: number; lines: unknown[]; status: string }>(`/api/v1/invoices/${id}`);
    // 22'599.80 net + 1'822.50 + 2.59 VAT = 24'424.89, rounded to 5 Rappen
    expect(api.body).toMatchObject({ status: 'draft', total: 2442490 });
    expect(api.body.lines).toHaveLength(2);
    const shown = await page.get(saved.location!);
    expect(shown.text).toContain('The draft is saved.');
    expect(shown.text).toContain('Fachbuch');
  });
});
