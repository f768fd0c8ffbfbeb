// The manual entry form (fees, corrections): the API's schema and verb, amounts typed as
// people write them, lines added and removed by the server (no script needed), and a key
// per form in a hidden field, so a double submit books once.
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import { tenants } from '../../db/schema.js';
import { DomainError } from '../../errors.js';
import { serviceContext } from '../../http/context.js';
import { fill, formatMoney, formatShortDate } from '../../i18n.js';
import { accountNumbers } from '../../ledger/chart.js';
import { manualEntrySchema } from '../../routes/journal-schemas.js';
import { swissToday } from '../../services/context.js';
import { postManualEntry } from '../../services/post-manual-entry.js';
import { CsrfField, ErrorSummary, type FieldErrors, Field, SelectField, fieldId } from '../components.js';
import { type OfficeContext, Shell } from '../layout.js';
import { closedDate } from './entry-page.js';
import { readChart } from './read.js';
import { type JournalTexts, journalTexts } from './texts.js';
import { typedAmount, typedDate } from './typed-input.js';

interface FormLine {
  account: string;
  debit: string;
  credit: string;
}

export interface ManualForm {
  key: string;
  date: string;
  text: string;
  reference: string;
  currency: string;
  rate: string;
  lines: FormLine[];
}

const emptyLine = (account = ''): FormLine => ({ account, debit: '', credit: '' });
const maxLines = 100;

async function blankForm(c: OfficeContext): Promise<ManualForm> {
  const today = formatShortDate(swissToday(c.get('deps').now()));
  const base = { key: crypto.randomUUID(), date: today, text: '', reference: '', currency: 'CHF', rate: '' };
  if (c.req.query('preset') !== 'fee') return { ...base, lines: [emptyLine(), emptyLine()] };
  const [tenant] = await c.get('deps').db.select({ system: tenants.systemAccount }).from(tenants).where(eq(tenants.id, c.get('session').tenantId));
  return { ...base, lines: [emptyLine(accountNumbers.bankCharges), emptyLine(tenant?.system ?? accountNumbers.system)] };
}

function formOf(body: Record<string, unknown>): ManualForm {
  const text = (name: string) => (typeof body[name] === 'string' ? (body[name] as string) : '');
  const count = Math.min(Object.keys(body).filter((name) => /^lines\.\d+\.account$/.test(name)).length, maxLines);
  const lines = Array.from({ length: count }, (_, i) => ({ account: text(`lines.${i}.account`), debit: text(`lines.${i}.debit`), credit: text(`lines.${i}.credit`) }));
  const key = text('idempotencyKey');
  return {
    key: /^[\w-]{8,100}$/.test(key) ? key : crypto.randomUUID(),
    date: text('date'),
    text: text('text'),
    reference: text('reference'),
    currency: text('currency').trim().toUpperCase(),
    rate: text('rate').trim(),
    lines,
  };
}

export async function manualEntryPage(c: OfficeContext) {
  return renderForm(c, await blankForm(c), {});
}

export async function manualEntryAction(c: OfficeContext) {
  const body = await c.req.parseBody();
  const form = formOf(body);
  const action = typeof body.action === 'string' ? body.action : 'book';
  if (action === 'add') return renderForm(c, { ...form, lines: [...form.lines, emptyLine()].slice(0, maxLines) }, {});
  const remove = /^remove:(\d+)$/.exec(action);
  if (remove) return renderForm(c, { ...form, lines: form.lines.filter((_, i) => i !== Number(remove[1])) }, {});
  const j = journalTexts(c);
  const { input, errors, formIndex } = inputOf(form, j);
  if (Object.keys(errors).length > 0) return renderForm(c, form, errors, 422);
  try {
    const { entry } = await postManualEntry({ ctx: serviceContext(c as never), input });
    return c.redirect(`/office/journal/entries/${entry.id}?done=booked`, 303);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const problems = Object.entries(plainErrors(error, input, j)).map(([field, message]) => [onForm(field, formIndex), message]);
    return renderForm(c, form, Object.fromEntries(problems), error.code === 'idempotency_key_reused' ? 409 : 422);
  }
}

type ManualInput = z.input<typeof manualEntrySchema>;

/** Empty lines are left out of the entry: `lines.2` of the entry may be the form's fourth line. */
const onForm = (field: string, formIndex: number[]) => field.replace(/^lines\.(\d+)/, (_all, n: string) => `lines.${formIndex[Number(n)] ?? n}`);

/** The form as the API's body, through its schema; each problem named by its field, in plain words. */
function inputOf(form: ManualForm, j: JournalTexts): { input: z.output<typeof manualEntrySchema>; errors: FieldErrors; formIndex: number[] } {
  const errors: FieldErrors = {};
  const lines: ManualInput['lines'] = [];
  const formIndex: number[] = [];
  form.lines.forEach((line, i) => {
    if (!line.account && !line.debit.trim() && !line.credit.trim()) return;
    formIndex.push(i);
    const debit = typedAmount(line.debit, form.currency || 'CHF');
    const credit = typedAmount(line.credit, form.currency || 'CHF');
    if (debit === null) errors[`lines.${i}.debit`] = j.errAmount;
    if (credit === null) errors[`lines.${i}.credit`] = j.errAmount;
    if (debit === undefined && credit === undefined) errors[`lines.${i}.debit`] = j.errNoAmount;
    if (debit && credit) errors[`lines.${i}.credit`] = j.errOneSide;
    lines.push({ account: line.account, ...(debit ? { debit } : {}), ...(credit ? { credit } : {}) });
  });
  const body: ManualInput = {
    date: typedDate(form.date),
    text: form.text,
    currency: form.currency,
    ...(form.rate ? { rate: form.rate } : {}),
    ...(form.reference.trim() ? { reference: form.reference.trim() } : {}),
    idempotencyKey: form.key,
    lines,
  };
  const parsed = manualEntrySchema.safeParse(body);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = onForm(issue.path.join('.'), formIndex);
      errors[field] ??= schemaWords(field, form, j);
    }
  }
  return { input: parsed.success ? parsed.data : (body as z.output<typeof manualEntrySchema>), errors, formIndex };
}

function schemaWords(field: string, form: ManualForm, j: JournalTexts): string {
  if (field === 'date') return j.errDate;
  if (field === 'text') return j.errText;
  if (field === 'currency') return j.errCurrency;
  if (field === 'rate') return j.errRate;
  if (field === 'lines') return j.errTooFewLines;
  const account = /^lines\.(\d+)\.account$/.exec(field);
  if (account) {
    const number = form.lines[Number(account[1])]?.account;
    return number ? fill(j.errUnknownAccount, { account: number }) : j.chooseAccount;
  }
  return j.errAmount;
}

function plainErrors(error: DomainError, input: z.output<typeof manualEntrySchema>, j: JournalTexts): FieldErrors {
  switch (error.code) {
    case 'entry_unbalanced': {
      const difference = input.lines.reduce((sum, line) => sum + (line.debit ?? 0) - (line.credit ?? 0), 0);
      return { lines: difference === 0 ? j.errTooFewLines : fill(j.errUnbalanced, { difference: formatMoney(Math.abs(difference), input.currency) }) };
    }
    case 'period_closed':
      return { date: fill(j.errClosed, { date: closedDate(error) }) };
    case 'account_unknown':
      return Object.fromEntries(
        (error.extra.errors ?? []).map((problem) => [problem.field, fill(j.errUnknownAccount, { account: /\d{4}/.exec(problem.message)?.[0] ?? '' })]),
      );
    case 'amount_invalid':
    case 'currency_unknown': {
      const field = error.extra.errors?.[0]?.field ?? 'lines';
      if (field === 'rate') return { rate: input.currency === 'CHF' ? j.errRateChf : fill(j.errRateNeeded, { currency: input.currency }) };
      return { [field]: field === 'currency' ? j.errCurrency : j.errOneSide };
    }
    case 'idempotency_key_reused':
      return { lines: j.errReused };
    default:
      return { lines: error.detail };
  }
}

async function renderForm(c: OfficeContext, form: ManualForm, errors: FieldErrors, status: 200 | 409 | 422 = 200) {
  const t = c.get('t');
  const j = journalTexts(c);
  const chart = await readChart(c.get('deps').db, c.get('session').tenantId);
  return c.html(
    <Shell c={c} title={j.manualTitle}>
      <p>{j.manualIntro}</p>
      <ErrorSummary errors={errors} title={t.errorsTitle} labels={(field) => labelOf(field, j)} />
      <form method="post" action="/office/journal/new" class="manual-entry" novalidate>
        {/* The first submit button is what Enter in a field presses: booking, never removing a line. */}
        <button type="submit" name="action" value="book" class="default-submit" tabindex={-1} aria-hidden="true">
          {j.book}
        </button>
        <CsrfField c={c} />
        <input type="hidden" name="idempotencyKey" value={form.key} />
        <div class="field-row">
          <Field name="date" label={j.entryDate} value={form.date} errors={errors} hint="31.03.2026" inputmode="numeric" required />
          <Field name="currency" label={j.currency} value={form.currency} errors={errors} maxlength={3} autocomplete="off" required />
          <Field name="rate" label={j.rate} value={form.rate} errors={errors} hint={j.rateHint} inputmode="decimal" />
        </div>
        <Field name="text" label={j.entryText} value={form.text} errors={errors} hint={j.entryTextHint} maxlength={500} required />
        <Field name="reference" label={j.entryReference} value={form.reference} errors={errors} maxlength={200} />
        <div id={fieldId('lines')} tabindex={-1}>
          {errors.lines ? <p class="field-error">{errors.lines}</p> : null}
        </div>
        {form.lines.map((line, i) => (
          <fieldset class="entry-line">
            <legend>{fill(j.lineLegend, { n: String(i + 1) })}</legend>
            <LineAccount i={i} value={line.account} chart={chart} errors={errors} j={j} />
            <Field name={`lines.${i}.debit`} label={fill(j.lineDebit, { n: String(i + 1) })} value={line.debit} errors={errors} hint={j.amountHint} inputmode="decimal" />
            <Field name={`lines.${i}.credit`} label={fill(j.lineCredit, { n: String(i + 1) })} value={line.credit} errors={errors} hint={j.amountHint} inputmode="decimal" />
            <button type="submit" name="action" value={`remove:${i}`} class="link remove-line">
              {fill(j.removeLine, { n: String(i + 1) })}
            </button>
          </fieldset>
        ))}
        <p>
          <button type="submit" name="action" value="add">
            {j.addLine}
          </button>
        </p>
        <p>
          <button type="submit" name="action" value="book" class="primary">
            {j.book}
          </button>{' '}
          <a href="/office/journal">{t.cancel}</a>
        </p>
      </form>
    </Shell>,
    status,
  );
}

/** A field's label, for the summary of problems above the form. */
function labelOf(field: string, j: JournalTexts): string {
  const labels: Record<string, string> = { date: j.entryDate, text: j.entryText, currency: j.currency, rate: j.rate, reference: j.entryReference, lines: j.entryLines };
  const line = /^lines\.(\d+)\.(account|debit|credit)$/.exec(field);
  if (!line) return labels[field] ?? field;
  const template = { account: j.lineAccount, debit: j.lineDebit, credit: j.lineCredit }[line[2] as 'account' | 'debit' | 'credit'];
  return fill(template, { n: String(Number(line[1]) + 1) });
}

function LineAccount({ i, value, chart, errors, j }: { i: number; value: string; chart: { number: string; name: string }[]; errors: FieldErrors; j: JournalTexts }) {
  // A number typed into a request by hand that the chart lacks stays visible with its error.
  const unknown = value && !chart.some((account) => account.number === value) ? [{ value, label: value }] : [];
  const options = [{ value: '', label: j.chooseAccount }, ...unknown, ...chart.map((account) => ({ value: account.number, label: `${account.number} ${account.name}` }))];
  return <SelectField name={`lines.${i}.account`} label={fill(j.lineAccount, { n: String(i + 1) })} value={value} options={options} errors={errors} />;
}
