// The payment services: the list, and one service's page: verify (the API's verb, its
// answer in words), the options, credential rotation (secrets only ever "set", with the
// day they were last rotated) and deletion, each through the API's schema and verb.
import { and, desc, eq, sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { auditLog, connections } from '../../db/schema.js';
import { fill } from '../../i18n.js';
import { serviceContext } from '../../http/context.js';
import { uuidSchema } from '../../http/schemas.js';
import { currenciesOfMethod } from '../../connections/method-currencies.js';
import { paymentDeps } from '../../payments/deps.js';
import { paymentAdapters } from '../../providers/adapters.js';
import { connectionPatchSchema } from '../../routes/connections.js';
import { payoutRecognitionSchema } from '../../routes/reconciliation.js';
import { deleteConnection } from '../../services/delete-connection.js';
import { savePayoutRecognition } from '../../services/save-payout-recognition.js';
import { updateConnection } from '../../services/save-connection.js';
import { type VerifyVerdict, verifyConnection } from '../../services/verify-connection.js';
import { CsrfField, DateText, type FieldErrors, SelectField } from '../components.js';
import type { OfficeEnv } from '../env.js';
import type { OfficeContext } from '../layout.js';
import { NotFoundPage } from '../pages.js';
import { ConnectionOptions, type OptionValues, optionsInput } from './connection-options.js';
import { environmentChoices } from './connection-wizard.js';
import { attempt, check, one, readForm, refusalStatus } from './form.js';
import { credentialsSchemaOf, isSecretField, onboardingSteps } from './onboarding.js';
import { PayoutRecognitionSection, recognitionInput, recognitionValues } from './payout-recognition.js';
import { CredentialInput, fieldLabel, providerTexts } from './provider-texts.js';
import { ErrorList, SettingsShell, guardSection } from './shell.js';
import { settingsTexts } from './texts.js';
import { VerifyAnswer } from './verify-words.js';
import { Environment } from './connection-list.js';

export const connectionRoutes = new Hono<OfficeEnv>();
guardSection(connectionRoutes, '/settings/payment-services', 'connections:manage');

type Connection = typeof connections.$inferSelect;

async function readConnection(c: OfficeContext, id: string): Promise<Connection | null> {
  if (!uuidSchema.safeParse(id).success) return null;
  const [row] = await c
    .get('deps')
    .db.select()
    .from(connections)
    .where(and(eq(connections.tenantId, c.get('session').tenantId), eq(connections.id, id)));
  return row ?? null;
}

/** When the secrets were last set: the newest rotation in the audit log, else the service's creation. */
async function secretsSetAt(c: OfficeContext, row: Connection): Promise<Date> {
  const [rotated] = await c
    .get('deps')
    .db.select({ at: auditLog.createdAt })
    .from(auditLog)
    .where(and(eq(auditLog.tenantId, row.tenantId), eq(auditLog.action, 'connection.credentials_rotated'), sql`${auditLog.details}->>'connectionId' = ${row.id}`))
    .orderBy(desc(auditLog.seq))
    .limit(1);
  return rotated?.at ?? row.createdAt;
}

interface PageState {
  verdict?: VerifyVerdict;
  form?: 'options' | 'credentials' | 'delete' | 'payouts';
  values?: Record<string, string>;
  errors?: FieldErrors;
  message?: string | null;
}

function storedOptions(row: Connection): OptionValues {
  const rules = paymentAdapters[row.provider];
  return {
    label: row.label,
    methods: row.methods.join(','),
    currencies: row.currencies.join(','),
    isDefault: row.isDefault ? 'on' : '',
    methodCurrencies: Object.fromEntries(row.methods.map((method) => [method, currenciesOfMethod(rules, row, method).join(',')])),
  };
}

async function ConnectionPage({ c, row, state = {} }: { c: OfficeContext; row: Connection; state?: PageState }) {
  const t = c.get('t');
  const st = settingsTexts(c);
  const words = providerTexts(st, row.provider);
  const settings = (row.settings ?? {}) as Record<string, unknown>;
  const setAt = row.sealedSecrets ? await secretsSetAt(c, row) : null;
  const errorsOf = (form: PageState['form']) => (state.form === form ? (state.errors ?? {}) : {});
  const fields = onboardingSteps(row.provider).flat();
  const base = `/office/settings/payment-services/${row.id}`;
  return (
    <SettingsShell c={c} title={row.label} message={state.message}>
      <p class="connection-head">
        {words.name} <Environment c={c} environment={row.environment} /> {row.isDefault ? <span class="badge badge-default">{st.connections.default}</span> : null}
      </p>

      <section aria-labelledby="verify">
        <h2 id="verify">{st.connections.verifyTitle}</h2>
        <p>{st.connections.verifyIntro}</p>
        {state.verdict ? <VerifyAnswer st={st} provider={row.provider} verdict={state.verdict} /> : null}
        <form method="post" action={`${base}/verify`}>
          <CsrfField c={c} />
          <button type="submit" class="primary">
            {st.connections.verify}
          </button>
        </form>
      </section>

      <section aria-labelledby="credentials">
        <h2 id="credentials">{st.connections.credentials}</h2>
        <dl class="facts">
          {fields.map((field) => (
            <>
              <dt>{fieldLabel(st, field, row.provider)}</dt>
              <dd>
                {isSecretField(row.provider, field) ? (
                  setAt ? (
                    <>
                      {st.connections.secretSet} <DateText date={setAt} />
                    </>
                  ) : (
                    st.connections.credentialsMissing
                  )
                ) : (
                  String(settings[field] ?? '–')
                )}
              </dd>
            </>
          ))}
        </dl>
        <details open={state.form === 'credentials' ? true : undefined}>
          <summary>{st.connections.rotate}</summary>
          <p>{st.connections.rotateIntro}</p>
          <form method="post" action={`${base}/credentials`} class="settings-form" novalidate>
            <CsrfField c={c} />
            <ErrorList c={c} errors={errorsOf('credentials')} />
            {fields.map((field) => (
              <CredentialInput
                st={st}
                provider={row.provider}
                field={field}
                value={state.form === 'credentials' ? state.values?.[`credentials.${field}`] : String(settings[field] ?? '')}
                errors={errorsOf('credentials')}
                keepHint={isSecretField(row.provider, field) ? st.connections.keepSecret : undefined}
              />
            ))}
            <button type="submit">{st.connections.rotateButton}</button>
          </form>
        </details>
      </section>

      <section aria-labelledby="options">
        <h2 id="options">{st.connections.optionsTitle}</h2>
        <form method="post" action={`${base}/options`} class="settings-form" novalidate>
          <CsrfField c={c} />
          <ErrorList c={c} errors={errorsOf('options')} />
          <SelectField name="environment" label={st.fields.environment} value={state.form === 'options' ? state.values?.environment : row.environment} errors={errorsOf('options')} hint={st.connections.environmentHint} options={environmentChoices(c)} />
          <ConnectionOptions c={c} provider={row.provider} values={state.form === 'options' ? { ...storedOptions(row), ...(state.values as Partial<OptionValues>) } : storedOptions(row)} errors={errorsOf('options')} perMethod />
          <button type="submit" class="primary">
            {t.save}
          </button>
        </form>
      </section>

      <PayoutRecognitionSection c={c} action={`${base}/payout-recognition`} values={state.form === 'payouts' ? (state.values ?? {}) : recognitionValues(row.payoutRecognition)} errors={errorsOf('payouts')} />

      <section aria-labelledby="delete">
        <h2 id="delete">{st.connections.deleteTitle}</h2>
        <p>{st.connections.deleteIntro}</p>
        <form method="post" action={`${base}/delete`}>
          <CsrfField c={c} />
          <button type="submit" class="danger">
            {fill(st.connections.deleteButton, { label: row.label })}
          </button>
        </form>
      </section>
    </SettingsShell>
  );
}

/** The page of one of the tenant's services, or 404 for an id that is not one. */
async function withConnection(c: OfficeContext, act: (row: Connection) => Promise<Response>) {
  const row = await readConnection(c, c.req.param('id') ?? '');
  if (!row) return c.html(<NotFoundPage c={c} />, 404);
  return act(row);
}

const idPath = '/settings/payment-services/:id{[0-9a-fA-F-]{36}}';

connectionRoutes.get(idPath, (c) => withConnection(c, async (row) => c.html(<ConnectionPage c={c} row={row} />)));

// The verdict is the answer to the form; its address opened again (a reload, a bookmark) is the service's page.
connectionRoutes.get(`${idPath}/verify`, (c) => c.redirect(`/office/settings/payment-services/${c.req.param('id')}`, 303));

connectionRoutes.post(`${idPath}/verify`, (c) =>
  withConnection(c, async (row) => {
    const st = settingsTexts(c);
    const done = await attempt(st, () => verifyConnection(paymentDeps(c.get('deps')), { tenantId: row.tenantId, connectionId: row.id }));
    const fresh = (await readConnection(c, row.id)) ?? row;
    if (!done.ok) return c.html(<ConnectionPage c={c} row={fresh} state={{ message: done.message }} />, refusalStatus(done.error));
    return c.html(<ConnectionPage c={c} row={fresh} state={{ verdict: done.value }} />);
  }),
);

connectionRoutes.post(`${idPath}/options`, (c) =>
  withConnection(c, async (row) => {
    const st = settingsTexts(c);
    const form = await readForm(c);
    const input = { environment: one(form, 'environment'), ...optionsInput(row.provider, form) };
    const values: Record<string, string> = {
      environment: input.environment,
      label: input.label,
      methods: input.methods.join(','),
      currencies: input.currencies.join(','),
      isDefault: input.isDefault ? 'on' : '',
    };
    const again = (errors: FieldErrors, message?: string, status: 404 | 409 | 422 = 422) => c.html(<ConnectionPage c={c} row={row} state={{ form: 'options', values, errors, message }} />, status);
    const checked = check(st, connectionPatchSchema, input);
    if (!checked.ok) return again(checked.errors);
    const done = await attempt(st, () => updateConnection({ ctx: serviceContext(c as never), input: { id: row.id, patch: checked.data } }));
    if (!done.ok) return again(done.errors, done.message, refusalStatus(done.error));
    return c.redirect(`/office/settings/payment-services/${row.id}?notice=saved#options`, 303);
  }),
);

connectionRoutes.post(`${idPath}/credentials`, (c) =>
  withConnection(c, async (row) => {
    const st = settingsTexts(c);
    const form = await readForm(c);
    const fields = onboardingSteps(row.provider).flat();
    const settings = (row.settings ?? {}) as Record<string, unknown>;
    // Only what changed is sent: an empty secret keeps the stored one, an unchanged setting is no rotation.
    const sent = Object.fromEntries(
      fields.map((field) => [field, one(form, `credentials.${field}`)]).filter(([field, value]) => value !== '' && (isSecretField(row.provider, field!) || value !== String(settings[field!] ?? ''))),
    );
    const values = Object.fromEntries(fields.filter((field) => !isSecretField(row.provider, field)).map((field) => [`credentials.${field}`, one(form, `credentials.${field}`)]));
    const again = (errors: FieldErrors, message?: string, status: 404 | 409 | 422 = 422) => c.html(<ConnectionPage c={c} row={row} state={{ form: 'credentials', values, errors, message }} />, status);
    if (Object.keys(sent).length === 0) return again({}, st.connections.nothingToRotate);
    const checked = check(st, credentialsSchemaOf(row.provider).partial(), sent);
    if (!checked.ok) return again(Object.fromEntries(Object.entries(checked.errors).map(([field, message]) => [`credentials.${field}`, message])));
    const patch = check(st, connectionPatchSchema, { credentials: checked.data });
    if (!patch.ok) return again(patch.errors);
    const done = await attempt(st, () => updateConnection({ ctx: serviceContext(c as never), input: { id: row.id, patch: patch.data } }));
    if (!done.ok) return again(done.errors, done.message, refusalStatus(done.error));
    return c.redirect(`/office/settings/payment-services/${row.id}?done=credentialsRotated#credentials`, 303);
  }),
);

connectionRoutes.post(`${idPath}/payout-recognition`, (c) =>
  withConnection(c, async (row) => {
    const st = settingsTexts(c);
    const form = await readForm(c);
    const values = { ibans: one(form, 'ibans'), patterns: one(form, 'patterns'), windowDays: one(form, 'windowDays'), payoutAfterDays: one(form, 'payoutAfterDays') };
    const again = (errors: FieldErrors, message?: string) => c.html(<ConnectionPage c={c} row={row} state={{ form: 'payouts', values, errors, message }} />, 422);
    const checked = check(st, payoutRecognitionSchema, recognitionInput(form));
    if (!checked.ok) return again(checked.errors);
    const done = await attempt(st, () => savePayoutRecognition({ ctx: serviceContext(c as never), input: { connectionId: row.id, recognition: checked.data } }));
    if (!done.ok) return again(done.errors, done.message);
    return c.redirect(`/office/settings/payment-services/${row.id}?notice=saved#payouts`, 303);
  }),
);

connectionRoutes.post(`${idPath}/delete`, (c) =>
  withConnection(c, async (row) => {
    const st = settingsTexts(c);
    const done = await attempt(st, () => deleteConnection({ ctx: serviceContext(c as never), input: { id: row.id } }));
    if (!done.ok) return c.html(<ConnectionPage c={c} row={row} state={{ form: 'delete', message: done.message }} />, refusalStatus(done.error));
    return c.redirect('/office/settings/payment-services?done=connectionDeleted', 303);
  }),
);
