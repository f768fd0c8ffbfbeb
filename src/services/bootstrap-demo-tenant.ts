// First start on an empty database: the demo tenant "Demo AG" with an admin and a key,
// so a newcomer can use the service at once. Does nothing once any tenant exists.
import { count, eq } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { tenants } from '../db/schema.js';
import { createTenant } from './create-tenant.js';

export const demoTenantAddress = {
  street: 'Bahnhofstrasse',
  buildingNumber: '1',
  postalCode: '8001',
  city: 'Zürich',
  country: 'CH',
  email: 'billing@demo-ag.example',
  // The example IBAN of the Swiss QR-bill implementation guidelines; not a real account.
  iban: 'CH9300762011623852957',
};

export async function bootstrapDemoTenant({ db, apiKey }: { db: Database; apiKey?: string | null }) {
  const [existing] = await db.select({ tenants: count() }).from(tenants);
  if ((existing?.tenants ?? 0) > 0) return null;
  const created = await createTenant({
    db,
    input: {
      name: 'Demo AG',
      adminName: 'Demo Admin',
      adminEmail: 'admin@demo-ag.example',
      apiKey: apiKey ?? undefined,
    },
  });
  await db.update(tenants).set(demoTenantAddress).where(eq(tenants.id, created.tenant.id));
  return created;
}
