// How a payment service's payouts are recognised on the bank statement (the IBANs its
// provider pays out from, words in the payer name or text, the days around a payout), the
// section of the service's page and its form, through PUT .../payout-recognition's schema and verb.
import type { connections } from '../../db/schema.js';
import { CsrfField, Field, type FieldErrors, fieldId } from '../components.js';
import type { OfficeContext } from '../layout.js';
import { type PostedForm, one } from './form.js';
import { ErrorList } from './shell.js';
import { settingsTexts } from './texts.js';

type Recognition = (typeof connections.$inferSelect)['payoutRecognition'];

function Lines({ name, label, hint, value, errors }: { name: string; label: string; hint: string; value: string; errors: FieldErrors }) {
  const id = fieldId(name);
  const error = errors[name];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      <p class="hint" id={`${id}-hint`}>
        {hint}
      </p>
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <textarea id={id} name={name} rows={3} aria-invalid={error ? 'true' : undefined} aria-describedby={`${id}-hint${error ? ` ${id}-error` : ''}`}>
        {value}
      </textarea>
    </div>
  );
}

/** The stored recognition as the form shows it: one IBAN or word a line. */
export const recognitionValues = (recognition: Recognition): Record<string, string> => ({
  ibans: (recognition.ibans ?? []).join('\n'),
  patterns: (recognition.patterns ?? []).join('\n'),
  windowDays: recognition.windowDays === undefined ? '' : String(recognition.windowDays),
  payoutAfterDays: recognition.payoutAfterDays === undefined ? '' : String(recognition.payoutAfterDays),
});

/** The form as the API takes it: lines to lists, days to numbers (anything else left for the schema to refuse). */
export function recognitionInput(form: PostedForm) {
  const lines = (name: string) => one(form, name).split(/\r?\n/).map((line) => line.trim()).filter(Boolean);
  const days = (name: string) => {
    const value = one(form, name).trim();
    return value === '' ? undefined : /^\d{1,4}$/.test(value) ? Number(value) : value;
  };
  return { ibans: lines('ibans'), patterns: lines('patterns'), windowDays: days('windowDays'), payoutAfterDays: days('payoutAfterDays') };
}

export function PayoutRecognitionSection({ c, action, values, errors }: { c: OfficeContext; action: string; values: Record<string, string>; errors: FieldErrors }) {
  const st = settingsTexts(c);
  const p = st.payouts;
  return (
    <section aria-labelledby="payouts">
      <h2 id="payouts">{p.title}</h2>
      <p>{p.intro}</p>
      <form method="post" action={action} class="settings-form" novalidate>
        <CsrfField c={c} />
        <ErrorList c={c} errors={errors} />
        <Lines name="patterns" label={p.patterns} hint={p.patternsHint} value={values.patterns ?? ''} errors={errors} />
        <Lines name="ibans" label={p.ibans} hint={p.ibansHint} value={values.ibans ?? ''} errors={errors} />
        <div class="field-row">
          <Field name="windowDays" label={p.windowDays} hint={p.windowDaysHint} value={values.windowDays} errors={errors} inputmode="numeric" />
          <Field name="payoutAfterDays" label={p.payoutAfterDays} hint={p.payoutAfterDaysHint} value={values.payoutAfterDays} errors={errors} inputmode="numeric" />
        </div>
        <button type="submit">{p.save}</button>
      </form>
    </section>
  );
}
