// Payers and an accountant against the real server over HTTP, step by step, so the run can
// kill the server at a chosen step. Each step that reaches the server first announces its
// phase; a step that fails (the server died under it) ends the flow, and what the payer
// holds by then (a return or feedback URL) lets it come back after the restart, as a
// browser reload would.
import { providerForm } from '../helpers/swissbilling-payer.js';
import type { HttpApi } from './shop.js';

/** Where a kill can land: the payer starting a payment, at the provider (notifies and post-sales arrive), coming back, or a refund. */
export type Phase = 'start' | 'provider' | 'return' | 'refund';
export type Announce = (phase: Phase) => void;

export type PaymentChoice =
  | { provider: 'saferpay'; method: 'CARD' | 'TWINT'; outcome: 'approve' | 'decline' | 'abort' | 'pending'; notify: 'normal' | 'late' | 'twice' | 'none' }
  | { provider: 'postfinance'; outcome: 'approve' | 'decline' | 'cancel' | 'uncertain'; postsale: 'online' | 'deferred' | 'repeated' | 'lost' };

export interface PaymentResult {
  /** The payer reached the provider's page, so money may move whatever happens next. */
  reachedProvider: boolean;
  /** Where the provider sent the payer back (Saferpay return, SwissBilling feedback). */
  backUrl: string | null;
  /** The last step finished without the server dying under it. */
  completed: boolean;
  /** The invoice was paid already (by this payer's earlier try): no button, or sent back to the invoice. */
  nothingToPay: boolean;
}

const form = (fields: Record<string, string>, headers: Record<string, string> = {}): RequestInit => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual',
});

/**
 * Payers are people on their own connections: each one comes through the server's trusted
 * proxy (this test, on 127.0.0.1) from an address of its own (documentation ranges; only a
 * header, no traffic goes there), so the per-address attempt limit counts them apart.
 */
let payers = 0;
function payerAddress(): Record<string, string> {
  payers++;
  return { 'X-Forwarded-For': `${payers % 2 ? '198.51.100' : '203.0.113'}.${(payers % 250) + 1}` };
}

/** The button's value; null when the page offers none at all (paid meanwhile, by an earlier try). */
function optionOf(html: string, suffix: string): string | null {
  const options = [...html.matchAll(/name="option" value="([^"]+)"/g)].map((m) => m[1]!);
  if (options.length === 0) return null;
  const option = options.find((o) => o.endsWith(suffix));
  if (!option) throw new Error(`the online invoice offers no ${suffix} button`);
  return option;
}

function location(response: Response, step: string): string {
  const target = response.headers.get('Location');
  if (response.status !== 303 || !target) throw new Error(`${step}: expected a 303 redirect, got ${response.status}`);
  return target;
}

/** One payer on one invoice, from Pay now to the page they are sent back to. */
export async function pay(origin: string, payPath: string, choice: PaymentChoice, announce: Announce): Promise<PaymentResult> {
  const result: PaymentResult = { reachedProvider: false, backUrl: null, completed: false, nothingToPay: false };
  const nothingToPay = () => ({ ...result, nothingToPay: true, completed: true });
  try {
    const client = payerAddress();
    const page = await (await fetch(`${origin}${payPath}?lang=en`, { headers: client })).text();
    const option = optionOf(page, choice.provider === 'saferpay' ? `:${choice.method}` : ':SWISSBILLING');
    if (!option) return nothingToPay();
    announce('start');
    const started = await fetch(`${origin}${payPath}/attempts?lang=en`, form({ option }, client));
    if (choice.provider === 'saferpay') {
      const pageUrl = location(started, 'Pay now');
      if (!pageUrl.includes('/sandbox/saferpay/')) return nothingToPay(); // back to the invoice: paid
      const method = choice.method === 'TWINT' ? 'TWINT' : 'VISA';
      result.reachedProvider = true;
      announce('provider');
      result.backUrl = location(await fetch(pageUrl, form({ method, outcome: choice.outcome, notify: choice.notify })), 'payment page');
    } else {
      if (started.status === 303) return nothingToPay(); // back to the invoice: paid
      if (started.status !== 200) throw new Error(`Pay by invoice: ${started.status}`);
      const provider = providerForm(await started.text());
      const hosted = await fetch(provider.action, form(provider.fields));
      const action = /<form method="post" action="([^"]+)"/.exec(await hosted.text())?.[1];
      if (!action) throw new Error(`the SwissBilling page shows no outcome form (${hosted.status})`);
      result.reachedProvider = true;
      announce('provider');
      result.backUrl = location(await fetch(action, form({ outcome: choice.outcome, postsale: choice.postsale })), 'SwissBilling page');
    }
    announce('return');
    await comeBack(result.backUrl);
    result.completed = true;
  } catch (error) {
    if (!isCutOff(error)) throw error;
  }
  return result;
}

/** The payer's browser loads (or reloads) the page the provider sent it back to. */
export async function comeBack(backUrl: string): Promise<void> {
  const response = await fetch(backUrl);
  await response.text();
  if (response.status !== 200) throw new Error(`coming back to ${new URL(backUrl).pathname}: ${response.status}`);
}

/** The accountant refunds a payment; a refund cut off by the kill is for the provider's record to decide. */
export async function refund(api: HttpApi, attemptId: string, amount: number | undefined, announce: Announce) {
  announce('refund');
  try {
    const answer = await api.post<{ state: string }>(`/api/v1/payments/${attemptId}/refund`, amount === undefined ? {} : { amount });
    // 200 booked, 202 pending, 409 a refund is pending already, 422 refused: all are answers.
    if (![200, 202, 409, 422].includes(answer.status)) throw new Error(`refund: ${answer.status} ${answer.text}`);
    return answer.status;
  } catch (error) {
    if (!isCutOff(error)) throw error;
    return null;
  }
}

/** The server died under the request: the connection was refused or reset. */
export function isCutOff(error: unknown): boolean {
  if (!(error instanceof TypeError)) return false;
  const cause = (error as TypeError & { cause?: { code?: string } }).cause;
  return error.message === 'fetch failed' || ['ECONNREFUSED', 'ECONNRESET', 'UND_ERR_SOCKET'].includes(cause?.code ?? '');
}
