// A person in the back office through app.request(): cookies kept between requests, the
// form's CSRF token taken from the last page, the browser's Origin sent with every form.
import { eq } from 'drizzle-orm';
import { users } from '../../src/db/schema.js';
import type { Database } from '../../src/db/client.js';
import { hashPassword } from '../../src/web/password.js';
import { type TestApp, testClientHeader, testOrigin } from './app.js';

/**
 * Gives a user a password. Tests store it with few PBKDF2 iterations (the count is part of
 * the stored hash) so a suite can sign in often; what the service itself stores is tested
 * with the real count.
 */
export async function givePassword(db: Database, userId: string, password: string) {
  await db.update(users).set({ passwordHash: await hashPassword(password, 1_000) }).where(eq(users.id, userId));
}

export interface OfficePage {
  status: number;
  headers: Headers;
  text: string;
  location: string | null;
}

export function officeVisitor(app: TestApp['app'], options: { address?: string; origin?: string } = {}) {
  const cookies = new Map<string, string>();
  let csrf = '';
  const address = options.address ?? `2001:db8:${Math.floor(Math.random() * 65535).toString(16)}::1`;

  function remember(response: Response) {
    for (const line of response.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...value] = (pair ?? '').split('=');
      if (!name) continue;
      if (/max-age=0/i.test(line) || value.join('=') === '') cookies.delete(name.trim());
      else cookies.set(name.trim(), value.join('='));
    }
  }

  async function request(method: string, path: string, body?: BodyInit, extraHeaders: Record<string, string> = {}): Promise<OfficePage> {
    const headers: Record<string, string> = { [testClientHeader]: address, ...extraHeaders };
    if (cookies.size > 0) headers.Cookie = [...cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    if (method !== 'GET') headers.Origin ??= options.origin ?? testOrigin;
    const response = await app.request(path, { method, headers, body });
    remember(response);
    const text = await response.text();
    const token = /name="_csrf" value="([^"]*)"/.exec(text)?.[1];
    if (token) csrf = token;
    return { status: response.status, headers: response.headers, text, location: response.headers.get('Location') };
  }

  return {
    cookies,
    get: (path: string) => request('GET', path),
    /** Posts a form as a browser would, with the CSRF token of the last page unless one is given. */
    post: (path: string, fields: Record<string, string | string[]>, extraHeaders?: Record<string, string>) => {
      const form = new URLSearchParams();
      if (!('_csrf' in fields)) form.append('_csrf', csrf);
      for (const [name, value] of Object.entries(fields)) for (const item of [value].flat()) form.append(name, item);
      return request('POST', path, form, { 'Content-Type': 'application/x-www-form-urlencoded', ...extraHeaders });
    },
    postMultipart: (path: string, form: FormData) => {
      if (!form.has('_csrf')) form.append('_csrf', csrf);
      return request('POST', path, form);
    },
    /** Signs in and, when it worked, opens the page it leads to (whose forms carry the session's token). */
    async signIn(email: string, password: string) {
      await request('GET', '/office/sign-in');
      const answer = await this.post('/office/sign-in', { email, password });
      if (answer.status === 303 && answer.location) await request('GET', answer.location);
      return answer;
    },
  };
}
