// Sign-in and sign-out. A wrong address and a wrong password get the same words; too many
// tries get 429 with the minutes to wait.
import { Hono } from 'hono';
import { DomainError } from '../../errors.js';
import { fill } from '../../i18n.js';
import { signIn } from '../../services/sign-in.js';
import { sha256Hex } from '../../crypto.js';
import { CsrfField, Field, FormAnswer } from '../components.js';
import { clearCookie, readCookie, writeCookie } from '../cookies.js';
import type { OfficeEnv } from '../env.js';
import { type OfficeContext, Shell } from '../layout.js';
import { endSession } from '../sessions.js';

export const signInRoutes = new Hono<OfficeEnv>();

/** Only a path of the back office itself: never another site after sign-in. */
export function safeNext(value: string | undefined): string {
  return value && /^\/office(\/|$|\?)/.test(value) && !value.startsWith('//') ? value : '/office';
}

function SignInPage({ c, email, error, status }: { c: OfficeContext; email?: string; error?: string; status?: string }) {
  const t = c.get('t');
  const next = safeNext(c.req.query('next'));
  return (
    <Shell c={c} title={t.signInTitle}>
      <FormAnswer status={status} error={error} />
      <form method="post" action={`/office/sign-in?next=${encodeURIComponent(next)}`} class="narrow">
        <CsrfField c={c} />
        <Field name="email" label={t.email} type="email" value={email} required autocomplete="username" />
        <Field name="password" label={t.password} type="password" required autocomplete="current-password" />
        <button type="submit" class="primary">
          {t.signInButton}
        </button>
      </form>
      <p>
        <a href="/office/forgot-password">{t.forgotPassword}</a>
      </p>
    </Shell>
  );
}

signInRoutes.get('/sign-in', (c) => {
  const t = c.get('t');
  if (c.get('session')) return c.redirect(safeNext(c.req.query('next')), 303);
  const status = c.req.query('ended') ? t.sessionEnded : c.req.query('signed-out') ? t.signedOut : undefined;
  return c.html(<SignInPage c={c} status={status} />);
});

signInRoutes.post('/sign-in', async (c) => {
  const t = c.get('t');
  const deps = c.get('deps');
  const body = await c.req.parseBody();
  const email = typeof body.email === 'string' ? body.email.slice(0, 320) : '';
  const password = typeof body.password === 'string' ? body.password.slice(0, 200) : '';
  try {
    const session = await signIn(deps, { email, password, address: deps.clientAddress(c) });
    writeCookie(c, 'session', session.token);
    clearCookie(c, 'form');
    return c.redirect(safeNext(c.req.query('next')), 303);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code === 'rate_limited') {
      const seconds = Number(error.extra.retryAfterSeconds);
      c.header('Retry-After', String(seconds));
      return c.html(<SignInPage c={c} email={email} error={fill(t.tooManyTries, { minutes: String(Math.ceil(seconds / 60)) })} />, 429);
    }
    if (error.code === 'unauthenticated') return c.html(<SignInPage c={c} email={email} error={t.wrongCredentials} />, 401);
    throw error;
  }
});

signInRoutes.post('/sign-out', async (c) => {
  const deps = c.get('deps');
  const token = readCookie(c, 'session');
  if (token) await endSession(deps.db, await sha256Hex(token), deps.now());
  clearCookie(c, 'session');
  return c.redirect('/office/sign-in?signed-out=1', 303);
});
