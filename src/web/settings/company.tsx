// The company: address, e-mail, IBAN or QR-IBAN, VAT number and the SwissBilling item
// category (PATCH /api/v1/settings's schema and verb), and the bank accounts statements are
// imported for (PUT /api/v1/bank-accounts's schema and verb).
import { asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { tenants } from '../../db/schema.js';
import { bankAccounts } from '../../db/reconciliation-schema.js';
import { isQrIban } from '../../documents/payment-reference.js';
import { serviceContext } from '../../http/context.js';
import { swissBillingCategories } from '../../providers/postfinance/swissbilling.js';
import { bankAccountInputSchema } from '../../routes/bank-statements.js';
import { settingsPatchSchema } from '../../routes/settings.js';
import { saveBankAccount } from '../../services/save-bank-account.js';
import { updateSettings } from '../../services/update-settings.js';
import { CsrfField, Field, type FieldErrors, SelectField } from '../components.js';
import type { OfficeEnv } from '../env.js';
import type { OfficeContext } from '../layout.js';
import { attempt, check, one, orNull, readForm, refusalStatus } from './form.js';
import { ErrorList, SettingsShell, TableWrap, guardSection } from './shell.js';
import { settingsTexts } from './texts.js';

export const companyRoutes = new Hono<OfficeEnv>();
guardSection(companyRoutes, '/settings/company', 'settings:manage');

const addressFields = ['name', 'street', 'buildingNumber', 'postalCode', 'city', 'country', 'email', 'iban', 'vatNumber'] as const;
type Values = Record<string, string>;

/** "CH4431999123000889012" → "CH44 3199 9123 0008 8901 2", as on a QR-bill. */
export const groupedIban = (iban: string) => iban.replace(/(.{4})(?=.)/g, '$1 ');

async function readCompany(c: OfficeContext) {
  const { db } = c.get('deps');
  const tenantId = c.get('session').tenantId;
  const [tenant] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
  if (!tenant) throw new Error('the tenant of a session vanished');
  const banks = await db
    .select({ iban: bankAccounts.iban, ledgerAccount: bankAccounts.ledgerAccount, label: bankAccounts.label })
    .from(bankAccounts)
    .where(eq(bankAccounts.tenantId, tenantId))
    .orderBy(asc(bankAccounts.iban));
  return { tenant, banks };
}

interface FormState {
  values?: Values;
  errors?: FieldErrors;
  message?: string | null;
  bankValues?: Values;
  bankErrors?: FieldErrors;
}

async function CompanyPage({ c, state = {} }: { c: OfficeContext; state?: FormState }) {
  const t = c.get('t');
  const st = settingsTexts(c);
  const { tenant, banks } = await readCompany(c);
  const stored: Values = Object.fromEntries(addressFields.map((field) => [field, String(tenant[field] ?? '')]));
  stored.iban = tenant.iban ? groupedIban(tenant.iban) : '';
  stored.swissBillingCategory = tenant.swissBillingCategory;
  const values = state.values ?? stored;
  const errors = state.errors ?? {};
  const f = st.fields;
  const ibanKind = tenant.iban ? (isQrIban(tenant.iban) ? st.company.isQrIban : st.company.isIban) : st.company.noIban;
  return (
    <SettingsShell c={c} title={st.sections.company.title} message={state.message}>
      <form method="post" action="/office/settings/company" class="settings-form" novalidate>
        <CsrfField c={c} />
        <ErrorList c={c} errors={errors} />
        <fieldset>
          <legend>{st.company.address}</legend>
          <Field name="name" label={f.name} value={values.name} errors={errors} required autocomplete="organization" />
          <div class="field-row">
            <Field name="street" label={f.street} value={values.street} errors={errors} autocomplete="address-line1" />
            <Field name="buildingNumber" label={f.buildingNumber} value={values.buildingNumber} errors={errors} />
          </div>
          <div class="field-row">
            <Field name="postalCode" label={f.postalCode} value={values.postalCode} errors={errors} autocomplete="postal-code" />
            <Field name="city" label={f.city} value={values.city} errors={errors} autocomplete="address-level2" />
          </div>
          <Field name="country" label={f.country} value={values.country} errors={errors} hint={st.company.countryHint} maxlength={2} autocomplete="country" />
          <Field name="email" label={f.email} type="email" value={values.email} errors={errors} hint={st.company.emailHint} autocomplete="email" />
        </fieldset>
        <fieldset>
          <legend>{st.company.payments}</legend>
          <Field name="iban" label={f.iban} value={values.iban} errors={errors} hint={`${st.company.ibanHint} ${ibanKind}`} autocomplete="off" />
          <Field name="vatNumber" label={f.vatNumber} value={values.vatNumber} errors={errors} hint={st.company.vatHint} />
          <SelectField
            name="swissBillingCategory"
            label={f.swissBillingCategory}
            value={values.swissBillingCategory}
            errors={errors}
            hint={st.company.categoryHint}
            options={swissBillingCategories.map((value) => ({ value, label: value }))}
          />
        </fieldset>
        <button type="submit" class="primary">
          {t.save}
        </button>
      </form>

      <h2 id="bank-accounts">{st.company.bankAccounts}</h2>
      <p>{st.company.bankAccountsIntro}</p>
      {banks.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <TableWrap label={st.company.bankAccounts}>
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">{f.iban}</th>
                <th scope="col">{f.label}</th>
                <th scope="col">{f.ledgerAccount}</th>
              </tr>
            </thead>
            <tbody>
              {banks.map((bank) => (
                <tr>
                  <td data-label={f.iban} class="nowrap">{groupedIban(bank.iban)}</td>
                  <td data-label={f.label}>{bank.label ?? '–'}</td>
                  <td data-label={f.ledgerAccount}>{bank.ledgerAccount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <form method="post" action="/office/settings/company/bank-accounts" class="settings-form" novalidate>
        <CsrfField c={c} />
        <h3>{st.company.addBankAccount}</h3>
        <Field name="bank.iban" label={st.company.bankIban} value={state.bankValues?.iban} errors={prefixed(state.bankErrors)} required autocomplete="off" />
        <Field name="bank.label" label={st.company.bankLabel} value={state.bankValues?.label} errors={prefixed(state.bankErrors)} />
        <Field name="bank.ledgerAccount" label={f.ledgerAccount} value={state.bankValues?.ledgerAccount ?? '1020'} errors={prefixed(state.bankErrors)} hint={st.company.ledgerAccountHint} inputmode="numeric" maxlength={4} />
        <button type="submit">{st.company.saveBankAccount}</button>
      </form>
    </SettingsShell>
  );
}

/** The bank account form's inputs are named `bank.<field>`, so its errors cannot land on the address form's. */
const prefixed = (errors: FieldErrors | undefined): FieldErrors => Object.fromEntries(Object.entries(errors ?? {}).map(([field, message]) => [`bank.${field}`, message]));

companyRoutes.get('/settings/company', async (c) => c.html(<CompanyPage c={c} />));

companyRoutes.post('/settings/company', async (c) => {
  const st = settingsTexts(c);
  const form = await readForm(c);
  const values: Values = Object.fromEntries([...addressFields, 'swissBillingCategory'].map((field) => [field, one(form, field)]));
  const input = {
    name: values.name,
    street: orNull(values.street ?? ''),
    buildingNumber: orNull(values.buildingNumber ?? ''),
    postalCode: orNull(values.postalCode ?? ''),
    city: orNull(values.city ?? ''),
    country: (values.country ?? '').trim().toUpperCase(),
    email: orNull((values.email ?? '').trim()),
    iban: orNull(values.iban ?? ''),
    vatNumber: orNull(values.vatNumber ?? ''),
    swissBillingCategory: values.swissBillingCategory,
  };
  const checked = check(st, settingsPatchSchema, input);
  if (!checked.ok) return c.html(<CompanyPage c={c} state={{ values, errors: checked.errors }} />, 422);
  const done = await attempt(st, () => updateSettings({ ctx: serviceContext(c as never), input: checked.data }));
  if (!done.ok) return c.html(<CompanyPage c={c} state={{ values, errors: done.errors, message: done.message }} />, refusalStatus(done.error));
  return c.redirect('/office/settings/company?notice=saved', 303);
});

companyRoutes.post('/settings/company/bank-accounts', async (c) => {
  const st = settingsTexts(c);
  const form = await readForm(c);
  const bankValues = { iban: one(form, 'bank.iban'), label: one(form, 'bank.label'), ledgerAccount: one(form, 'bank.ledgerAccount') };
  const input = { iban: bankValues.iban, label: orNull(bankValues.label), ledgerAccount: bankValues.ledgerAccount.trim() || undefined };
  const checked = check(st, bankAccountInputSchema, input);
  if (!checked.ok) return c.html(<CompanyPage c={c} state={{ bankValues, bankErrors: checked.errors }} />, 422);
  const done = await attempt(st, () => saveBankAccount({ ctx: serviceContext(c as never), input: checked.data }));
  if (!done.ok) return c.html(<CompanyPage c={c} state={{ bankValues, bankErrors: done.errors, message: done.message }} />, refusalStatus(done.error));
  return c.redirect('/office/settings/company?notice=saved#bank-accounts', 303);
});
