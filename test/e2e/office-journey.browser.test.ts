// The back office's whole loop in Chromium, as a new company would walk it: the admin signs
// in, enters the company's address and bank account, adds the Saferpay sandbox step by step
// and verifies it; the accountant creates a contact and an invoice with two lines, attaches
// the service and sends it; the payer opens the e-mailed link on a phone and pays by card;
// the bookkeeper sees the booking on 1029, enters the provider's fee by hand, uploads the
// bank statement with the payout, accepts the proposal and sees 1029 cleared; and a
// bookkeeper who tries to send an invoice is told which permission is missing.
import { eq } from 'drizzle-orm';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { users } from '../../src/db/schema.js';
import { formatMinor } from '../../src/ledger/currencies.js';
import { defaultSaferpaySandbox } from '../../src/sandbox/saferpay/state.js';
import { deliverOutbox } from '../../src/services/deliver-outbox.js';
import { RecordingMailer } from '../fakes/mailer.js';
import { type TestTenant, createTestTenant } from '../helpers/app.js';
import { seriousAccessibilityProblems } from '../helpers/axe.js';
import { camtFixture } from '../helpers/bank-statements.js';
import { type BrowserStage, openBrowserStage, screenshots } from '../helpers/browser.js';
import { givePassword } from '../helpers/office.js';

const password = 'a long journey password';
const bankIban = 'CH9300762011623852957';
const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Zurich' }).format(new Date());

let stage: BrowserStage;
let tenant: TestTenant;
const emails: Record<'admin' | 'accountant' | 'bookkeeper', string> = { admin: '', accountant: '', bookkeeper: '' };

beforeAll(async () => {
  stage = await openBrowserStage();
  tenant = await createTestTenant(stage.test.database, 'Journey AG');
  for (const role of ['admin', 'accountant', 'bookkeeper'] as const) {
    const [user] = await stage.test.database.db.select().from(users).where(eq(users.id, tenant.userIds[role]));
    emails[role] = user!.email;
    await givePassword(stage.test.database.db, user!.id, password);
  }
});

afterAll(() => stage?.close());

const laptop = () => stage.browser.newContext({ viewport: { width: 1280, height: 800 }, locale: 'de-CH' });

async function signIn(context: BrowserContext, role: keyof typeof emails): Promise<Page> {
  const page = await context.newPage();
  await page.goto(`${stage.origin}/office/sign-in`);
  await page.getByLabel('E-Mail-Adresse').fill(emails[role]);
  await page.getByLabel('Passwort', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Anmelden', exact: true }).click();
  await page.waitForURL(`${stage.origin}/office`);
  return page;
}

async function shot(page: Page, name: string) {
  expect(await seriousAccessibilityProblems(page), name).toEqual([]);
  await page.screenshot({ path: `${screenshots}/journey-${name}.png`, fullPage: true });
}

const field = (page: Page, name: string) => page.locator('main').locator(`[name="${name}"]`);

describe('the back office, from a new company to a cleared system account', () => {
  let invoiceUrl = '';
  let invoiceTotal = 0;

  it('the admin sets up the company and a Saferpay sandbox service, and verifies it', async () => {
    const context = await laptop();
    const page = await signIn(context, 'admin');
    await page.getByRole('link', { name: 'Einstellungen' }).first().click();
    await page.getByRole('link', { name: 'Firma' }).first().click();
    await field(page, 'street').fill('Bahnhofstrasse');
    await field(page, 'buildingNumber').fill('10');
    await field(page, 'postalCode').fill('8001');
    await field(page, 'city').fill('Zürich');
    await field(page, 'email').fill('billing@journey.example');
    await field(page, 'iban').fill(bankIban);
    await page.locator('form:has([name="street"]) button[type="submit"]').click();
    await expect.poll(() => page.getByRole('status').first().textContent()).toBeTruthy();
    await field(page, 'bank.iban').fill(bankIban);
    await field(page, 'bank.label').fill('Hausbank');
    await page.locator('form:has([name="bank.iban"]) button[type="submit"]').click();
    await expect.poll(() => page.getByText('Hausbank').first().isVisible()).toBe(true);
    await shot(page, '01-company');

    await page.getByRole('link', { name: 'Zahlungsdienste' }).first().click();
    await page.getByRole('link', { name: 'Zahlungsdienst hinzufügen' }).click();
    await page.getByRole('link', { name: 'Worldline Saferpay hinzufügen' }).click();
    const customer = defaultSaferpaySandbox.customers[0]!;
    await field(page, 'environment').selectOption('sandbox');
    await field(page, 'credentials.customerId').fill(customer.customerId);
    await field(page, 'credentials.terminalId').fill(customer.terminals[0]!.terminalId);
    await shot(page, '02-saferpay-step-1');
    await page.getByRole('button', { name: 'Weiter' }).click();
    await field(page, 'credentials.username').fill(customer.username);
    await field(page, 'credentials.password').fill(customer.password);
    await shot(page, '03-saferpay-step-2');
    await page.getByRole('button', { name: 'Weiter' }).click();
    await shot(page, '04-saferpay-options');
    await page.getByRole('button', { name: 'Zahlungsdienst hinzufügen' }).click();
    await page.getByRole('button', { name: 'Prüfen', exact: true }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Die Zugangsdaten funktionieren.');
    await shot(page, '05-saferpay-verified');
    // Its payouts name Worldline on the bank statement: that is how the statement's payout is recognised.
    await field(page, 'patterns').fill('Worldline');
    await page.locator('main form:has([name="patterns"]) button[type="submit"]').click();
    await expect.poll(() => field(page, 'patterns').inputValue()).toBe('Worldline');
    await context.close();
  });

  it('the accountant creates a contact and an invoice with two lines, attaches the service and sends it', async () => {
    const context = await laptop();
    const page = await signIn(context, 'accountant');
    await page.getByRole('link', { name: 'Kontakte' }).first().click();
    await page.goto(`${stage.origin}/office/contacts/new`);
    await field(page, 'kind').selectOption('company');
    await field(page, 'companyName').fill('Muster Bau GmbH');
    await field(page, 'email').fill('kreditoren@muster-bau.example');
    await field(page, 'language').selectOption('de');
    await field(page, 'street').fill('Industriestrasse');
    await field(page, 'buildingNumber').fill('5');
    await field(page, 'postalCode').fill('3000');
    await field(page, 'city').fill('Bern');
    await shot(page, '06-contact');
    await page.getByRole('button', { name: 'Speichern' }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Muster Bau GmbH');

    await page.getByRole('link', { name: 'Rechnungen' }).first().click();
    await page.goto(`${stage.origin}/office/invoices/new`);
    const contact = await field(page, 'contactId').locator('option', { hasText: 'Muster Bau GmbH' }).getAttribute('value');
    await field(page, 'contactId').selectOption(contact!);
    await field(page, 'lines.0.description').fill('Beratung Buchhaltung');
    await field(page, 'lines.0.quantity').fill('2.5');
    await field(page, 'lines.0.unitPrice').fill("1'600.00");
    await page.getByRole('button', { name: 'Position hinzufügen' }).click();
    await field(page, 'lines.1.description').fill('Fachbuch');
    await field(page, 'lines.1.quantity').fill('1');
    await field(page, 'lines.1.unitPrice').fill('49.00');
    await field(page, 'lines.1.vatRate').selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Summen aktualisieren' }).click();
    await shot(page, '07-invoice-editor');
    await page.getByRole('button', { name: 'Entwurf speichern' }).click();
    await page.waitForURL(/\/office\/invoices\/[0-9a-f-]{36}/);
    invoiceUrl = page.url().split('?')[0]!;
    await page.getByLabel('Worldline Saferpay').check();
    await page.getByRole('button', { name: 'Zahlungsdienste speichern' }).click();
    await page.getByRole('button', { name: /^An .* senden$/ }).click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Wartet auf den Versand');
    await shot(page, '08-invoice-sent');
    await context.close();
  });

  it('the payer opens the e-mailed link on a phone and pays by card on the sandbox', async () => {
    const mailer = new RecordingMailer();
    await deliverOutbox({ ...stage.test.deps, mailer, sandboxEnabled: true }, 10, { tenantId: tenant.tenantId });
    const mail = mailer.sent.find((message) => message.to === 'kreditoren@muster-bau.example');
    const link = /(http:\/\/[^\s]+\/pay\/[\w-]+)/.exec(mail!.text)![1]!;
    const context = await stage.phone();
    const page = await context.newPage();
    await page.goto(link);
    await page.getByRole('button', { name: 'Visa / Mastercard' }).click();
    await expect.poll(() => page.getByText('Saferpay SANDBOX').isVisible(), { timeout: 20_000 }).toBe(true);
    await page.getByRole('button', { name: 'Approve' }).click();
    await expect.poll(() => page.getByRole('heading', { level: 1 }).textContent(), { timeout: 20_000 }).toMatch(/Vielen Dank|Thank you/);
    await context.close();
  });

  it('the bookkeeper sees the booking on 1029, books the fee, uploads the payout and sees 1029 cleared', async () => {
    const context = await laptop();
    const page = await signIn(context, 'bookkeeper');
    await page.goto(invoiceUrl);
    await expect.poll(() => page.locator('main').textContent()).toContain('Soll 1029, Haben 1100');
    const total = /Total\s*CHF ([\d’.]+)/.exec((await page.locator('main').textContent()) ?? '')![1]!;
    invoiceTotal = Math.round(Number(total.replaceAll('’', '')) * 100);
    await shot(page, '09-invoice-paid');
    await page.getByRole('link', { name: 'Journal' }).first().click();
    await expect.poll(() => page.locator('main').textContent()).toContain('1029');
    await shot(page, '10-journal');

    // The provider's fee, by hand: debit 6940, credit 1029.
    await page.getByRole('link', { name: 'Abstimmung' }).first().click();
    await page.getByRole('link', { name: 'Gebühr des Zahlungsdienstes erfassen' }).click();
    await field(page, 'text').fill('Saferpay Gebühr November');
    await field(page, 'lines.0.debit').fill('3.40');
    await field(page, 'lines.1.credit').fill('3.40');
    await shot(page, '11-fee-entry');
    await page.locator('main form button[type="submit"]', { hasText: 'Buchen' }).last().click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Saferpay Gebühr November');

    // The bank statement with the payout: the card payment less the fee.
    await page.getByRole('link', { name: 'Abstimmung' }).first().click();
    await page.getByRole('link', { name: 'Bankauszüge des Monats einlesen' }).click();
    const statement = camtFixture('camt053-v08-payout.xml', { ACCOUNT_IBAN: bankIban, CURRENCY: 'CHF', AMOUNT: formatMinor(invoiceTotal - 340, 'CHF'), DATE: today, REF: 'JOURNEY' });
    await field(page, 'statement').setInputFiles({ name: 'november.xml', mimeType: 'application/xml', buffer: Buffer.from(statement) });
    await page.getByRole('button', { name: 'Einlesen' }).click();
    await shot(page, '12-statement');
    await page.goto(`${stage.origin}/office/reconciliation/proposals`);
    await shot(page, '13-proposal');
    await page.getByRole('button', { name: 'Annehmen und buchen' }).first().click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Die Auszahlung ist gebucht');
    await page.getByRole('link', { name: 'Abstimmung' }).first().click();
    await expect.poll(() => page.locator('main').textContent()).toContain('Der Saldo entspricht den offenen Posten.');
    expect(await page.locator('main').textContent()).toContain('Saldo 1029');
    expect(await page.locator('main').textContent()).toMatch(/Saldo 1029[^]*CHF 0\.00/);
    await shot(page, '14-system-account-cleared');
    await context.close();
  });

  it('a bookkeeper who tries to send an invoice is told which permission is missing', async () => {
    const context = await laptop();
    const page = await signIn(context, 'bookkeeper');
    await page.goto(`${stage.origin}/office/invoices/new`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Mit Ihrer Rolle nicht erlaubt');
    expect(await page.locator('main').textContent()).toContain('This needs the permission "invoices:write", which the role "bookkeeper" does not have; it belongs to the roles admin, accountant.');
    // A hand-made form to send the invoice gets the same answer, and the invoice stays as it is.
    const answer = await page.evaluate(async (path) => {
      const csrf = (document.querySelector('input[name="_csrf"]') as HTMLInputElement).value;
      const response = await fetch(path, { method: 'POST', body: new URLSearchParams({ _csrf: csrf }) });
      return { status: response.status, text: await response.text() };
    }, `${new URL(invoiceUrl).pathname}/send`);
    expect(answer.status).toBe(403);
    expect(answer.text).toContain('invoices:write');
    await shot(page, '15-forbidden');
    await context.close();
  });
});
