// Bank statements: a camt.053/054 upload (multipart; the import verb of the API), the
// imported lines with their match state, and the unmatched queue, each line booked against
// one account with the API's verb.
import { and, eq } from 'drizzle-orm';
import { bankEntries, bankEntryStatuses } from '../../db/schema.js';
import { DomainError } from '../../errors.js';
import { serviceContext } from '../../http/context.js';
import { accountNumberSchema, rateSchema } from '../../http/schemas.js';
import { fill } from '../../i18n.js';
import { type listBankLines, pageBankLines } from '../../reconciliation/read-lines.js';
import { bookBankEntry } from '../../services/book-bank-entry.js';
import { importBankStatement } from '../../services/import-bank-statement.js';
import { CsrfField, DateText, type FieldErrors, Money, fieldId } from '../components.js';
import { DoneNotice } from '../journal/done-notice.js';
import { closedDate } from '../journal/entry-page.js';
import { readChart } from '../journal/read.js';
import { type OfficeContext, Shell } from '../layout.js';
import { NotFoundPage } from '../pages.js';
import { type ReconTexts, reconTexts, statusName } from './texts.js';

type Line = Awaited<ReturnType<typeof listBankLines>>[number];

interface Problems {
  upload?: string;
  /** A line's booking form that failed, with its input. */
  line?: { id: string; errors: FieldErrors; account: string; text: string; rate: string };
}

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function statementsPage(c: OfficeContext, problems: Problems = {}, status: 200 | 409 | 413 | 422 = 200) {
  const t = c.get('t');
  const r = reconTexts(c);
  const { db } = c.get('deps');
  const { tenantId } = c.get('session');
  const wanted = c.req.query('status');
  const filter = bankEntryStatuses.find((s) => s === wanted);
  // A journal entry links to its statement line: that line comes first, whatever the list holds.
  const wantedLine = c.req.query('line');
  // 200 lines a page, then "Older lines" behind the last one shown (a link from before that
  // names no line of the tenant shows the newest).
  const wantedAfter = c.req.query('after');
  const afterLine = wantedAfter && uuid.test(wantedAfter) ? wantedAfter : null;
  const firstPage = () => pageBankLines(db, tenantId, { status: filter, limit: 200 });
  const [{ paged, after }, chart, [linked]] = await Promise.all([
    pageBankLines(db, tenantId, { status: filter, limit: 200, after: afterLine }).then(async (page) =>
      page ? { paged: page, after: afterLine } : { paged: await firstPage(), after: null },
    ),
    readChart(db, tenantId),
    wantedLine && uuid.test(wantedLine) ? db.select().from(bankEntries).where(and(eq(bankEntries.tenantId, tenantId), eq(bankEntries.id, wantedLine))) : [],
  ]);
  const listed = paged?.lines ?? [];
  const lines = linked ? [linked, ...listed.filter((line) => line.id !== linked.id)] : listed;
  const pageLink = (cursor?: string) => {
    const query = new URLSearchParams({ ...(filter ? { status: filter } : {}), ...(cursor ? { after: cursor } : {}) }).toString();
    return `/office/reconciliation/statements${query ? `?${query}` : ''}#lines`;
  };
  const counts = c.req.query('done') === 'imported' ? fill(r.importedCounts, { imported: c.req.query('new') ?? '0', already: c.req.query('already') ?? '0' }) : null;
  return c.html(
    <Shell c={c} title={r.statementsTitle} wide>
      {counts ? (
        <p class="notice" role="status">
          {`${r.imported} ${counts}`}
        </p>
      ) : (
        <DoneNotice done={c.req.query('done')} texts={r} />
      )}
      <h2>{r.uploadTitle}</h2>
      <form method="post" action="/office/reconciliation/statements" enctype="multipart/form-data" class="narrow upload">
        <CsrfField c={c} />
        <div class={problems.upload ? 'field has-error' : 'field'}>
          <label for="field-statement">{r.uploadLabel}</label>
          <p class="hint" id="field-statement-hint">
            {r.uploadHint}
          </p>
          {problems.upload ? (
            <p class="field-error" id="field-statement-error">
              {problems.upload}
            </p>
          ) : null}
          <input id="field-statement" name="statement" type="file" accept=".xml,application/xml,text/xml" aria-invalid={problems.upload ? 'true' : undefined} aria-describedby={problems.upload ? 'field-statement-hint field-statement-error' : 'field-statement-hint'} />
        </div>
        <button type="submit" class="primary">
          {r.uploadButton}
        </button>
      </form>
      <h2 id="lines">{r.linesTitle}</h2>
      <form method="get" action="/office/reconciliation/statements#lines" class="filters">
        <div class="field">
          <label for="filter-status">{r.filterStatus}</label>
          <select id="filter-status" name="status">
            <option value="">{r.anyStatus}</option>
            {bankEntryStatuses.map((s) => (
              <option value={s} selected={s === filter}>
                {statusName(r, s)}
              </option>
            ))}
          </select>
        </div>
        <button type="submit">{t.filter}</button>
      </form>
      {lines.length === 0 ? <p>{r.noLines}</p> : <LinesTable lines={lines} r={r} c={c} chart={chart} problems={problems} />}
      <nav class="pager" aria-label={r.linesTitle}>
        {after ? <a href={pageLink()}>{r.newestLines}</a> : null}
        {paged?.nextCursor ? (
          <a href={pageLink(paged.nextCursor)} rel="next">
            {r.olderLines}
          </a>
        ) : null}
      </nav>
      <p>
        <a href="/office/reconciliation">{t.back}</a>
      </p>
    </Shell>,
    status,
  );
}

function LinesTable({ lines, r, c, chart, problems }: { lines: Line[]; r: ReconTexts; c: OfficeContext; chart: { number: string; name: string }[]; problems: Problems }) {
  return (
    <div class="table-wrap">
      <table class="bank-lines">
        <caption class="visually-hidden">{r.linesTitle}</caption>
        <thead>
          <tr>
            <th scope="col">{r.colDate}</th>
            <th scope="col" class="wide-only">{r.colCounterparty}</th>
            <th scope="col">{r.colText}</th>
            <th scope="col" class="num">{r.colAmount}</th>
            <th scope="col">{r.colStatus}</th>
          </tr>
        </thead>
        <tbody>
          {lines.map((line) => (
            <tr id={`line-${line.id}`}>
              <td>
                <DateText date={line.bookingDate} />
              </td>
              <td class="wide-only">{line.counterpartyName ?? '–'}</td>
              <td>
                {line.remittanceText ?? line.reference ?? ''}
                {line.note ? <p class="hint wide-only">{line.note}</p> : null}
              </td>
              <td class="num">
                {line.direction === 'debit' ? '−' : ''}
                <Money amount={line.amount} currency={line.currency} />
                <br />
                <span class="muted">{line.direction === 'credit' ? r.credit : r.debit}</span>
              </td>
              <td>
                <span class={`badge status-${line.status}`}>{statusName(r, line.status)}</span>
                {line.journalEntryId ? (
                  <>
                    {' '}
                    <a href={`/office/journal/entries/${line.journalEntryId}`}>{r.toJournal}</a>
                  </>
                ) : null}
                {line.status === 'payout_proposed' ? (
                  <>
                    {' '}
                    <a href="/office/reconciliation/proposals">{r.proposalsTitle}</a>
                  </>
                ) : null}
                {line.status === 'unmatched' ? <BookForm line={line} r={r} c={c} chart={chart} failed={problems.line?.id === line.id ? problems.line : undefined} /> : null}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function BookForm({ line, r, c, chart, failed }: { line: Line; r: ReconTexts; c: OfficeContext; chart: { number: string; name: string }[]; failed?: Problems['line'] }) {
  const id = (name: string) => fieldId(`${name}-${line.id}`);
  const errors = failed?.errors ?? {};
  const problem = (name: string) =>
    errors[name] ? (
      <p class="field-error" id={`${id(name)}-error`}>
        {errors[name]}
      </p>
    ) : null;
  const described = (name: string) => (errors[name] ? `${id(name)}-error` : undefined);
  return (
    <form method="post" action={`/office/reconciliation/lines/${line.id}/book`} class="book-line">
      <CsrfField c={c} />
      <div class={errors.account ? 'field has-error' : 'field'}>
        <label for={id('account')}>{r.bookAccount}</label>
        {problem('account')}
        <select id={id('account')} name="account" aria-describedby={described('account')} aria-invalid={errors.account ? 'true' : undefined}>
          {chart
            .filter((account) => account.number !== line.ledgerAccount)
            .map((account) => (
              <option value={account.number} selected={account.number === failed?.account}>{`${account.number} ${account.name}`}</option>
            ))}
        </select>
      </div>
      <div class="field">
        <label for={id('text')}>{r.bookText}</label>
        <input id={id('text')} name="text" value={failed?.text ?? ''} maxlength={500} />
      </div>
      {line.currency !== 'CHF' ? (
        <div class={errors.rate ? 'field has-error' : 'field'}>
          <label for={id('rate')}>{r.bookRate}</label>
          {problem('rate')}
          <input id={id('rate')} name="rate" inputmode="decimal" value={failed?.rate ?? ''} aria-describedby={described('rate')} />
        </div>
      ) : null}
      {problem('line')}
      <button type="submit">{r.bookLine}</button>
    </form>
  );
}

export async function uploadAction(c: OfficeContext) {
  const r = reconTexts(c);
  const body = await c.req.parseBody();
  const file = body.statement;
  if (!(file instanceof File) || file.size === 0) return statementsPage(c, { upload: r.errNoFile }, 422);
  try {
    const { statements } = await importBankStatement({ ctx: serviceContext(c as never), input: { xml: await file.text() } });
    const fresh = statements.reduce((sum, s) => sum + s.imported, 0);
    const already = statements.reduce((sum, s) => sum + s.alreadyImported, 0);
    return c.redirect(`/office/reconciliation/statements?done=imported&new=${fresh}&already=${already}#lines`, 303);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code === 'bank_account_unknown') {
      const iban = /^\S+/.exec(error.detail)?.[0] ?? '';
      return statementsPage(c, { upload: fill(r.errBankAccount, { iban }) }, 422);
    }
    if (error.code === 'statement_invalid') {
      const where = (error.extra.errors ?? []).slice(0, 3).map((problem) => `${problem.field}: ${problem.message}`);
      return statementsPage(c, { upload: fill(r.errStatement, { detail: [error.detail, ...where].join(' · ') }) }, 422);
    }
    throw error;
  }
}

export async function bookLineAction(c: OfficeContext) {
  const r = reconTexts(c);
  const lineId = c.req.param('id') ?? '';
  if (!uuid.test(lineId)) return c.html(<NotFoundPage c={c} />, 404);
  const body = await c.req.parseBody();
  const field = (name: string) => (typeof body[name] === 'string' ? (body[name] as string).trim() : '');
  const failed = { id: lineId, account: field('account'), text: field('text'), rate: field('rate'), errors: {} as FieldErrors };
  const fail = (errors: FieldErrors, status: 409 | 422 = 422) => statementsPage(c, { line: { ...failed, errors } }, status);
  if (!accountNumberSchema.safeParse(failed.account).success) return fail({ account: r.errAccount });
  if (failed.rate && !rateSchema.safeParse(failed.rate).success) return fail({ rate: r.errRate });
  try {
    await bookBankEntry({
      ctx: serviceContext(c as never),
      input: { entryId: lineId, account: failed.account, ...(failed.text ? { text: failed.text } : {}), ...(failed.rate ? { rate: failed.rate } : {}) },
    });
    return c.redirect(`/office/reconciliation/statements?status=unmatched&done=lineBooked#lines`, 303);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    switch (error.code) {
      case 'not_found':
        return c.html(<NotFoundPage c={c} />, 404);
      case 'conflict':
        return fail({ line: r.errAlready }, 409);
      case 'validation_failed':
      case 'account_unknown':
        return fail({ account: r.errAccount });
      case 'period_closed':
        return fail({ line: fill(r.errClosed, { date: closedDate(error) }) });
      case 'amount_invalid':
      case 'currency_unknown':
        return fail({ rate: r.errRate });
      default:
        throw error;
    }
  }
}
