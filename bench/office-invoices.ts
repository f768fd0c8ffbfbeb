// Back-office invoice and contact pages for a tenant with 10,000 invoices (issue 13: under
// 50 ms at the server). Prints the time per page and the plans of the list's two queries.
import { performance } from 'node:perf_hooks';
import { sql } from 'drizzle-orm';
import type { createApp } from '../src/app.js';
import type { Database } from '../src/db/client.js';
import { contacts, invoiceLines, invoices } from '../src/db/schema.js';
import { createTenant } from '../src/services/create-tenant.js';
import { contactChoices } from '../src/web/invoices/choices.js';
import { invoicePageQuery, invoiceTotals, listInvoicePage } from '../src/web/invoices/list-query.js';
import { openSession } from '../src/web/sessions.js';

const invoiceCount = 10_000;

async function perPage(name: string, count: number, work: () => Promise<unknown>) {
  await work(); // warm
  const started = performance.now();
  for (let i = 0; i < count; i++) await work();
  console.log(`${name.padEnd(40)} ${((performance.now() - started) / count).toFixed(1)} ms per page`);
}

async function plan(db: Database, query: { getSQL(): ReturnType<typeof sql> }) {
  const result = await db.execute(sql`explain analyze ${query.getSQL()}`);
  const rows = (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Record<string, string>[];
  return rows.map((row) => `    ${Object.values(row)[0]}`).join('\n');
}

export async function benchOfficeInvoices(db: Database, app: ReturnType<typeof createApp>) {
  const { tenant, admin } = await createTenant({ db, input: { name: 'Bench Office AG', adminName: 'Bench', adminEmail: `bench-${Date.now()}@example.ch` } });
  const people = await db
    .insert(contacts)
    .values(Array.from({ length: 500 }, (_, i) => ({ tenantId: tenant.id, kind: 'company' as const, companyName: `Kunde ${i} AG`, street: 'Weg', postalCode: '8000', city: 'Zürich', country: 'CH', email: `k${i}@example.ch`, language: 'de' as const })))
    .returning({ id: contacts.id });
  const statuses = ['sent', 'paid', 'draft', 'partially_paid', 'cancelled'] as const;
  for (let start = 0; start < invoiceCount; start += 1000) {
    const rows = await db
      .insert(invoices)
      .values(
        Array.from({ length: 1000 }, (_, k) => {
          const i = start + k;
          const status = statuses[i % statuses.length]!;
          return {
            tenantId: tenant.id,
            contactId: people[i % people.length]!.id,
            currency: i % 7 === 0 ? 'EUR' : 'CHF',
            status,
            number: status === 'draft' ? null : `RE-B-${i}`,
            invoiceDate: `20${24 + (i % 3)}-${String((i % 12) + 1).padStart(2, '0')}-${String((i % 28) + 1).padStart(2, '0')}`,
            dueDate: '2026-12-31',
            netTotal: 100000,
            vatTotal: 8100,
            total: 108100,
            paidAmount: status === 'paid' ? 108100 : 0,
            flagReason: i % 997 === 0 ? 'bench flag' : null,
          };
        }),
      )
      .returning({ id: invoices.id });
    await db.insert(invoiceLines).values(rows.map((row) => ({ invoiceId: row.id, position: 1, description: 'Beratung', quantityMilli: 1000, unitPrice: 100000, vatRateBp: 810, revenueAccount: '3200', netAmount: 100000 })));
  }
  await db.execute(sql`analyze invoices`);
  await db.execute(sql`analyze contacts`);
  const { token } = await openSession(db, { id: admin.id, tenantId: tenant.id }, new Date());
  const headers = { Cookie: `office_session=${token}` };
  const get = (path: string) => async () => {
    const response = await app.request(path, { headers });
    if (response.status !== 200) throw new Error(`${path}: ${response.status}`);
    return response.text();
  };
  const [one] = await db.select({ id: invoices.id }).from(invoices).where(sql`${invoices.tenantId} = ${tenant.id}`).limit(1);
  console.log(`office pages, tenant with ${invoiceCount} invoices:`);
  await perPage('/office/invoices', 30, get('/office/invoices'));
  await perPage('/office/invoices?status=sent&currency=CHF', 30, get('/office/invoices?status=sent&currency=CHF'));
  await perPage('/office/invoices?from=2025-03-01&to=2025-03-31', 30, get('/office/invoices?from=2025-03-01&to=2025-03-31'));
  await perPage(`/office/invoices?contactId=…`, 30, get(`/office/invoices?contactId=${people[3]!.id}`));
  await perPage('/office/invoices?flagged=yes', 30, get('/office/invoices?flagged=yes'));
  await perPage('/office/invoices/{id}', 30, get(`/office/invoices/${one!.id}`));
  await perPage('/office/invoices/new', 30, get('/office/invoices/new'));
  await perPage('/office/contacts', 30, get('/office/contacts'));
  await perPage('/office/contacts?q=kunde 42', 30, get('/office/contacts?q=kunde%2042'));
  await perPage('  of which: one page of invoices', 30, () => listInvoicePage(db, tenant.id, {}));
  await perPage('  of which: totals per currency (all)', 30, () => invoiceTotals(db, tenant.id, {}));
  await perPage('  of which: the contact filter’s choices', 30, () => contactChoices(db, tenant.id));
  console.log('  plan of the first page:');
  console.log(await plan(db, invoicePageQuery(db, tenant.id, {})));
  console.log('  plan of a contact’s page:');
  console.log(await plan(db, invoicePageQuery(db, tenant.id, { contactId: people[3]!.id })));
}
