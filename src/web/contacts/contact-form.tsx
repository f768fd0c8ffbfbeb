// The contact form, for a new contact and for changing one: the fields of the API's
// contact body, checked by the API's own schema, then saved by the same verbs.
import { contactCreateSchema, contactLanguages } from '../../routes/contact-schemas.js';
import { fieldProblems } from '../../http/router.js';
import type { contacts } from '../../db/schema.js';
import type { ContactInput } from '../../services/save-contact.js';
import { CsrfField, ErrorSummary, Field, type FieldErrors, SelectField } from '../components.js';
import { type OfficeContext, Shell } from '../layout.js';
import { contactTexts } from './texts.js';

export const contactFieldNames = ['kind', 'companyName', 'firstName', 'lastName', 'street', 'buildingNumber', 'postalCode', 'city', 'country', 'email', 'language', 'customerNumber'] as const;
export type ContactForm = Record<(typeof contactFieldNames)[number], string>;

const optional = new Set(['companyName', 'firstName', 'lastName', 'buildingNumber', 'customerNumber']);

export function emptyContactForm(language: string): ContactForm {
  const form = Object.fromEntries(contactFieldNames.map((name) => [name, ''])) as ContactForm;
  return { ...form, kind: 'company', country: 'CH', language };
}

export function contactFormOf(row: typeof contacts.$inferSelect): ContactForm {
  return Object.fromEntries(contactFieldNames.map((name) => [name, row[name] ?? ''])) as ContactForm;
}

export function readContactForm(body: Record<string, unknown>): ContactForm {
  return Object.fromEntries(contactFieldNames.map((name) => [name, typeof body[name] === 'string' ? body[name] : ''])) as ContactForm;
}

/** The API's contact body: empty optional fields are null, the country in capitals. */
export function contactInput(form: ContactForm): { input: ContactInput | null; errors: FieldErrors } {
  const candidate: Record<string, string | null> = {};
  for (const name of contactFieldNames) {
    const value = form[name].trim();
    candidate[name] = optional.has(name) && value === '' ? null : value;
  }
  candidate.country = (candidate.country ?? '').toUpperCase();
  const parsed = contactCreateSchema.safeParse(candidate);
  if (parsed.success) return { input: parsed.data, errors: {} };
  return { input: null, errors: Object.fromEntries(fieldProblems(parsed.error.issues, 'json').map((problem) => [problem.field, problem.message])) };
}

export function ContactFormPage({ c, form, errors, action, title }: { c: OfficeContext; form: ContactForm; errors: FieldErrors; action: string; title: string }) {
  const t = contactTexts(c);
  const common = c.get('t');
  const languageNames: Record<string, string> = { de: t.languageDe, fr: t.languageFr, it: t.languageIt, en: t.languageEn };
  return (
    <Shell c={c} title={title}>
      <ErrorSummary errors={errors} title={common.errorsTitle} />
      <form method="post" action={action} class="contact-form" novalidate>
        <CsrfField c={c} />
        <fieldset class="card">
          <legend>{t.who}</legend>
          <SelectField name="kind" label={t.kind} value={form.kind} errors={errors} options={[{ value: 'company', label: t.kindCompany }, { value: 'person', label: t.kindPerson }]} hint={t.kindHint} />
          <Field name="companyName" label={t.companyName} value={form.companyName} errors={errors} maxlength={70} autocomplete="organization" />
          <div class="row-fields">
            <Field name="firstName" label={t.firstName} value={form.firstName} errors={errors} maxlength={35} autocomplete="given-name" />
            <Field name="lastName" label={t.lastName} value={form.lastName} errors={errors} maxlength={35} autocomplete="family-name" />
          </div>
          <Field name="email" label={t.email} type="email" value={form.email} errors={errors} required autocomplete="email" hint={t.emailHint} />
          <SelectField name="language" label={t.language} value={form.language} errors={errors} options={contactLanguages.map((code) => ({ value: code, label: languageNames[code]! }))} hint={t.languageHint} />
          <Field name="customerNumber" label={t.customerNumber} value={form.customerNumber} errors={errors} maxlength={35} />
        </fieldset>
        <fieldset class="card">
          <legend>{t.address}</legend>
          <div class="row-fields">
            <Field name="street" label={t.street} value={form.street} errors={errors} required maxlength={70} autocomplete="address-line1" />
            <Field name="buildingNumber" label={t.buildingNumber} value={form.buildingNumber} errors={errors} maxlength={16} />
          </div>
          <div class="row-fields">
            <Field name="postalCode" label={t.postalCode} value={form.postalCode} errors={errors} required maxlength={16} autocomplete="postal-code" />
            <Field name="city" label={t.city} value={form.city} errors={errors} required maxlength={35} autocomplete="address-level2" />
          </div>
          <Field name="country" label={t.country} value={form.country} errors={errors} required maxlength={2} autocomplete="country" hint={t.countryHint} />
        </fieldset>
        <p class="actions-row main-actions">
          <button type="submit" class="primary">{common.save}</button>
          <a href="/office/contacts">{common.cancel}</a>
        </p>
      </form>
    </Shell>
  );
}
