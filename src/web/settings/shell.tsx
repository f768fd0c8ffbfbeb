// The frame of every settings page: the office's Shell plus the list of settings sections,
// so an admin moves between them without going back to the index.
import type { Hono } from 'hono';
import type { Child } from 'hono/jsx';
import type { Permission } from '../../access.js';
import { type FieldErrors, Notice, fieldId } from '../components.js';
import type { OfficeEnv } from '../env.js';
import { requireWebPermission } from '../guard.js';
import { type OfficeContext, Shell } from '../layout.js';
import { type SettingsTexts, fieldWords, lookup, settingsTexts } from './texts.js';

export const sections = [
  { href: '/office/settings/company', key: 'company' },
  { href: '/office/settings/payment-services', key: 'paymentServices' },
  { href: '/office/settings/accounts', key: 'accounts' },
  { href: '/office/settings/users', key: 'users' },
  { href: '/office/settings/api-keys', key: 'apiKeys' },
  { href: '/office/settings/audit', key: 'audit' },
] as const satisfies readonly { href: string; key: keyof SettingsTexts['sections'] }[];

export function SettingsShell({ c, title, children, message }: { c: OfficeContext; title: string; children: Child; message?: string | null }) {
  const st = settingsTexts(c);
  const path = c.req.path;
  // After a redirect, `?done=<key>` names what was done, in the settings' own words.
  const done = lookup(st.done, c.req.query('done') ?? '');
  return (
    <Shell c={c} title={title} wide>
      <nav aria-label={st.sectionsLabel} class="settings-nav">
        <ul>
          <li>
            <a href="/office/settings" aria-current={path === '/office/settings' ? 'page' : undefined}>
              {st.indexTitle}
            </a>
          </li>
          {sections.map((section) => (
            <li>
              <a href={section.href} aria-current={path === section.href || path.startsWith(`${section.href}/`) ? 'page' : undefined}>
                {st.sections[section.key].title}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      {done ? <Notice>{done}</Notice> : null}
      {message ? <Notice kind="error">{message}</Notice> : null}
      {children}
    </Shell>
  );
}

/** A table that may scroll sideways on a phone: a named region keyboard users can focus and scroll. */
export function TableWrap({ label, children }: { label: string; children: Child }) {
  return (
    <div class="table-wrap" tabindex={0} role="region" aria-label={label}>
      {children}
    </div>
  );
}

/** A section's page and everything below it (its forms) need the permission; without it, the 403 page. */
export function guardSection(section: Hono<OfficeEnv>, path: string, permission: Permission) {
  section.use(path, requireWebPermission(permission));
  section.use(`${path}/*`, requireWebPermission(permission));
}

/** What a refused form shows again: the person's input, the errors by field, the refusal in words. */
export interface FormState {
  values?: Record<string, string>;
  errors?: FieldErrors;
  message?: string | null;
}

/** The errors of a refused form, each named as its label says and linked to its field. */
export function ErrorList({ c, errors }: { c: OfficeContext; errors: FieldErrors }) {
  const st = settingsTexts(c);
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert">
      <p>{c.get('t').errorsTitle}</p>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#${fieldId(field)}`}>{`${fieldWords(st, field)}: ${message}`}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}
