// One invoice: what it asks, its main action first (send a draft, open the PDF of a sent
// one), payment services, the e-mail, the pay link and every payment with its events.
import { can } from '../../access.js';
import type { InvoiceView } from '../../invoices/view-schema.js';
import { vatRateToBp } from '../../invoices/totals.js';
import { CsrfField, DateText, EnvironmentBadge, Field, type FieldErrors, Money, Notice } from '../components.js';
import { type OfficeContext, Shell } from '../layout.js';
import { Totals } from './editor-page.js';
import type { PaymentHistoryItem } from './payment-history.js';
import { PaymentsSection, type RefundFormState } from './payments-section.js';
import { doneText, fill, invoiceTexts, statusName } from './texts.js';
import { TableWrap } from './table-wrap.js';

export interface DetailProps {
  c: OfficeContext;
  view: InvoiceView;
  history: PaymentHistoryItem[];
  connections: { id: string; label: string; provider: string; environment: 'sandbox' | 'test' | 'live'; currencies: string[] }[];
  /** What the last action was refused for, in the service's words. */
  problem?: string | null;
  errors?: FieldErrors;
  exchangeRate?: string;
  refundForm?: RefundFormState | null;
}

export const invoiceTitle = (t: ReturnType<typeof invoiceTexts>, view: InvoiceView) =>
  view.number ? fill(t.invoiceNumbered, { number: view.number }) : t.draftTitle;

function Actions({ c, view, errors, exchangeRate }: DetailProps) {
  const t = invoiceTexts(c);
  const mayWrite = can(c.get('session').role, 'invoices:write');
  const base = `/office/invoices/${view.id}`;
  if (view.status === 'draft') {
    return (
      <div class="main-actions">
        {mayWrite ? (
          <form method="post" action={`${base}/send`} class="send-form">
            <CsrfField c={c} />
            {view.currency !== 'CHF' ? (
              <Field name="exchangeRate" label={fill(t.exchangeRate, { currency: view.currency })} value={exchangeRate ?? ''} errors={errors} inputmode="decimal" hint={t.exchangeRateHint} />
            ) : null}
            <button type="submit" class="primary">{fill(t.sendTo, { email: view.contact.email })}</button>
          </form>
        ) : null}
        {mayWrite ? <a class="button" href={`${base}/edit`}>{t.editDraft}</a> : null}
        <p class="hint">{t.pdfAfterSending}</p>
      </div>
    );
  }
  const cancellable = ['sent', 'refunded'].includes(view.status) && view.paidAmount === 0;
  return (
    <div class="main-actions">
      <a class="button primary" href={`${base}/pdf`}>{t.openPdf}</a>
      {mayWrite && cancellable ? (
        <form method="post" action={`${base}/cancel`} class="inline">
          <CsrfField c={c} />
          <button type="submit" class="danger">{t.cancelInvoice}</button>
        </form>
      ) : null}
    </div>
  );
}

function PaymentServices({ c, view, connections }: DetailProps) {
  const t = invoiceTexts(c);
  const common = c.get('t');
  const envLabel = { sandbox: common.environmentSandbox, test: common.environmentTest, live: common.environmentLive };
  const attached = new Set(view.paymentServices.map((service) => service.connectionId));
  if (view.status !== 'draft' || !can(c.get('session').role, 'invoices:write')) {
    return (
      <section aria-labelledby="services-title">
        <h2 id="services-title">{t.servicesTitle}</h2>
        {view.paymentServices.length === 0 ? <p>{t.noServices}</p> : (
          <ul>
            {view.paymentServices.map((service) => (
              <li>
                {`${service.label} `}
                <EnvironmentBadge environment={service.environment as 'sandbox'} label={envLabel[service.environment as 'sandbox'] ?? service.environment} />
              </li>
            ))}
          </ul>
        )}
        {view.status !== 'draft' ? <p class="hint">{t.servicesOnlyDrafts}</p> : null}
      </section>
    );
  }
  return (
    <section aria-labelledby="services-title">
      <h2 id="services-title">{t.servicesTitle}</h2>
      {connections.length === 0 ? <p>{t.noConnections}</p> : (
        <form method="post" action={`/office/invoices/${view.id}/payment-services`}>
          <CsrfField c={c} />
          <fieldset>
            <legend>{t.servicesLegend}</legend>
            {connections.map((connection) => (
              <p class="check">
                <input type="checkbox" id={`service-${connection.id}`} name="connectionIds" value={connection.id} checked={attached.has(connection.id)} />
                <label for={`service-${connection.id}`}>
                  {`${connection.label} (${connection.currencies.join(', ')}) `}
                  <EnvironmentBadge environment={connection.environment} label={envLabel[connection.environment]} />
                </label>
              </p>
            ))}
          </fieldset>
          <button type="submit">{t.servicesSave}</button>
        </form>
      )}
    </section>
  );
}

function EmailAndLink({ c, view }: DetailProps) {
  const t = invoiceTexts(c);
  const email = view.email;
  return (
    <section aria-labelledby="email-title">
      <h2 id="email-title">{t.emailTitle}</h2>
      {!email ? <p>{t.emailNone}</p> : email.status === 'sent' ? (
        <p>{fill(t.emailSent, { email: view.contact.email, at: email.sentAt ? new Date(email.sentAt).toLocaleString('de-CH', { timeZone: 'Europe/Zurich' }) : '' })}</p>
      ) : email.status === 'failed' ? (
        <Notice kind="error">{fill(t.emailFailed, { email: view.contact.email, reason: email.lastError ?? '' })}</Notice>
      ) : (
        <p>{fill(t.emailPending, { email: view.contact.email, attempts: String(email.attempts) })}{email.lastError ? ` ${fill(t.emailLastError, { reason: email.lastError })}` : ''}</p>
      )}
      <h2>{t.payLinkTitle}</h2>
      {view.payLink ? (
        <p>
          <a href={view.payLink.url} class="pay-link">{view.payLink.url}</a>
        </p>
      ) : <p>{t.payLinkNone}</p>}
    </section>
  );
}

export function DetailPage(props: DetailProps) {
  const { c, view, problem } = props;
  const t = invoiceTexts(c);
  const done = doneText(t, c.req.query('done'));
  return (
    <Shell c={c} title={invoiceTitle(t, view)} wide>
      {done ? <Notice>{done}</Notice> : null}
      {problem ? <Notice kind="error">{problem}</Notice> : null}
      {view.flagReason ? <Notice kind="warning">{fill(t.flagged, { reason: view.flagReason })}</Notice> : null}
      <div class="invoice-head">
        <dl class="facts">
          <dt>{t.status}</dt>
          <dd><span class={`badge status-${view.status}`}>{statusName(t, view.status)}</span></dd>
          <dt>{t.contact}</dt>
          <dd><a href={`/office/contacts/${view.contactId}`}>{view.contact.name}</a>{` · ${view.contact.email}`}</dd>
          <dt>{t.invoiceDate}</dt>
          <dd><DateText date={view.invoiceDate} /></dd>
          <dt>{t.dueDate}</dt>
          <dd><DateText date={view.dueDate} /></dd>
          {view.referenceText ? (<><dt>{t.reference}</dt><dd>{view.referenceText}</dd></>) : null}
          {view.paymentReference ? (<><dt>{t.paymentReference}</dt><dd>{view.paymentReference}</dd></>) : null}
          <dt>{t.total}</dt>
          <dd><Money amount={view.total} currency={view.currency} /></dd>
          <dt>{t.open}</dt>
          <dd><Money amount={view.openAmount} currency={view.currency} /></dd>
        </dl>
        <Actions {...props} />
      </div>
      <h2>{t.lines}</h2>
      <TableWrap label={t.lines}>
        <table>
          <thead>
            <tr>
              <th>{t.lineDescription}</th>
              <th class="num">{t.lineQuantity}</th>
              <th class="num">{t.lineUnitPrice}</th>
              <th class="num">{t.lineVatRate}</th>
              <th>{t.lineAccount}</th>
              <th class="num">{t.lineNet}</th>
            </tr>
          </thead>
          <tbody>
            {view.lines.map((line) => (
              <tr>
                <td>{line.description}</td>
                <td class="num">{line.quantity}</td>
                <td class="num"><Money amount={line.unitPrice} currency={view.currency} /></td>
                <td class="num">{`${line.vatRate.toFixed(1)} %`}</td>
                <td>{line.revenueAccount}</td>
                <td class="num"><Money amount={line.netAmount} currency={view.currency} /></td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>
      <Totals c={c} currency={view.currency} totals={{ ...view, vatGroups: view.vatGroups.map((g) => ({ ...g, vatRateBp: vatRateToBp(g.vatRate) })) }} />
      <div class="two-columns">
        <PaymentServices {...props} />
        <EmailAndLink {...props} />
      </div>
      <PaymentsSection c={c} invoiceId={view.id} history={props.history} refundForm={props.refundForm ?? null} />
      {view.bankPayments.length > 0 ? (
        <section aria-labelledby="bank-title">
          <h2 id="bank-title">{t.bankPaymentsTitle}</h2>
          <ul>
            {view.bankPayments.map((payment) => (
              <li>
                <DateText date={payment.bookingDate} />{' '}
                <Money amount={payment.amount} currency={payment.currency} />
                {payment.payer ? ` · ${payment.payer}` : ''}
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </Shell>
  );
}

