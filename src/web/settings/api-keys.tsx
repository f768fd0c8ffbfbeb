// API keys: every key of the tenant (label, prefix, user, created, revoked), a new key for a
// user shown once on the answer to the form and never again (only its hash is kept), and
// revocation; through the API's schema and verbs.
import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import { apiKeys, users } from '../../db/schema.js';
import { fill } from '../../i18n.js';
import { serviceContext } from '../../http/context.js';
import { uuidSchema } from '../../http/schemas.js';
import { apiKeyLabelSchema } from '../../routes/users.js';
import { createApiKey } from '../../services/issue-api-key.js';
import { revokeApiKey } from '../../services/revoke-api-key.js';
import { CsrfField, DateText, Field, SelectField } from '../components.js';
import type { OfficeEnv } from '../env.js';
import type { OfficeContext } from '../layout.js';
import { NotFoundPage } from '../pages.js';
import { attempt, check, one, readForm, refusalStatus } from './form.js';
import { ErrorList, type FormState, SettingsShell, TableWrap, guardSection } from './shell.js';
import { settingsTexts } from './texts.js';

export const apiKeyRoutes = new Hono<OfficeEnv>();
guardSection(apiKeyRoutes, '/settings/api-keys', 'users:manage');

async function ApiKeysPage({ c, state = {} }: { c: OfficeContext; state?: FormState }) {
  const t = c.get('t');
  const st = settingsTexts(c);
  const { db } = c.get('deps');
  const tenantId = c.get('session').tenantId;
  // A tenant has a handful of keys: the whole list, newest first.
  const keys = await db
    .select({ id: apiKeys.id, label: apiKeys.label, prefix: apiKeys.displayPrefix, createdAt: apiKeys.createdAt, revokedAt: apiKeys.revokedAt, user: users.name })
    .from(apiKeys)
    .innerJoin(users, eq(users.id, apiKeys.userId))
    .where(eq(apiKeys.tenantId, tenantId))
    .orderBy(desc(apiKeys.createdAt));
  const holders = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), isNull(users.disabledAt)))
    .orderBy(asc(users.name));
  const errors = state.errors ?? {};
  const k = st.apiKeys;
  return (
    <SettingsShell c={c} title={st.sections.apiKeys.title} message={state.message}>
      <p>{k.intro}</p>
      {keys.length === 0 ? (
        <p>{t.none}</p>
      ) : (
        <TableWrap label={st.sections.apiKeys.title}>
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">{st.fields.label}</th>
                <th scope="col">{k.prefix}</th>
                <th scope="col">{k.user}</th>
                <th scope="col">{k.created}</th>
                <th scope="col">{k.revoked}</th>
              </tr>
            </thead>
            <tbody>
              {keys.map((key) => (
                <tr>
                  <td data-label={st.fields.label}>{key.label}</td>
                  <td data-label={k.prefix}>
                    <code>{key.prefix}…</code>
                  </td>
                  <td data-label={k.user}>{key.user}</td>
                  <td data-label={k.created}>
                    <DateText date={key.createdAt} />
                  </td>
                  <td data-label={k.revoked}>
                    {key.revokedAt ? (
                      <DateText date={key.revokedAt} />
                    ) : (
                      <form method="post" action={`/office/settings/api-keys/${key.id}/revoke`} class="inline">
                        <CsrfField c={c} />
                        <button type="submit" class="danger" aria-label={fill(k.revokeNamed, { label: key.label })}>
                          {k.revoke}
                        </button>
                      </form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <h2 id="new-key">{k.createTitle}</h2>
      <form method="post" action="/office/settings/api-keys" class="settings-form" novalidate>
        <CsrfField c={c} />
        <ErrorList c={c} errors={errors} />
        <SelectField name="userId" label={k.user} value={state.values?.userId ?? c.get('session').userId} errors={errors} hint={k.userHint} options={holders.map((holder) => ({ value: holder.id, label: `${holder.name} (${holder.email})` }))} />
        <Field name="label" label={st.fields.label} value={state.values?.label} errors={errors} hint={k.labelHint} required autocomplete="off" />
        <button type="submit" class="primary">
          {k.create}
        </button>
      </form>
    </SettingsShell>
  );
}

function KeyOnce({ c, label, apiKey }: { c: OfficeContext; label: string; apiKey: string }) {
  const st = settingsTexts(c);
  const k = st.apiKeys;
  return (
    <SettingsShell c={c} title={fill(k.shownTitle, { label })}>
      <div class="notice notice-warning" role="status">
        <p>
          <strong>{k.shownOnce}</strong>
        </p>
        <p>{k.copyHint}</p>
      </div>
      <div class="field">
        <label for="new-api-key">{k.theKey}</label>
        <input id="new-api-key" class="secret-once" value={apiKey} readonly data-select-on-focus autocomplete="off" spellcheck={false} />
      </div>
      <p>
        <a class="button" href="/office/settings/api-keys">
          {k.done}
        </a>
      </p>
    </SettingsShell>
  );
}

apiKeyRoutes.get('/settings/api-keys', (c) => c.html(<ApiKeysPage c={c} />));

apiKeyRoutes.post('/settings/api-keys', async (c) => {
  const st = settingsTexts(c);
  const form = await readForm(c);
  const values = { userId: one(form, 'userId'), label: one(form, 'label') };
  const checked = check(st, apiKeyLabelSchema, { label: values.label });
  if (!uuidSchema.safeParse(values.userId).success) return c.html(<ApiKeysPage c={c} state={{ values, errors: { userId: st.fieldErrors.userId } }} />, 422);
  if (!checked.ok) return c.html(<ApiKeysPage c={c} state={{ values, errors: checked.errors }} />, 422);
  const done = await attempt(st, () => createApiKey({ ctx: serviceContext(c as never), input: { userId: values.userId, label: checked.data.label } }));
  if (!done.ok) {
    const errors = done.error.code === 'user_disabled' || done.error.code === 'not_found' ? { userId: done.message } : done.errors;
    return c.html(<ApiKeysPage c={c} state={{ values, errors, message: done.message }} />, refusalStatus(done.error));
  }
  return c.html(<KeyOnce c={c} label={done.value.label} apiKey={done.value.apiKey} />, 201);
});

apiKeyRoutes.post('/settings/api-keys/:id/revoke', async (c) => {
  const st = settingsTexts(c);
  const id = c.req.param('id');
  if (!uuidSchema.safeParse(id).success) return c.html(<NotFoundPage c={c} />, 404);
  const done = await attempt(st, () => revokeApiKey({ ctx: serviceContext(c as never), input: { apiKeyId: id } }));
  if (!done.ok) return c.html(<NotFoundPage c={c} />, 404);
  return c.redirect('/office/settings/api-keys?done=keyRevoked', 303);
});
