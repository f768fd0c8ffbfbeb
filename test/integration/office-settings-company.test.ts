import { and, eq } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { accounts, auditLog, tenants } from '../../src/db/schema.js';
import { bankAccounts } from '../../src/db/reconciliation-schema.js';
import { type TestApp, type TestTenant, apiClient } from '../helpers/app.js';
import { type signedIn, settingsStage, visibleText } from '../helpers/office-settings.js';

let t: TestApp;
let tenant: TestTenant;
let visitor: Awaited<ReturnType<typeof signedIn>>;

beforeAll(async () => {
  ({ t, tenant, visitor } = await settingsStage());
});

const address = {
  name: 'Muster Treuhand AG',
  street: 'Bahnhofstrasse',
  buildingNumber: '1',
  postalCode: '8001',
  city: 'Zürich',
  country: 'ch',
  email: 'rechnungen@muster.example',
  iban: 'CH44 3199 9123 0008 8901 2',
  vatNumber: 'CHE-123.456.789 MWST',
  swissBillingCategory: 'ServicesForProfessionals',
};

describe('company settings in the back office', () => {
  it('saves the address, e-mail, QR-IBAN and VAT number as the API reads them, and says what kind of IBAN it is', async () => {
    await visitor.get('/office/settings/company');
    const saved = await visitor.post('/office/settings/company', address);
    expect(saved.status).toBe(303);
    const api = await apiClient(t.app, tenant.keys.admin).get('/api/v1/settings');
    expect(api.body).toMatchObject({ name: 'Muster Treuhand AG', city: 'Zürich', country: 'CH', iban: 'CH4431999123000889012', vatNumber: 'CHE-123.456.789 MWST' });
    const page = await visitor.get('/office/settings/company');
    expect(page.text).toContain('value="CH44 3199 9123 0008 8901 2"');
    expect(visibleText(page)).toContain('Stored: a QR-IBAN, so invoices carry a QR reference.');
  });

  it('refuses an IBAN with a typo next to the field, keeping everything typed', async () => {
    await visitor.get('/office/settings/company');
    const page = await visitor.post('/office/settings/company', { ...address, city: 'Bern', iban: 'CH44 3199 9123 0008 8901 3' });
    expect(page.status).toBe(422);
    expect(page.text).toMatch(/<p class="field-error" id="field-iban-error">Not a valid Swiss or Liechtenstein IBAN/);
    expect(page.text).toContain('value="CH44 3199 9123 0008 8901 3"');
    expect(page.text).toContain('value="Bern"');
    const [row] = await t.database.db.select().from(tenants).where(eq(tenants.id, tenant.tenantId));
    expect(row!.city).toBe('Zürich');
  });

  it('adds a bank account on an asset account and refuses a revenue account with the reason', async () => {
    await visitor.get('/office/settings/company');
    const refused = await visitor.post('/office/settings/company/bank-accounts', { 'bank.iban': 'CH93 0076 2011 6238 5295 7', 'bank.label': 'UBS', 'bank.ledgerAccount': '3200' });
    expect(refused.status).toBe(422);
    expect(visibleText(refused)).toContain('This is not an asset account of your chart of accounts.');
    expect(refused.text).toContain('id="field-bank-ledgerAccount-error"');
    const saved = await visitor.post('/office/settings/company/bank-accounts', { 'bank.iban': 'CH93 0076 2011 6238 5295 7', 'bank.label': 'UBS', 'bank.ledgerAccount': '1020' });
    expect(saved.status).toBe(303);
    const rows = await t.database.db.select().from(bankAccounts).where(eq(bankAccounts.tenantId, tenant.tenantId));
    expect(rows).toMatchObject([{ iban: 'CH9300762011623852957', label: 'UBS', ledgerAccount: '1020' }]);
    expect(visibleText(await visitor.get('/office/settings/company'))).toContain('CH93 0076 2011 6238 5295 7 UBS 1020');
  });
});

describe('accounts in the back office', () => {
  it('shows the system account with its warning, and a change is audited and answered with what it means', async () => {
    const page = await visitor.get('/office/settings/accounts');
    expect(visibleText(page)).toContain('Changing it moves where payments are booked from now on. Bookings made before stay on the previous account');
    expect(page.text).toMatch(/<option value="1029" selected="">1029/);
    await visitor.post('/office/settings/accounts', { number: '1030', name: 'Zweites Systemkonto', kind: 'asset' });
    const changed = await visitor.post('/office/settings/accounts/system-account', { systemAccount: '1030' });
    expect(changed.status).toBe(303);
    expect(visibleText(await visitor.get(changed.location!))).toContain('New payments are booked on it from now on; earlier bookings stay on the previous account.');
    const audit = await t.database.db.select().from(auditLog).where(and(eq(auditLog.tenantId, tenant.tenantId), eq(auditLog.action, 'system_account.changed')));
    expect(audit.map((entry) => entry.details)).toEqual([{ from: '1029', to: '1030' }]);
    const refused = await visitor.post('/office/settings/accounts/system-account', { systemAccount: '3200' });
    expect(refused.status).toBe(422);
    expect(visibleText(refused)).toContain('This is not an asset account');
  });

  it('adds and renames accounts, and refuses a number in use with the reason', async () => {
    await visitor.get('/office/settings/accounts');
    const exists = await visitor.post('/office/settings/accounts', { number: '6940', name: 'Bankspesen', kind: 'expense' });
    expect(exists.status).toBe(409);
    expect(visibleText(exists)).toContain('This account number exists already. Rename the existing account instead.');
    expect(exists.text).toContain('value="Bankspesen"');
    const renamed = await visitor.post('/office/settings/accounts/6940', { name: 'Bank- und Kartengebühren' });
    expect(renamed.status).toBe(303);
    const [row] = await t.database.db.select().from(accounts).where(and(eq(accounts.tenantId, tenant.tenantId), eq(accounts.number, '6940')));
    expect(row!.name).toBe('Bank- und Kartengebühren');
    const bad = await visitor.post('/office/settings/accounts', { number: '69', name: 'x', kind: 'expense' });
    expect(bad.status).toBe(422);
    expect(visibleText(bad)).toContain('Four digits, for example 6940.');
  });

  it('closes the books up to a day and opens them again', async () => {
    await visitor.get('/office/settings/accounts');
    expect((await visitor.post('/office/settings/accounts/closed-period', { booksClosedUntil: '2025-12-31' })).status).toBe(303);
    expect(visibleText(await visitor.get('/office/settings/accounts'))).toContain('The books are closed up to and including 31.12.2025');
    expect((await visitor.post('/office/settings/accounts/closed-period', { booksClosedUntil: '' })).status).toBe(303);
    const [row] = await t.database.db.select().from(tenants).where(eq(tenants.id, tenant.tenantId));
    expect(row!.booksClosedUntil).toBeNull();
  });
});
