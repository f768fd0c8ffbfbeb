// The back office's cookies. HttpOnly and SameSite=Lax always; Secure with the __Host-
// prefix when the service is reached over https (the prefix forbids a Domain attribute
// and requires Secure and Path=/, so a sibling subdomain cannot plant or read it).
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

function secure(c: Context) {
  return c.get('deps').publicBaseUrl.startsWith('https://');
}

export const cookieNames = ['session', 'form', 'lang'] as const;
export type OfficeCookie = (typeof cookieNames)[number];

function nameOf(c: Context, cookie: OfficeCookie) {
  return `${secure(c) ? '__Host-' : ''}office_${cookie}`;
}

export function readCookie(c: Context, cookie: OfficeCookie): string | undefined {
  return getCookie(c, nameOf(c, cookie));
}

/** Without maxAgeSeconds, a cookie of the browser session (the server ends sessions itself). */
export function writeCookie(c: Context, cookie: OfficeCookie, value: string, maxAgeSeconds?: number) {
  setCookie(c, nameOf(c, cookie), value, { path: '/', httpOnly: true, sameSite: 'Lax', secure: secure(c), maxAge: maxAgeSeconds });
}

export function clearCookie(c: Context, cookie: OfficeCookie) {
  deleteCookie(c, nameOf(c, cookie), { path: '/', secure: secure(c) });
}
