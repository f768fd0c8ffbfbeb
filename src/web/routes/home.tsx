// The overview after sign-in, and the language switch (remembered on the user, or in a
// cookie before sign-in).
import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { users } from '../../db/schema.js';
import { fill, isLanguage } from '../../i18n.js';
import { writeCookie } from '../cookies.js';
import type { OfficeEnv } from '../env.js';
import { Shell } from '../layout.js';
import { roleName } from '../texts.js';
import { safeNext } from './sign-in.js';

export const homeRoutes = new Hono<OfficeEnv>();

homeRoutes.get('/', (c) => {
  const t = c.get('t');
  const session = c.get('session');
  return c.html(
    <Shell c={c} title={t.homeTitle}>
      <p>{fill(t.homeWelcome, { name: session.name, role: roleName(t, session.role) })}</p>
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
