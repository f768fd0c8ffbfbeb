// The invoice's payments: each attempt with its events in plain words, its bookings and
// refunds, and the refund form (amount and reason) where the role and the state allow it.
import { can } from '../../access.js';
import { formatMoney } from '../../i18n.js';
import { formatMinor } from '../../ledger/currencies.js';
import { CsrfField, DateText, type FieldErrors, Money } from '../components.js';
import type { OfficeContext } from '../layout.js';
import { attemptSummary, eventSentence, methodName } from './event-words.js';
import type { PaymentHistoryItem, RefundRow } from './payment-history.js';
import { fill, invoiceTexts } from './texts.js';
import { TableWrap } from './table-wrap.js';

const time = (date: Date) =>
  new Intl.DateTimeFormat('de-CH', { timeZone: 'Europe/Zurich', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(date);

export interface RefundFormState {
  attemptId: string;
  amount: string;
  reason: string;
  errors: FieldErrors;
}

function stateName(t: ReturnType<typeof invoiceTexts>, state: string): string {
  const names: Record<string, string> = {
    initiated: t.stateInitiated,
    authorized: t.stateAuthorized,
    captured: t.stateCaptured,
    failed: t.stateFailed,
    cancelled: t.stateCancelled,
    refunded: t.stateRefunded,
    abandoned: t.stateAbandoned,
  };
  return names[state] ?? state;
}

function refundState(t: ReturnType<typeof invoiceTexts>, refund: RefundRow): string {
  if (refund.state === 'captured') return t.refundDone;
  if (refund.state === 'failed') return fill(t.refundFailed, { reason: refund.failureReason ?? '' });
  return t.refundPending;
}

function RefundForm({ c, invoiceId, item, state }: { c: OfficeContext; invoiceId: string; item: PaymentHistoryItem; state: RefundFormState | null }) {
  const t = invoiceTexts(c);
  const { attempt } = item;
  const currency = attempt.capturedCurrency ?? attempt.currency;
  const refundable = attempt.capturedAmount - attempt.refundedAmount;
  const mine = state?.attemptId === attempt.id ? state : null;
  const prefix = `refund-${attempt.id.slice(0, 8)}`;
  return (
    <form method="post" action={`/office/invoices/${invoiceId}/payments/${attempt.id}/refund`} class="card refund-form">
      <CsrfField c={c} />
      <h4>{t.refundTitle}</h4>
      <p class="hint">{fill(t.refundHint, { amount: formatMoney(refundable, currency) })}</p>
      <div class="row-fields">
        <RefundField id={`${prefix}-amount`} name="amount" label={fill(t.refundAmount, { currency })} value={mine?.amount ?? formatMinor(refundable, currency)} error={mine?.errors.amount} />
        <RefundField id={`${prefix}-reason`} name="reason" label={t.refundReason} value={mine?.reason ?? ''} error={mine?.errors.reason} hint={t.refundReasonHint} />
      </div>
      <button type="submit" class="danger">{t.refundButton}</button>
    </form>
  );
}

/** A field of a refund form: an invoice may show several, so ids carry the attempt's. */
function RefundField({ id, name, label, value, error, hint }: { id: string; name: string; label: string; value: string; error?: string | undefined; hint?: string }) {
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint ? <p class="hint" id={`${id}-hint`}>{hint}</p> : null}
      {error ? <p class="field-error" id={`${id}-error`}>{error}</p> : null}
      <input id={id} name={name} value={value} aria-invalid={error ? 'true' : undefined} aria-describedby={described} maxlength={500} />
    </div>
  );
}

function Attempt({ c, invoiceId, item, refundForm }: { c: OfficeContext; invoiceId: string; item: PaymentHistoryItem; refundForm: RefundFormState | null }) {
  const t = invoiceTexts(c);
  const { attempt } = item;
  const currency = attempt.capturedCurrency ?? attempt.currency;
  const pending = item.refunds.some((refund) => refund.state === 'pending');
  const refundable = attempt.state === 'captured' && attempt.capturedAmount - attempt.refundedAmount > 0 && !pending;
  return (
    <article class="card attempt">
      <h3>
        {`${methodName(t, attempt)} · `}
        <Money amount={attempt.amount} currency={attempt.currency} />
        {` · ${time(attempt.createdAt)}`}
      </h3>
      <p class={`attempt-summary state-${attempt.state}`}>{attemptSummary(t, item)}</p>
      <dl class="facts">
        <dt>{t.attemptState}</dt>
        <dd>{stateName(t, attempt.state)}</dd>
        <dt>{t.attemptOrder}</dt>
        <dd>{attempt.orderId}</dd>
        {attempt.providerTransactionId ? (
          <>
            <dt>{t.attemptTransaction}</dt>
            <dd>{attempt.providerTransactionId}</dd>
          </>
        ) : null}
        {attempt.capturedAmount > 0 ? (
          <>
            <dt>{t.attemptCaptured}</dt>
            <dd><Money amount={attempt.capturedAmount} currency={currency} /></dd>
          </>
        ) : null}
        {item.capture ? (
          <>
            <dt>{t.attemptBooking}</dt>
            <dd>
              <DateText date={item.capture.date} />
              {` · ${item.capture.lines.map((line) => `${line.debit > 0 ? t.debit : t.credit} ${line.account}`).join(', ')}`}
            </dd>
          </>
        ) : null}
      </dl>
      {item.events.length > 0 ? (
        <details>
          <summary>{fill(t.eventsTitle, { count: String(item.events.length) })}</summary>
          <ol class="events">
            {item.events.map((event) => (
              <li>
                <span class="when">{time(event.receivedAt)}</span> {eventSentence(t, attempt, event)}
              </li>
            ))}
          </ol>
        </details>
      ) : null}
      {item.refunds.length > 0 ? (
        <TableWrap label={t.refundsTitle}>
          <table>
            <caption>{t.refundsTitle}</caption>
            <thead>
              <tr>
                <th>{t.refundDate}</th>
                <th class="num">{t.amount}</th>
                <th>{t.refundReason}</th>
                <th>{t.refundStateHeader}</th>
              </tr>
            </thead>
            <tbody>
              {item.refunds.map((refund) => (
                <tr>
                  <td>{time(refund.createdAt)}</td>
                  <td class="num"><Money amount={refund.amount} currency={refund.currency} /></td>
                  <td>{refund.reason ?? '–'}</td>
                  <td>{refundState(t, refund)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      ) : null}
      {pending ? <p class="notice notice-warning">{t.refundWaiting}</p> : null}
      {refundable && can(c.get('session').role, 'payments:refund') ? <RefundForm c={c} invoiceId={invoiceId} item={item} state={refundForm} /> : null}
    </article>
  );
}

export function PaymentsSection({ c, invoiceId, history, refundForm }: { c: OfficeContext; invoiceId: string; history: PaymentHistoryItem[]; refundForm: RefundFormState | null }) {
  const t = invoiceTexts(c);
  return (
    <section aria-labelledby="payments-title">
      <h2 id="payments-title">{t.paymentsTitle}</h2>
      {history.length === 0 ? <p>{t.noPayments}</p> : history.map((item) => <Attempt c={c} invoiceId={invoiceId} item={item} refundForm={refundForm} />)}
    </section>
  );
}
