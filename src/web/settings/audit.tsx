// The audit log, newest first, in pages over its own sequence (the same read as
// GET /api/v1/audit), filtered by action and actor, each entry in plain words.
import { asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { auditActions } from '../../audit/record.js';
import { auditQuerySchema, readAudit } from '../../audit/read.js';
import { users } from '../../db/schema.js';
import { type FieldErrors, SelectField } from '../components.js';
import type { OfficeEnv } from '../env.js';
import { requireWebPermission } from '../guard.js';
import { auditWords } from './audit-words.js';
import { check } from './form.js';
import { SettingsShell, TableWrap } from './shell.js';
import { lookup, settingsTexts } from './texts.js';

export const auditRoutes = new Hono<OfficeEnv>();
auditRoutes.use('/settings/audit', requireWebPermission('audit:read'));

const pageSize = 50;

/** "27.11.2026 14:05", Swiss time. */
const instant = (date: string) =>
  new Intl.DateTimeFormat('de-CH', { timeZone: 'Europe/Zurich', day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' }).format(new Date(date));

auditRoutes.get('/settings/audit', async (c) => {
  const st = settingsTexts(c);
  const t = c.get('t');
  const { db } = c.get('deps');
  const tenantId = c.get('session').tenantId;
  const asked = { action: c.req.query('action') || undefined, actor: c.req.query('actor') || undefined, cursor: c.req.query('cursor') || undefined, limit: pageSize };
  const checked = check(st, auditQuerySchema, asked);
  const errors: FieldErrors = checked.ok ? {} : checked.errors;
  const page = checked.ok ? await readAudit(db, tenantId, checked.data) : { items: [], nextCursor: null };
  const people = await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.tenantId, tenantId)).orderBy(asc(users.name));
  const names = new Map(people.map((person) => [person.id, person.name]));
  const filters = new URLSearchParams(Object.entries({ action: asked.action, actor: asked.actor }).filter((entry): entry is [string, string] => entry[1] !== undefined));
  return c.html(
    <SettingsShell c={c} title={st.sections.audit.title}>
      <form method="get" action="/office/settings/audit" class="filters" role="search">
        <SelectField
          name="action"
          label={st.audit.action}
          value={asked.action ?? ''}
          errors={errors}
          options={[{ value: '', label: st.audit.allActions }, ...auditActions.map((action) => ({ value: action, label: lookup(st.audit.actions, action) ?? action }))]}
        />
        <SelectField name="actor" label={st.audit.actor} value={asked.actor ?? ''} errors={errors} options={[{ value: '', label: st.audit.everyone }, ...people.map((person) => ({ value: person.id, label: person.name }))]} />
        <button type="submit">{t.filter}</button>
        <a href="/office/settings/audit">{t.reset}</a>
      </form>
      {page.items.length === 0 ? (
        <p>{st.audit.nothing}</p>
      ) : (
        <TableWrap label={st.sections.audit.title}>
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">{st.audit.when}</th>
                <th scope="col">{st.audit.actor}</th>
                <th scope="col">{st.audit.what}</th>
                <th scope="col">{st.audit.detailsColumn}</th>
              </tr>
            </thead>
            <tbody>
              {page.items.map((item) => {
                const words = auditWords(st, t, item, names);
                return (
                  <tr>
                    <td data-label={st.audit.when} class="nowrap">
                      <time datetime={item.createdAt}>{instant(item.createdAt)}</time>
                    </td>
                    <td data-label={st.audit.actor}>{item.actorUserId ? (names.get(item.actorUserId) ?? st.audit.formerUser) : st.audit.operator}</td>
                    <td data-label={st.audit.what}>{words.what}</td>
                    <td data-label={st.audit.detailsColumn}>{words.details}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </TableWrap>
      )}
      <nav aria-label={st.audit.pages} class="pager">
        {asked.cursor ? <a href={`/office/settings/audit${filters.size > 0 ? `?${filters}` : ''}`}>{st.audit.newest}</a> : null}{' '}
        {page.nextCursor ? <a href={`/office/settings/audit?${new URLSearchParams([...filters, ['cursor', page.nextCursor]])}`}>{st.audit.older}</a> : null}
      </nav>
    </SettingsShell>,
  );
});
