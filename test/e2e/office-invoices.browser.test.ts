// The accountant's day in Chromium: sign in, create a contact and an invoice with two lines
// (the second added with the "add a line" button), attach the payment service, send, and
// read the invoice once the payer has paid by TWINT. Each page is checked by axe on a
// laptop and on a phone, and photographed into test-results/ to be looked at.
import { eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema.js';
import { seriousAccessibilityProblems } from '../helpers/axe.js';
import { type BrowserStage, openBrowserStage, screenshots } from '../helpers/browser.js';
import { createConnection } from '../helpers/invoices.js';
import { givePassword } from '../helpers/office.js';
import { act, choose, returnTo } from '../helpers/saferpay-payer.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

let stage: BrowserStage;
beforeAll(async () => {
  stage = await openBrowserStage();
});
afterAll(() => stage?.close());

async function signIn(context: BrowserContext, email: string) {
  const tab = await context.newPage();
  await tab.goto(`${stage.origin}/office/sign-in`);
  await tab.fill('#field-email', email);
  await tab.fill('#field-password', 'office password 1');
  await tab.click('main button[type=submit].primary');
  await tab.waitForURL(/\/office$/);
  return tab;
}

/** axe finds nothing serious, and the page is photographed as `name`. */
async function check(tab: Page, name: string) {
  expect(await seriousAccessibilityProblems(tab), name).toEqual([]);
  await tab.screenshot({ path: `${screenshots}/office-${name}.png`, fullPage: true });
}

describe('the accountant’s invoices in the back office', () => {
  it('creates a contact and a two-line invoice, sends it, and reads the TWINT payment', async () => {
    const { test } = stage;
    const setup = await invoicingTenant(test);
    await createConnection(setup.admin);
    const [accountant] = await test.deps.db.select().from(users).where(eq(users.id, setup.tenant.userIds.accountant));
    await test.deps.db.update(users).set({ language: 'de' }).where(eq(users.id, accountant!.id));
    await givePassword(test.deps.db, accountant!.id, 'office password 1');

    const laptop = await stage.browser.newContext({ viewport: { width: 1280, height: 800 } });
    const tab = await signIn(laptop, accountant!.email);

    await tab.goto(`${stage.origin}/office/contacts/new`);
    await tab.fill('#field-companyName', 'Boulangerie Dupont SA');
    await tab.fill('#field-email', 'compta@dupont.example');
    await tab.selectOption('#field-language', 'fr');
    await tab.fill('#field-street', 'Rue de Lausanne');
    await tab.fill('#field-buildingNumber', '5');
    await tab.fill('#field-postalCode', '1700');
    await tab.fill('#field-city', 'Fribourg');
    await check(tab, 'contact-form-laptop');
    await tab.getByRole('button', { name: 'Speichern' }).click();
    await tab.waitForURL(/\/office\/contacts\/[0-9a-f-]{36}/);

    await tab.goto(`${stage.origin}/office/invoices/new`);
    await tab.getByLabel('Kontakte suchen').fill('Dupont');
    await tab.getByRole('button', { name: 'Suchen' }).click();
    await tab.selectOption('#field-contactId', { label: 'Boulangerie Dupont SA · 1700 Fribourg' });
    await tab.fill('#field-referenceText', 'Bestellung 4711');
    await tab.fill('#field-lines-0-description', 'Gipfeli-Lieferung November');
    await tab.fill('#field-lines-0-quantity', '120');
    await tab.fill('#field-lines-0-unitPrice', '1.90');
    await tab.selectOption('#field-lines-0-vatRate', '2.6');
    await tab.getByRole('button', { name: 'Position hinzufügen' }).click();
    await tab.fill('#field-lines-1-description', 'Lieferpauschale');
    await tab.fill('#field-lines-1-unitPrice', "1'250.00");
    await tab.getByRole('button', { name: 'Summen aktualisieren' }).click();
    // 120 × 1.90 = 228.00 at 2.6 % (5.93), 1'250.00 at 8.1 % (101.25): 1'585.18 → 1'585.20
    await expect.poll(() => tab.locator('table.totals tr.grand').innerText()).toContain('1’585.20');
    await check(tab, 'invoice-editor-laptop');
    await tab.getByRole('button', { name: 'Entwurf speichern' }).click();
    await tab.waitForURL(/\/office\/invoices\/[0-9a-f-]{36}\?done=doneSaved/);
    await check(tab, 'invoice-draft-laptop');

    await tab.getByRole('button', { name: 'An compta@dupont.example senden' }).click();
    await tab.waitForURL(/done=doneSent/);
    const payUrl = await tab.locator('a.pay-link').getAttribute('href');
    expect(payUrl).toContain('/pay/');

    await returnTo(test, await act(test, await choose(test, new URL(payUrl!).pathname, 'TWINT'), 'TWINT', 'approve'));
    await tab.reload();
    await expect.poll(() => tab.locator('.attempt-summary').first().innerText()).toBe('TWINT-Zahlung genehmigt, abgebucht, auf 1029 verbucht');
    await tab.locator('.attempt details summary').first().click();
    await check(tab, 'invoice-paid-laptop');
    const invoicePath = new URL(tab.url()).pathname;

    await tab.goto(`${stage.origin}/office/invoices`);
    await check(tab, 'invoice-list-laptop');
    await tab.goto(`${stage.origin}/office/contacts`);
    await check(tab, 'contact-list-laptop');

    const phone = await stage.phone();
    const small = await signIn(phone, accountant!.email);
    for (const [path, name] of [
      ['/office/invoices', 'invoice-list-phone'],
      ['/office/invoices/new', 'invoice-editor-phone'],
      [invoicePath, 'invoice-paid-phone'],
      ['/office/contacts', 'contact-list-phone'],
      ['/office/contacts/new', 'contact-form-phone'],
    ] as const) {
      await small.goto(`${stage.origin}${path}`);
      await check(small, name);
    }
    await laptop.close();
    await phone.close();
  });
});
