// The trial balance at a date and an account's statement with its running balance, each with
// its CSV: the API's own CSV code (trial balance report, journal export), streamed.
import { stream } from 'hono/streaming';
import { formatShortDate } from '../../i18n.js';
import { trialBalanceCsv } from '../../reconciliation/reports-csv.js';
import { swissToday } from '../../services/context.js';
import { DateText, Money } from '../components.js';
import { type OfficeContext, Shell } from '../layout.js';
import { AccountField, RangeFields, filterOf, filterQuery } from './list-page.js';
import { readAccountLines, readChart, readTrialBalance, writeJournalCsv } from './read.js';
import { journalTexts } from './texts.js';
import { typedCursor, typedIsoDate as isoDate } from './typed-input.js';

export async function trialBalancePage(c: OfficeContext) {
  const t = c.get('t');
  const j = journalTexts(c);
  const date = isoDate(c.req.query('date')) ?? swissToday(c.get('deps').now());
  const rows = await readTrialBalance(c.get('deps').db, c.get('session').tenantId, date);
  const debit = rows.reduce((sum, row) => sum + row.debitChf, 0);
  const credit = rows.reduce((sum, row) => sum + row.creditChf, 0);
  return c.html(
    <Shell c={c} title={j.trialTitle}>
      <p>{j.trialIntro}</p>
      <form method="get" action="/office/journal/trial-balance" class="filters">
        <div class="field">
          <label for="trial-date">{j.trialDate}</label>
          <input id="trial-date" name="date" inputmode="numeric" value={formatShortDate(date)} size={10} />
        </div>
        <button type="submit">{j.show}</button>
        <a class="button" href={`/office/journal/trial-balance.csv?date=${date}`} download>
          {j.downloadCsv}
        </a>
      </form>
      <div class="table-wrap">
        <table>
          <caption class="visually-hidden">{`${j.trialTitle} ${formatShortDate(date)}`}</caption>
          <thead>
            <tr>
              <th scope="col">{j.colAccount}</th>
              <th scope="col">{j.colName}</th>
              <th scope="col" class="num">{j.colDebitChf}</th>
              <th scope="col" class="num">{j.colCreditChf}</th>
              <th scope="col" class="num">{j.colBalance}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr>
                <td>
                  <a href={`/office/journal/account-statement?account=${row.account}&to=${date}`}>{row.account}</a>
                </td>
                <td>{row.name}</td>
                <td class="num"><Money amount={row.debitChf} currency="CHF" /></td>
                <td class="num"><Money amount={row.creditChf} currency="CHF" /></td>
                <td class="num"><Money amount={row.balanceChf} currency="CHF" /></td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row" colspan={2}>{j.total}</th>
              <td class="num"><Money amount={debit} currency="CHF" /></td>
              <td class="num"><Money amount={credit} currency="CHF" /></td>
              <td></td>
            </tr>
          </tfoot>
        </table>
      </div>
      {debit === credit ? <p class="ok">{j.trialBalanced}</p> : null}
      <p>
        <a href="/office/journal">{t.back}</a>
      </p>
    </Shell>,
  );
}

export async function trialBalanceCsvDownload(c: OfficeContext) {
  const date = isoDate(c.req.query('date')) ?? swissToday(c.get('deps').now());
  return c.body(await trialBalanceCsv(c.get('deps').db, c.get('session').tenantId, date), 200, {
    'Content-Type': 'text/csv; charset=utf-8',
    'Content-Disposition': `attachment; filename="trial-balance-${date}.csv"`,
  });
}

export function journalCsvDownload(c: OfficeContext) {
  const filter = filterOf(c);
  const { db } = c.get('deps');
  const { tenantId } = c.get('session');
  c.header('Content-Type', 'text/csv; charset=utf-8');
  c.header('Content-Disposition', `attachment; filename="journal-${swissToday(c.get('deps').now())}.csv"`);
  return stream(c, (out) => writeJournalCsv(out, db, tenantId, filter));
}

const statementPageSize = 100;

export async function accountStatementPage(c: OfficeContext) {
  const t = c.get('t');
  const j = journalTexts(c);
  const { db } = c.get('deps');
  const { tenantId } = c.get('session');
  const filter = filterOf(c);
  const chart = await readChart(db, tenantId);
  const account = chart.find((row) => row.number === filter.account);
  const after = typedCursor(c.req.query('after'));
  const page = account ? await readAccountLines(db, tenantId, { account: account.number, from: filter.from, to: filter.to, limit: statementPageSize, after }) : null;
  let balance = page?.opening ?? 0;
  const range = filterQuery({ account: filter.account, from: filter.from, to: filter.to });
  return c.html(
    <Shell c={c} title={account ? `${j.statementTitle} ${account.number} ${account.name}` : j.statementTitle} wide>
      <p>{j.statementIntro}</p>
      <form method="get" action="/office/journal/account-statement" class="filters">
        <AccountField id="statement-account" value={filter.account} chart={chart} label={j.filterAccount} none={j.chooseAccount} />
        <RangeFields id="statement" filter={filter} j={j} />
        <button type="submit">{j.show}</button>
        {account ? (
          <a class="button" href={`/office/journal/export.csv?${range}`} download>
            {j.downloadCsv}
          </a>
        ) : null}
      </form>
      {!page ? (
        <p>{j.statementChoose}</p>
      ) : (
        <div class="table-wrap">
          <table>
            <caption class="visually-hidden">{j.statementTitle}</caption>
            <thead>
              <tr>
                <th scope="col">{j.colDate}</th>
                <th scope="col">{j.colNo}</th>
                <th scope="col">{j.colText}</th>
                <th scope="col" class="num">{j.colDebit}</th>
                <th scope="col" class="num">{j.colCredit}</th>
                <th scope="col" class="num">{j.colBalance}</th>
              </tr>
            </thead>
            <tbody>
              <tr>
                <th scope="row" colspan={5}>{j.openingBalance}</th>
                <td class="num"><Money amount={page.opening} currency="CHF" /></td>
              </tr>
              {page.lines.map((line) => {
                balance += line.amountChf;
                return (
                  <tr>
                    <td><DateText date={line.date} /></td>
                    <td><a href={`/office/journal/entries/${line.entryId}`}>{line.seq}</a></td>
                    <td>{line.text}</td>
                    <td class="num">{line.amount > 0 ? <Money amount={line.amount} currency={line.currency} /> : ''}</td>
                    <td class="num">{line.amount < 0 ? <Money amount={-line.amount} currency={line.currency} /> : ''}</td>
                    <td class="num"><Money amount={balance} currency="CHF" /></td>
                  </tr>
                );
              })}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colspan={5}>{j.closingBalance}</th>
                <td class="num"><Money amount={balance} currency="CHF" /></td>
              </tr>
            </tfoot>
          </table>
        </div>
      )}
      {page?.next ? (
        <nav class="pager" aria-label={j.statementTitle}>
          <a href={`/office/journal/account-statement?${range}&after=${page.next.date}.${page.next.seq}`} rel="next">{j.moreLines}</a>
        </nav>
      ) : null}
      <p>
        <a href="/office/journal">{t.back}</a>
      </p>
    </Shell>,
  );
}
