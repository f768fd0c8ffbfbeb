// How long the back office's pages take at the server for a tenant with 10,000 invoices
// (issue 13: under 50 ms). Data is generated through SQL in one statement per table, the
// pages are requested through app.request() with a signed-in session, and each figure is
// the median and 95th percentile of interleaved rounds.
//   Alone: npx tsx bench/office-pages.ts   (DATABASE_URL for PostgreSQL, else embedded)
import { performance } from 'node:perf_hooks';
import { and, eq, sql } from 'drizzle-orm';
import { createApp } from '../src/app.js';
import type { Database } from '../src/db/client.js';
import { invoices } from '../src/db/schema.js';
import { silentLogger } from '../src/logger.js';
import { createContact } from '../src/services/save-contact.js';
import { createTenant } from '../src/services/create-tenant.js';
import { openSession } from '../src/web/sessions.js';

export interface PageFigure {
  page: string;
  medianMs: number;
  p95Ms: number;
  status: number;
}

async function seedTenant(db: Database, invoiceCount: number) {
  const stamp = Date.now().toString(36);
  const { tenant, admin } = await createTenant({ db, input: { name: `Bench AG ${stamp}`, adminName: 'Bench Admin', adminEmail: `bench-${stamp}@example.ch` } });
  const ctx = { db, tenantId: tenant.id, userId: admin.id, now: () => new Date() };
  const contact = await createContact({
    ctx,
    input: { kind: 'company', companyName: 'Muster GmbH', street: 'Hauptstrasse', buildingNumber: '1', postalCode: '3000', city: 'Bern', country: 'CH', email: 'ap@muster.example', language: 'de' },
  });
  await db.execute(sql`
    insert into invoices (tenant_id, contact_id, number, status, currency, invoice_date, due_date, payment_reference, net_total, vat_total, total, paid_amount, sent_at, created_at, updated_at)
    select ${tenant.id}, ${contact.id}, 'RE-B-' || lpad(n::text, 6, '0'),
      (array['sent','paid','draft','partially_paid','cancelled'])[1 + n % 5],
      case when n % 7 = 0 then 'EUR' else 'CHF' end,
      date '2025-01-01' + (n % 600), date '2025-01-31' + (n % 600),
      'RF' || lpad(n::text, 10, '0'), 10000 + n, 810, 10810 + n, case when n % 5 = 1 then 10810 + n else 0 end,
      now() - (n || ' minutes')::interval, now() - (n || ' minutes')::interval, now()
    from generate_series(1, ${invoiceCount}) as n`);
  await db.execute(sql`
    insert into invoice_lines (invoice_id, position, description, quantity_milli, unit_price, vat_rate_bp, revenue_account, net_amount)
    select id, 1, 'Beratung', 1000, net_total, 810, '3200', net_total from invoices where tenant_id = ${tenant.id}`);
  const [sent] = await db.select({ id: invoices.id }).from(invoices).where(and(eq(invoices.tenantId, tenant.id), eq(invoices.status, 'sent'))).limit(1);
  return { tenant, admin, invoiceId: sent?.id ?? null };
}

function quantile(sorted: number[], q: number) {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
}

export async function measureOfficePages(db: Database, options: { invoices?: number; rounds?: number } = {}): Promise<PageFigure[]> {
  const rounds = options.rounds ?? 30;
  const seeded = await seedTenant(db, options.invoices ?? 10_000);
  const { invoiceId } = seeded;
  const app = createApp({ db, logger: silentLogger, publicBaseUrl: 'http://localhost:3000', now: () => new Date(), clientAddress: () => '192.0.2.1' });
  const session = await openSession(db, { id: seeded.admin.id, tenantId: seeded.tenant.id }, new Date());
  const headers = { Cookie: `office_session=${session.token}` };
  const pages = [
    '/office',
    '/office/invoices',
    '/office/invoices?status=sent&currency=CHF',
    ...(invoiceId ? [`/office/invoices/${invoiceId}`] : []),
    '/office/contacts',
    '/office/journal',
    '/office/settings',
  ];
  const samples = new Map<string, number[]>(pages.map((page) => [page, []]));
  const statuses = new Map<string, number>();
  for (let round = 0; round < rounds + 3; round++) {
    for (const page of pages) {
      const started = performance.now();
      const response = await app.request(page, { headers });
      await response.text();
      const ms = performance.now() - started;
      statuses.set(page, response.status);
      // The first rounds warm up the JIT and the database's caches.
      if (round >= 3) samples.get(page)!.push(ms);
    }
  }
  return pages.map((page) => {
    const sorted = samples.get(page)!.sort((a, b) => a - b);
    return { page, medianMs: quantile(sorted, 0.5), p95Ms: quantile(sorted, 0.95), status: statuses.get(page) ?? 0 };
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { openEmbeddedDatabase, openPostgresDatabase } = await import('../src/node/database.js');
  const url = process.env.DATABASE_URL;
  const database = url ? await openPostgresDatabase(url) : await openEmbeddedDatabase(null);
  const figures = await measureOfficePages(database.db);
  console.log(`back-office pages, tenant with 10,000 invoices (${url ? 'PostgreSQL' : 'embedded'}), target < 50 ms`);
  for (const figure of figures) {
    console.log(`${figure.page.padEnd(50)} ${figure.status}  median ${figure.medianMs.toFixed(1)} ms  p95 ${figure.p95Ms.toFixed(1)} ms`);
  }
  process.exit(0);
}
