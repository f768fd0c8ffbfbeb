// The overview after sign-in: the next things each role does, and for bookkeepers the
// system account with the two lists that should be empty. And the language switch
// (remembered on the user, or in a cookie before sign-in).
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { can } from '../../access.js';
import { users } from '../../db/schema.js';
import { fill, isLanguage } from '../../i18n.js';
import { systemAccountView } from '../../reconciliation/system-account.js';
import { swissToday } from '../../services/context.js';
import { Money } from '../components.js';
import { writeCookie } from '../cookies.js';
import type { OfficeEnv } from '../env.js';
import { type OfficeContext, Shell } from '../layout.js';
import { roleName } from '../texts.js';
import { safeNext } from './sign-in.js';

export const homeRoutes = new Hono<OfficeEnv>();

async function SystemAccountCard({ c }: { c: OfficeContext }) {
  const t = c.get('t');
  const deps = c.get('deps');
  const view = await systemAccountView(deps.db, c.get('session').tenantId, swissToday(deps.now()));
  const empty = view.capturedNotBooked.length === 0 && view.bookedNotPaidOut.length === 0;
  return (
    <section class="card" aria-labelledby="system-account">
      <h2 id="system-account">{fill(t.homeSystemAccountTitle, { account: view.account })}</h2>
      <p>
        {t.homeSystemBalance}: <Money amount={view.balanceChf} currency="CHF" />
      </p>
      {empty ? (
        <p>{t.homeBothEmpty}</p>
      ) : (
        <ul>
          <li>{fill(t.homeCapturedNotBooked, { count: String(view.capturedNotBooked.length) })}</li>
          <li>{fill(t.homeBookedNotPaidOut, { count: String(view.bookedNotPaidOut.length) })}</li>
        </ul>
      )}
      <p>
        <a href="/office/reconciliation">{t.homeReconcile}</a> · <a href="/office/reconciliation">{t.homeUploadStatement}</a>
      </p>
    </section>
  );
}

homeRoutes.get('/', (c) => {
  const t = c.get('t');
  const session = c.get('session');
  const role = session.role;
  return c.html(
    <Shell c={c} title={t.homeTitle}>
      <p>{fill(t.homeWelcome, { name: session.name, role: roleName(t, role) })}</p>
      <div class="cards">
        {can(role, 'invoices:read') ? (
          <section class="card" aria-labelledby="home-invoices">
            <h2 id="home-invoices">{t.homeInvoicesTitle}</h2>
            {can(role, 'invoices:write') ? (
              <p>
                <a class="button primary" href="/office/invoices/new">
                  {t.homeNewInvoice}
                </a>
              </p>
            ) : null}
            <ul>
              <li>
                <a href="/office/invoices?status=sent">{t.homeOpenInvoices}</a>
              </li>
              <li>
                <a href="/office/invoices?flagged=1">{t.homeFlaggedInvoices}</a>
              </li>
            </ul>
          </section>
        ) : null}
        {can(role, 'journal:read') ? <SystemAccountCard c={c} /> : null}
        {can(role, 'settings:manage') ? (
          <section class="card" aria-labelledby="home-settings">
            <h2 id="home-settings">{t.homeSettingsTitle}</h2>
            <ul>
              <li>
                <a href="/office/settings">{t.homePaymentServices}</a>
              </li>
              <li>
                <a href="/office/settings">{t.homeUsers}</a>
              </li>
            </ul>
          </section>
        ) : null}
      </div>
    </Shell>,
  );
});

homeRoutes.post('/language', async (c) => {
  const body = await c.req.parseBody();
  const language = typeof body.language === 'string' ? body.language : '';
  const next = safeNext(typeof body.next === 'string' ? body.next : undefined);
  if (!isLanguage(language)) return c.redirect(next, 303);
  writeCookie(c, 'lang', language, 365 * 24 * 60 * 60);
  const session = c.get('session');
  if (session) await c.get('deps').db.update(users).set({ language }).where(eq(users.id, session.userId));
  return c.redirect(next, 303);
});
