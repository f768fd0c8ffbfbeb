import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, type TestTenant, apiClient, createTestApp, createTestTenant } from '../helpers/app.js';
import { createConnection } from '../helpers/invoices.js';
import { signedIn, visibleText } from '../helpers/office-settings.js';

let t: TestApp;
let tenant: TestTenant;
let connectionId: string;

beforeAll(async () => {
  t = await createTestApp();
  tenant = await createTestTenant(t.database);
  connectionId = await createConnection(apiClient(t.app, tenant.keys.admin));
});

const pages = (id: string) => [
  ['/office/settings', 'settings:manage'],
  ['/office/settings/company', 'settings:manage'],
  ['/office/settings/payment-services', 'connections:manage'],
  ['/office/settings/payment-services/new', 'connections:manage'],
  ['/office/settings/payment-services/new/saferpay', 'connections:manage'],
  [`/office/settings/payment-services/${id}`, 'connections:manage'],
  ['/office/settings/accounts', 'accounts:manage'],
  ['/office/settings/users', 'users:manage'],
  ['/office/settings/api-keys', 'users:manage'],
  ['/office/settings/audit', 'audit:read'],
];

const forms = (t: TestTenant, id: string) => [
  ['/office/settings/company', 'settings:manage'],
  ['/office/settings/company/bank-accounts', 'settings:manage'],
  ['/office/settings/payment-services/new/saferpay', 'connections:manage'],
  [`/office/settings/payment-services/${id}/verify`, 'connections:manage'],
  [`/office/settings/payment-services/${id}/options`, 'connections:manage'],
  [`/office/settings/payment-services/${id}/credentials`, 'connections:manage'],
  [`/office/settings/payment-services/${id}/delete`, 'connections:manage'],
  [`/office/settings/payment-services/${id}/payout-recognition`, 'connections:manage'],
  ['/office/settings/accounts/system-account', 'settings:manage'],
  ['/office/settings/accounts/closed-period', 'settings:manage'],
  ['/office/settings/accounts', 'accounts:manage'],
  ['/office/settings/accounts/6940', 'accounts:manage'],
  ['/office/settings/users', 'users:manage'],
  [`/office/settings/users/${t.userIds.admin}/disable`, 'users:manage'],
  [`/office/settings/users/${t.userIds.admin}/role`, 'users:manage'],
  ['/office/settings/api-keys', 'users:manage'],
];

describe.each(['accountant', 'bookkeeper'] as const)('settings for the %s', (role) => {
  it('shows the 403 page naming the missing permission and the roles that have it, on every page', async () => {
    const visitor = await signedIn(t, tenant, role);
    expect((await visitor.get('/office')).text).not.toContain('href="/office/settings"');
    for (const [path, permission] of pages(connectionId)) {
      const page = await visitor.get(path!);
      expect(page.status, path).toBe(403);
      expect(visibleText(page), path).toContain(`This needs the permission "${permission}", which the role "${role}" does not have; it belongs to the role admin.`);
    }
  });

  it('refuses every form with the same words and changes nothing', async () => {
    const visitor = await signedIn(t, tenant, role);
    await visitor.get('/office');
    for (const [path, permission] of forms(tenant, connectionId)) {
      const page = await visitor.post(path!, { name: 'Hacked', role: 'accountant', label: 'x', systemAccount: '1020' });
      expect(page.status, path).toBe(403);
      expect(visibleText(page), path).toContain(`This needs the permission "${permission}"`);
    }
    const settings = await apiClient(t.app, tenant.keys.admin).get<{ name: string; systemAccount: string }>('/api/v1/settings');
    expect(settings.body.name).not.toBe('Hacked');
    expect(settings.body.systemAccount).toBe('1029');
  });
});

describe('settings for the admin', () => {
  it('links every section from the index and the navigation', async () => {
    const visitor = await signedIn(t, tenant, 'admin');
    const home = await visitor.get('/office');
    expect(home.text).toContain('href="/office/settings"');
    const index = await visitor.get('/office/settings');
    expect(index.status).toBe(200);
    for (const section of ['company', 'payment-services', 'accounts', 'users', 'api-keys', 'audit']) expect(index.text).toContain(`href="/office/settings/${section}"`);
  });

  it('speaks German, French and Italian too', async () => {
    const expected = { de: 'Zahlungsdienste', fr: 'Services de paiement', it: 'Servizi di pagamento' } as const;
    for (const language of ['de', 'fr', 'it'] as const) {
      const visitor = await signedIn(t, tenant, 'admin', language);
      expect(visibleText(await visitor.get('/office/settings')), language).toContain(expected[language]);
    }
  });
});
