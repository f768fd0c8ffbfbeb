// What a provider told us, in plain words of the user's language: each stored provider
// event becomes a sentence, and each attempt a one-line summary ("TWINT payment approved,
// captured, booked on 1029"). The raw payload stays in the database for the curious.
import { formatMoney } from '../../i18n.js';
import type { InvoiceTexts } from './texts.js';
import { fill } from './texts.js';
import type { AttemptRow, EventRow, PaymentHistoryItem } from './payment-history.js';
import { bookedAccount } from './payment-history.js';

const providerLabel = { saferpay: 'Worldline Saferpay', postfinance: 'PostFinance', 'postfinance-checkout': 'PostFinance Checkout', stripe: 'Stripe' } as const;

export function methodName(t: InvoiceTexts, attempt: Pick<AttemptRow, 'method'>): string {
  const names: Record<string, string> = { CARD: t.methodCard, TWINT: 'TWINT', SWISSBILLING: t.methodSwissBilling };
  return names[attempt.method] ?? attempt.method;
}

/** PostFinance e-Payment's status codes as its documentation names them. */
function postFinanceStatus(t: InvoiceTexts, status: string): string {
  const words: Record<string, string> = {
    '1': t.pfStatus1,
    '2': t.pfStatus2,
    '5': t.pfStatus5,
    '51': t.pfStatus51,
    '6': t.pfStatus6,
    '7': t.pfStatus7,
    '8': t.pfStatus8,
    '9': t.pfStatus9,
    '91': t.pfStatus91,
    '93': t.pfStatus93,
  };
  return words[status] ?? fill(t.pfStatusOther, { status });
}

const field = (payload: unknown, name: string): string | null => {
  const value = payload && typeof payload === 'object' ? (payload as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
};

export function eventSentence(t: InvoiceTexts, attempt: AttemptRow, event: EventRow): string {
  const values = { method: methodName(t, attempt), provider: providerLabel[event.provider] };
  const [kind, detail = ''] = event.kind.split(':');
  switch (kind) {
    case 'initialize':
      return fill(t.evInitialize, values);
    case 'return':
      return t.evReturn;
    case 'notify':
      return fill(t.evNotify, values);
    case 'reconcile':
      return fill(t.evReconcile, values);
    case 'assert':
      if (detail === 'AUTHORIZED') return fill(t.evApproved, values);
      if (detail === 'CAPTURED') return fill(t.evApprovedCaptured, values);
      if (detail === 'PENDING') return fill(t.evPending, values);
      return fill(t.evState, { ...values, status: detail });
    case 'capture':
      return fill(t.evCaptured, values);
    case 'failed':
      return fill(t.evFailed, { ...values, reason: field(event.payload, 'errorName') ?? attempt.failureReason ?? '' });
    case 'abandoned':
      return t.evAbandoned;
    case 'refund': {
      const amount = Number(field(event.payload, 'amount'));
      const currency = field(event.payload, 'currency');
      return fill(t.evRefund, { ...values, amount: currency && Number.isSafeInteger(amount) ? formatMoney(amount, currency) : '' });
    }
    case 'cancel':
      return fill(t.evCancel, values);
    case 'feedback':
      if (detail === 'refused') return fill(t.evFeedbackRefused, { ...values, reason: field(event.payload, 'why') ?? '' });
      return fill(t.evFeedback, { ...values, status: postFinanceStatus(t, detail) });
    case 'maintenance':
      return fill(t.evCaptureRequested, values);
    // PostFinance Checkout: the transaction created, its webhooks, and the states read from it.
    case 'create':
      return fill(t.evInitialize, values);
    case 'webhook':
      if (detail === 'refused') return fill(t.evFeedbackRefused, { ...values, reason: field(event.payload, 'why') ?? '' });
      return fill(t.evNotify, values);
    case 'FULFILL':
      return fill(t.evApprovedCaptured, values);
    case 'AUTHORIZED':
    case 'COMPLETED':
      return fill(t.evApproved, values);
    case 'querydirect':
      return fill(t.evQuery, { ...values, status: postFinanceStatus(t, event.reference.split(':')[1] ?? '') });
    default:
      return fill(t.evOther, { ...values, kind: event.kind });
  }
}

/** The attempt in one line: how far the money came. */
export function attemptSummary(t: InvoiceTexts, item: PaymentHistoryItem): string {
  const { attempt } = item;
  const values = { method: methodName(t, attempt), provider: providerLabel[attempt.provider] };
  const parts: string[] = [];
  switch (attempt.state) {
    case 'initiated':
      return fill(t.sumStarted, values);
    case 'failed':
      return fill(t.sumFailed, { ...values, reason: attempt.failureReason ?? '' });
    case 'abandoned':
      return fill(t.sumAbandoned, values);
    case 'cancelled':
      return fill(t.sumCancelled, values);
    default:
      parts.push(fill(t.sumApproved, values));
  }
  if (attempt.capturedAmount > 0) parts.push(t.sumCaptured);
  const account = bookedAccount(item.capture);
  if (account) parts.push(fill(t.sumBooked, { account }));
  else if (attempt.capturedAmount > 0) parts.push(t.sumNotBooked);
  const currency = attempt.capturedCurrency ?? attempt.currency;
  // Only what the provider confirmed: a pending refund has reserved its amount but moved nothing yet.
  const refunded = item.refunds.filter((refund) => refund.state === 'captured').reduce((sum, refund) => sum + refund.amount, 0);
  if (refunded > 0) parts.push(fill(t.sumRefunded, { amount: formatMoney(refunded, currency) }));
  return parts.join(', ');
}
