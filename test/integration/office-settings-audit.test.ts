import { beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, type TestTenant, apiClient, createTestApp, createTestTenant } from '../helpers/app.js';
import { createConnection } from '../helpers/invoices.js';
import { signedIn, visibleText } from '../helpers/office-settings.js';

let t: TestApp;
let tenant: TestTenant;
let visitor: Awaited<ReturnType<typeof signedIn>>;

beforeAll(async () => {
  t = await createTestApp();
  tenant = await createTestTenant(t.database);
  const api = apiClient(t.app, tenant.keys.admin);
  await createConnection(api, { label: 'Karten' });
  for (let i = 0; i < 55; i++) await api.post('/api/v1/accounts', { number: String(7000 + i), name: `Konto ${i}`, kind: 'expense' });
  await api.patch('/api/v1/settings', { systemAccount: '1020' });
  visitor = await signedIn(t, tenant);
});

describe('the audit log in the back office', () => {
  it('lists the newest first, in plain words, the same entries as GET /api/v1/audit', async () => {
    const page = await visitor.get('/office/settings/audit');
    expect(page.status).toBe(200);
    const text = visibleText(page);
    // The sign-in of the page's own visitor is the newest; the system account change comes before it.
    expect(text.indexOf('Signed in')).toBeLessThan(text.indexOf('System account changed 1029 → 1020'));
    expect(text.indexOf('System account changed 1029 → 1020')).toBeLessThan(text.indexOf('Account added 7054 Konto 54 (expense)'));
    const api = await apiClient(t.app, tenant.keys.admin).get<{ items: { action: string }[] }>('/api/v1/audit?limit=50');
    expect((page.text.match(/<tr>/g) ?? []).length - 1).toBe(api.body.items.length);
  });

  it('pages by cursor to the older entries, keeping the filter', async () => {
    const first = await visitor.get('/office/settings/audit?action=account.created');
    expect((first.text.match(/Account added/g) ?? []).length).toBe(50 + 1);
    const older = /href="(\/office\/settings\/audit\?action=account.created&amp;cursor=\d+)"/.exec(first.text)?.[1];
    expect(older).toBeTruthy();
    const second = await visitor.get(older!.replaceAll('&amp;', '&'));
    expect(visibleText(second)).toContain('Account added 7004 Konto 4 (expense)');
    expect(visibleText(second)).toContain('Account added 7000 Konto 0 (expense)');
    expect(visibleText(second)).not.toContain('Konto 5 ');
    expect(second.text).not.toMatch(/cursor=\d+"[^>]*>Older/);
  });

  it('filters by actor and names the payment service added with its provider and environment', async () => {
    const page = await visitor.get(`/office/settings/audit?actor=${tenant.userIds.admin}&action=connection.created`);
    expect(visibleText(page)).toContain('Payment service added "Karten" (Worldline Saferpay, sandbox), methods VISA, MASTERCARD, TWINT, currencies CHF');
    expect(visibleText(page)).toContain('Ada Admin');
  });

  it('refuses an unknown action next to the filter instead of failing', async () => {
    const page = await visitor.get('/office/settings/audit?action=nonsense');
    expect(page.status).toBe(200);
    expect(page.text).toContain('id="field-action-error"');
  });
});
