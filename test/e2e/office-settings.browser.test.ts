// The settings in Chromium: an admin adds a Saferpay sandbox connection step by step and
// verifies it, as the journey does; every settings page has no serious or critical
// axe violation at 1280×800 and on a phone. Screenshots land in test-results/ for a look by eye.
import { eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema.js';
import { seriousAccessibilityProblems } from '../helpers/axe.js';
import { type BrowserStage, openBrowserStage, screenshots } from '../helpers/browser.js';
import { createTestTenant } from '../helpers/app.js';
import { sandboxCredentials } from '../helpers/invoices.js';
import { givePassword } from '../helpers/office.js';

let stage: BrowserStage;
let email: string;
const password = 'browser settings password';

beforeAll(async () => {
  stage = await openBrowserStage();
  const tenant = await createTestTenant(stage.test.database);
  await givePassword(stage.test.database.db, tenant.userIds.admin, password);
  const [admin] = await stage.test.database.db.select().from(users).where(eq(users.id, tenant.userIds.admin));
  email = admin!.email;
});

afterAll(() => stage?.close());

async function signIn(context: BrowserContext): Promise<Page> {
  const tab = await context.newPage();
  await tab.goto(`${stage.origin}/office/sign-in`);
  await tab.getByLabel('E-mail address').fill(email);
  await tab.getByLabel('Password', { exact: true }).fill(password);
  await tab.getByRole('button', { name: 'Sign in' }).click();
  await tab.waitForURL(`${stage.origin}/office`);
  return tab;
}

async function look(tab: Page, name: string) {
  expect(await seriousAccessibilityProblems(tab), name).toEqual([]);
  await tab.screenshot({ path: `${screenshots}/office-settings-${name}.png`, fullPage: true });
}

let connectionPath = '';

describe('settings in Chromium', () => {
  it('adds a Saferpay sandbox connection step by step and verifies it', async () => {
    const context = await stage.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'en-GB' });
    const tab = await signIn(context);
    await tab.getByRole('link', { name: 'Settings' }).first().click();
    await tab.getByRole('link', { name: 'Payment services' }).first().click();
    await tab.getByRole('link', { name: 'Add a payment service' }).click();
    await look(tab, 'choose-provider');
    await tab.getByRole('link', { name: 'Add Worldline Saferpay' }).click();
    await tab.getByLabel('Environment').selectOption('sandbox');
    await tab.getByLabel('Customer ID').fill(sandboxCredentials.customerId);
    await tab.getByLabel('Terminal ID').fill(sandboxCredentials.terminalId);
    await look(tab, 'saferpay-step-1');
    await tab.getByRole('button', { name: 'Next' }).click();
    await tab.getByLabel('JSON API user').fill(sandboxCredentials.username);
    await tab.getByLabel('Password', { exact: true }).fill(sandboxCredentials.password);
    await look(tab, 'saferpay-step-2');
    await tab.getByRole('button', { name: 'Next' }).click();
    await tab.getByLabel('Label').fill('Saferpay cards and TWINT');
    await look(tab, 'saferpay-step-3');
    await tab.getByRole('button', { name: 'Add the payment service' }).click();
    await tab.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => tab.getByText('The credentials work').first().isVisible()).toBe(true);
    await look(tab, 'saferpay-verified');
    connectionPath = new URL(tab.url()).pathname.replace(/\/verify$/, '');
    await context.close();
  });

  const pages = () => [
    ['index', '/office/settings'],
    ['company', '/office/settings/company'],
    ['payment-services', '/office/settings/payment-services'],
    ['connection', connectionPath],
    ['accounts', '/office/settings/accounts'],
    ['users', '/office/settings/users'],
    ['api-keys', '/office/settings/api-keys'],
    ['audit', '/office/settings/audit'],
  ];

  for (const [size, viewport] of [
    ['laptop', { width: 1280, height: 800 }],
    ['phone', { width: 390, height: 844 }],
  ] as const) {
    it(`has no serious accessibility problem on any settings page (${size})`, async () => {
      const context = await stage.browser.newContext({ viewport, locale: 'en-GB', ...(size === 'phone' ? { isMobile: true, deviceScaleFactor: 2 } : {}) });
      const tab = await signIn(context);
      for (const [name, path] of pages()) {
        await tab.goto(`${stage.origin}${path}`);
        await look(tab, `${name}-${size}`);
      }
      // A new key, shown once, and a form refused with its errors next to the fields.
      await tab.goto(`${stage.origin}/office/settings/api-keys`);
      await tab.getByLabel('Label').fill('Shop');
      await tab.getByRole('button', { name: 'Create the key' }).click();
      await expect.poll(() => tab.getByText('This is the only time the key is shown.').isVisible()).toBe(true);
      await look(tab, `key-shown-${size}`);
      await tab.goto(`${stage.origin}/office/settings/company`);
      await tab.getByLabel('IBAN or QR-IBAN').fill('CH00 1234');
      await tab.getByRole('button', { name: 'Save', exact: true }).click();
      await expect.poll(() => tab.getByText('Not a valid Swiss or Liechtenstein IBAN').first().isVisible()).toBe(true);
      await look(tab, `company-refused-${size}`);
      await context.close();
    });
  }
});
