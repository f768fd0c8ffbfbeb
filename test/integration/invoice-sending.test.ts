// Sending books the receivable, numbers without gaps, creates the pay link and queues
// the e-mail; cancelling reverses; payment services attach only to drafts.
import { beforeAll, describe, expect, it } from 'vitest';
import { deliverOutbox } from '../../src/services/deliver-outbox.js';
import { silentLogger } from '../../src/logger.js';
import { RecordingMailer } from '../fakes/mailer.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { createConnection, createContact, createDraftInvoice } from '../helpers/invoices.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

interface Line {
  account: string;
  debit: number;
  credit: number;
  debitChf: number;
  creditChf: number;
}
interface Entry {
  id: string;
  currency: string;
  source: string;
  reversesEntryId: string | null;
  lines: Line[];
}
interface Invoice {
  id: string;
  status: string;
  number: string | null;
  total: number;
  paymentReference: string | null;
  payLink: { url: string } | null;
  email: { status: string; attempts: number; lastError: string | null } | null;
}

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

describe('sending an invoice', () => {
  it('numbers it, books debit 1100 / credit revenue and VAT per rate, and creates its pay link', async () => {
    const { admin, accountant, contactId } = await invoicingTenant(test);
    const draft = await createDraftInvoice(accountant, contactId);
    expect(draft.total).toBe(253465); // 2250.00 + 99.80 + VAT 182.25 + 2.59 = 2534.64 → 2534.65

    const sent = await accountant.post<Invoice>(`/api/v1/invoices/${draft.id}/send`);
    expect(sent.status).toBe(200);
    expect(sent.body.status).toBe('sent');
    expect(sent.body.number).toBe('RE-2026-0001');
    expect(sent.body.paymentReference).toMatch(/^RF\d{2}RE20260001$/);
    expect(sent.body.payLink?.url).toMatch(/^http:\/\/localhost:3000\/pay\/[A-Za-z0-9_-]{26,}$/);
    expect(sent.body.email?.status).toBe('pending');

    const journal = await admin.get<{ items: Entry[] }>('/api/v1/journal/entries?source=invoice');
    expect(journal.body.items).toHaveLength(1);
    const lines = journal.body.items[0]!.lines.map((l) => [l.account, l.debit, l.credit]);
    expect(lines).toEqual([
      ['1100', 253465, 0],
      ['3200', 0, 234981],
      ['2200', 0, 18225],
      ['2200', 0, 259],
    ]);
  });

  it('refuses a second send and payment-service changes once sent', async () => {
    const { accountant, admin, contactId } = await invoicingTenant(test);
    const connectionId = await createConnection(admin, { isDefault: false });
    const draft = await createDraftInvoice(accountant, contactId);
    await accountant.post(`/api/v1/invoices/${draft.id}/send`);

    const again = await accountant.post(`/api/v1/invoices/${draft.id}/send`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invoice_not_draft');
    const attach = await accountant.put(`/api/v1/invoices/${draft.id}/payment-services`, {
      connectionIds: [connectionId],
    });
    expect(attach.status).toBe(409);
    expect(String(attach.body.detail)).toMatch(/draft/);
    const journal = await admin.get<{ total: number }>('/api/v1/journal/entries?source=invoice');
    expect(journal.body.total).toBe(1);
  });

  it('gives concurrent sends consecutive numbers, and a refused send uses no number', async () => {
    const { accountant, contactId } = await invoicingTenant(test);
    const eur = await createDraftInvoice(accountant, contactId, { currency: 'EUR' });
    const refused = await accountant.post(`/api/v1/invoices/${eur.id}/send`);
    expect(refused.status).toBe(422);
    expect(refused.body.errors).toEqual([expect.objectContaining({ field: 'exchangeRate' })]);

    const drafts = await Promise.all([1, 2, 3].map(() => createDraftInvoice(accountant, contactId)));
    const sent = await Promise.all(
      drafts.map((d) => accountant.post<Invoice>(`/api/v1/invoices/${d.id}/send`)),
    );
    expect(sent.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(sent.map((r) => r.body.number).sort()).toEqual(['RE-2026-0001', 'RE-2026-0002', 'RE-2026-0003']);
  });

  it('books a foreign-currency invoice in its currency and in CHF at the given rate', async () => {
    const { accountant, admin, contactId } = await invoicingTenant(test);
    const draft = await createDraftInvoice(accountant, contactId, {
      currency: 'EUR',
      lines: [{ description: 'Workshop', quantity: 1, unitPrice: 100000, vatRate: 0 }],
    });
    const sent = await accountant.post<Invoice>(`/api/v1/invoices/${draft.id}/send`, {
      exchangeRate: '0.9412',
    });
    expect(sent.status).toBe(200);
    const journal = await admin.get<{ items: Entry[] }>('/api/v1/journal/entries?source=invoice');
    const entry = journal.body.items[0]!;
    expect(entry.currency).toBe('EUR');
    expect(entry.lines.map((l) => [l.account, l.debit, l.credit, l.debitChf, l.creditChf])).toEqual([
      ['1100', 100000, 0, 94120, 0],
      ['3200', 0, 100000, 0, 94120],
    ]);
  });

  it('asks for the creditor address and IBAN before the first invoice leaves', async () => {
    const { accountant, contactId } = await invoicingTenant(test, { iban: null });
    const draft = await createDraftInvoice(accountant, contactId);
    const response = await accountant.post(`/api/v1/invoices/${draft.id}/send`);
    expect(response.status).toBe(422);
    expect(response.body.code).toBe('settings_incomplete');
    expect(response.body.errors).toEqual([expect.objectContaining({ field: 'settings.iban' })]);
  });
});

describe('payment services on drafts', () => {
  it('attaches a connection only when its contract has the invoice currency', async () => {
    const { accountant, admin, contactId } = await invoicingTenant(test);
    const chfOnly = await createConnection(admin, { isDefault: false, label: 'Saferpay CHF' });
    const eurDraft = await createDraftInvoice(accountant, contactId, { currency: 'EUR' });
    const refused = await accountant.put(`/api/v1/invoices/${eurDraft.id}/payment-services`, {
      connectionIds: [chfOnly],
    });
    expect(refused.status).toBe(422);
    expect(refused.body.code).toBe('currency_not_enabled');
    expect(String(refused.body.detail)).toContain('CHF');
    expect(String(refused.body.detail)).toMatch(/activate EUR/);

    const withEur = await createConnection(admin, {
      isDefault: false,
      label: 'Saferpay EUR',
      currencies: ['CHF', 'EUR'],
    });
    const attached = await accountant.put<{ paymentServices: { connectionId: string }[] }>(
      `/api/v1/invoices/${eurDraft.id}/payment-services`,
      { connectionIds: [withEur] },
    );
    expect(attached.status).toBe(200);
    expect(attached.body.paymentServices.map((s) => s.connectionId)).toEqual([withEur]);
  });
});

describe('cancelling', () => {
  it('reverses the receivable of a sent, unpaid invoice and refuses drafts and repeats', async () => {
    const { accountant, admin, contactId } = await invoicingTenant(test);
    const draft = await createDraftInvoice(accountant, contactId);
    expect((await accountant.post(`/api/v1/invoices/${draft.id}/cancel`)).status).toBe(409);
    await accountant.post(`/api/v1/invoices/${draft.id}/send`);

    const cancelled = await accountant.post<Invoice>(`/api/v1/invoices/${draft.id}/cancel`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('cancelled');
    const again = await accountant.post(`/api/v1/invoices/${draft.id}/cancel`);
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('invoice_not_cancellable');

    const balance = await admin.get<{ balanceChf: number; debitChf: number }>(
      '/api/v1/accounts/1100/balance?date=2099-12-31',
    );
    expect(balance.body.debitChf).toBe(253465);
    expect(balance.body.balanceChf).toBe(0);
    const reversals = await admin.get<{ items: Entry[] }>('/api/v1/journal/entries?source=reversal');
    expect(reversals.body.items).toHaveLength(1);
  });
});

describe('the invoice e-mail', () => {
  it('leaves through the outbox with the PDF attached and the pay link, retrying after a failure', async () => {
    const { accountant, tenant } = await invoicingTenant(test);
    const email = `buchhaltung-${crypto.randomUUID()}@kunde.example`;
    const contactId = await createContact(accountant, { email, language: 'de' });
    const draft = await createDraftInvoice(accountant, contactId);
    const sent = await accountant.post<Invoice>(`/api/v1/invoices/${draft.id}/send`);
    const mailer = new RecordingMailer();
    mailer.failNext(email);
    let now = new Date();
    const deps = {
      db: test.deps.db,
      mailer,
      logger: silentLogger,
      now: () => now,
      publicBaseUrl: 'http://localhost:3000',
      sandboxEnabled: true,
    };

    // Only this tenant's messages: delivering other test files' mail would change what they watch (the fuzz test's).
    for (let round = 0; round < 20; round++) await deliverOutbox(deps, 50, { tenantId: tenant.tenantId });
    const failed = await accountant.get<Invoice>(`/api/v1/invoices/${draft.id}`);
    expect(failed.body.email).toMatchObject({ status: 'pending', attempts: 1 });
    expect(failed.body.email?.lastError).toMatch(/550/);

    now = new Date(now.getTime() + 10 * 60_000);
    for (let round = 0; round < 20; round++) await deliverOutbox(deps, 50, { tenantId: tenant.tenantId });
    const delivered = await accountant.get<Invoice>(`/api/v1/invoices/${draft.id}`);
    expect(delivered.body.email?.status).toBe('sent');

    const message = mailer.sent.find((m) => m.to === email);
    expect(message?.subject).toContain(sent.body.number!);
    expect(message?.to).toBe(email);
    expect(message?.html).toContain(sent.body.payLink!.url);
    expect(message?.text).toContain(sent.body.payLink!.url);
    const pdf = message?.attachments[0];
    expect(pdf?.contentType).toBe('application/pdf');
    expect(new TextDecoder().decode(pdf!.content.slice(0, 5))).toBe('%PDF-');
  });
});
