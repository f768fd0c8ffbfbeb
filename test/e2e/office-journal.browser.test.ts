// The bookkeeper's journey through the journal and the reconciliation in Chromium, on a
// laptop and on a phone: the card payment booked on 1029, the provider fee entered as a
// manual entry, a statement with the payout uploaded and its proposal accepted, 1029 cleared.
// Every page is checked by axe (no serious or critical violation) and photographed into
// test-results/ to be looked at.
import { eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema.js';
import { seriousAccessibilityProblems } from '../helpers/axe.js';
import { type BrowserStage, openBrowserStage, screenshots } from '../helpers/browser.js';
import { givePassword } from '../helpers/office.js';
import { postStatement } from '../helpers/bank-statements.js';
import { booksWithCardPayments, payoutStatement } from '../helpers/office-books.js';

let stage: BrowserStage;

beforeAll(async () => {
  stage = await openBrowserStage();
});

afterAll(() => stage?.close());

async function bookkeeperTab(context: BrowserContext, userId: string): Promise<Page> {
  const [user] = await stage.test.database.db.select().from(users).where(eq(users.id, userId));
  await givePassword(stage.test.database.db, userId, 'month end in five steps');
  // A Swiss German browser: the sign-in page speaks the user's language before the session does.
  await context.setExtraHTTPHeaders({ 'Accept-Language': 'de-CH' });
  const tab = await context.newPage();
  await tab.goto(`${stage.origin}/office/sign-in`);
  await tab.getByLabel('E-Mail-Adresse').fill(user!.email);
  await tab.getByLabel('Passwort').fill('month end in five steps');
  await tab.getByRole('button', { name: 'Anmelden' }).click();
  await tab.waitForURL(`${stage.origin}/office`);
  return tab;
}

/** Axe finds nothing serious, and the page is photographed. */
async function look(tab: Page, name: string) {
  expect(await seriousAccessibilityProblems(tab), name).toEqual([]);
  await tab.screenshot({ path: `${screenshots}/office-${name}.png`, fullPage: true });
}

describe('the bookkeeper in the journal and the reconciliation', () => {
  it('sees the card payment on 1029, enters the fee, uploads the payout and sees 1029 cleared (laptop)', async () => {
    const books = await booksWithCardPayments(stage.test, 1);
    const total = books.invoices[0]!.total;
    const context = await stage.browser.newContext({ viewport: { width: 1280, height: 800 } });
    try {
      const tab = await bookkeeperTab(context, books.tenant.userIds.bookkeeper);
      await tab.getByRole('link', { name: 'Journal', exact: true }).click();
      await look(tab, 'journal');
      await tab.getByLabel('Konto', { exact: true }).selectOption('1029');
      await tab.getByRole('button', { name: 'Filtern' }).click();
      await tab.getByRole('link', { name: /Payment of invoice/ }).first().click();
      await expect.poll(() => tab.getByText('Zahlungsversuch bei Saferpay').isVisible()).toBe(true);
      await look(tab, 'journal-entry');

      // The provider's fee: debit 6940, credit 1029, typed the Swiss way.
      await tab.goto(`${stage.origin}/office/journal`);
      await tab.getByRole('link', { name: 'Gebühr des Zahlungsdienstes erfassen' }).click();
      await tab.getByLabel('Buchungstext').fill('Saferpay-Gebühren');
      await tab.getByLabel('Soll der Zeile 1').fill('3.80');
      await tab.getByLabel('Haben der Zeile 2').fill('3.80');
      await look(tab, 'journal-manual-entry');
      await tab.getByRole('button', { name: 'Buchen' }).click();
      await expect.poll(() => tab.getByText('Die Buchung ist erfasst.').isVisible()).toBe(true);
      await look(tab, 'journal-fee-booked');

      // The errors a bookkeeper meets, next to their fields.
      await tab.goto(`${stage.origin}/office/journal/new`);
      await tab.getByLabel('Buchungstext').fill('Korrektur');
      await tab.getByLabel('Konto der Zeile 1').selectOption('6940');
      await tab.getByLabel('Soll der Zeile 1').fill("1'000.00");
      await tab.getByLabel('Konto der Zeile 2').selectOption('1020');
      await tab.getByLabel('Haben der Zeile 2').fill('999');
      await tab.getByRole('button', { name: 'Zeile hinzufügen' }).click();
      await expect.poll(() => tab.getByLabel('Konto der Zeile 3').isVisible()).toBe(true);
      await tab.getByRole('button', { name: 'Buchen', exact: true }).click();
      await expect.poll(() => tab.getByText('Soll und Haben unterscheiden sich um CHF 1.00').first().isVisible()).toBe(true);
      await look(tab, 'journal-manual-entry-unbalanced');

      // The payout: total minus the fee entered above, which the proposal shows as its residual.
      await tab.goto(`${stage.origin}/office/reconciliation`);
      await look(tab, 'reconciliation-before');
      await tab.getByRole('link', { name: 'Bankauszüge des Monats einlesen' }).click();
      await tab.getByLabel('camt.053- oder camt.054-Datei').setInputFiles({ name: 'payout.xml', mimeType: 'application/xml', buffer: Buffer.from(payoutStatement(total - 380, 'PAYOUT-BROWSER')) });
      await tab.getByRole('button', { name: 'Einlesen' }).click();
      await expect.poll(() => tab.getByText('1 neue Zeile(n)').isVisible()).toBe(true);
      await look(tab, 'reconciliation-statements');
      await tab.getByRole('link', { name: 'Auszahlungsvorschläge' }).first().click();
      await look(tab, 'reconciliation-proposals');
      await tab.getByRole('button', { name: 'Annehmen und buchen' }).click();
      await expect.poll(() => tab.getByText('Die Auszahlung ist gebucht').isVisible()).toBe(true);
      await expect.poll(() => tab.getByText(/Keine offenen Posten/).isVisible()).toBe(true);
      await look(tab, 'reconciliation-cleared');

      await tab.goto(`${stage.origin}/office/journal/trial-balance`);
      await look(tab, 'journal-trial-balance');
      await tab.goto(`${stage.origin}/office/journal/account-statement?account=1029`);
      // Cleared: the fee entered by hand was not booked a second time by the payout.
      await expect.poll(() => tab.locator('tfoot .money').last().textContent()).toBe('CHF 0.00');
      await look(tab, 'journal-account-statement');
    } finally {
      await context.close();
    }
  });

  it('reads and works on a phone', async () => {
    const books = await booksWithCardPayments(stage.test, 1);
    // A payout waiting for its proposal, so the statement and proposal pages have something to show.
    expect((await postStatement(books.bookkeeper, payoutStatement(books.invoices[0]!.total - 380, 'PAYOUT-PHONE'))).status).toBe(201);
    const context = await stage.phone();
    try {
      const tab = await bookkeeperTab(context, books.tenant.userIds.bookkeeper);
      for (const [path, name] of [
        ['/office/journal', 'journal'],
        ['/office/journal/new?preset=fee', 'journal-manual-entry'],
        ['/office/journal/trial-balance', 'journal-trial-balance'],
        ['/office/journal/account-statement?account=1029', 'journal-account-statement'],
        ['/office/reconciliation', 'reconciliation'],
        ['/office/reconciliation/statements', 'reconciliation-statements'],
        ['/office/reconciliation/proposals', 'reconciliation-proposals'],
      ] as const) {
        await tab.goto(`${stage.origin}${path}`);
        await look(tab, `${name}-phone`);
        const width = await tab.evaluate(() => document.documentElement.scrollWidth);
        expect(width, name).toBeLessThanOrEqual(390);
      }
      await tab.goto(`${stage.origin}/office/journal`);
      await tab.getByRole('link', { name: /Payment of invoice/ }).first().click();
      await look(tab, 'journal-entry-phone');
    } finally {
      await context.close();
    }
  });
});
