// The invoice pages of the back office, as an accountant and a bookkeeper use them: the list
// with its filters and totals, the draft editor without script, payment services, sending,
// cancelling, the PDF and the e-mail (payments and refunds: office-invoice-payments.test.ts).
import { eq, sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { contacts, invoices, outboxMessages } from '../../src/db/schema.js';
import { deliverOutbox } from '../../src/services/deliver-outbox.js';
import { invoicePageQuery } from '../../src/web/invoices/list-query.js';
import { RecordingMailer } from '../fakes/mailer.js';
import { type TestApp, apiClient, createTestApp, createTestTenant } from '../helpers/app.js';
import { createConnection, createDraftInvoice, createSwissBillingConnection } from '../helpers/invoices.js';
import { signedInAs } from '../helpers/office-user.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

const signedIn = (userId: string) => signedInAs(test, userId);

async function office() {
  const setup = await invoicingTenant(test);
  return { ...setup, page: await signedIn(setup.tenant.userIds.accountant) };
}

const fieldValue = (html: string, name: string) => new RegExp(`name="${name.replace(/\./g, '\\.')}"[^>]*value="([^"]*)"`).exec(html)?.[1];
const idOf = (location: string | null) => /\/office\/invoices\/([0-9a-f-]{36})/.exec(location ?? '')![1]!;

const draftForm = (contactId: string) => ({
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
});

const bookLine = {
  'lines.1.description': 'Fachbuch',
  'lines.1.quantity': '2',
  'lines.1.unitPrice': '49.90',
  'lines.1.vatRate': '2.6',
  'lines.1.revenueAccount': '3200',
};

describe('the draft editor', () => {
  it('adds a line without script, shows the server totals, and saves through the API verbs', async () => {
    const { page, contactId, accountant } = await office();
    const added = await page.post('/office/invoices/new', { ...draftForm(contactId), action: 'add' });
    expect(added.status).toBe(200);
    expect(added.text).toContain('name="lines.1.description"');
    expect(fieldValue(added.text, 'lines.0.unitPrice')).toBe('1&#39;800.00');
    // 12.5 × 1'800.00 = 22'500.00 net, VAT 8.1 % = 1'822.50
    expect(added.text).toContain('22’500.00');
    expect(added.text).toContain('1’822.50');
    expect(added.text).toContain('24’322.50');

    const saved = await page.post('/office/invoices/new', {
      ...draftForm(contactId),
      ...bookLine,
      action: 'save',
    });
    expect(saved.status).toBe(303);
    const api = await accountant.get<{ total: number; lines: unknown[]; status: string }>(`/api/v1/invoices/${idOf(saved.location)}`);
    // 22'599.80 net + 1'822.50 + 2.59 VAT = 24'424.89, rounded to 5 Rappen
    expect(api.body).toMatchObject({ status: 'draft', total: 2442490 });
    expect(api.body.lines).toHaveLength(2);
    const shown = await page.get(saved.location!);
    expect(shown.text).toContain('The draft is saved.');
    expect(shown.text).toContain('Fachbuch');
  });

  it('removes a ticked line and recounts', async () => {
    const { page, contactId } = await office();
    const answer = await page.post('/office/invoices/new', {
      ...draftForm(contactId),
      ...bookLine,
      'lines.0.remove': 'yes',
      action: 'recalculate',
    });
    expect(answer.status).toBe(200);
    expect(answer.text).not.toContain('Beratung März');
    expect(fieldValue(answer.text, 'lines.0.description')).toBe('Fachbuch');
    expect(answer.text).not.toContain('name="lines.1.description"');
    // 99.80 + 2.59 VAT = 102.39 → 102.40
    expect(answer.text).toContain('102.40');
  });

  it('keeps what was typed and names the field when a price is no amount, saving nothing', async () => {
    const { page, contactId, accountant } = await office();
    const answer = await page.post('/office/invoices/new', { ...draftForm(contactId), 'lines.0.unitPrice': '18o.00', action: 'save' });
    expect(answer.status).toBe(422);
    expect(fieldValue(answer.text, 'lines.0.unitPrice')).toBe('18o.00');
    expect(fieldValue(answer.text, 'lines.0.description')).toBe('Beratung März');
    expect(answer.text).toContain('id="field-lines-0-unitPrice-error"');
    expect(answer.text).toContain('Not an amount');
    const list = await accountant.get<{ total: number }>('/api/v1/invoices');
    expect(list.body.total).toBe(0);
  });

  it('offers only the currencies the company can invoice in', async () => {
    const { page, contactId } = await office();
    const answer = await page.post('/office/invoices/new', { ...draftForm(contactId), currency: 'JPY', action: 'save' });
    expect(answer.status).toBe(422);
    expect(answer.text).toContain('Your company can invoice in CHF, EUR.');
  });

  it('edits a draft through PATCH’s verb, and sends a sent invoice back to its page', async () => {
    const { page, contactId, accountant } = await office();
    const draft = await createDraftInvoice(accountant, contactId);
    const form = await page.get(`/office/invoices/${draft.id}/edit`);
    expect(fieldValue(form.text, 'lines.0.unitPrice')).toBe('180.00');
    const saved = await page.post(`/office/invoices/${draft.id}/edit`, { ...draftForm(contactId), referenceText: 'Neue Referenz', action: 'save' });
    expect(saved.status).toBe(303);
    const api = await accountant.get<{ referenceText: string; lines: unknown[] }>(`/api/v1/invoices/${draft.id}`);
    expect(api.body.referenceText).toBe('Neue Referenz');
    expect(api.body.lines).toHaveLength(1);
    await accountant.post(`/api/v1/invoices/${draft.id}/send`);
    const again = await page.post(`/office/invoices/${draft.id}/edit`, { ...draftForm(contactId), action: 'save' });
    expect(again.status).toBe(409);
    expect(again.text).toContain('no longer a draft');
  });
});

describe('the invoice list', () => {
  async function manyInvoices(count: number) {
    const { tenant, page, contactId } = await office();
    const other = await test.database.db.insert(contacts).values({ tenantId: tenant.tenantId, kind: 'person', firstName: 'Eva', lastName: 'Euro', street: 'Hauptstrasse', postalCode: '3000', city: 'Bern', country: 'CH', email: 'eva@example.ch', language: 'de' }).returning();
    const rows = Array.from({ length: count }, (_, i) => ({
      tenantId: tenant.tenantId,
      contactId: i % 3 === 0 ? other[0]!.id : contactId,
      currency: i % 2 === 0 ? 'CHF' : 'EUR',
      status: i % 5 === 0 ? ('paid' as const) : ('sent' as const),
      number: `RE-2026-${String(i + 1).padStart(4, '0')}`,
      invoiceDate: `2026-${String((i % 12) + 1).padStart(2, '0')}-10`,
      dueDate: '2026-12-31',
      total: 10000 + i,
      paidAmount: i % 5 === 0 ? 10000 + i : 0,
      flagReason: i === 7 ? 'paid in another currency' : null,
    }));
    await test.database.db.insert(invoices).values(rows);
    return { tenant, page, rows, otherContactId: other[0]!.id };
  }

  it('pages by a stable key with no invoice twice or left out, and totals everything filtered per currency', async () => {
    const { page, rows } = await manyInvoices(61);
    const first = await page.get('/office/invoices');
    expect(first.status).toBe(200);
    const next = /href="(\/office\/invoices\?after=[^"]+)"/.exec(first.text)?.[1]?.replaceAll('&amp;', '&');
    expect(next).toBeTruthy();
    const second = await page.get(next!);
    const numbers = (html: string) => [...html.matchAll(/>(RE-2026-\d{4})</g)].map((m) => m[1]);
    const seen = [...numbers(first.text), ...numbers(second.text)];
    expect(numbers(first.text)).toHaveLength(50);
    expect(new Set(seen).size).toBe(61);
    expect(second.text).not.toContain('rel="next"');
    const chf = rows.filter((row) => row.currency === 'CHF');
    const chfTotal = chf.reduce((sum, row) => sum + row.total, 0);
    const chfOpen = chf.reduce((sum, row) => sum + row.total - row.paidAmount, 0);
    const money = (amount: number) => `CHF ${(amount / 100).toFixed(2).replace(/\B(?=(\d{3})+(?!\d))/g, '’')}`;
    expect(first.text).toContain(money(chfTotal));
    expect(first.text).toContain(money(chfOpen));
  });

  it('filters by status, contact, date range, currency and flag', async () => {
    const { page, rows, otherContactId } = await manyInvoices(24);
    const count = (html: string) => [...html.matchAll(/>(RE-2026-\d{4})</g)].length;
    expect(count((await page.get('/office/invoices?status=paid')).text)).toBe(rows.filter((r) => r.status === 'paid').length);
    expect(count((await page.get(`/office/invoices?contactId=${otherContactId}`)).text)).toBe(rows.filter((r) => r.contactId === otherContactId).length);
    expect(count((await page.get('/office/invoices?from=2026-03-01&to=2026-04-30')).text)).toBe(4);
    const euro = await page.get('/office/invoices?currency=EUR');
    expect(count(euro.text)).toBe(12);
    expect(euro.text).not.toContain('CHF 1');
    const flagged = await page.get('/office/invoices?flagged=yes');
    expect(count(flagged.text)).toBe(1);
    expect(flagged.text).toContain('RE-2026-0008');
    const bad = await page.get('/office/invoices?from=31.03.2026');
    expect(bad.status).toBe(422);
  });

  it('reads the page along the (tenant, invoice date, id) index without sorting', async () => {
    const { tenant } = await manyInvoices(5);
    const plan = await test.database.db.transaction(async (tx) => {
      await tx.execute(sql`set local enable_seqscan = off`);
      const result = await tx.execute(sql`explain ${invoicePageQuery(tx, tenant.tenantId, { status: 'sent' }).getSQL()}`);
      const lines = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, string>[];
      return lines.map((line) => Object.values(line)[0]).join('\n');
    });
    expect(plan).toContain('invoices_tenant_date_idx');
    expect(plan).not.toMatch(/^\s*(->\s*)?Sort/m);
  });
});

describe('payment services, sending, cancelling, the PDF and the e-mail', () => {
  it('attaches payment services to a draft, and explains the API’s refusal of a currency the contract lacks', async () => {
    const { page, contactId, accountant, admin } = await office();
    const connectionId = await createConnection(admin, { isDefault: false });
    const swissBillingId = await createSwissBillingConnection(admin, { isDefault: false });
    const draft = await createDraftInvoice(accountant, contactId);
    const attached = await page.post(`/office/invoices/${draft.id}/payment-services`, { connectionIds: [connectionId, swissBillingId] });
    expect(attached.status).toBe(303);
    const api = await accountant.get<{ paymentServices: { connectionId: string }[] }>(`/api/v1/invoices/${draft.id}`);
    expect(api.body.paymentServices.map((s) => s.connectionId).sort()).toEqual([connectionId, swissBillingId].sort());

    const euro = await createDraftInvoice(accountant, contactId, { currency: 'EUR' });
    const refused = await page.post(`/office/invoices/${euro.id}/payment-services`, { connectionIds: connectionId });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('has the currencies CHF enabled; this invoice is in EUR');
  });

  it('sends, shows the pay link and the e-mail’s state, opens the PDF, then cancels', async () => {
    const { page, contactId, accountant, tenant } = await office();
    const draft = await createDraftInvoice(accountant, contactId);
    const beforeSending = await page.get(`/office/invoices/${draft.id}/pdf`);
    expect(beforeSending.status).toBe(409);
    const sent = await page.post(`/office/invoices/${draft.id}/send`, {});
    expect(sent.status).toBe(303);
    const shown = await page.get(sent.location!);
    expect(shown.text).toContain('The invoice is sent');
    expect(shown.text).toMatch(/href="http:\/\/localhost:3000\/pay\/[\w-]{20,}"/);
    expect(shown.text).toContain('Waiting to be sent to compta@muster-treuhand.example');
    expect(shown.text).toContain('only while the invoice is a draft');
    expect(shown.text).not.toContain(`action="/office/invoices/${draft.id}/payment-services"`);

    await deliverOutbox({ ...test.deps, mailer: new RecordingMailer(), sandboxEnabled: true }, 10, { tenantId: tenant.tenantId });
    const delivered = await page.get(`/office/invoices/${draft.id}`);
    expect(delivered.text).toContain('Sent to compta@muster-treuhand.example on');
    await test.database.db.update(outboxMessages).set({ status: 'failed', lastError: 'mailbox unavailable (550)' }).where(eq(outboxMessages.invoiceId, draft.id));
    expect((await page.get(`/office/invoices/${draft.id}`)).text).toContain('could not be delivered: mailbox unavailable (550)');

    const pdf = await test.app.request(`/office/invoices/${draft.id}/pdf`, { headers: { Cookie: [...page.cookies].map(([k, v]) => `${k}=${v}`).join('; ') } });
    expect(pdf.headers.get('Content-Type')).toBe('application/pdf');
    expect(new TextDecoder().decode((await pdf.arrayBuffer()).slice(0, 5))).toBe('%PDF-');

    const cancelled = await page.post(`/office/invoices/${draft.id}/cancel`, {});
    expect(cancelled.status).toBe(303);
    const api = await accountant.get<{ status: string }>(`/api/v1/invoices/${draft.id}`);
    expect(api.body.status).toBe('cancelled');
  });

  it('shows the service’s refusal to send without the company’s address', async () => {
    const tenant = await createTestTenant(test.database);
    const accountant = apiClient(test.app, tenant.keys.accountant);
    const contactResponse = await accountant.post<{ id: string }>('/api/v1/contacts', { kind: 'company', companyName: 'Kunde AG', street: 'Weg', postalCode: '8000', city: 'Zürich', country: 'CH', email: 'k@example.ch', language: 'de' });
    const draft = await createDraftInvoice(accountant, contactResponse.body.id);
    const page = await signedIn(tenant.userIds.accountant);
    const refused = await page.post(`/office/invoices/${draft.id}/send`, {});
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('set street, postalCode, city, iban in the settings first');
  });
});

describe('roles', () => {
  it('lets a bookkeeper read an invoice with no buttons to change it, and answers a send with the missing permission', async () => {
    const { tenant, contactId, accountant } = await office();
    const draft = await createDraftInvoice(accountant, contactId);
    const bookkeeper = await signedIn(tenant.userIds.bookkeeper);
    const page = await bookkeeper.get(`/office/invoices/${draft.id}`);
    expect(page.status).toBe(200);
    expect(page.text).not.toContain(`action="/office/invoices/${draft.id}/send"`);
    expect(page.text).not.toContain(`/office/invoices/${draft.id}/edit`);
    expect(page.text).not.toContain('/office/invoices/new');
    const sent = await bookkeeper.post(`/office/invoices/${draft.id}/send`, {});
    expect(sent.status).toBe(403);
    expect(sent.text).toContain('invoices:write');
    expect(sent.text).toMatch(/admin, accountant/);
    expect((await accountant.get<{ status: string }>(`/api/v1/invoices/${draft.id}`)).body.status).toBe('draft');
    expect((await bookkeeper.get('/office/invoices/new')).status).toBe(403);
  });

  it('answers another company’s invoice with 404', async () => {
    const { contactId, accountant } = await office();
    const draft = await createDraftInvoice(accountant, contactId);
    const { page } = await office();
    expect((await page.get(`/office/invoices/${draft.id}`)).status).toBe(404);
    expect((await page.post(`/office/invoices/${draft.id}/send`, {})).status).toBe(404);
    expect((await page.get('/office/invoices/not-an-id')).status).toBe(404);
  });
});
