// Benchmarks (not tests): how fast the core paths are on this machine. Run: npm run bench
// Uses the embedded database in memory unless DATABASE_URL is set.
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { eq, sql } from 'drizzle-orm';
import { withTransaction } from '../src/db/client.js';
import { journalEntries, journalLines } from '../src/db/schema.js';
import { postEntry } from '../src/ledger/post.js';
import { silentLogger } from '../src/logger.js';
import { openEmbeddedDatabase, openPostgresDatabase } from '../src/node/database.js';
import { bootstrapDemoTenant } from '../src/services/bootstrap-demo-tenant.js';
import { openSession } from '../src/web/sessions.js';
import { benchOfficeInvoices } from './office-invoices.js';
import { benchOfficeSettings } from './office-settings.js';

async function measure(name: string, count: number, work: (i: number) => Promise<unknown>) {
  const started = performance.now();
  for (let i = 0; i < count; i++) await work(i);
  const ms = performance.now() - started;
  console.log(`${name.padEnd(40)} ${count} in ${ms.toFixed(0)} ms  (${((count / ms) * 1000).toFixed(0)}/s)`);
}

const url = process.env.DATABASE_URL;
const database = url ? await openPostgresDatabase(url) : await openEmbeddedDatabase(null);
const demo = await bootstrapDemoTenant({ db: database.db, publicBaseUrl: 'http://localhost:3000' });
if (!demo) throw new Error('bench needs an empty database');
const app = createApp({
  db: database.db,
  logger: silentLogger,
  publicBaseUrl: 'http://localhost:3000',
  now: () => new Date(),
  clientAddress: () => '192.0.2.1',
});
const token = new URL(demo.payUrl!).pathname;
const auth = { Authorization: `Bearer ${demo.apiKey}` };
const run = Date.now();

await measure('post a balanced entry', 500, (i) =>
  withTransaction(database.db, (tx) =>
    postEntry(tx, {
      tenantId: demo.tenant.id,
      date: '2026-03-31',
      text: 'bench',
      source: 'manual',
      idempotencyKey: `bench:${run}:${i}`,
      currency: 'CHF',
      lines: [
        { account: '6940', amount: 340 },
        { account: '1029', amount: -340 },
      ],
    }),
  ),
);
await measure('render the online invoice', 300, () =>
  Promise.resolve(app.request(token)).then((r) => r.text()),
);
await measure('render the invoice PDF', 30, () =>
  Promise.resolve(app.request(`${token}/invoice.pdf`)).then((r) => r.arrayBuffer()),
);
await measure('journal page of 50 entries', 100, () =>
  Promise.resolve(app.request('/api/v1/journal/entries?pageSize=50', { headers: auth })).then((r) =>
    r.text(),
  ),
);
await measure('trial balance', 100, () =>
  Promise.resolve(app.request('/api/v1/journal/trial-balance', { headers: auth })).then((r) => r.text()),
);

// Back office, journal and reconciliation: the pages as a signed-in bookkeeper's browser asks
// for them, on a journal the size of a tenant with 10,000 invoices (receivable and payment
// each: 20,000 entries, 40,000 lines), inserted in batches as the ledger would post them.
const seedBatch = 1000;
const seeded = Date.now();
for (let batch = 0; batch < 20; batch++) {
  await withTransaction(database.db, async (tx) => {
    const entries = await tx
      .insert(journalEntries)
      .values(Array.from({ length: seedBatch }, (_, i) => ({ tenantId: demo.tenant.id, entryDate: `2026-${String(1 + ((batch * seedBatch + i) % 12)).padStart(2, '0')}-15`, text: `Invoice ${batch * seedBatch + i}`, source: 'invoice' as const, idempotencyKey: `bench:seed:${run}:${batch}:${i}`, currency: 'CHF' })))
      .returning({ id: journalEntries.id });
    await tx.insert(journalLines).values(
      entries.flatMap((entry) => [
        { entryId: entry.id, tenantId: demo.tenant.id, lineNo: 1, accountNumber: batch % 2 ? '1029' : '1100', amount: 12_345, amountChf: 12_345, rate: '1' },
        { entryId: entry.id, tenantId: demo.tenant.id, lineNo: 2, accountNumber: batch % 2 ? '1100' : '3200', amount: -12_345, amountChf: -12_345, rate: '1' },
      ]),
    );
  });
}
// What autovacuum does on a live database after a bulk of inserts; without it the planner
// still believes the tenant has a handful of entries.
await database.db.execute(sql`analyze`);
console.log(`${'seed 20,000 entries for the office pages'.padEnd(40)} in ${Date.now() - seeded} ms`);
const office = await openSession(database.db, { id: demo.admin.id, tenantId: demo.tenant.id }, new Date());
const cookie = { Cookie: `office_session=${office.token}` };
const page = (path: string) => () => Promise.resolve(app.request(path, { headers: cookie })).then(async (r) => {
  if (r.status !== 200) throw new Error(`${path}: ${r.status}`);
  return r.text();
});
const [someEntry] = await database.db.select({ id: journalEntries.id }).from(journalEntries).where(eq(journalEntries.tenantId, demo.tenant.id)).limit(1);
await measure('office: journal, newest 50', 100, page('/office/journal'));
await measure('office: journal, a page deep in the year', 100, page('/office/journal?after=2026-06-15.10000'));
await measure('office: journal of 1029, text filter', 100, page('/office/journal?account=1029&text=Invoice%2019'));
await measure('office: one entry', 100, page(`/office/journal/entries/${someEntry!.id}`));
await measure('office: trial balance', 30, page('/office/journal/trial-balance'));
await measure('office: account statement 1100, 100 lines', 30, page('/office/journal/account-statement?account=1100&from=01.06.2026'));
await measure('office: reconciliation overview', 30, page('/office/reconciliation'));
await benchOfficeInvoices(database.db, app);
await benchOfficeSettings({ app, db: database.db, tenantId: demo.tenant.id, adminId: demo.admin.id, measure });
console.log(`heap used ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MiB`);
await database.close();
