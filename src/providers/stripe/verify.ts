// "Does this connection work?" in plain words (issue 15): the account is read with the
// connection's own key. It says whether Stripe lets the account take payments and pay out,
// warns when no bank account receives the payouts (the money would stay at Stripe), names
// the payout schedule, and which of our methods the account can take in which currencies
// (TWINT in CHF only).
import type Stripe from 'stripe';
import type { connections } from '../../db/schema.js';
import type { PaymentDeps } from '../../payments/deps.js';
import type { VerifyAnswer } from '../types.js';
import { providerErrorOf, stripeFor } from './client-for.js';
import { keyProblems } from './key-guard.js';

type Connection = typeof connections.$inferSelect;

/** Our methods → the account capability each needs. */
const capabilityOf: Record<string, keyof Stripe.Account.Capabilities> = { VISA: 'card_payments', MASTERCARD: 'card_payments', TWINT: 'twint_payments' };

function scheduleWords(schedule: Stripe.Account.Settings.Payouts.Schedule | undefined): string {
  if (!schedule) return 'no payout schedule is set';
  if (schedule.interval === 'manual') return 'payouts are manual (Stripe keeps the money until someone pays it out)';
  const when = schedule.interval === 'weekly' ? `weekly on ${schedule.weekly_anchor ?? 'a set day'}` : schedule.interval === 'monthly' ? `monthly on day ${schedule.monthly_anchor ?? '?'}` : 'daily';
  return `payouts ${when}, ${schedule.delay_days} day(s) after a payment`;
}

export async function verifyStripe(deps: PaymentDeps, connection: Connection, limits: Readonly<Record<string, readonly string[]>>): Promise<VerifyAnswer> {
  const settings = connection.settings as { publishableKey?: unknown };
  const keys = keyProblems(connection.environment, { publishableKey: settings.publishableKey });
  if (keys.length > 0) return { result: 'credentials_wrong', message: `The publishable key ${keys[0]!.message}` };
  let account: Stripe.Account;
  try {
    account = await (await stripeFor(deps, connection)).accounts.retrieveCurrent();
  } catch (error) {
    const failure = providerErrorOf(error);
    if (failure.httpStatus === 401) return { result: 'credentials_wrong', message: 'Stripe refused the secret key (401): it is wrong, rolled or deleted. Copy the current key from the Dashboard (Developers > API keys).' };
    if (failure.httpStatus === 403) {
      return { result: 'no_role', message: 'The restricted key lacks a permission (403). It needs write access to Checkout Sessions and Refunds, and read access to PaymentIntents, Charges, Balance transactions, Payouts and the account.' };
    }
    if (failure.outcome === 'unknown') return { result: 'unreachable', message: `Stripe could not be asked (${failure.userMessage}).` };
    return { result: 'error', message: `Stripe answered ${failure.providerCode}: ${failure.userMessage}` };
  }
  const active = (method: string) => account.capabilities?.[capabilityOf[method]!] === 'active';
  const methodCurrencies = Object.fromEntries(
    connection.methods.map((method) => [method, account.charges_enabled && active(method) ? connection.currencies.filter((c) => !limits[method] || limits[method].includes(c)) : []]),
  );
  const list = Object.entries(methodCurrencies)
    .map(([method, currencies]) => `${method} (${currencies.length > 0 ? currencies.join(', ') : 'not offered'})`)
    .join(', ');
  const bankAccounts = account.external_accounts?.data.length ?? 0;
  const sentences = [
    `Stripe accepts the keys for account ${account.settings?.dashboard?.display_name ?? account.id}.`,
    account.charges_enabled ? 'It can take payments' : 'It cannot take payments yet (charges are disabled: finish the account onboarding in the Dashboard)',
    account.payouts_enabled ? `and pay out: ${scheduleWords(account.settings?.payouts?.schedule)}.` : 'and cannot pay out yet (payouts are disabled).',
    bankAccounts === 0 ? 'Warning: no bank account is set for payouts, so the money stays at Stripe. Add one in the Dashboard (Settings > Payouts).' : '',
    `Methods: ${list}.`,
  ];
  if (!account.charges_enabled) return { result: 'error', message: sentences.filter(Boolean).join(' '), methodCurrencies };
  return { result: 'ok', message: sentences.filter(Boolean).join(' '), methodCurrencies };
}
