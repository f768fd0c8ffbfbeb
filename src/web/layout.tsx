// The frame of every back-office page: a skip link, the navigation the user's role may
// use, the language switch and sign-out, then the page. Plain HTML forms; the stylesheet
// and the one small script come from /office/assets so the CSP can forbid inline code.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import { raw } from 'hono/html';
import { type Permission, can } from '../access.js';
import { languages } from '../i18n.js';
import type { OfficeEnv } from './env.js';
import { CsrfField } from './components.js';
import { type OfficeTexts, roleName } from './texts.js';

export type OfficeContext = Context<OfficeEnv>;

interface NavItem {
  href: string;
  label: (t: OfficeTexts) => string;
  permission: Permission | null;
}

const navigation: NavItem[] = [
  { href: '/office', label: (t) => t.navHome, permission: null },
  { href: '/office/invoices', label: (t) => t.navInvoices, permission: 'invoices:read' },
  { href: '/office/contacts', label: (t) => t.navContacts, permission: 'contacts:read' },
  { href: '/office/journal', label: (t) => t.navJournal, permission: 'journal:read' },
  { href: '/office/reconciliation', label: (t) => t.navReconciliation, permission: 'reconciliation:manage' },
  { href: '/office/settings', label: (t) => t.navSettings, permission: 'settings:manage' },
];

function isCurrent(path: string, href: string) {
  return href === '/office' ? path === '/office' : path === href || path.startsWith(`${href}/`);
}

export function Shell({ c, title, children, wide }: { c: OfficeContext; title: string; children: Child; wide?: boolean }) {
  const t = c.get('t');
  const language = c.get('language');
  const session = c.get('session');
  const path = c.req.path;
  const notice = c.req.query('notice');
  return (
    <>
      {raw('<!doctype html>')}
      <html lang={language}>
        <head>
          <meta charset="utf-8" />
          <meta name="viewport" content="width=device-width, initial-scale=1" />
          <title>{`${title} · ${t.productName}`}</title>
          <link rel="stylesheet" href="/office/assets/office.css" />
          <link rel="icon" href="/favicon.ico" />
          <script src="/office/assets/office.js" defer></script>
        </head>
        <body>
          <a class="skip" href="#main">
            {t.skipToContent}
          </a>
          <header class="top">
            <a class="brand" href="/office">
              {t.productName}
            </a>
            {session ? (
              <nav aria-label={t.productName}>
                <ul>
                  {navigation
                    .filter((item) => item.permission === null || can(session.role, item.permission))
                    .map((item) => (
                      <li>
                        <a href={item.href} aria-current={isCurrent(path, item.href) ? 'page' : undefined}>
                          {item.label(t)}
                        </a>
                      </li>
                    ))}
                </ul>
              </nav>
            ) : null}
            <div class="who">
              <form method="post" action="/office/language" class="inline">
                <CsrfField c={c} />
                <input type="hidden" name="next" value={`${path}`} />
                <label for="language-switch" class="visually-hidden">
                  {t.language}
                </label>
                <select id="language-switch" name="language" data-autosubmit>
                  {languages.map((code) => (
                    <option value={code} selected={code === language}>
                      {code.toUpperCase()}
                    </option>
                  ))}
                </select>
                <button type="submit" class="link js-hidden">
                  {t.choose}
                </button>
              </form>
              {session ? (
                <form method="post" action="/office/sign-out" class="inline">
                  <CsrfField c={c} />
                  <span class="user">
                    {session.name} · {roleName(t, session.role)}
                  </span>{' '}
                  <button type="submit" class="link">
                    {t.signOut}
                  </button>
                </form>
              ) : null}
            </div>
          </header>
          <main id="main" class={wide ? 'wide' : undefined}>
            <h1>{title}</h1>
            {notice ? (
              <p class="notice" role="status">
                {noticeText(t, notice)}
              </p>
            ) : null}
            {children}
          </main>
        </body>
      </html>
    </>
  );
}

/** Notices after a redirect name a text of the back office (`?notice=saved`); anything else shows nothing. */
function noticeText(t: OfficeTexts, key: string): string | null {
  const value = (t as Record<string, string>)[key];
  return typeof value === 'string' ? value : null;
}
