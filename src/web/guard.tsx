// What stands in front of every back-office page: security headers, the language, the
// session, and the CSRF check of every form.
//
// CSRF has two locks. The browser's Origin (or, lacking it, Referer) must be the service's
// own origin; and the form must carry a token: the session's own once signed in, or before
// that the token of a short-lived form cookie (double submit), so a sign-in cannot be forced
// from another site either.
import type { MiddlewareHandler } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import { type Permission, can } from '../access.js';
import { forbiddenError } from '../http/auth.js';
import { type Language, isLanguage } from '../i18n.js';
import { constantTimeEqual, randomToken } from '../crypto.js';
import { readCookie, writeCookie } from './cookies.js';
import type { OfficeEnv } from './env.js';
import { readSession } from './sessions.js';
import { officeTexts } from './texts.js';
import { ForbiddenPage, MessagePage } from './pages.js';
import { setAnsweredHeader } from '../http/response-headers.js';

export const officeHeaders: MiddlewareHandler<OfficeEnv> = secureHeaders({
  contentSecurityPolicy: {
    defaultSrc: ["'none'"],
    styleSrc: ["'self'"],
    scriptSrc: ["'self'"],
    imgSrc: ["'self'", 'data:'],
    connectSrc: ["'self'"],
    formAction: ["'self'"],
    frameSrc: ["'self'"],
    frameAncestors: ["'none'"],
    baseUri: ["'none'"],
  },
  referrerPolicy: 'same-origin',
  xFrameOptions: 'DENY',
});

export const noStore: MiddlewareHandler<OfficeEnv> = async (c, next) => {
  await next();
  setAnsweredHeader(c, 'Cache-Control', 'no-store');
};

function acceptedLanguage(header: string | undefined): Language | undefined {
  for (const part of (header ?? '').split(',')) {
    const code = part.trim().slice(0, 2).toLowerCase();
    if (isLanguage(code)) return code;
  }
  return undefined;
}

/** Reads the session if there is one, and the language: the user's choice, the cookie's, the browser's. */
export const loadSession: MiddlewareHandler<OfficeEnv> = async (c, next) => {
  const deps = c.get('deps');
  const token = readCookie(c, 'session');
  const session = token ? await readSession(deps.db, token, deps.now()) : null;
  if (session) {
    c.set('session', session);
    c.set('auth', { tenantId: session.tenantId, userId: session.userId, role: session.role, apiKeyId: null });
  } else {
    let formToken = readCookie(c, 'form');
    if (!formToken || formToken.length !== 43) {
      formToken = randomToken(32);
      writeCookie(c, 'form', formToken, 2 * 60 * 60);
    }
    c.set('formToken', formToken);
  }
  const cookieLanguage = readCookie(c, 'lang');
  const language = session?.language ?? (isLanguage(cookieLanguage) ? cookieLanguage : acceptedLanguage(c.req.header('Accept-Language'))) ?? 'de';
  c.set('language', language);
  c.set('t', officeTexts(language));
  c.header('Content-Language', language);
  await next();
};

const publicPaths = new Set(['/office/sign-in', '/office/forgot-password', '/office/language']);

export function isPublicPath(path: string) {
  return publicPaths.has(path) || path.startsWith('/office/password/') || path.startsWith('/office/assets/');
}

/** Pages need a session; without one, a page asks to sign in and comes back after it. */
export const requireSignedIn: MiddlewareHandler<OfficeEnv> = async (c, next) => {
  if (isPublicPath(c.req.path) || c.get('session')) return next();
  const url = new URL(c.req.url);
  const back = c.req.method === 'GET' ? `${url.pathname}${url.search}` : '/office';
  return c.redirect(`/office/sign-in?next=${encodeURIComponent(back)}${token(c) ? '&ended=1' : ''}`, 303);
};

const token = (c: Parameters<MiddlewareHandler<OfficeEnv>>[0]) => readCookie(c, 'session');

function sameOrigin(value: string | undefined, origin: string): boolean {
  if (!value) return false;
  try {
    return new URL(value).origin === origin;
  } catch {
    return false;
  }
}

export const checkCsrf: MiddlewareHandler<OfficeEnv> = async (c, next) => {
  if (c.req.method === 'GET' || c.req.method === 'HEAD') return next();
  const origin = new URL(c.get('deps').publicBaseUrl).origin;
  const from = c.req.header('Origin') ?? c.req.header('Referer');
  const body = await c.req.parseBody();
  const sent = typeof body._csrf === 'string' ? body._csrf : '';
  const session = c.get('session');
  const expected = session ? session.csrfToken : readCookie(c, 'form');
  if (!sameOrigin(from, origin) || !expected || !constantTimeEqual(sent, expected)) {
    const t = c.get('t');
    return c.html(<MessagePage c={c} title={t.formExpired} text={t.formExpired} backHref={c.req.path} />, 403);
  }
  await next();
};

/** A page or action that needs a permission shows which one is missing and which role has it. */
export function requireWebPermission(permission: Permission): MiddlewareHandler<OfficeEnv> {
  return async (c, next) => {
    const { role } = c.get('session');
    if (can(role, permission)) return next();
    return c.html(<ForbiddenPage c={c} error={forbiddenError(role, permission)} />, 403);
  };
}
