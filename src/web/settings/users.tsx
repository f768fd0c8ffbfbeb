// Users: the list, invitations by e-mail (the invitee chooses a password through a
// seven-day link), role changes and disabling, through the API's schemas and verbs.
import { asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { roles } from '../../access.js';
import { users } from '../../db/schema.js';
import { isLanguage, languages } from '../../i18n.js';
import { serviceContext } from '../../http/context.js';
import { uuidSchema } from '../../http/schemas.js';
import { createUserSchema, patchUserSchema } from '../../routes/users.js';
import { inviteUser } from '../../services/invite-user.js';
import { updateUser } from '../../services/update-user.js';
import { CsrfField, DateText, Field, SelectField } from '../components.js';
import type { OfficeEnv } from '../env.js';
import type { OfficeContext } from '../layout.js';
import { NotFoundPage } from '../pages.js';
import { roleName } from '../texts.js';
import { attempt, check, one, readForm, refusalStatus } from './form.js';
import { ErrorList, type FormState, SettingsShell, TableWrap, guardSection } from './shell.js';
import { settingsTexts } from './texts.js';

export const userRoutes = new Hono<OfficeEnv>();
guardSection(userRoutes, '/settings/users', 'users:manage');

async function UsersPage({ c, state = {} }: { c: OfficeContext; state?: FormState }) {
  const t = c.get('t');
  const st = settingsTexts(c);
  const rows = await c.get('deps').db.select().from(users).where(eq(users.tenantId, c.get('session').tenantId)).orderBy(asc(users.createdAt), asc(users.id));
  const roleOptions = roles.map((role) => ({ value: role, label: roleName(t, role) }));
  const errors = state.errors ?? {};
  const u = st.users;
  return (
    <SettingsShell c={c} title={st.sections.users.title} message={state.message}>
      <TableWrap label={st.sections.users.title}>
        <table class="stack">
          <thead>
            <tr>
              <th scope="col">{st.fields.userName}</th>
              <th scope="col">{st.fields.email}</th>
              <th scope="col">{st.fields.role}</th>
              <th scope="col">{u.status}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((row) => (
              <tr>
                <td data-label={st.fields.userName}>{row.name}</td>
                <td data-label={st.fields.email}>{row.email}</td>
                <td data-label={st.fields.role}>
                  <form method="post" action={`/office/settings/users/${row.id}/role`} class="inline">
                    <CsrfField c={c} />
                    <label for={`role-${row.id}`} class="visually-hidden">{`${st.fields.role}: ${row.name}`}</label>
                    <select id={`role-${row.id}`} name="role">
                      {roleOptions.map((option) => (
                        <option value={option.value} selected={option.value === row.role}>
                          {option.label}
                        </option>
                      ))}
                    </select>
                    <button type="submit">{u.changeRole}</button>
                  </form>
                </td>
                <td data-label={u.status}>
                  <form method="post" action={`/office/settings/users/${row.id}/${row.disabledAt ? 'enable' : 'disable'}`} class="inline">
                    <CsrfField c={c} />
                    <span>
                      {row.disabledAt ? (
                        <>
                          {u.disabledSince} <DateText date={row.disabledAt} />
                        </>
                      ) : row.passwordHash ? (
                        u.active
                      ) : (
                        u.invited
                      )}
                    </span>
                    <button type="submit" class={row.disabledAt ? undefined : 'danger'} aria-label={`${row.disabledAt ? u.enable : u.disable}: ${row.name}`}>
                      {row.disabledAt ? u.enable : u.disable}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableWrap>

      <h2 id="invite">{u.inviteTitle}</h2>
      <p>{u.inviteIntro}</p>
      <form method="post" action="/office/settings/users" class="settings-form" novalidate>
        <CsrfField c={c} />
        <ErrorList c={c} errors={errors} />
        <Field name="name" label={st.fields.userName} value={state.values?.name} errors={errors} required autocomplete="off" />
        <Field name="email" label={st.fields.email} type="email" value={state.values?.email} errors={errors} required autocomplete="off" />
        <SelectField name="role" label={st.fields.role} value={state.values?.role ?? 'accountant'} errors={errors} options={roleOptions} />
        <SelectField name="language" label={st.fields.language} value={state.values?.language ?? c.get('language')} errors={errors} hint={u.languageHint} options={languages.map((code) => ({ value: code, label: st.languages[code] }))} />
        <button type="submit" class="primary">
          {u.invite}
        </button>
      </form>
    </SettingsShell>
  );
}

userRoutes.get('/settings/users', (c) => c.html(<UsersPage c={c} />));

userRoutes.post('/settings/users', async (c) => {
  const st = settingsTexts(c);
  const form = await readForm(c);
  const values = { name: one(form, 'name'), email: one(form, 'email').trim(), role: one(form, 'role'), language: one(form, 'language') };
  const checked = check(st, createUserSchema, { name: values.name, email: values.email, role: values.role });
  const language = isLanguage(values.language) ? values.language : c.get('language');
  if (!checked.ok) return c.html(<UsersPage c={c} state={{ values, errors: checked.errors }} />, 422);
  const deps = c.get('deps');
  const done = await attempt(st, () => inviteUser({ ctx: serviceContext(c as never), input: { ...checked.data, language }, publicBaseUrl: deps.publicBaseUrl }));
  if (!done.ok) return c.html(<UsersPage c={c} state={{ values, errors: done.errors, message: done.message }} />, refusalStatus(done.error));
  return c.redirect('/office/settings/users?done=invited', 303);
});

/** A role change or (dis)abling: the API's PATCH schema and verb; the last admin's refusal in words. */
async function changeUser(c: OfficeContext, patch: Record<string, unknown>) {
  const st = settingsTexts(c);
  const id = c.req.param('id') ?? '';
  if (!uuidSchema.safeParse(id).success) return c.html(<NotFoundPage c={c} />, 404);
  const checked = check(st, patchUserSchema, patch);
  if (!checked.ok) return c.html(<UsersPage c={c} state={{ message: Object.values(checked.errors).join(' ') }} />, 422);
  const done = await attempt(st, () => updateUser({ ctx: serviceContext(c as never), input: { id, patch: checked.data } }));
  if (!done.ok) {
    if (done.error.code === 'not_found') return c.html(<NotFoundPage c={c} />, 404);
    return c.html(<UsersPage c={c} state={{ message: done.message }} />, refusalStatus(done.error));
  }
  return c.redirect('/office/settings/users?notice=saved', 303);
}

userRoutes.post('/settings/users/:id/role', async (c) => changeUser(c, { role: one(await readForm(c), 'role') }));
userRoutes.post('/settings/users/:id/disable', (c) => changeUser(c, { disabled: true }));
userRoutes.post('/settings/users/:id/enable', (c) => changeUser(c, { disabled: false }));
