// One entry: its lines in the entry currency and in CHF, what caused it, the reversal it is
// or that reversed it, and (for a bookkeeper) the reversal with its confirmation.
import { can } from '../../access.js';
import { DomainError } from '../../errors.js';
import { fill, formatMoney } from '../../i18n.js';
import { reverseJournalEntry } from '../../services/reverse-journal-entry.js';
import { serviceContext } from '../../http/context.js';
import { swissToday } from '../../services/context.js';
import { CsrfField, DateText, type FieldErrors, Field, Money } from '../components.js';
import { type OfficeContext, Shell } from '../layout.js';
import { NotFoundPage } from '../pages.js';
import { type EntryCause, readEntryCause } from './cause.js';
import { DoneNotice } from './done-notice.js';
import { type EntryView, readEntry } from './read.js';
import { type JournalTexts, journalTexts, sourceName } from './texts.js';
import { typedIsoDate } from './typed-input.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function entryOf(c: OfficeContext): Promise<EntryView | null> {
  const id = c.req.param('id') ?? '';
  return uuid.test(id) ? readEntry(c.get('deps').db, c.get('session').tenantId, id) : null;
}

export async function entryPage(c: OfficeContext) {
  const entry = await entryOf(c);
  if (!entry) return c.html(<NotFoundPage c={c} />, 404);
  const j = journalTexts(c);
  const { db } = c.get('deps');
  const { tenantId, role } = c.get('session');
  const cause = await readEntryCause(db, tenantId, entry);
  const related = await Promise.all([entry.reversesEntryId, entry.reversedByEntryId].map((id) => (id ? readEntry(db, tenantId, id) : null)));
  const [reverses, reversedBy] = related;
  return c.html(
    <Shell c={c} title={fill(j.entryTitle, { no: String(entry.seq) })} wide>
      <DoneNotice done={c.req.query('done')} texts={j} />
      <dl class="facts">
        <dt>{j.colDate}</dt>
        <dd>
          <DateText date={entry.date} />
        </dd>
        <dt>{j.colText}</dt>
        <dd>{entry.text}</dd>
        <dt>{j.colSource}</dt>
        <dd>{sourceName(j, entry.source)}</dd>
        <dt>{j.entryCurrency}</dt>
        <dd>{entry.currency}</dd>
      </dl>
      <LinesTable entry={entry} j={j} />
      <h2>{j.causeTitle}</h2>
      <Cause cause={cause} entry={entry} j={j} />
      {reverses ? <p>{linkTo(j.reverses, reverses)}</p> : null}
      {reversedBy ? <p>{linkTo(j.reversedBy, reversedBy)}</p> : null}
      {can(role, 'journal:write') && entry.source !== 'reversal' && !entry.reversedByEntryId ? (
        <p>
          <a class="button danger" href={`/office/journal/entries/${entry.id}/reverse`}>
            {j.reverse}
          </a>
        </p>
      ) : null}
      <p>
        <a href="/office/journal">{c.get('t').back}</a>
      </p>
    </Shell>,
  );
}

function linkTo(template: string, other: EntryView) {
  const [before, after] = template.split('{no}');
  return (
    <>
      {before}
      <a href={`/office/journal/entries/${other.id}`}>{other.seq}</a>
      {after}
    </>
  );
}

function LinesTable({ entry, j }: { entry: EntryView; j: JournalTexts }) {
  const foreign = entry.currency !== 'CHF';
  const sum = (pick: (line: EntryView['lines'][number]) => number) => entry.lines.reduce((total, line) => total + pick(line), 0);
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{j.entryLines}</caption>
        <thead>
          <tr>
            <th scope="col">{j.colAccount}</th>
            <th scope="col" class="num">{j.colDebit}</th>
            <th scope="col" class="num">{j.colCredit}</th>
            {foreign ? <th scope="col" class="num">{j.colRate}</th> : null}
            {foreign ? <th scope="col" class="num">{j.colDebitChf}</th> : null}
            {foreign ? <th scope="col" class="num">{j.colCreditChf}</th> : null}
          </tr>
        </thead>
        <tbody>
          {entry.lines.map((line) => (
            <tr>
              <td>
                <a href={`/office/journal/account-statement?account=${line.account}`}>{line.account}</a> {line.accountName}
              </td>
              <td class="num">{line.debit ? <Money amount={line.debit} currency={entry.currency} /> : ''}</td>
              <td class="num">{line.credit ? <Money amount={line.credit} currency={entry.currency} /> : ''}</td>
              {foreign ? <td class="num">{line.rate}</td> : null}
              {foreign ? <td class="num">{line.debitChf ? <Money amount={line.debitChf} currency="CHF" /> : ''}</td> : null}
              {foreign ? <td class="num">{line.creditChf ? <Money amount={line.creditChf} currency="CHF" /> : ''}</td> : null}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{j.total}</th>
            <td class="num"><Money amount={sum((line) => line.debit)} currency={entry.currency} /></td>
            <td class="num"><Money amount={sum((line) => line.credit)} currency={entry.currency} /></td>
            {foreign ? <td></td> : null}
            {foreign ? <td class="num"><Money amount={sum((line) => line.debitChf)} currency="CHF" /></td> : null}
            {foreign ? <td class="num"><Money amount={sum((line) => line.creditChf)} currency="CHF" /></td> : null}
          </tr>
        </tfoot>
      </table>
    </div>
  );
}

function Cause({ cause, entry, j }: { cause: EntryCause; entry: EntryView; j: JournalTexts }) {
  const line = cause.bankLine;
  const anything = cause.invoice || cause.attempt || line || cause.proposal;
  return (
    <ul class="cause">
      {cause.invoice ? (
        <li>
          <a href={`/office/invoices/${cause.invoice.id}`}>{fill(j.causeInvoice, { number: cause.invoice.number ?? '' })}</a>
        </li>
      ) : null}
      {cause.attempt ? (
        <li>
          {fill(j.causeAttempt, attemptWords(j, cause.attempt))}
          {cause.events.length > 0 ? (
            <>
              <br />
              {j.causeEvents}:
              <ul>
                {cause.events.map((event) => (
                  <li>{fill(j.causeEventAt, { kind: eventWords(j, event.kind), reference: event.reference, time: zurichTime(event.receivedAt) })}</li>
                ))}
              </ul>
            </>
          ) : null}
        </li>
      ) : null}
      {line ? (
        <li>
          <a href={`/office/reconciliation/statements?line=${line.id}#line-${line.id}`}>
            {fill(j.causeBankLine, { date: line.bookingDate.split('-').reverse().join('.'), amount: formatMoney(line.amount, line.currency), counterparty: line.counterpartyName ?? '–' })}
          </a>
          {line.remittanceText ? ` (${line.remittanceText})` : null}
        </li>
      ) : null}
      {cause.proposal ? <li>{fill(j.causeProposal, { reason: cause.proposal.reason })}</li> : null}
      {!anything && entry.source === 'manual' ? <li>{entry.sourceRef ? fill(j.causeReference, { reference: entry.sourceRef }) : j.causeNone}</li> : null}
    </ul>
  );
}

const pick = (words: Record<string, string>, key: string) => (Object.hasOwn(words, key) ? words[key]! : key);

function attemptWords(j: JournalTexts, attempt: NonNullable<EntryCause['attempt']>) {
  const provider = { saferpay: 'Saferpay', postfinance: 'PostFinance' }[attempt.provider] ?? attempt.provider;
  return { provider, method: pick(j.methods, attempt.method), state: pick(j.states, attempt.state) };
}

/** "assert:AUTHORIZED" → "status confirmed by the provider (AUTHORIZED)". */
function eventWords(j: JournalTexts, kind: string) {
  const [head = kind, ...rest] = kind.split(':');
  return Object.hasOwn(j.events, head) ? `${pick(j.events, head)}${rest.length > 0 ? ` (${rest.join(':')})` : ''}` : kind;
}

const zurichTime = (at: Date) =>
  new Intl.DateTimeFormat('de-CH', { timeZone: 'Europe/Zurich', dateStyle: 'medium', timeStyle: 'medium' }).format(at);

export async function reverseForm(c: OfficeContext, values: { reason?: string; date?: string } = {}, errors: FieldErrors = {}, status: 200 | 422 | 409 = 200) {
  const entry = await entryOf(c);
  if (!entry) return c.html(<NotFoundPage c={c} />, 404);
  const j = journalTexts(c);
  const t = c.get('t');
  const done = entry.source === 'reversal' || entry.reversedByEntryId;
  return c.html(
    <Shell c={c} title={fill(j.reverseTitle, { no: String(entry.seq) })}>
      <p>
        <a href={`/office/journal/entries/${entry.id}`}>{entry.text}</a> · <DateText date={entry.date} />
      </p>
      <LinesTable entry={entry} j={j} />
      {done ? (
        <p class="notice notice-warning">{j.alreadyReversed}</p>
      ) : (
        <form method="post" action={`/office/journal/entries/${entry.id}/reverse`} class="narrow" novalidate>
          <CsrfField c={c} />
          <p class="notice notice-warning">{j.reverseIntro}</p>
          <Field name="reason" label={j.reverseReason} hint={j.reverseReasonHint} value={values.reason} errors={errors} required maxlength={300} />
          <Field name="date" label={j.reverseDate} value={values.date ?? swissToday(c.get('deps').now()).split('-').reverse().join('.')} errors={errors} inputmode="numeric" />
          <button type="submit" class="danger">
            {j.reverseConfirm}
          </button>{' '}
          <a href={`/office/journal/entries/${entry.id}`}>{t.cancel}</a>
        </form>
      )}
    </Shell>,
    status,
  );
}

export async function reverseAction(c: OfficeContext) {
  const entry = await entryOf(c);
  if (!entry) return c.html(<NotFoundPage c={c} />, 404);
  const j = journalTexts(c);
  const body = await c.req.parseBody();
  const reason = typeof body.reason === 'string' ? body.reason.trim() : '';
  const dateText = typeof body.date === 'string' ? body.date : '';
  const date = typedIsoDate(dateText);
  if (!reason) return reverseForm(c, { reason, date: dateText }, { reason: j.reasonMissing }, 422);
  if (!date) return reverseForm(c, { reason, date: dateText }, { date: j.errDate }, 422);
  try {
    const text = fill(j.reversalText, { no: String(entry.seq), reason }).slice(0, 500);
    const { entry: reversal } = await reverseJournalEntry({ ctx: serviceContext(c as never), input: { entryId: entry.id, date, text } });
    return c.redirect(`/office/journal/entries/${reversal.id}?done=reversed`, 303);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code === 'period_closed') return reverseForm(c, { reason, date: dateText }, { date: fill(j.errClosed, { date: closedDate(error) }) }, 422);
    if (error.code === 'entry_already_reversed') return reverseForm(c, { reason, date: dateText }, {}, 409);
    // A fee a payout has settled: the service says why it cannot be reversed alone.
    if (error.code === 'conflict') return reverseForm(c, { reason, date: dateText }, { reason: error.detail }, 409);
    throw error;
  }
}

/** The closing date a period_closed error names, in Swiss format. */
export function closedDate(error: DomainError): string {
  const iso = /\d{4}-\d{2}-\d{2}/.exec(error.detail)?.[0] ?? '';
  return iso.split('-').reverse().join('.');
}
