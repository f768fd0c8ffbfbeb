// What every browser journey needs: the app behind a real loopback server (the sandboxes
// redirect the browser and call back over HTTP), Debian's Chromium, and a phone-sized tab.
import { mkdir } from 'node:fs/promises';
import { type ServerType, serve } from '@hono/node-server';
import { type Browser, type BrowserContext, chromium } from 'playwright-core';
import type { AppDeps } from '../../src/deps.js';
import { type TestApp, createTestApp } from './app.js';

export const screenshots = 'test-results';

export interface BrowserStage {
  test: TestApp;
  origin: string;
  browser: Browser;
  /** A new tab context the size of a phone (390 × 844, touch). */
  phone(): Promise<BrowserContext>;
  close(): Promise<void>;
}

/** `overrides` sees the server's origin, for deps that must know it. */
export async function openBrowserStage(overrides: (origin: string) => Partial<AppDeps> = () => ({})): Promise<BrowserStage> {
  let app: TestApp['app'] | null = null;
  let server: ServerType | null = null;
  const origin = await new Promise<string>((resolve) => {
    server = serve({ fetch: (request) => app!.fetch(request), port: 0, hostname: '127.0.0.1' }, (info) => resolve(`http://127.0.0.1:${info.port}`));
  });
  const test = await createTestApp({
    publicBaseUrl: origin,
    fetch: globalThis.fetch,
    defer: (task) => void task(),
    sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    ...overrides(origin),
  });
  app = test.app;
  // Without the background-networking flags Chromium keeps calling hosts this machine cannot reach.
  const browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  await mkdir(screenshots, { recursive: true });
  return {
    test,
    origin,
    browser,
    phone: () => browser.newContext({ viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true }),
    async close() {
      await browser.close();
      (server as ServerType | null)?.close();
    },
  };
}
