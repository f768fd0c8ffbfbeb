// Payout proposals: each recognised payout with the payments it would clear, why, the fee
// residual and (in a foreign currency) the exchange difference; the bookkeeper ticks the
// payments the provider's settlement report lists and accepts, through the API's verb.
import { and, eq, inArray } from 'drizzle-orm';
import { bankEntries, connections, invoices } from '../../db/schema.js';
import { DomainError } from '../../errors.js';
import { serviceContext } from '../../http/context.js';
import { rateSchema } from '../../http/schemas.js';
import { fill, formatMoney, formatShortDate } from '../../i18n.js';
import { openItems } from '../../reconciliation/open-items.js';
import { listPayoutProposals } from '../../reconciliation/read-lines.js';
import { acceptPayoutProposal } from '../../services/accept-payout-proposal.js';
import { CsrfField, DateText, type FieldErrors, Field, Money } from '../components.js';
import { DoneNotice } from '../journal/done-notice.js';
import { type OfficeContext, Shell } from '../layout.js';
import { NotFoundPage } from '../pages.js';
import { type ReconTexts, reconTexts } from './texts.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface Failed {
  id: string;
  chosen: string[];
  rate: string;
  errors: FieldErrors;
}

async function proposalViews(c: OfficeContext) {
  const { db } = c.get('deps');
  const { tenantId } = c.get('session');
  const proposals = await listPayoutProposals(db, tenantId, { status: 'open', limit: 50 });
  return Promise.all(
    proposals.map(async (proposal) => {
      const [[line], [service], candidates] = await Promise.all([
        db.select().from(bankEntries).where(and(eq(bankEntries.tenantId, tenantId), eq(bankEntries.id, proposal.bankEntryId))),
        db.select({ label: connections.label }).from(connections).where(and(eq(connections.tenantId, tenantId), eq(connections.id, proposal.connectionId))),
        openItems(db, tenantId, { connectionId: proposal.connectionId, currency: proposal.currency }),
      ]);
      const numbers = candidates.length === 0 ? [] : await db.select({ id: invoices.id, number: invoices.number }).from(invoices).where(and(eq(invoices.tenantId, tenantId), inArray(invoices.id, candidates.map((item) => item.invoiceId))));
      const items = candidates.map((item) => ({ ...item, invoiceNumber: numbers.find((row) => row.id === item.invoiceId)?.number ?? item.attemptId.slice(0, 8) }));
      return { proposal, line: line!, service: service?.label ?? '', items };
    }),
  );
}

export async function proposalsPage(c: OfficeContext, failed?: Failed, status: 200 | 409 | 422 = 200) {
  const t = c.get('t');
  const r = reconTexts(c);
  const views = await proposalViews(c);
  return c.html(
    <Shell c={c} title={r.proposalsTitle} wide>
      <DoneNotice done={c.req.query('done')} texts={r} />
      <p>{r.proposalsIntro}</p>
      {views.length === 0 ? <p>{r.noProposals}</p> : null}
      {views.map((view) => (
        <Proposal view={view} r={r} c={c} failed={failed?.id === view.proposal.id ? failed : undefined} />
      ))}
      <p>
        <a href="/office/reconciliation">{t.back}</a>
      </p>
    </Shell>,
    status,
  );
}

type ProposalView = Awaited<ReturnType<typeof proposalViews>>[number];

function Proposal({ view, r, c, failed }: { view: ProposalView; r: ReconTexts; c: OfficeContext; failed?: Failed }) {
  const { proposal, line, items } = view;
  const chosen = new Set(failed?.chosen ?? proposal.attemptIds);
  const heading = fill(r.proposalHeading, { amount: formatMoney(proposal.payoutAmount, proposal.currency), date: formatShortDate(line.bookingDate), service: view.service });
  const errors = failed?.errors ?? {};
  const fieldsetId = `items-${proposal.id}`;
  return (
    <section class="card proposal" aria-labelledby={`proposal-${proposal.id}`}>
      <h2 id={`proposal-${proposal.id}`}>{heading}</h2>
      <p>
        <strong>{r.reason}:</strong> {proposal.reason}
      </p>
      <dl class="facts">
        <dt>{r.itemsTotal}</dt>
        <dd><Money amount={proposal.itemsTotal} currency={proposal.currency} /></dd>
        <dt>{r.payout}</dt>
        <dd><Money amount={proposal.payoutAmount} currency={proposal.currency} /></dd>
        <dt>{r.feeResidual}</dt>
        <dd><Money amount={proposal.itemsTotal - proposal.payoutAmount} currency={proposal.currency} /></dd>
      </dl>
      {proposal.currency !== 'CHF' ? <p class="notice notice-warning">{fill(r.fxNote, { currency: proposal.currency })}</p> : null}
      <form method="post" action={`/office/reconciliation/proposals/${proposal.id}/accept`}>
        <CsrfField c={c} />
        <fieldset id={fieldsetId} class={errors.items ? 'has-error' : undefined}>
          <legend>{r.itemsCovered}</legend>
          {errors.items ? <p class="field-error">{errors.items}</p> : null}
          <div class="table-wrap">
            <table>
              <thead>
                <tr>
                  <th scope="col">{r.colInclude}</th>
                  <th scope="col">{r.colInvoice}</th>
                  <th scope="col">{r.colBookedOn}</th>
                  <th scope="col" class="num">{r.colAmount}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => {
                  const id = `include-${proposal.id}-${item.attemptId}`;
                  return (
                    <tr>
                      <td>
                        <input type="checkbox" id={id} name="items" value={item.attemptId} checked={chosen.has(item.attemptId)} />
                        <label for={id} class="visually-hidden">
                          {fill(r.includeItem, { invoice: item.invoiceNumber, amount: formatMoney(item.amount, item.currency) })}
                        </label>
                      </td>
                      <td><a href={`/office/invoices/${item.invoiceId}`}>{item.invoiceNumber}</a></td>
                      <td><DateText date={item.date} /></td>
                      <td class="num"><Money amount={item.amount} currency={item.currency} /></td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </fieldset>
        {proposal.currency !== 'CHF' ? <Field name="rate" label={r.proposalRate} hint={r.proposalRateHint} value={failed?.rate} errors={errors} inputmode="decimal" /> : null}
        <button type="submit" class="primary">
          {r.accept}
        </button>
      </form>
    </section>
  );
}

export async function acceptAction(c: OfficeContext) {
  const r = reconTexts(c);
  const id = c.req.param('id') ?? '';
  if (!uuid.test(id)) return c.html(<NotFoundPage c={c} />, 404);
  const body = await c.req.parseBody({ all: true });
  const chosen = [body.items ?? []].flat().filter((value): value is string => typeof value === 'string' && uuid.test(value));
  const rate = typeof body.rate === 'string' ? body.rate.trim() : '';
  const failed = (errors: FieldErrors, status: 409 | 422 = 422) => proposalsPage(c, { id, chosen, rate, errors }, status);
  if (rate && !rateSchema.safeParse(rate).success) return failed({ rate: r.proposalRateHint });
  const [proposal] = (await listPayoutProposals(c.get('deps').db, c.get('session').tenantId, { status: 'open', limit: 50 })).filter((row) => row.id === id);
  if (!proposal) return failed({ items: r.errConflict }, 409);
  const add = chosen.filter((attemptId) => !proposal.attemptIds.includes(attemptId));
  const remove = proposal.attemptIds.filter((attemptId) => !chosen.includes(attemptId));
  try {
    await acceptPayoutProposal({ ctx: serviceContext(c as never), input: { proposalId: id, add, remove, ...(rate ? { rate } : {}) } });
    return c.redirect('/office/reconciliation?done=accepted#system-account', 303);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    switch (error.code) {
      case 'amount_invalid': {
        const wanted = await openItems(c.get('deps').db, c.get('session').tenantId, { connectionId: proposal.connectionId, currency: proposal.currency, attemptIds: chosen });
        const total = formatMoney(wanted.reduce((sum, item) => sum + item.amount, 0), proposal.currency);
        return failed({ items: fill(r.errTooFew, { total, payout: formatMoney(proposal.payoutAmount, proposal.currency) }) });
      }
      case 'validation_failed':
        return failed({ items: r.errNotOpen });
      case 'rate_missing':
        return failed({ rate: fill(r.errRateMissing, { currency: proposal.currency }) });
      case 'not_found':
      case 'conflict':
        return failed({ items: r.errConflict }, 409);
      default:
        throw error;
    }
  }
}
