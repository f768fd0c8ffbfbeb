// A tenant ready to invoice (address and IBAN set), with a contact and its API client.
import { type TestApp, apiClient, createTestTenant } from './app.js';
import { createContact } from './invoices.js';

export async function invoicingTenant(test: TestApp, settings: Record<string, unknown> = {}) {
  const tenant = await createTestTenant(test.database, 'Rechnungs AG');
  const admin = apiClient(test.app, tenant.keys.admin);
  const accountant = apiClient(test.app, tenant.keys.accountant);
  const patched = await admin.patch('/api/v1/settings', {
    street: 'Bahnhofstrasse',
    buildingNumber: '1',
    postalCode: '8001',
    city: 'Zürich',
    country: 'CH',
    email: 'billing@rechnungs-ag.example',
    iban: 'CH93 0076 2011 6238 5295 7',
    ...settings,
  });
  if (patched.status !== 200) throw new Error(`settings not saved: ${patched.text}`);
  const contactId = await createContact(accountant);
  return { tenant, admin, accountant, contactId };
}
