// What happens at the simulated Stripe when a payer pays, a refund is made or a payout is
// sent: the objects change as Stripe's do, and the events Stripe would send are answered.
import type { SandboxEvent } from './webhooks.js';
import type { SandboxSession, SandboxStripeAccount, StripeSandboxState } from './state.js';

type Json = Record<string, unknown>;
const seconds = (now: () => Date) => Math.floor(now().getTime() / 1000);

/** An object as the API shows it: without the simulator's own bookkeeping fields. */
export function publicView<T extends Json>(object: T): Json {
  return Object.fromEntries(Object.entries(object).filter(([key]) => key !== 'account' && !key.startsWith('_')));
}

/** Stripe's fee for an amount: basis points rounded half up, plus the fixed part. */
export const feeFor = (account: SandboxStripeAccount, amount: number) => Math.floor((amount * account.fee.bp + 5_000) / 10_000) + account.fee.fixed;

export type PayOutcome = 'approve' | 'decline' | 'processing';

/** The payer pays with `method` (card or twint); answers the events Stripe sends. */
export function pay(state: StripeSandboxState, account: SandboxStripeAccount, session: SandboxSession & { account: string }, method: string, outcome: PayOutcome, now: () => Date): SandboxEvent[] {
  const pi = (session.payment_intent && state.intents.get(session.payment_intent)) || createIntent(state, account, session, now);
  pi.payment_method_types = [method];
  if (outcome === 'decline') {
    pi.status = 'requires_payment_method';
    pi.last_payment_error = { type: 'card_error', code: 'card_declined', decline_code: 'generic_decline', message: method === 'twint' ? 'The TWINT payment was declined.' : 'Your card was declined.' };
    return [{ type: 'payment_intent.payment_failed', object: publicView(pi) }];
  }
  session.status = 'complete';
  if (outcome === 'processing') {
    pi.status = 'processing';
    pi.last_payment_error = null;
    return [{ type: 'checkout.session.completed', object: publicView(session) }];
  }
  succeed(state, account, session, pi, method, now);
  return [
    { type: 'charge.succeeded', object: publicView(state.charges.get(pi.latest_charge as string)!) },
    { type: 'checkout.session.completed', object: publicView(session) },
  ];
}

function createIntent(state: StripeSandboxState, account: SandboxStripeAccount, session: SandboxSession & { account: string }, now: () => Date) {
  const data = (session._intentData ?? {}) as Json;
  const pi = {
    id: state.newId('pi'),
    object: 'payment_intent',
    account: account.id,
    amount: session.amount_total,
    amount_received: 0,
    currency: session.currency,
    status: 'requires_payment_method',
    livemode: account.livemode,
    metadata: data.metadata ?? {},
    description: data.description ?? null,
    capture_method: 'automatic_async',
    latest_charge: null,
    last_payment_error: null,
    payment_method_types: [] as string[],
    created: seconds(now),
  };
  state.intents.set(pi.id, pi);
  session.payment_intent = pi.id;
  return pi;
}

/** The money is taken: a charge, its balance transaction with Stripe's fee, the session paid. */
export function succeed(state: StripeSandboxState, account: SandboxStripeAccount, session: SandboxSession, pi: Json, method: string, now: () => Date) {
  const amount = pi.amount as number;
  const txn = state.newId('txn');
  const charge = {
    id: state.newId('ch'),
    object: 'charge',
    account: account.id,
    amount,
    amount_captured: amount,
    amount_refunded: 0,
    refunded: false,
    currency: pi.currency,
    status: 'succeeded',
    paid: true,
    livemode: account.livemode,
    payment_intent: pi.id,
    balance_transaction: txn,
    payment_method_details: { type: method },
    metadata: pi.metadata,
    created: seconds(now),
  };
  state.charges.set(charge.id, charge);
  const fee = feeFor(account, amount);
  state.balance.set(txn, {
    id: txn,
    object: 'balance_transaction',
    account: account.id,
    _payout: null,
    amount,
    fee,
    net: amount - fee,
    currency: pi.currency,
    exchange_rate: null,
    fee_details: [{ amount: fee, currency: pi.currency, type: 'stripe_fee', description: 'Stripe processing fees', application: null }],
    type: 'charge',
    reporting_category: 'charge',
    source: charge.id,
    status: 'pending',
    available_on: seconds(now) + 2 * 86_400,
    created: seconds(now),
    description: null,
  });
  pi.status = 'succeeded';
  pi.amount_received = amount;
  pi.latest_charge = charge.id;
  pi.last_payment_error = null;
  session.payment_status = 'paid';
}

/** A refund of a PaymentIntent: cards succeed at once, TWINT stays pending (UNCONFIRMED: its timing). */
export function refund(state: StripeSandboxState, account: SandboxStripeAccount, pi: Json, amount: number, metadata: Json, now: () => Date) {
  const charge = state.charges.get(pi.latest_charge as string)!;
  const twint = (charge.payment_method_details as { type: string }).type === 'twint';
  const re = {
    id: state.newId('re'),
    object: 'refund',
    account: account.id,
    amount,
    currency: charge.currency,
    charge: charge.id,
    payment_intent: pi.id,
    status: twint ? 'pending' : 'succeeded',
    failure_reason: null as string | null,
    balance_transaction: null as string | null,
    failure_balance_transaction: null as string | null,
    metadata,
    reason: 'requested_by_customer',
    created: seconds(now),
  };
  state.refunds.set(re.id, re);
  charge.amount_refunded = (charge.amount_refunded as number) + amount;
  charge.refunded = charge.amount_refunded === charge.amount;
  const txn = state.newId('txn');
  re.balance_transaction = txn;
  state.balance.set(txn, { id: txn, object: 'balance_transaction', account: account.id, _payout: null, amount: -amount, fee: 0, net: -amount, currency: charge.currency, exchange_rate: null, fee_details: [], type: 'refund', reporting_category: 'refund', source: re.id, status: 'available', available_on: seconds(now), created: seconds(now), description: null });
  return re;
}

/** A pending refund ends: `succeeded`, or `failed` (the money goes back to the balance). */
export function settleRefund(state: StripeSandboxState, re: Json, status: 'succeeded' | 'failed', failureReason: string | null, now: () => Date): SandboxEvent[] {
  re.status = status;
  if (status === 'failed') {
    re.failure_reason = failureReason ?? 'declined';
    const charge = state.charges.get(re.charge as string)!;
    charge.amount_refunded = (charge.amount_refunded as number) - (re.amount as number);
    charge.refunded = false;
    const txn = state.newId('txn');
    re.failure_balance_transaction = txn;
    state.balance.set(txn, { id: txn, object: 'balance_transaction', account: re.account as string, _payout: null, amount: re.amount, fee: 0, net: re.amount, currency: re.currency, exchange_rate: null, fee_details: [], type: 'refund_failure', reporting_category: 'refund_failure', source: re.id, status: 'available', available_on: seconds(now), created: seconds(now), description: null });
  }
  return [
    { type: 'charge.refund.updated', object: publicView(re) },
    ...(status === 'failed' ? [{ type: 'refund.failed', object: publicView(re) }] : []),
  ];
}

/** An automatic payout of the given charges' balance transactions (all not yet paid out when none are named). */
export function payout(state: StripeSandboxState, account: SandboxStripeAccount, currency: string, chargeIds: string[] | null, now: () => Date) {
  const items = [...state.balance.values()].filter(
    (t) => t.account === account.id && t._payout === null && t.currency === currency && (chargeIds === null ? t.type !== 'payout' : chargeIds.includes(t.source as string)),
  );
  const amount = items.reduce((sum, t) => sum + (t.net as number), 0);
  if (items.length === 0 || amount <= 0) return null;
  const po = {
    id: state.newId('po'),
    object: 'payout',
    account: account.id,
    amount,
    currency,
    arrival_date: seconds(now) + 86_400,
    automatic: true,
    status: 'paid',
    livemode: account.livemode,
    balance_transaction: state.newId('txn'),
    failure_code: null,
    reconciliation_status: 'completed',
    method: 'standard',
    created: seconds(now),
  };
  state.payouts.set(po.id, po);
  for (const item of items) {
    item._payout = po.id;
    item.status = 'available';
  }
  // The payout's own transaction: listed with its items, as Stripe may (spec §8, UNCONFIRMED).
  state.balance.set(po.balance_transaction, { id: po.balance_transaction, object: 'balance_transaction', account: account.id, _payout: po.id, amount: -amount, fee: 0, net: -amount, currency, exchange_rate: null, fee_details: [], type: 'payout', reporting_category: 'payout', source: po.id, status: 'available', available_on: seconds(now), created: seconds(now), description: 'STRIPE PAYOUT' });
  return po;
}
