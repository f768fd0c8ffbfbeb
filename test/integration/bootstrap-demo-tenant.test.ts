// The first start creates the demo tenant and prints its key. A first start that dies half-way
// (SIGKILL, a container restart, Ctrl-C before the signal handlers exist) must leave nothing
// behind: the next start only bootstraps an empty database, so a half-made tenant would never
// get its address, payment services, invoice or printed key.
import { count } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { connections, tenants } from '../../src/db/schema.js';
import { openEmbeddedDatabase } from '../../src/node/database.js';
import { defaultPostFinanceSandbox } from '../../src/sandbox/postfinance/state.js';
import { defaultSaferpaySandbox } from '../../src/sandbox/saferpay/state.js';
import { createSecretBox } from '../../src/secret-box.js';
import { bootstrapDemoTenant } from '../../src/services/bootstrap-demo-tenant.js';

describe('the demo tenant of the first start', () => {
  it('is created whole on the next start when the first one broke off half-way', async () => {
    // An empty database of its own: the bootstrap does nothing where any tenant exists.
    const database = await openEmbeddedDatabase(null);
    try {
      const secretBox = await createSecretBox('bootstrap-test-secret-that-is-long-enough');
      const options = { db: database.db, publicBaseUrl: 'http://localhost:3000', saferpaySandbox: defaultSaferpaySandbox, postfinanceSandbox: defaultPostFinanceSandbox };
      // The process dies after the tenant and its admin exist, while the payment services are stored.
      const dying = { ...secretBox, seal: () => Promise.reject(new Error('killed while storing the credentials')) };
      await expect(bootstrapDemoTenant({ ...options, secretBox: dying })).rejects.toThrow(/killed/);
      expect((await database.db.select({ n: count() }).from(tenants))[0]?.n).toBe(0);

      const second = await bootstrapDemoTenant({ ...options, secretBox });
      expect(second?.apiKey).toMatch(/^ipk_/);
      expect(second?.payUrl).toMatch(/^http:\/\/localhost:3000\/pay\//);
      expect((await database.db.select({ n: count() }).from(tenants))[0]?.n).toBe(1);
      // Every simulator gets a payment service, Stripe's too (not a default: one card button on the demo invoice).
      const services = await database.db.select().from(connections);
      expect(services.map((c) => [c.provider, c.isDefault, c.sealedSecrets !== null]).sort()).toEqual([
        ['postfinance', true, true],
        ['postfinance-checkout', true, true],
        ['saferpay', true, true],
        ['stripe', false, true],
      ]);
      expect(await bootstrapDemoTenant({ ...options, secretBox })).toBeNull();
    } finally {
      await database.close();
    }
  }, 90_000);
});
