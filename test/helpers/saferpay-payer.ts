// A payer going through the Saferpay sandbox: picks a method on the online invoice, then a
// method and an outcome on the simulated payment page, and comes back.
import { expect } from 'vitest';
import type { PayChoice } from '../../src/providers/types.js';
import { type TestApp, requestUrl } from './app.js';

export type Outcome = 'approve' | 'decline' | 'abort' | 'pending';
export type NotifyMode = 'normal' | 'late' | 'twice' | 'none';

/** Presses a method on the online invoice; answers Saferpay's payment page URL. */
export async function choose(test: TestApp, payPath: string, choice: PayChoice) {
  const html = await (await requestUrl(test, `${payPath}?lang=en`)).text();
  const option = [...html.matchAll(/name="option" value="([^"]+)"/g)].map((m) => m[1]!).find((o) => o.endsWith(`:${choice}`));
  expect(option, `no ${choice} button`).toBeTruthy();
  const response = await requestUrl(test, `${payPath}/attempts?lang=en`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ option: option! }).toString(),
  });
  expect(response.status).toBe(303);
  return response.headers.get('Location')!;
}

/** Acts on the sandbox payment page; answers the return URL the browser is sent to. */
export async function act(test: TestApp, pageUrl: string, method: string, outcome: Outcome, notify: NotifyMode = 'normal') {
  const response = await requestUrl(test, pageUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ method, outcome, notify }).toString(),
  });
  expect(response.status).toBe(303);
  return response.headers.get('Location')!;
}

export async function returnTo(test: TestApp, returnUrl: string) {
  const response = await requestUrl(test, returnUrl);
  return { status: response.status, html: await response.text() };
}

export function callbackUrlOf(returnUrl: string) {
  return returnUrl.replace('/pay-return/', '/callbacks/saferpay/');
}

export const tokenOf = (pageUrl: string) => pageUrl.split('/').pop()!;
