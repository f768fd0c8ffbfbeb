// The settings pages of the back office, rendered at the server for a tenant whose audit
// log holds 10,000 entries more (the table those pages read that grows with the years).
import { sql } from 'drizzle-orm';
import type { createApp } from '../src/app.js';
import type { Database } from '../src/db/client.js';
import { openSession } from '../src/web/sessions.js';

type Measure = (name: string, count: number, work: (i: number) => Promise<unknown>) => Promise<void>;

export async function benchOfficeSettings(input: { app: ReturnType<typeof createApp>; db: Database; tenantId: string; adminId: string; measure: Measure }) {
  const { app, db, tenantId, adminId, measure } = input;
  await db.execute(sql`
    insert into audit_log (tenant_id, actor_user_id, action, details)
    select ${tenantId}, ${adminId}, 'account.renamed', jsonb_build_object('number', '6940', 'from', 'Bank ' || n, 'to', 'Bank ' || (n + 1))
    from generate_series(1, 10000) as n`);
  const { token } = await openSession(db, { id: adminId, tenantId }, new Date());
  const headers = { Cookie: `office_session=${token}` };
  for (const path of ['/office/settings', '/office/settings/company', '/office/settings/payment-services', '/office/settings/accounts', '/office/settings/users', '/office/settings/api-keys', '/office/settings/audit', '/office/settings/audit?action=account.renamed']) {
    await measure(`office ${path}`, 50, async () => {
      const response = await app.request(path, { headers });
      if (response.status !== 200) throw new Error(`${path} answered ${response.status}`);
      return response.text();
    });
  }
}
