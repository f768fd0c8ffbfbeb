// "Forgot your password?" and the page a one-time link opens (reset or invitation).
import { Hono } from 'hono';
import { DomainError } from '../../errors.js';
import { fill } from '../../i18n.js';
import { requestPasswordReset } from '../../services/request-password-reset.js';
import { findLinkUser, setPasswordFromLink } from '../../services/set-password-from-link.js';
import { CsrfField, Field, FormAnswer } from '../components.js';
import { writeCookie } from '../cookies.js';
import type { OfficeEnv } from '../env.js';
import { type OfficeContext, Shell } from '../layout.js';
import { MessagePage } from '../pages.js';
import { minPasswordLength } from '../password.js';

export const passwordRoutes = new Hono<OfficeEnv>();

function ForgotPage({ c, message, error }: { c: OfficeContext; message?: string; error?: string }) {
  const t = c.get('t');
  return (
    <Shell c={c} title={t.forgotTitle}>
      <FormAnswer status={message} error={error} />
      <p>{t.forgotIntro}</p>
      <form method="post" action="/office/forgot-password" class="narrow">
        <CsrfField c={c} />
        <Field name="email" label={t.email} type="email" required autocomplete="username" />
        <button type="submit" class="primary">
          {t.forgotButton}
        </button>
      </form>
      <p>
        <a href="/office/sign-in">{t.signInTitle}</a>
      </p>
    </Shell>
  );
}

passwordRoutes.get('/forgot-password', (c) => c.html(<ForgotPage c={c} />));

passwordRoutes.post('/forgot-password', async (c) => {
  const t = c.get('t');
  const deps = c.get('deps');
  const body = await c.req.parseBody();
  const email = typeof body.email === 'string' ? body.email.slice(0, 320) : '';
  try {
    await requestPasswordReset(deps, { email, address: deps.clientAddress(c), language: c.get('language') });
  } catch (error) {
    if (error instanceof DomainError && error.code === 'rate_limited') {
      const minutes = String(Math.ceil(Number(error.extra.retryAfterSeconds) / 60));
      return c.html(<ForgotPage c={c} error={fill(t.tooManyResets, { minutes })} />, 429);
    }
    throw error;
  }
  return c.html(<ForgotPage c={c} message={t.forgotSent} />);
});

function PasswordPage({ c, user, errors }: { c: OfficeContext; user: { name: string; email: string }; errors?: Record<string, string> }) {
  const t = c.get('t');
  const min = String(minPasswordLength);
  return (
    <Shell c={c} title={t.passwordTitle}>
      <p>{fill(t.passwordIntro, { name: user.name, email: user.email, min })}</p>
      <form method="post" action={c.req.path} class="narrow">
        <CsrfField c={c} />
        <input type="hidden" name="username" value={user.email} autocomplete="username" />
        <Field name="password" label={t.newPassword} type="password" required autocomplete="new-password" errors={errors} />
        <Field name="repeat" label={t.repeatPassword} type="password" required autocomplete="new-password" errors={errors} />
        <button type="submit" class="primary">
          {t.passwordButton}
        </button>
      </form>
    </Shell>
  );
}

passwordRoutes.get('/password/:token', async (c) => {
  const t = c.get('t');
  const deps = c.get('deps');
  const user = await findLinkUser(deps.db, c.req.param('token'), deps.now());
  if (!user) return c.html(<MessagePage c={c} title={t.passwordTitle} text={t.linkInvalid} backHref="/office/forgot-password" />, 404);
  // The link's page must not leak the token to other sites through Referer.
  c.header('Referrer-Policy', 'no-referrer');
  return c.html(<PasswordPage c={c} user={user} />);
});

passwordRoutes.post('/password/:token', async (c) => {
  const t = c.get('t');
  const deps = c.get('deps');
  const token = c.req.param('token');
  const user = await findLinkUser(deps.db, token, deps.now());
  if (!user) return c.html(<MessagePage c={c} title={t.passwordTitle} text={t.linkInvalid} backHref="/office/forgot-password" />, 404);
  const body = await c.req.parseBody();
  const password = typeof body.password === 'string' ? body.password : '';
  const repeat = typeof body.repeat === 'string' ? body.repeat : '';
  if (password.length < minPasswordLength) {
    return c.html(<PasswordPage c={c} user={user} errors={{ password: fill(t.passwordTooShort, { min: String(minPasswordLength) }) }} />, 422);
  }
  if (password !== repeat) return c.html(<PasswordPage c={c} user={user} errors={{ repeat: t.passwordsDiffer }} />, 422);
  try {
    const session = await setPasswordFromLink(deps, { token, password });
    writeCookie(c, 'session', session.token);
    return c.redirect('/office', 303);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'not_found') {
      return c.html(<MessagePage c={c} title={t.passwordTitle} text={t.linkInvalid} backHref="/office/forgot-password" />, 404);
    }
    throw error;
  }
});
