// Signing in to the back office in Chromium, on a laptop and on a phone: the form is
// labelled and usable by keyboard, axe finds nothing serious, no CSP violation, and five
// wrong passwords are refused before the sixth is even checked.
import { eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema.js';
import { createTestTenant } from '../helpers/app.js';
import { seriousAccessibilityProblems } from '../helpers/axe.js';
import { type BrowserStage, openBrowserStage, screenshots } from '../helpers/browser.js';
import { givePassword } from '../helpers/office.js';

let stage: BrowserStage;
let email: string;
let lockedEmail: string;

beforeAll(async () => {
  stage = await openBrowserStage();
  const tenant = await createTestTenant(stage.test.database);
  const db = stage.test.database.db;
  const [admin] = await db.select().from(users).where(eq(users.id, tenant.userIds.admin));
  const [accountant] = await db.select().from(users).where(eq(users.id, tenant.userIds.accountant));
  email = admin!.email;
  lockedEmail = accountant!.email;
  await givePassword(db, admin!.id, 'a sentence I remember');
  await givePassword(db, accountant!.id, 'the right password');
});

afterAll(() => stage?.close());

function watchCsp(page: Page) {
  const violations: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
  });
  return violations;
}

describe('back office sign-in in a browser', () => {
  it('signs in by keyboard on a laptop and lands on the overview', async () => {
    const context = await stage.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-CH' });
    const page = await context.newPage();
    const violations = watchCsp(page);
    await page.goto(`${stage.origin}/office`);
    await expect.poll(() => page.url()).toContain('/office/sign-in');
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: `${screenshots}/office-sign-in-laptop.png` });
    await page.getByLabel('E-Mail-Adresse').fill(email);
    await page.getByLabel('Passwort', { exact: true }).fill('a sentence I remember');
    await page.keyboard.press('Enter');
    await page.waitForURL(`${stage.origin}/office`);
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Übersicht');
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    // The language switch submits itself when the script runs.
    await page.getByLabel('Sprache').selectOption('en');
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent()).toBe('Overview');
    await page.screenshot({ path: `${screenshots}/office-overview-laptop.png` });
    expect(violations).toEqual([]);
    await context.close();
  });

  it('shows the sign-in form whole on a phone and slows down a guesser after five wrong passwords', async () => {
    const context = await stage.phone();
    const page = await context.newPage();
    await page.goto(`${stage.origin}/office/sign-in`);
    // The phone's browser asks for English.
    const button = page.getByRole('button', { name: 'Sign in', exact: true });
    const box = await button.boundingBox();
    expect(box && box.y + box.height).toBeLessThan(844);
    expect(await seriousAccessibilityProblems(page)).toEqual([]);
    await page.screenshot({ path: `${screenshots}/office-sign-in-phone.png` });
    for (let i = 0; i < 5; i++) {
      await page.getByLabel('E-mail address').fill(lockedEmail);
      await page.getByLabel('Password', { exact: true }).fill(`guess ${i}`);
      await button.click();
      await expect.poll(() => page.getByRole('alert').textContent()).toContain('is wrong');
    }
    await page.getByLabel('Password', { exact: true }).fill('the right password');
    await button.click();
    await expect.poll(() => page.getByRole('alert').textContent()).toContain('Too many sign-in attempts');
    expect(page.url()).toContain('/office/sign-in');
    await context.close();
  });
});
