// The system account (where captured payments are booked) with its warning, the closed
// period, and the chart of accounts: PATCH /api/v1/settings and /api/v1/accounts's schemas
// and verbs.
import { asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { accounts, tenants } from '../../db/schema.js';
import { serviceContext } from '../../http/context.js';
import { accountCreateSchema, accountRenameSchema } from '../../routes/accounts.js';
import { settingsPatchSchema } from '../../routes/settings.js';
import { createAccount, renameAccount } from '../../services/manage-accounts.js';
import { updateSettings } from '../../services/update-settings.js';
import { CsrfField, DateText, Field, Notice, SelectField } from '../components.js';
import type { OfficeEnv } from '../env.js';
import { requireWebPermission } from '../guard.js';
import type { OfficeContext } from '../layout.js';
import { attempt, check, one, orNull, readForm, refusalStatus } from './form.js';
import { type FormState, SettingsShell, TableWrap } from './shell.js';
import { settingsTexts } from './texts.js';

export const accountsRoutes = new Hono<OfficeEnv>();
accountsRoutes.use('/settings/accounts', requireWebPermission('accounts:manage'));

const kinds = ['asset', 'liability', 'equity', 'revenue', 'expense'] as const;

interface State extends FormState {
  /** Which form the values and errors belong to. */
  form?: 'system' | 'closed' | 'add' | `rename-${string}`;
}

async function AccountsPage({ c, state = {} }: { c: OfficeContext; state?: State }) {
  const t = c.get('t');
  const st = settingsTexts(c);
  const { db } = c.get('deps');
  const tenantId = c.get('session').tenantId;
  const [tenant] = await db.select({ systemAccount: tenants.systemAccount, booksClosedUntil: tenants.booksClosedUntil }).from(tenants).where(eq(tenants.id, tenantId));
  const chart = await db.select().from(accounts).where(eq(accounts.tenantId, tenantId)).orderBy(asc(accounts.number));
  const errorsOf = (form: State['form']) => (state.form === form ? (state.errors ?? {}) : {});
  const valueOf = (form: State['form'], field: string, fallback: string) => (state.form === form ? (state.values?.[field] ?? fallback) : fallback);
  const f = st.fields;
  const a = st.accounts;
  return (
    <SettingsShell c={c} title={st.sections.accounts.title} message={state.message}>
      <section aria-labelledby="system-account">
        <h2 id="system-account">{a.systemAccount}</h2>
        <p>{a.systemAccountIntro}</p>
        <Notice kind="warning">{a.systemAccountWarning}</Notice>
        <form method="post" action="/office/settings/accounts/system-account" class="settings-form" novalidate>
          <CsrfField c={c} />
          <SelectField
            name="systemAccount"
            label={f.systemAccount}
            value={valueOf('system', 'systemAccount', tenant?.systemAccount ?? '1029')}
            errors={errorsOf('system')}
            options={chart.filter((account) => account.kind === 'asset').map((account) => ({ value: account.number, label: `${account.number} ${account.name}` }))}
          />
          <button type="submit">{a.changeSystemAccount}</button>
        </form>
      </section>

      <section aria-labelledby="closed-period">
        <h2 id="closed-period">{a.closedPeriod}</h2>
        <p>
          {tenant?.booksClosedUntil ? (
            <>
              {a.closedUntil} <DateText date={tenant.booksClosedUntil} />
            </>
          ) : (
            a.nothingClosed
          )}
        </p>
        <form method="post" action="/office/settings/accounts/closed-period" class="settings-form" novalidate>
          <CsrfField c={c} />
          <Field name="booksClosedUntil" type="date" label={f.booksClosedUntil} value={valueOf('closed', 'booksClosedUntil', tenant?.booksClosedUntil ?? '')} errors={errorsOf('closed')} hint={a.closedPeriodHint} />
          <button type="submit">{t.save}</button>
        </form>
      </section>

      <section aria-labelledby="chart">
        <h2 id="chart">{a.chart}</h2>
        <TableWrap label={a.chart}>
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">{f.number}</th>
                <th scope="col">{f.accountName}</th>
                <th scope="col">{f.kind}</th>
              </tr>
            </thead>
            <tbody>
              {chart.map((account) => {
                const form = `rename-${account.number}` as const;
                const errors = errorsOf(form);
                return (
                  <tr>
                    <td data-label={f.number}>{account.number}</td>
                    <td data-label={f.accountName}>
                      <form method="post" action={`/office/settings/accounts/${account.number}`} class="inline rename">
                        <CsrfField c={c} />
                        <label for={`name-${account.number}`} class="visually-hidden">{`${a.renameLabel} ${account.number}`}</label>
                        <input id={`name-${account.number}`} name="name" value={valueOf(form, 'name', account.name)} aria-invalid={errors.name ? 'true' : undefined} aria-describedby={errors.name ? `name-${account.number}-error` : undefined} />
                        <button type="submit">{a.rename}</button>
                        {errors.name ? (
                          <span class="field-error" id={`name-${account.number}-error`}>
                            {errors.name}
                          </span>
                        ) : null}
                      </form>
                    </td>
                    <td data-label={f.kind}>{a.kinds[account.kind]}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
        <form method="post" action="/office/settings/accounts" class="settings-form" novalidate>
          <CsrfField c={c} />
          <h3>{a.addAccount}</h3>
          <Field name="number" label={f.number} value={valueOf('add', 'number', '')} errors={errorsOf('add')} inputmode="numeric" maxlength={4} required />
          <Field name="name" label={f.accountName} value={valueOf('add', 'name', '')} errors={errorsOf('add')} required />
          <SelectField name="kind" label={f.kind} value={valueOf('add', 'kind', 'expense')} errors={errorsOf('add')} options={kinds.map((kind) => ({ value: kind, label: a.kinds[kind] }))} />
          <button type="submit">{a.addAccount}</button>
        </form>
      </section>
    </SettingsShell>
  );
}

accountsRoutes.get('/settings/accounts', (c) => c.html(<AccountsPage c={c} />));

/** One settings field from the page, through the API's schema and verb. */
async function saveSetting(c: OfficeContext, form: 'system' | 'closed', field: 'systemAccount' | 'booksClosedUntil', value: string | null) {
  const st = settingsTexts(c);
  const values = { [field]: value ?? '' };
  const checked = check(st, settingsPatchSchema, { [field]: value });
  if (!checked.ok) return c.html(<AccountsPage c={c} state={{ form, values, errors: checked.errors }} />, 422);
  const done = await attempt(st, () => updateSettings({ ctx: serviceContext(c as never), input: checked.data }));
  if (!done.ok) return c.html(<AccountsPage c={c} state={{ form, values, errors: done.errors, message: done.message }} />, refusalStatus(done.error));
  const changed = field === 'systemAccount' && done.value.warnings.length > 0;
  return c.redirect(`/office/settings/accounts?done=${changed ? 'systemAccountChanged' : 'saved'}`, 303);
}

accountsRoutes.post('/settings/accounts/system-account', requireWebPermission('settings:manage'), async (c) => saveSetting(c, 'system', 'systemAccount', one(await readForm(c), 'systemAccount')));
accountsRoutes.post('/settings/accounts/closed-period', requireWebPermission('settings:manage'), async (c) => saveSetting(c, 'closed', 'booksClosedUntil', orNull(one(await readForm(c), 'booksClosedUntil'))));

accountsRoutes.post('/settings/accounts', requireWebPermission('accounts:manage'), async (c) => {
  const st = settingsTexts(c);
  const form = await readForm(c);
  const values = { number: one(form, 'number').trim(), name: one(form, 'name'), kind: one(form, 'kind') };
  const checked = check(st, accountCreateSchema, values);
  if (!checked.ok) return c.html(<AccountsPage c={c} state={{ form: 'add', values, errors: checked.errors }} />, 422);
  const done = await attempt(st, () => createAccount({ ctx: serviceContext(c as never), input: checked.data }));
  if (!done.ok) return c.html(<AccountsPage c={c} state={{ form: 'add', values, errors: done.errors, message: done.message }} />, refusalStatus(done.error));
  return c.redirect('/office/settings/accounts?done=accountAdded#chart', 303);
});

accountsRoutes.post('/settings/accounts/:number{[0-9]{4}}', requireWebPermission('accounts:manage'), async (c) => {
  const st = settingsTexts(c);
  const number = c.req.param('number');
  const values = { name: one(await readForm(c), 'name') };
  const form = `rename-${number}` as const;
  const checked = check(st, accountRenameSchema, values);
  if (!checked.ok) return c.html(<AccountsPage c={c} state={{ form, values, errors: checked.errors }} />, 422);
  const done = await attempt(st, () => renameAccount({ ctx: serviceContext(c as never), input: { number, name: checked.data.name } }));
  if (!done.ok) return c.html(<AccountsPage c={c} state={{ form, values, errors: done.errors, message: done.message }} />, refusalStatus(done.error));
  return c.redirect('/office/settings/accounts?done=accountRenamed#chart', 303);
});
