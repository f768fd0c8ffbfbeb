// The draft editor, for a new invoice and for a draft. Works without script: "add line"
// and "update totals" post the form and it comes back with the server's totals; each line
// has a remove box; the contact picker searches on the server.
import { vatRates } from '../../invoices/totals.js';
import { CsrfField, ErrorSummary, type FieldErrors, Field, Money, SelectField, fieldId } from '../components.js';
import { type OfficeContext, Shell } from '../layout.js';
import type { DraftForm } from './draft-form.js';
import { previewTotals } from './draft-form.js';
import { invoiceTexts } from './texts.js';
import { TableWrap } from './table-wrap.js';

export interface EditorChoices {
  contacts: { value: string; label: string }[];
  currencies: string[];
  accounts: { number: string; name: string }[];
}

function LineRow({ c, form, index, errors, choices, net }: { c: OfficeContext; form: DraftForm; index: number; errors: FieldErrors; choices: EditorChoices; net: number | null }) {
  const t = invoiceTexts(c);
  const line = form.lines[index]!;
  const name = (field: string) => `lines.${index}.${field}`;
  const cell = (field: keyof typeof line, label: string, extra: Record<string, string> = {}) => {
    const error = errors[name(field)];
    return (
      <td class={error ? 'has-error' : undefined}>
        <label for={fieldId(name(field))} class="cell-label">{`${label} ${index + 1}`}</label>
        <input id={fieldId(name(field))} name={name(field)} value={line[field]} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${fieldId(name(field))}-error` : undefined} {...extra} />
        {error ? <span class="field-error" id={`${fieldId(name(field))}-error`}>{error}</span> : null}
      </td>
    );
  };
  return (
    <tr>
      {cell('description', t.lineDescription, { maxlength: '500' })}
      {cell('quantity', t.lineQuantity, { inputmode: 'decimal', size: '6' })}
      {cell('unitPrice', t.lineUnitPrice, { inputmode: 'decimal', size: '10', placeholder: "1'234.50" })}
      <td>
        <label for={fieldId(name('vatRate'))} class="cell-label">{`${t.lineVatRate} ${index + 1}`}</label>
        <select id={fieldId(name('vatRate'))} name={name('vatRate')}>
          {vatRates.map((rate) => (
            <option value={String(rate)} selected={String(rate) === line.vatRate}>{`${rate.toFixed(1)} %`}</option>
          ))}
        </select>
      </td>
      <td>
        <label for={fieldId(name('revenueAccount'))} class="cell-label">{`${t.lineAccount} ${index + 1}`}</label>
        <select id={fieldId(name('revenueAccount'))} name={name('revenueAccount')}>
          {choices.accounts.map((account) => (
            <option value={account.number} selected={account.number === line.revenueAccount}>{`${account.number} ${account.name}`}</option>
          ))}
        </select>
        {errors[name('revenueAccount')] ? <span class="field-error">{errors[name('revenueAccount')]}</span> : null}
      </td>
      <td class="num">{net === null ? '–' : <Money amount={net} currency={form.currency} />}</td>
      <td>
        <input type="checkbox" id={fieldId(name('remove'))} name={name('remove')} value="yes" />
        <label for={fieldId(name('remove'))} class="inline-label">{t.lineRemove}</label>
      </td>
    </tr>
  );
}

export function EditorPage({ c, form, errors, choices, action, title }: { c: OfficeContext; form: DraftForm; errors: FieldErrors; choices: EditorChoices; action: string; title: string }) {
  const t = invoiceTexts(c);
  const common = c.get('t');
  const preview = previewTotals(form);
  return (
    <Shell c={c} title={title} wide>
      <ErrorSummary errors={errors} title={common.errorsTitle} />
      <form method="post" action={action} class="editor" novalidate>
        <CsrfField c={c} />
        <fieldset class="card">
          <legend>{t.editorRecipient}</legend>
          <div class="picker">
            <SelectField name="contactId" label={t.contact} value={form.contactId} errors={errors} options={[{ value: '', label: t.chooseContact }, ...choices.contacts]} />
            <div class="field">
              <label for="field-contactSearch">{t.contactSearch}</label>
              <span class="search-row">
                <input id="field-contactSearch" name="contactSearch" type="search" value={form.contactSearch} />
                <button type="submit" name="action" value="find-contact">{t.contactSearchButton}</button>
              </span>
            </div>
          </div>
          <p class="hint">
            <a href="/office/contacts/new">{t.newContact}</a>
          </p>
        </fieldset>
        <fieldset class="card">
          <legend>{t.editorTerms}</legend>
          <div class="row-fields">
            <SelectField name="currency" label={t.currency} value={form.currency} errors={errors} options={choices.currencies.map((code) => ({ value: code, label: code }))} />
            <Field name="invoiceDate" label={t.invoiceDate} type="date" value={form.invoiceDate} errors={errors} hint={t.invoiceDateHint} />
            <Field name="dueDate" label={t.dueDate} type="date" value={form.dueDate} errors={errors} hint={t.dueDateHint} />
          </div>
          <Field name="referenceText" label={t.referenceText} value={form.referenceText} errors={errors} maxlength={140} hint={t.referenceTextHint} />
        </fieldset>
        <h2>{t.lines}</h2>
        {errors.lines ? <p class="field-error" id="field-lines">{errors.lines}</p> : null}
        <TableWrap label={t.lines}>
          <table class="lines">
            <thead>
              <tr>
                <th>{t.lineDescription}</th>
                <th>{t.lineQuantity}</th>
                <th>{`${t.lineUnitPrice} (${form.currency})`}</th>
                <th>{t.lineVatRate}</th>
                <th>{t.lineAccount}</th>
                <th class="num">{t.lineNet}</th>
                <th>{t.lineRemoveHeader}</th>
              </tr>
            </thead>
            <tbody>
              {form.lines.map((_, index) => (
                <LineRow c={c} form={form} index={index} errors={errors} choices={choices} net={preview.lineNet[index] ?? null} />
              ))}
            </tbody>
          </table>
        </TableWrap>
        <p class="actions-row">
          <button type="submit" name="action" value="add">{t.addLine}</button>
          <button type="submit" name="action" value="recalculate">{t.updateTotals}</button>
        </p>
        <Totals c={c} currency={preview.currency} totals={preview.totals} />
        {preview.uncounted > 0 ? <p class="hint">{t.uncountedLines}</p> : null}
        <p class="actions-row main-actions">
          <button type="submit" name="action" value="save" class="primary">{t.saveDraft}</button>
          <a href="/office/invoices">{common.cancel}</a>
        </p>
      </form>
    </Shell>
  );
}

export function Totals({ c, currency, totals }: { c: OfficeContext; currency: string; totals: { netTotal: number; vatGroups: { vatRateBp: number; netAmount: number; vatAmount: number }[]; roundingAmount: number; total: number } }) {
  const t = invoiceTexts(c);
  return (
    <table class="totals" aria-label={t.totals}>
      <tbody>
        <tr>
          <th scope="row">{t.netTotal}</th>
          <td class="num"><Money amount={totals.netTotal} currency={currency} /></td>
        </tr>
        {totals.vatGroups.map((group) => (
          <tr>
            <th scope="row">
              {`${t.vat} ${(group.vatRateBp / 100).toFixed(1)} % ${t.on} `}
              <Money amount={group.netAmount} currency={currency} />
            </th>
            <td class="num"><Money amount={group.vatAmount} currency={currency} /></td>
          </tr>
        ))}
        {totals.roundingAmount !== 0 ? (
          <tr>
            <th scope="row">{t.rounding}</th>
            <td class="num"><Money amount={totals.roundingAmount} currency={currency} /></td>
          </tr>
        ) : null}
        <tr class="grand">
          <th scope="row">{t.total}</th>
          <td class="num"><Money amount={totals.total} currency={currency} /></td>
        </tr>
      </tbody>
    </table>
  );
}
