// First start on an empty database: the demo tenant "Demo AG" with an admin and a key,
// sandbox payment services and one sent invoice, so a newcomer can open an online invoice
// at once. Does nothing once any tenant exists. The services it calls open their own
// transactions; inside this one they become savepoints.
import { count, eq, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { tenants, users } from '../db/schema.js';
import { randomToken } from '../crypto.js';
import { hashPassword } from '../web/password.js';
import { loadInvoiceView } from '../invoices/view.js';
import { createTenant } from './create-tenant.js';
import { createContact } from './save-contact.js';
import { createConnection } from './save-connection.js';
import { createInvoice } from './save-invoice.js';
import { sendInvoice } from './send-invoice.js';
import { type PostFinanceCheckoutSandboxConfig, defaultPostFinanceCheckoutSandbox } from '../sandbox/postfinance-checkout/state.js';
import { type PostFinanceSandboxConfig, connectionCredentialsOf } from '../sandbox/postfinance/state.js';
import type { SaferpaySandboxConfig } from '../sandbox/saferpay/state.js';
import { type StripeSandboxConfig, defaultStripeSandbox } from '../sandbox/stripe/state.js';
import type { SecretBox } from '../secret-box.js';

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

export async function bootstrapDemoTenant({
  db,
  apiKey,
  adminPassword,
  publicBaseUrl,
  secretBox,
  saferpaySandbox,
  postfinanceSandbox,
  postfinanceCheckoutSandbox,
  stripeSandbox,
  now = () => new Date(),
}: {
  db: Database;
  apiKey?: string | null;
  /** The admin's back-office password; one is generated (and returned) when none is given. */
  adminPassword?: string | null;
  publicBaseUrl: string;
  secretBox?: SecretBox;
  /** The built-in simulator's customer, whose credentials the demo connection gets. */
  saferpaySandbox?: SaferpaySandboxConfig | null;
  postfinanceSandbox?: PostFinanceSandboxConfig | null;
  /** Default, where the other simulators run: defaultPostFinanceCheckoutSandbox. */
  postfinanceCheckoutSandbox?: PostFinanceCheckoutSandboxConfig | null;
  /** Default, where the other simulators run: defaultStripeSandbox. */
  stripeSandbox?: StripeSandboxConfig | null;
  now?: () => Date;
}) {
  // All or nothing, once: a start killed half-way leaves an empty database, so the next
  // start creates the whole demo tenant and prints its key (it bootstraps only an empty
  // database). The lock makes instances starting together take turns.
  const password = adminPassword ?? randomToken(12);
  // Hashed before the lock: it takes a few hundred milliseconds.
  const passwordHash = await hashPassword(password);
  const created = await db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(724312)`);
    const demo = await bootstrapInTransaction(tx, { apiKey, publicBaseUrl, secretBox, saferpaySandbox, postfinanceSandbox, postfinanceCheckoutSandbox, stripeSandbox, now });
    if (demo) await tx.update(users).set({ passwordHash }).where(eq(users.id, demo.admin.id));
    return demo;
  });
  return created ? { ...created, adminPassword: password } : null;
}

async function bootstrapInTransaction(
  db: Database,
  {
    apiKey,
    publicBaseUrl,
    secretBox,
    saferpaySandbox,
    postfinanceSandbox,
    postfinanceCheckoutSandbox,
    stripeSandbox,
    now,
  }: {
    apiKey?: string | null;
    publicBaseUrl: string;
    secretBox?: SecretBox;
    saferpaySandbox?: SaferpaySandboxConfig | null;
    postfinanceSandbox?: PostFinanceSandboxConfig | null;
    postfinanceCheckoutSandbox?: PostFinanceCheckoutSandboxConfig | null;
    stripeSandbox?: StripeSandboxConfig | null;
    now: () => Date;
  },
) {
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
  // Sandbox services only where the simulators run: without them no sandbox service may exist.
  const ctx = { db, tenantId: created.tenant.id, userId: created.admin.id, now, secretBox, sandboxEnabled: Boolean(saferpaySandbox) };
  const customer = saferpaySandbox?.customers[0];
  const sandbox = { environment: 'sandbox' as const, currencies: ['CHF'], isDefault: true };
  if (customer) {
    const credentials = secretBox
      ? { customerId: customer.customerId, terminalId: customer.terminals[0]!.terminalId, username: customer.username, password: customer.password }
      : undefined;
    await createConnection({
      ctx,
      input: { ...sandbox, provider: 'saferpay', label: 'Saferpay sandbox', methods: ['VISA', 'MASTERCARD', 'TWINT'], credentials },
    });
  }
  const pf = postfinanceSandbox?.accounts[0];
  if (pf && saferpaySandbox) {
    const credentials = secretBox ? connectionCredentialsOf(pf) : undefined;
    await createConnection({
      ctx,
      input: { ...sandbox, provider: 'postfinance', label: 'SwissBilling sandbox', methods: ['SWISSBILLING'], credentials },
    });
  }
  // PostFinance Card and e-finance only: cards and TWINT stay with the Saferpay service, one button each.
  const space = saferpaySandbox ? (postfinanceCheckoutSandbox ?? defaultPostFinanceCheckoutSandbox) : null;
  if (space) {
    const [user] = space.users;
    const credentials = secretBox && user ? { spaceId: space.spaces[0]!.spaceId, userId: user.userId, authenticationKey: user.authenticationKey } : undefined;
    await createConnection({
      ctx,
      input: { ...sandbox, provider: 'postfinance-checkout', label: 'PostFinance Checkout sandbox', methods: ['POSTFINANCE_CARD', 'POSTFINANCE_EFINANCE'], credentials },
    });
  }
  // Not a default: the demo invoice keeps one card and one TWINT button (Saferpay's); an
  // admin attaches Stripe to a draft to try it.
  const stripe = saferpaySandbox ? (stripeSandbox ?? defaultStripeSandbox).accounts.find((a) => !a.livemode && a.bankAccount) : null;
  if (stripe) {
    const credentials = secretBox ? { publishableKey: stripe.publishableKey, secretKey: stripe.secretKeys[0]!, webhookSecret: stripe.webhookSecret } : undefined;
    await createConnection({
      ctx,
      input: { ...sandbox, isDefault: false, provider: 'stripe', label: 'Stripe sandbox', methods: ['VISA', 'MASTERCARD', 'TWINT'], credentials },
    });
  }
  const contact = await createContact({
    ctx,
    input: {
      kind: 'person',
      firstName: 'Anna',
      lastName: 'Müller',
      street: 'Limmatquai',
      buildingNumber: '55',
      postalCode: '8001',
      city: 'Zürich',
      country: 'CH',
      email: 'anna.mueller@example.ch',
      language: 'de',
    },
  });
  const invoiceId = await createInvoice({
    ctx,
    input: {
      contactId: contact.id,
      referenceText: 'Demo invoice: open the link and press Pay now',
      lines: [
        { description: 'Beratung', quantity: '2.5', unitPrice: 16000, vatRate: 8.1 },
        { description: 'Fachbuch «Schweizer Buchhaltung»', quantity: 1, unitPrice: 4900, vatRate: 2.6 },
      ],
    },
  });
  await sendInvoice({ ctx, input: { invoiceId } });
  const view = await loadInvoiceView(db, created.tenant.id, invoiceId, publicBaseUrl);
  return { ...created, payUrl: view?.payLink?.url ?? null };
}
