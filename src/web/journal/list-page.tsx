// The journal: entries newest first, filtered by a GET form, paged by a cursor at the last
// entry shown (the next page's link carries it), with the CSV export of the same filter.
import { can } from '../../access.js';
import { sources } from '../../routes/journal-schemas.js';
import { formatShortDate } from '../../i18n.js';
import { DateText, Money } from '../components.js';
import { type OfficeContext, Shell } from '../layout.js';
import { type EntryCursor, type EntryFilter, type EntryView, readChart, readJournalPage } from './read.js';
import { type JournalTexts, journalTexts, sourceName } from './texts.js';
import { typedCursor, typedIsoDate } from './typed-input.js';

/** The filter of a GET form or link; a value that is no valid filter is left out rather than refused. */
export function filterOf(c: OfficeContext): EntryFilter {
  const query = (name: string) => c.req.query(name)?.trim() || undefined;
  const date = (name: string) => typedIsoDate(query(name));
  const source = query('source');
  const account = query('account');
  return {
    from: date('from'),
    to: date('to'),
    account: account && /^\d{4}$/.test(account) ? account : undefined,
    source: sources.find((s) => s === source),
    text: query('text')?.slice(0, 200),
  };
}

export function filterQuery(filter: EntryFilter, extra: Record<string, string> = {}): string {
  const pairs = Object.entries({ ...filter, ...extra }).filter((pair): pair is [string, string] => typeof pair[1] === 'string' && pair[1] !== '');
  return new URLSearchParams(pairs).toString();
}

const cursorText = (cursor: EntryCursor) => `${cursor.date}.${cursor.seq}`;

export async function journalListPage(c: OfficeContext) {
  const t = c.get('t');
  const j = journalTexts(c);
  const { db } = c.get('deps');
  const { tenantId, role } = c.get('session');
  const filter = filterOf(c);
  const after = typedCursor(c.req.query('after'));
  const [{ entries, next }, chart] = await Promise.all([readJournalPage(db, tenantId, filter, after), readChart(db, tenantId)]);
  const query = filterQuery(filter);
  return (
    <Shell c={c} title={j.journalTitle} wide>
      <p>{j.journalIntro}</p>
      <p class="actions">
        {can(role, 'journal:write') ? (
          <>
            <a class="button primary" href="/office/journal/new">
              {j.newManualEntry}
            </a>{' '}
            <a class="button" href="/office/journal/new?preset=fee">
              {j.enterFee}
            </a>{' '}
          </>
        ) : null}
        <a class="button" href="/office/journal/trial-balance">
          {j.trialBalance}
        </a>{' '}
        <a class="button" href="/office/journal/account-statement">
          {j.accountStatement}
        </a>{' '}
        <a class="button" href={`/office/journal/export.csv${query ? `?${query}` : ''}`} download>
          {j.exportCsv}
        </a>
      </p>
      <form method="get" action="/office/journal" class="filters" role="search">
        <RangeFields id="filter" filter={filter} j={j} />
        <AccountField id="filter-account" value={filter.account} chart={chart} label={j.filterAccount} none={j.anyAccount} />
        <div class="field">
          <label for="filter-source">{j.filterSource}</label>
          <select id="filter-source" name="source">
            <option value="">{j.anySource}</option>
            {sources.map((source) => (
              <option value={source} selected={source === filter.source}>
                {sourceName(j, source)}
              </option>
            ))}
          </select>
        </div>
        <div class="field">
          <label for="filter-text">{j.filterText}</label>
          <input id="filter-text" name="text" type="search" value={filter.text ?? ''} maxlength={200} />
        </div>
        <button type="submit">{t.filter}</button>
        <a href="/office/journal">{t.reset}</a>
      </form>
      {entries.length === 0 ? <p>{j.noEntries}</p> : <EntryTable entries={entries} j={j} />}
      <nav class="pager" aria-label={j.journalTitle}>
        {after ? <a href={`/office/journal${query ? `?${query}` : ''}`}>{j.firstPage}</a> : null}
        {next ? (
          <a href={`/office/journal?${filterQuery(filter, { after: cursorText(next) })}`} rel="next">
            {j.olderEntries}
          </a>
        ) : null}
      </nav>
    </Shell>
  );
}

const accountsOf = (entry: EntryView, side: 'debit' | 'credit') => [...new Set(entry.lines.filter((line) => line[side] > 0).map((line) => line.account))].join(', ');

/** From and to of a GET filter, in Swiss format. */
export function RangeFields({ id, filter, j }: { id: string; filter: EntryFilter; j: JournalTexts }) {
  const day = (iso: string | undefined) => (iso ? formatShortDate(iso) : '');
  return (
    <>
      <div class="field">
        <label for={`${id}-from`}>{j.filterFrom}</label>
        <input id={`${id}-from`} name="from" inputmode="numeric" placeholder="01.01.2026" value={day(filter.from)} size={10} />
      </div>
      <div class="field">
        <label for={`${id}-to`}>{j.filterTo}</label>
        <input id={`${id}-to`} name="to" inputmode="numeric" placeholder="31.12.2026" value={day(filter.to)} size={10} />
      </div>
    </>
  );
}

/** An account of the chart, for a GET filter; `none` is the empty choice. */
export function AccountField({ id, value, chart, label, none }: { id: string; value: string | undefined; chart: { number: string; name: string }[]; label: string; none: string }) {
  return (
    <div class="field">
      <label for={id}>{label}</label>
      <select id={id} name="account">
        <option value="">{none}</option>
        {chart.map((account) => (
          <option value={account.number} selected={account.number === value}>{`${account.number} ${account.name}`}</option>
        ))}
      </select>
    </div>
  );
}

/** The entry's amount: the sum of its debits, in the entry currency. */
const debitsOf = (entry: EntryView) => entry.lines.reduce((sum, line) => sum + line.debit, 0);

function EntryTable({ entries, j }: { entries: EntryView[]; j: JournalTexts }) {
  return (
    <div class="table-wrap">
      <table class="journal">
        <thead>
          <tr>
            <th scope="col">{j.colDate}</th>
            <th scope="col" class="wide-only">{j.colNo}</th>
            <th scope="col">{j.colText}</th>
            <th scope="col" class="wide-only">{j.colDebit}</th>
            <th scope="col" class="wide-only">{j.colCredit}</th>
            <th scope="col" class="num">
              {j.colAmount}
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr>
              <td>
                <DateText date={entry.date} />
              </td>
              <td class="wide-only">{entry.seq}</td>
              <td>
                <a href={`/office/journal/entries/${entry.id}`}>{entry.text}</a>
                <br />
                <span class="muted">{sourceName(j, entry.source)}</span>
                {entry.reversedByEntryId ? <span class="badge reversed">{j.isReversed}</span> : null}
              </td>
              <td class="wide-only">{accountsOf(entry, 'debit')}</td>
              <td class="wide-only">{accountsOf(entry, 'credit')}</td>
              <td class="num">
                <Money amount={debitsOf(entry)} currency={entry.currency} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
