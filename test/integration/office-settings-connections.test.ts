import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { auditLog, connections } from '../../src/db/schema.js';
import { type TestApp, type TestTenant, apiClient, createTestApp, createTestTenant } from '../helpers/app.js';
import { createConnection, createContact, createDraftInvoice, postfinanceSandboxCredentials, sandboxCredentials } from '../helpers/invoices.js';
import { hiddenValue, signedIn, visibleText } from '../helpers/office-settings.js';

let t: TestApp;

beforeAll(async () => {
  t = await createTestApp();
});

type Visitor = Awaited<ReturnType<typeof signedIn>>;

/** Walks the Saferpay steps as the lead's journey does; answers the last page. */
async function addSaferpay(visitor: Visitor, credentials = sandboxCredentials) {
  await visitor.get('/office/settings/payment-services/new/saferpay');
  const second = await visitor.post('/office/settings/payment-services/new/saferpay', {
    step: '0',
    carry: '',
    environment: 'sandbox',
    'credentials.customerId': credentials.customerId,
    'credentials.terminalId': credentials.terminalId,
  });
  const third = await visitor.post('/office/settings/payment-services/new/saferpay', {
    step: '1',
    carry: hiddenValue(second, 'carry'),
    'credentials.username': credentials.username,
    'credentials.password': credentials.password,
  });
  const created = await visitor.post('/office/settings/payment-services/new/saferpay', {
    step: '2',
    carry: hiddenValue(third, 'carry'),
    label: 'Saferpay cards',
    methods: ['VISA', 'MASTERCARD', 'TWINT'],
    currencies: ['CHF', 'EUR'],
    isDefault: 'on',
  });
  return { second, third, created };
}

describe('payment services in the back office', () => {
  let tenant: TestTenant;
  let visitor: Visitor;

  beforeAll(async () => {
    tenant = await createTestTenant(t.database);
    visitor = await signedIn(t, tenant);
  });

  it('adds a Saferpay sandbox connection in the order of Saferpay\'s onboarding, then verifies it in plain words', async () => {
    const choice = await visitor.get('/office/settings/payment-services/new');
    expect(visibleText(choice)).toContain('Add Worldline Saferpay');
    expect(visibleText(choice)).toContain('Add SwissBilling (PostFinance e-Payment)');

    const first = await visitor.get('/office/settings/payment-services/new/saferpay');
    expect(first.status).toBe(200);
    expect(visibleText(first)).toContain('Step 1 of 3: Customer and terminal');
    expect(first.text).toContain('id="field-credentials-customerId"');
    expect(first.text).toContain('id="field-credentials-terminalId"');
    expect(first.text).not.toContain('id="field-credentials-password"');

    const { second, third, created } = await addSaferpay(visitor);
    expect(visibleText(second)).toContain('Step 2 of 3: JSON API user');
    expect(visibleText(second)).toContain('Settings > JSON API basic authentication');
    expect(visibleText(third)).toContain('Step 3 of 3');
    // The password typed in step 2 never comes back in a page, not even hidden.
    expect(third.text).not.toContain(sandboxCredentials.password);
    expect(created.status).toBe(303);

    const [row] = await t.database.db.select().from(connections).where(eq(connections.tenantId, tenant.tenantId));
    expect(row).toMatchObject({ provider: 'saferpay', environment: 'sandbox', label: 'Saferpay cards', currencies: ['CHF', 'EUR'], isDefault: true });
    expect(row!.settings).toMatchObject({ customerId: '245000', terminalId: '17795278', username: sandboxCredentials.username });
    expect(created.location).toBe(`/office/settings/payment-services/${row!.id}?done=connectionCreated`);

    const page = await visitor.get(created.location!);
    expect(page.text).not.toContain(sandboxCredentials.password);
    expect(page.text).toContain('class="badge env-sandbox"');
    expect(visibleText(page)).toMatch(/Password set, last changed on \d{2}\.\d{2}\.\d{4}/);

    const verified = await visitor.post(`/office/settings/payment-services/${row!.id}/verify`, {});
    expect(verified.status).toBe(200);
    // The sandbox's TWINT takes CHF only: the contract gap is named, with what to do.
    expect(visibleText(verified)).toContain('The credentials work, but the contract lacks some currencies.');
    expect(visibleText(verified)).toContain('TWINT: no contract for EUR.');
  });

  it('keeps the input and names the field when a step is wrong', async () => {
    const page = await visitor.post('/office/settings/payment-services/new/saferpay', {
      step: '0',
      carry: '',
      environment: 'sandbox',
      'credentials.customerId': '245000',
      'credentials.terminalId': '1779',
    });
    expect(page.status).toBe(422);
    expect(visibleText(page)).toContain('The Saferpay terminal ID: 8 digits');
    expect(page.text).toMatch(/id="field-credentials-terminalId" name="credentials.terminalId" type="text" value="1779"/);
    expect(page.text).toContain('aria-invalid="true"');
  });

  it('tells what to do when Saferpay refuses the JSON API user, and rotates the password through the same verb as the API', async () => {
    const { created } = await addSaferpay(visitor, { ...sandboxCredentials, password: 'a-wrong-password' });
    const id = /payment-services\/([0-9a-f-]{36})/.exec(created.location!)![1]!;
    const refused = await visitor.post(`/office/settings/payment-services/${id}/verify`, {});
    expect(visibleText(refused)).toContain('The provider refused the credentials.');
    expect(visibleText(refused)).toContain('Settings > JSON API basic authentication');

    await visitor.get(`/office/settings/payment-services/${id}`);
    const rotated = await visitor.post(`/office/settings/payment-services/${id}/credentials`, {
      'credentials.customerId': sandboxCredentials.customerId,
      'credentials.terminalId': sandboxCredentials.terminalId,
      'credentials.username': sandboxCredentials.username,
      'credentials.password': sandboxCredentials.password,
    });
    expect(rotated.status).toBe(303);
    const audit = await t.database.db
      .select()
      .from(auditLog)
      .where(and(eq(auditLog.tenantId, tenant.tenantId), eq(auditLog.action, 'connection.credentials_rotated')));
    expect(audit.map((entry) => entry.details)).toContainEqual({ connectionId: id, secrets: ['password'] });
    const again = await visitor.post(`/office/settings/payment-services/${id}/verify`, {});
    expect(visibleText(again)).toMatch(/The credentials work/);
  });

  it('adds SwissBilling with its PSPID, SHA passphrases and DirectLink user, in that order', async () => {
    const path = '/office/settings/payment-services/new/postfinance';
    const first = await visitor.get(path);
    expect(visibleText(first)).toContain('Step 1 of 4: PSPID');
    const second = await visitor.post(path, { step: '0', carry: '', environment: 'sandbox', 'credentials.pspid': postfinanceSandboxCredentials.pspid, 'credentials.mode': 'B2C' });
    expect(visibleText(second)).toContain('Step 2 of 4: SHA passphrases');
    const third = await visitor.post(path, {
      step: '1',
      carry: hiddenValue(second, 'carry'),
      'credentials.shaIn': postfinanceSandboxCredentials.shaIn,
      'credentials.shaOut': postfinanceSandboxCredentials.shaOut,
      'credentials.hashAlgorithm': 'SHA-512',
    });
    expect(visibleText(third)).toContain('Step 3 of 4: DirectLink API user');
    const fourth = await visitor.post(path, {
      step: '2',
      carry: hiddenValue(third, 'carry'),
      'credentials.userId': postfinanceSandboxCredentials.userId,
      'credentials.password': postfinanceSandboxCredentials.password,
      'credentials.directLinkPassphrase': postfinanceSandboxCredentials.directLinkPassphrase,
    });
    expect(fourth.text).not.toContain(postfinanceSandboxCredentials.shaIn);
    const created = await visitor.post(path, { step: '3', carry: hiddenValue(fourth, 'carry'), label: 'Rechnungskauf', methods: 'SWISSBILLING', currencies: 'CHF' });
    expect(created.status).toBe(303);
    const verified = await visitor.post(`${created.location!.split('?')[0]}/verify`, {});
    expect(visibleText(verified)).toContain('The credentials work.');
  });

  it('explains why a payment service an invoice names is kept, and deletes one nothing names', async () => {
    const api = apiClient(t.app, tenant.keys.admin);
    const used = await createConnection(api, { label: 'In use', isDefault: true });
    await createDraftInvoice(api, await createContact(api));
    await visitor.get(`/office/settings/payment-services/${used}`);
    const kept = await visitor.post(`/office/settings/payment-services/${used}/delete`, {});
    expect(kept.status).toBe(409);
    expect(visibleText(kept)).toContain('This payment service is kept: 1 invoice(s) name it');

    const unused = await createConnection(api, { label: 'Spare', isDefault: false });
    await visitor.get(`/office/settings/payment-services/${unused}`);
    const deleted = await visitor.post(`/office/settings/payment-services/${unused}/delete`, {});
    expect(deleted.status).toBe(303);
    expect(await t.database.db.select().from(connections).where(eq(connections.id, unused))).toEqual([]);
  });

  it('changes methods, currencies and per-method currencies through the API\'s rules, with the refusal next to the field', async () => {
    const api = apiClient(t.app, tenant.keys.admin);
    const id = await createConnection(api, { label: 'Options', isDefault: false });
    await visitor.get(`/office/settings/payment-services/${id}`);
    const refused = await visitor.post(`/office/settings/payment-services/${id}/options`, {
      environment: 'sandbox',
      label: 'Options',
      methods: ['VISA', 'TWINT'],
      currencies: ['CHF'],
      methodCurrenciesShown: 'VISA,TWINT',
      'methodCurrencies.VISA': ['CHF', 'EUR'],
    });
    expect(refused.status).toBe(422);
    expect(refused.text).toMatch(/class="choices has-error" id="field-methodCurrencies-VISA"/);
    const saved = await visitor.post(`/office/settings/payment-services/${id}/options`, {
      environment: 'sandbox',
      label: 'Cards and TWINT',
      methods: ['VISA', 'TWINT'],
      currencies: ['CHF', 'EUR'],
      methodCurrenciesShown: 'VISA,TWINT',
      'methodCurrencies.VISA': ['CHF', 'EUR'],
      'methodCurrencies.TWINT': 'CHF',
    });
    expect(saved.status).toBe(303);
    const [row] = await t.database.db.select().from(connections).where(eq(connections.id, id));
    expect(row).toMatchObject({ label: 'Cards and TWINT', methods: ['VISA', 'TWINT'], currencies: ['CHF', 'EUR'], methodCurrencies: { VISA: ['CHF', 'EUR'], TWINT: ['CHF'] } });
  });

  it('saves how payouts are recognised: the words and IBANs show again and are what the payout matching reads', async () => {
    const id = await createConnection(apiClient(t.app, tenant.keys.admin), { label: 'Payouts', isDefault: false });
    await visitor.get(`/office/settings/payment-services/${id}`);
    const saved = await visitor.post(`/office/settings/payment-services/${id}/payout-recognition`, {
      patterns: 'Worldline\r\nSIX Payment',
      ibans: 'CH93 0076 2011 6238 5295 7',
      windowDays: '20',
      payoutAfterDays: '',
    });
    expect(saved.status).toBe(303);
    const [row] = await t.database.db.select().from(connections).where(eq(connections.id, id));
    expect(row!.payoutRecognition).toEqual({ patterns: ['Worldline', 'SIX Payment'], ibans: ['CH9300762011623852957'], windowDays: 20 });
    const page = await visitor.get(`/office/settings/payment-services/${id}`);
    expect(page.text).toMatch(/<textarea id="field-patterns"[^>]*>Worldline\nSIX Payment<\/textarea>/);
    const refused = await visitor.post(`/office/settings/payment-services/${id}/payout-recognition`, { patterns: 'ab', ibans: '', windowDays: '0', payoutAfterDays: '' });
    expect(refused.status).toBe(422);
    expect(refused.text).toContain('id="field-patterns-error"');
    expect(refused.text).toContain('id="field-windowDays-error"');
    expect(refused.text).toMatch(/<textarea id="field-patterns"[^>]*>ab<\/textarea>/);
  });

  it('answers 404 for a payment service of another company', async () => {
    const other = await createTestTenant(t.database);
    const foreign = await createConnection(apiClient(t.app, other.keys.admin));
    expect((await visitor.get(`/office/settings/payment-services/${foreign}`)).status).toBe(404);
    expect((await visitor.post(`/office/settings/payment-services/${foreign}/delete`, {})).status).toBe(404);
  });
});

describe('payment services without the sandbox', () => {
  it('offers test and live only, and shows each in its colour', async () => {
    const plain = await createTestApp({ sandbox: undefined });
    const tenant = await createTestTenant(plain.database);
    const visitor = await signedIn(plain, tenant);
    const first = await visitor.get('/office/settings/payment-services/new/saferpay');
    expect(first.text).not.toContain('<option value="sandbox"');
    expect(first.text).toContain('<option value="test"');
    expect(first.text).toContain('<option value="live"');
  });
});
