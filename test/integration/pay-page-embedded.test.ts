// On the embedded database this process runs every statement, so the online invoice is answered
// without asking PGlite anything while no other statement has finished since its fingerprint
// was read (issue 11: PGlite runs in the service's own thread, so each read costs the page
// directly). Anything else that finishes (a write, a transaction) makes the next view read again.
import { PGlite } from '@electric-sql/pglite';
import { eq } from 'drizzle-orm';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { invoices } from '../../src/db/schema.js';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

const embedded = !process.env.DATABASE_URL;
let test: TestApp;
beforeAll(async () => {
  test = await createTestApp();
});
afterEach(() => vi.restoreAllMocks());

async function sentInvoice() {
  const setup = await invoicingTenant(test);
  await createConnection(setup.admin);
  const draft = await createDraftInvoice(setup.accountant, setup.contactId);
  const sent = await setup.accountant.post<{ payLink: { url: string } }>(`/api/v1/invoices/${draft.id}/send`);
  return { invoiceId: draft.id, path: `${new URL(sent.body.payLink.url).pathname}?lang=en` };
}

/** The statements PGlite runs while `work` runs (counted where PGlite runs them all). */
async function statementsDuring(work: () => unknown): Promise<number> {
  const query = vi.spyOn(PGlite.prototype, 'query');
  const exec = vi.spyOn(PGlite.prototype, 'exec');
  await work();
  const count = query.mock.calls.length + exec.mock.calls.length;
  query.mockRestore();
  exec.mockRestore();
  return count;
}

describe.skipIf(!embedded)('the online invoice on the embedded database', () => {
  it('answers views of an unchanged invoice without a statement, and reads again after a write', async () => {
    const { path, invoiceId } = await sentInvoice();
    const first = await (await test.app.request(path)).text();
    // Rendering the first view read the invoice: those reads count too, so the second view
    // reads the fingerprint once more; from then on nothing.
    expect(await statementsDuring(() => test.app.request(path))).toBe(1);
    expect(await statementsDuring(() => test.app.request(path))).toBe(0);
    expect(await statementsDuring(() => Promise.all(Array.from({ length: 5 }, () => test.app.request(path))))).toBe(0);

    await test.deps.db.update(invoices).set({ status: 'partially_paid', paidAmount: 100000 }).where(eq(invoices.id, invoiceId));
    let after = '';
    expect(await statementsDuring(async () => (after = await (await test.app.request(path)).text()))).toBeGreaterThan(0);
    expect(after).not.toBe(first);
    expect(after).toContain('CHF 1’534.65');
  });

  it('reads again after a rolled-back transaction or a failed statement, and still shows the truth', async () => {
    const { path } = await sentInvoice();
    await test.app.request(path);
    await expect(test.deps.db.transaction(async () => Promise.reject(new Error('abandon')))).rejects.toThrow('abandon');
    expect(await statementsDuring(() => test.app.request(path))).toBeGreaterThan(0);
    await expect(test.database.raw('select * from no_such_table')).rejects.toThrow();
    expect(await statementsDuring(() => test.app.request(path))).toBeGreaterThan(0);
    expect(await statementsDuring(() => test.app.request(path))).toBe(0);
  });
});
