// Drafts as an accountant edits them: totals from the server, drafts-only edits, defaults.
import { eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { invoices } from '../../src/db/schema.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

interface Invoice {
  id: string;
  total: number;
  netTotal: number;
  status: string;
  lines: { quantity: string; netAmount: number }[];
  paymentServices: { connectionId: string }[];
  code?: string;
  detail?: string;
  errors?: { field: string }[];
}

let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});

describe('draft invoices', () => {
  it('computes totals itself and refuses totals sent by a client', async () => {
    const { accountant, contactId } = await invoicingTenant(test);
    const refused = await accountant.post<Invoice>('/api/v1/invoices', {
      contactId,
      total: 1,
      lines: [{ description: 'Beratung', quantity: 1, unitPrice: 10000, vatRate: 8.1 }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.errors?.map((e) => e.field)).toContain('total');
    const draft = await accountant.post<Invoice>('/api/v1/invoices', {
      contactId,
      lines: [{ description: 'Beratung', quantity: '1.125', unitPrice: 10000, vatRate: 8.1 }],
    });
    expect(draft.status).toBe(201);
    expect(draft.body.lines[0]).toMatchObject({ quantity: '1.125', netAmount: 11250 });
    expect(draft.body.total).toBe(12160); // 112.50 + 9.11 VAT = 121.61 → 121.60
  });

  it('names bad lines: VAT rates, quantities, accounts and contacts of nobody', async () => {
    const { accountant, contactId } = await invoicingTenant(test);
    const line = { description: 'x', quantity: 1, unitPrice: 100, vatRate: 8.1 };
    const cases: [Record<string, unknown>, number, string][] = [
      [{ lines: [{ ...line, vatRate: 7.7 }] }, 400, 'lines.0.vatRate'],
      [{ lines: [{ ...line, quantity: 1.0005 }] }, 400, 'lines.0.quantity'],
      [{ lines: [{ ...line, unitPrice: 1.5 }] }, 400, 'lines.0.unitPrice'],
      [{ lines: [{ ...line, revenueAccount: '1020' }] }, 422, 'lines.0.revenueAccount'],
      [{ contactId: crypto.randomUUID() }, 404, 'contactId'],
      [{ dueDate: '2020-01-01', invoiceDate: '2026-01-01' }, 400, 'dueDate'],
    ];
    for (const [overrides, status, field] of cases) {
      const response = await accountant.post<Invoice>('/api/v1/invoices', {
        contactId,
        lines: [line],
        ...overrides,
      });
      expect(response.status, field).toBe(status);
      expect(
        response.body.errors?.map((e) => e.field),
        field,
      ).toContain(field);
    }
  });

  it('edits and deletes drafts only', async () => {
    const { accountant, contactId } = await invoicingTenant(test);
    const draft = await createDraftInvoice(accountant, contactId);
    const edited = await accountant.patch<Invoice>(`/api/v1/invoices/${draft.id}`, {
      lines: [{ description: 'Pauschale', quantity: 1, unitPrice: 50000, vatRate: 8.1 }],
    });
    expect(edited.status).toBe(200);
    expect(edited.body.total).toBe(54050);

    await test.deps.db.update(invoices).set({ status: 'sent' }).where(eq(invoices.id, draft.id));
    const patch = await accountant.patch<Invoice>(`/api/v1/invoices/${draft.id}`, { referenceText: 'later' });
    expect(patch.status).toBe(409);
    expect(patch.body.code).toBe('invoice_not_draft');
    expect(patch.body.detail).toMatch(/must be a draft/);
    expect((await accountant.delete(`/api/v1/invoices/${draft.id}`)).status).toBe(409);

    const other = await createDraftInvoice(accountant, contactId);
    expect((await accountant.delete(`/api/v1/invoices/${other.id}`)).status).toBe(204);
    expect((await accountant.get(`/api/v1/invoices/${other.id}`)).status).toBe(404);
  });

  it('attaches default payment services whose contract has the invoice currency', async () => {
    const { accountant, admin, contactId } = await invoicingTenant(test);
    const connectionId = await createConnection(admin);
    const chf = await createDraftInvoice(accountant, contactId);
    const eur = await createDraftInvoice(accountant, contactId, { currency: 'EUR' });
    const views = await Promise.all(
      [chf, eur].map((d) => accountant.get<Invoice>(`/api/v1/invoices/${d.id}`)),
    );
    expect(views[0]?.body.paymentServices.map((s) => s.connectionId)).toEqual([connectionId]);
    expect(views[1]?.body.paymentServices).toEqual([]);
  });
});
