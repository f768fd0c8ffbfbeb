// A payer on a phone opens the e-mailed link in a real Chromium: Pay now and the methods
// must be visible without scrolling, in French and after switching to German.
import { mkdir } from 'node:fs/promises';
import { type ServerType, serve } from '@hono/node-server';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type TestApp, createTestApp } from '../helpers/app.js';
import { createConnection, createDraftInvoice } from '../helpers/invoices.js';
import { invoicingTenant } from '../helpers/sent-invoice.js';

const screenshots = 'test-results';
let test: TestApp;
let server: ServerType;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  test = await createTestApp();
  await new Promise<void>((resolve) => {
    server = serve({ fetch: test.app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => {
      origin = `http://127.0.0.1:${info.port}`;
      resolve();
    });
  });
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  await mkdir(screenshots, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  server?.close();
});

describe('the online invoice on a phone', () => {
  it('shows the amount and Pay now above the fold, in French and in German', async () => {
    const { admin, accountant, contactId } = await invoicingTenant(test);
    await createConnection(admin);
    const draft = await createDraftInvoice(accountant, contactId);
    const sent = await accountant.post<{ payLink: { url: string } }>(`/api/v1/invoices/${draft.id}/send`);
    const path = new URL(sent.body.payLink.url).pathname;

    const context = await browser.newContext({
      viewport: { width: 390, height: 844 },
      deviceScaleFactor: 2,
      isMobile: true,
    });
    const tab = await context.newPage();
    await tab.goto(`${origin}${path}`);

    const payNow = tab.getByRole('heading', { name: 'Payer maintenant' });
    await expect.poll(() => payNow.isVisible()).toBe(true);
    for (const name of ['Visa / Mastercard', 'TWINT']) {
      const button = tab.getByRole('button', { name });
      const box = await button.boundingBox();
      expect(box, `${name} button`).not.toBeNull();
      expect(box!.y + box!.height).toBeLessThanOrEqual(844);
    }
    await expect.poll(() => tab.getByText('CHF 2’534.65').first().isVisible()).toBe(true);
    await tab.screenshot({ path: `${screenshots}/pay-page-fr.png`, fullPage: true });

    await tab.getByRole('link', { name: 'DE', exact: true }).click();
    await expect.poll(() => tab.getByRole('heading', { name: 'Jetzt bezahlen' }).isVisible()).toBe(true);
    await tab.screenshot({ path: `${screenshots}/pay-page-de.png` });

    await tab.getByRole('button', { name: 'TWINT' }).click();
    await expect
      .poll(() => tab.getByRole('heading', { name: 'Online-Zahlung noch nicht verfügbar' }).isVisible())
      .toBe(true);
    await context.close();
  });
});
