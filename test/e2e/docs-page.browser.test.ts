// The API reference in a real Chromium with no way out of this machine: Swagger UI renders
// every operation of /openapi.json from the app's own files, and the page's
// Content-Security-Policy refuses nothing it needs.
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type BrowserStage, openBrowserStage } from '../helpers/browser.js';

let stage: BrowserStage;
let origin: string;
let browser: Browser;

beforeAll(async () => {
  stage = await openBrowserStage();
  ({ origin, browser } = stage);
});

afterAll(() => stage?.close());

describe('the API reference in a browser', () => {
  it('shows the operations offline, with no Content-Security-Policy violation', async () => {
    const context = await browser.newContext();
    const tab = await context.newPage();
    const elsewhere: string[] = [];
    await tab.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(origin) || url.startsWith('data:')) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    const violations: string[] = [];
    tab.on('console', (message) => {
      if (/Content Security Policy/i.test(message.text())) violations.push(message.text());
    });
    await tab.goto(`${origin}/docs`);
    await expect.poll(() => tab.locator('.opblock').count(), { timeout: 20_000 }).toBeGreaterThan(20);
    await expect.poll(() => tab.getByText('Invoice payment links').first().isVisible()).toBe(true);
    await tab.getByRole('button', { name: /Authorize/ }).first().click();
    await expect.poll(() => tab.locator('.auth-container input').first().isVisible()).toBe(true);
    expect(violations).toEqual([]);
    expect(elsewhere).toEqual([]);
    await context.close();
  });
});
