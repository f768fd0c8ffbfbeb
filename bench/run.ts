// Benchmarks (not tests): how fast the core paths are on this machine. Run: npm run bench
// Uses the embedded database in memory unless DATABASE_URL is set.
import { performance } from 'node:perf_hooks';
import { createApp } from '../src/app.js';
import { withTransaction } from '../src/db/client.js';
import { postEntry } from '../src/ledger/post.js';
import { silentLogger } from '../src/logger.js';
import { openEmbeddedDatabase, openPostgresDatabase } from '../src/node/database.js';
import { bootstrapDemoTenant } from '../src/services/bootstrap-demo-tenant.js';
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
await benchOfficeSettings({ app, db: database.db, tenantId: demo.tenant.id, adminId: demo.admin.id, measure });
console.log(`heap used ${(process.memoryUsage().heapUsed / 1024 / 1024).toFixed(0)} MiB`);
await database.close();
