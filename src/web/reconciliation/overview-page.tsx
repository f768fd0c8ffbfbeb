// The reconciliation's front page: the month-end's five steps, the system account at a
// glance (its balance against its open items, their age, the two lists that should be
// empty) and the period lock, through the same reads and verb as the API.
import { eq } from 'drizzle-orm';
import { tenants } from '../../db/schema.js';
import { DomainError } from '../../errors.js';
import { serviceContext } from '../../http/context.js';
import { fill, formatMoney, formatShortDate } from '../../i18n.js';
import { listBankLines, listPayoutProposals } from '../../reconciliation/read-lines.js';
import { openItemsCsv, systemAccountView } from '../../reconciliation/system-account.js';
import { swissToday } from '../../services/context.js';
import { lockPeriod } from '../../services/lock-period.js';
import { CsrfField, DateText, type FieldErrors, Field, Money } from '../components.js';
import { DoneNotice } from '../journal/done-notice.js';
import { typedIsoDate } from '../journal/typed-input.js';
import { type OfficeContext, Shell } from '../layout.js';
import { type ReconTexts, reconTexts } from './texts.js';

type View = Awaited<ReturnType<typeof systemAccountView>>;
type Item = View['groups'][number]['items'][number];

const buckets = [7, 30, Number.POSITIVE_INFINITY];

export async function overviewPage(c: OfficeContext, lock: { value?: string; errors?: FieldErrors } = {}, status: 200 | 409 | 422 = 200) {
  const r = reconTexts(c);
  const { db, now } = c.get('deps');
  const { tenantId } = c.get('session');
  const [view, [tenant], proposals, unmatched] = await Promise.all([
    systemAccountView(db, tenantId, swissToday(now())),
    db.select({ closedUntil: tenants.booksClosedUntil }).from(tenants).where(eq(tenants.id, tenantId)),
    listPayoutProposals(db, tenantId, { status: 'open', limit: 100 }),
    listBankLines(db, tenantId, { status: 'unmatched', limit: 100 }),
  ]);
  const account = view.account;
  return c.html(
    <Shell c={c} title={r.reconTitle} wide>
      <DoneNotice done={c.req.query('done')} texts={r} />
      <p>{r.reconIntro}</p>
      <ol class="steps">
        <li>
          <a href="/office/reconciliation/statements">{r.step1}</a>
        </li>
        <li>
          <a href="/office/reconciliation/proposals">{r.step2}</a> ({fill(r.openProposals, { count: String(proposals.length) })})
        </li>
        <li>
          <a href="/office/reconciliation/statements?status=unmatched">{r.step3}</a> ({fill(r.unmatchedCount, { count: String(unmatched.length) })})
        </li>
        <li>
          <a href="#system-account">{fill(r.step4, { account })}</a>
        </li>
        <li>
          <a href="#period-lock">{r.step5}</a>
        </li>
      </ol>
      <h2 id="system-account">{fill(r.systemTitle, { account })}</h2>
      <dl class="facts">
        <dt>{fill(r.balance, { account })}</dt>
        <dd>
          <Money amount={view.balanceChf} currency="CHF" />
        </dd>
        <dt>{r.openItemsTotal}</dt>
        <dd>
          <Money amount={view.openItemsChf} currency="CHF" />
        </dd>
      </dl>
      <Explained view={view} r={r} />
      <p class="actions">
        <a class="button" href="/office/journal/new?preset=fee">
          {r.enterFee}
        </a>{' '}
        <a class="button" href="/office/reconciliation/system-account.csv" download>
          {r.openItemsCsv}
        </a>
      </p>
      {view.groups.length === 0 ? <p>{fill(r.noOpenItems, { account })}</p> : view.groups.map((group) => <OpenItems group={group} r={r} />)}
      <h2>{r.shouldBeEmpty}</h2>
      <h3>{r.capturedNotBooked}</h3>
      <p class="hint">{r.capturedNotBookedHint}</p>
      {view.capturedNotBooked.length === 0 ? (
        <p class="ok">{r.emptyGood}</p>
      ) : (
        <ul class="problems">
          {view.capturedNotBooked.map((row) => (
            <li>
              <a href={`/office/invoices/${row.invoiceId}`}>{`${row.provider}: ${row.currency ? formatMoney(row.amount, row.currency) : row.amount}`}</a> · {r.colCapturedAt} <DateText date={new Date(row.capturedAt)} />
            </li>
          ))}
        </ul>
      )}
      <h3>{r.bookedNotPaidOut}</h3>
      <p class="hint">{r.bookedNotPaidOutHint}</p>
      {view.bookedNotPaidOut.length === 0 ? <p class="ok">{r.emptyGood}</p> : <ItemTable items={view.bookedNotPaidOut} r={r} caption={r.bookedNotPaidOut} />}
      <h2 id="period-lock">{r.lockTitle}</h2>
      <p>{tenant?.closedUntil ? fill(r.lockedUntil, { date: formatShortDate(tenant.closedUntil) }) : r.notLocked}</p>
      <form method="post" action="/office/reconciliation/period-lock" class="narrow" novalidate>
        <CsrfField c={c} />
        <Field name="until" label={r.lockUntil} hint={r.lockHint} value={lock.value} errors={lock.errors} inputmode="numeric" required />
        <button type="submit">{r.lockButton}</button>
      </form>
    </Shell>,
    status,
  );
}

function Explained({ view, r }: { view: View; r: ReconTexts }) {
  const difference = view.openItemsChf - view.balanceChf;
  const words = { account: view.account, difference: formatMoney(Math.abs(difference), 'CHF') };
  if (difference !== 0) return <p class="notice notice-warning">{fill(r.notExplained, words)}</p>;
  // Fees booked by hand are open items (negative) until payouts settle them.
  const feesChf = -view.feesBooked.reduce((sum, fee) => sum + fee.amountChf, 0);
  return (
    <>
      <p class="ok">{r.explained}</p>
      {feesChf > 0 ? <p>{fill(r.enteredByHand, { difference: formatMoney(feesChf, 'CHF') })}</p> : null}
    </>
  );
}

function OpenItems({ group, r }: { group: View['groups'][number]; r: ReconTexts }) {
  const sums = buckets.map((limit, index) =>
    group.items.filter((item) => item.ageDays <= limit && (index === 0 || item.ageDays > buckets[index - 1]!)).reduce((sum, item) => sum + item.amount, 0),
  );
  const names = [r.ageBucket0, r.ageBucket1, r.ageBucket2];
  return (
    <section class="card">
      <h3>
        {group.label} · {group.currency} · <Money amount={group.total} currency={group.currency} />
      </h3>
      <p>
        {r.ageing}:{' '}
        {names.map((name, index) => (
          <span class="bucket">
            {name} <Money amount={sums[index]!} currency={group.currency} />
          </span>
        ))}
      </p>
      <ItemTable items={group.items} r={r} caption={`${group.label} ${group.currency}`} />
    </section>
  );
}

function ItemTable({ items, r, caption }: { items: Item[]; r: ReconTexts; caption: string }) {
  return (
    <div class="table-wrap">
      <table>
        <caption class="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{r.colInvoice}</th>
            <th scope="col">{r.colBookedOn}</th>
            <th scope="col">{r.colAge}</th>
            <th scope="col" class="num">{r.colAmount}</th>
            <th scope="col" class="num">{r.colAmountChf}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr>
              <td>
                <a href={`/office/invoices/${item.invoiceId}`}>{item.invoiceNumber ?? item.attemptId.slice(0, 8)}</a>
              </td>
              <td>
                <DateText date={item.date} />
              </td>
              <td>
                {fill(r.ageDays, { days: String(item.ageDays) })}
                {item.overdue ? <span class="badge overdue">{r.overdue}</span> : null}
              </td>
              <td class="num">
                <Money amount={item.amount} currency={item.currency} />
              </td>
              <td class="num">
                <Money amount={item.amountChf} currency="CHF" />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export async function openItemsCsvDownload(c: OfficeContext) {
  const view = await systemAccountView(c.get('deps').db, c.get('session').tenantId, swissToday(c.get('deps').now()));
  return c.body(openItemsCsv(view), 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': 'attachment; filename="system-account-open-items.csv"' });
}

export async function lockAction(c: OfficeContext) {
  const r = reconTexts(c);
  const body = await c.req.parseBody();
  const value = typeof body.until === 'string' ? body.until : '';
  const until = typedIsoDate(value);
  if (!until) return overviewPage(c, { value, errors: { until: r.errDate } }, 422);
  try {
    await lockPeriod({ ctx: serviceContext(c as never), input: { until } });
    return c.redirect('/office/reconciliation?done=locked#period-lock', 303);
  } catch (error) {
    if (!(error instanceof DomainError) || error.code !== 'conflict') throw error;
    const closed = /\d{4}-\d{2}-\d{2}/.exec(error.detail)?.[0] ?? '';
    return overviewPage(c, { value, errors: { until: fill(r.errLockBack, { date: formatShortDate(closed) }) } }, 409);
  }
}
