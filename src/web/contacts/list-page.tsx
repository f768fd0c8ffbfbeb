// The contact list with its search, and a contact as a reader (a bookkeeper) sees it.
import { can } from '../../access.js';
import type { contacts } from '../../db/schema.js';
import { contactName } from '../../invoices/document.js';
import type { OfficeContext } from '../layout.js';
import { Shell } from '../layout.js';
import type { listContactPage } from './list-query.js';
import { contactTexts } from './texts.js';
import { TableWrap } from '../invoices/table-wrap.js';

type Contact = typeof contacts.$inferSelect;

const address = (row: Contact) => `${row.street}${row.buildingNumber ? ` ${row.buildingNumber}` : ''}, ${row.country}-${row.postalCode} ${row.city}`;

export function ContactListPage({ c, search, page }: { c: OfficeContext; search: string; page: Awaited<ReturnType<typeof listContactPage>> }) {
  const t = contactTexts(c);
  const common = c.get('t');
  const mayWrite = can(c.get('session').role, 'contacts:write');
  const mayInvoice = can(c.get('session').role, 'invoices:write');
  const query = search ? `q=${encodeURIComponent(search)}&` : '';
  return (
    <Shell c={c} title={t.listTitle} wide>
      {mayWrite ? (
        <p class="page-actions">
          <a class="button primary" href="/office/contacts/new">{t.newContact}</a>
        </p>
      ) : null}
      <form method="get" action="/office/contacts" class="filters" role="search" aria-label={t.searchLabel}>
        <div class="field">
          <label for="field-q">{t.search}</label>
          <input id="field-q" name="q" type="search" value={search} maxlength={100} />
        </div>
        <button type="submit" class="primary">{common.search}</button>
        {search ? <a href="/office/contacts">{common.reset}</a> : null}
      </form>
      {page.rows.length === 0 ? <p>{search ? t.noMatch : t.none}</p> : (
        <TableWrap label={t.listTitle}>
          <table>
            <thead>
              <tr>
                <th>{t.name}</th>
                <th>{t.email}</th>
                <th>{t.address}</th>
                <th>{t.language}</th>
                <th>{t.invoices}</th>
              </tr>
            </thead>
            <tbody>
              {page.rows.map((row) => (
                <tr>
                  <td><a href={`/office/contacts/${row.id}`}>{contactName(row)}</a></td>
                  <td>{row.email}</td>
                  <td>{address(row)}</td>
                  <td>{row.language.toUpperCase()}</td>
                  <td>
                    <a href={`/office/invoices?contactId=${row.id}`}>{t.showInvoices}</a>
                    {mayInvoice ? <>{' · '}<a href={`/office/invoices/new?contactId=${row.id}`}>{t.newInvoice}</a></> : null}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <nav class="pager" aria-label={t.pagesLabel}>
        {c.req.query('after') ? <a href={`/office/contacts${search ? `?q=${encodeURIComponent(search)}` : ''}`}>{t.firstPage}</a> : null}
        {page.next ? <a href={`/office/contacts?${query}after=${page.next}`} rel="next">{t.nextPage}</a> : null}
      </nav>
    </Shell>
  );
}

export function ContactReadPage({ c, contact }: { c: OfficeContext; contact: Contact }) {
  const t = contactTexts(c);
  return (
    <Shell c={c} title={contactName(contact)}>
      <dl class="facts">
        <dt>{t.email}</dt>
        <dd>{contact.email}</dd>
        <dt>{t.address}</dt>
        <dd>{address(contact)}</dd>
        <dt>{t.language}</dt>
        <dd>{contact.language.toUpperCase()}</dd>
        {contact.customerNumber ? (<><dt>{t.customerNumber}</dt><dd>{contact.customerNumber}</dd></>) : null}
      </dl>
      <p>
        <a href={`/office/invoices?contactId=${contact.id}`}>{t.showInvoices}</a>
      </p>
    </Shell>
  );
}
