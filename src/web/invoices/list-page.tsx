// The invoice list: a GET form of filters, the totals per currency of everything filtered,
// and one page of invoices with a link to the next.
import { can } from '../../access.js';
import { invoiceStatuses } from '../../db/schema.js';
import { owedAmount } from '../../documents/payment-part.js';
import { DateText, type FieldErrors, Money, SelectField } from '../components.js';
import { type OfficeContext, Shell } from '../layout.js';
import type { InvoiceFilters, listInvoicePage, invoiceTotals } from './list-query.js';
import { doneText, invoiceTexts, statusName } from './texts.js';
import { TableWrap } from './table-wrap.js';

interface ListProps {
  c: OfficeContext;
  filters: InvoiceFilters;
  errors: FieldErrors;
  page: Awaited<ReturnType<typeof listInvoicePage>>;
  totals: Awaited<ReturnType<typeof invoiceTotals>>;
  contacts: { value: string; label: string }[];
  currencies: string[];
}

const name = (row: { companyName: string | null; firstName: string | null; lastName: string | null }) =>
  row.companyName ?? `${row.firstName ?? ''} ${row.lastName ?? ''}`.trim();

function nextHref(c: OfficeContext, after: string) {
  const url = new URL(c.req.url);
  url.searchParams.set('after', after);
  return `${url.pathname}?${url.searchParams.toString()}`;
}

export function ListPage({ c, filters, errors, page, totals, contacts, currencies }: ListProps) {
  const t = invoiceTexts(c);
  const common = c.get('t');
  const done = doneText(t, c.req.query('done'));
  const filterErrors = Object.fromEntries(Object.keys(errors).map((key) => [key, t.filterInvalid]));
  return (
    <Shell c={c} title={t.listTitle} wide>
      {done ? <p class="notice" role="status">{done}</p> : null}
      {can(c.get('session').role, 'invoices:write') ? (
        <p class="page-actions">
          <a class="button primary" href="/office/invoices/new">{t.newInvoice}</a>
        </p>
      ) : null}
      <form method="get" action="/office/invoices" class="filters" role="search" aria-label={t.filtersLabel}>
        <SelectField name="status" label={t.status} value={filters.status ?? ''} errors={filterErrors} options={[{ value: '', label: t.all }, ...invoiceStatuses.map((status) => ({ value: status, label: statusName(t, status) }))]} />
        <SelectField name="contactId" label={t.contact} value={filters.contactId ?? ''} errors={filterErrors} options={[{ value: '', label: t.all }, ...contacts]} />
        <div class={filterErrors.from ? 'field has-error' : 'field'}>
          <label for="field-from">{t.from}</label>
          <input id="field-from" name="from" type="date" value={filters.from ?? ''} />
        </div>
        <div class={filterErrors.to ? 'field has-error' : 'field'}>
          <label for="field-to">{t.to}</label>
          <input id="field-to" name="to" type="date" value={filters.to ?? ''} />
        </div>
        <SelectField name="currency" label={t.currency} value={filters.currency ?? ''} errors={filterErrors} options={[{ value: '', label: t.all }, ...currencies.map((code) => ({ value: code, label: code }))]} />
        <div class="field check">
          <input id="field-flagged" name="flagged" type="checkbox" value="yes" checked={filters.flagged === true} />
          <label for="field-flagged">{t.flaggedOnly}</label>
        </div>
        <button type="submit" class="primary">{common.filter}</button>
        <a href="/office/invoices">{common.reset}</a>
      </form>
      <section aria-labelledby="totals-title">
        <h2 id="totals-title">{t.totalsTitle}</h2>
        {totals.length === 0 ? null : (
          <TableWrap label={t.totalsTitle}>
            <table class="totals-by-currency">
              <thead>
                <tr>
                  <th>{t.currency}</th>
                  <th class="num">{t.total}</th>
                  <th class="num">{t.open}</th>
                </tr>
              </thead>
              <tbody>
                {totals.map((row) => (
                  <tr>
                    <td>{row.currency}</td>
                    <td class="num"><Money amount={row.total} currency={row.currency} /></td>
                    <td class="num"><Money amount={row.open} currency={row.currency} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </TableWrap>
        )}
      </section>
      <h2>{t.listHeading}</h2>
      {page.rows.length === 0 ? <p>{filters.after ? t.noMore : t.noInvoices}</p> : (
        <TableWrap label={t.listHeading}>
          <table class="invoice-list">
            <thead>
              <tr>
                <th>{t.number}</th>
                <th>{t.contact}</th>
                <th class="phone-hide">{t.invoiceDate}</th>
                <th class="phone-hide">{t.dueDate}</th>
                <th>{t.status}</th>
                <th class="num">{t.total}</th>
                <th class="num">{t.open}</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((row) => (
                <tr>
                  <td>
                    <a href={`/office/invoices/${row.id}`}>{row.number ?? t.draftTitle}</a>
                    {row.flagReason ? <span class="badge flag" title={row.flagReason}>{t.flagBadge}</span> : null}
                  </td>
                  <td>{name(row)}</td>
                  <td class="phone-hide"><DateText date={row.invoiceDate} /></td>
                  <td class="phone-hide"><DateText date={row.dueDate} /></td>
                  <td><span class={`badge status-${row.status}`}>{statusName(t, row.status)}</span></td>
                  <td class="num"><Money amount={row.total} currency={row.currency} /></td>
                  <td class="num"><Money amount={owedAmount(row)} currency={row.currency} /></td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <nav class="pager" aria-label={t.pagesLabel}>
        {filters.after ? <a href={firstHref(c)}>{t.firstPage}</a> : null}
        {page.next ? <a href={nextHref(c, page.next)} rel="next">{t.nextPage}</a> : null}
      </nav>
    </Shell>
  );
}

function firstHref(c: OfficeContext) {
  const url = new URL(c.req.url);
  url.searchParams.delete('after');
  const query = url.searchParams.toString();
  return query ? `${url.pathname}?${query}` : url.pathname;
}
