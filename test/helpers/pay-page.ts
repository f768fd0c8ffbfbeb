// The online invoice as a payer's browser reads it: the page, its buttons, pressing one.
import type { TestApp } from './app.js';

export async function page(app: TestApp, path: string, init?: RequestInit) {
  const response = await app.app.request(path, init);
  return { status: response.status, html: await response.text() };
}

/** The buttons of a page: [choice, label] as the payer sees them. */
export const buttons = (html: string) =>
  [...html.matchAll(/name="option" value="[^":]+:([A-Z]+)"[^>]*>([^<]*)</g)].map((m) => [m[1]!, m[2]!.trim()]);

/** Presses the button `<connection id>:<choice>` (or a forged one) in the given language. */
export const press = (app: TestApp, payPath: string, option: string, lang = 'en') =>
  page(app, `${payPath}/attempts?lang=${lang}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ option }).toString(),
  });
