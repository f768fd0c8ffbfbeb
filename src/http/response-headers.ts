// Headers that middleware adds once the route has answered. Hono's c.header() at that point
// copies the whole response to make its headers writable, and on Node that turns a page held
// as a string into a stream the adapter must pump (a fifth of a pay-page view's CPU in a
// profile). The responses this app builds have writable headers, so they are set in place; a
// response with immutable headers (one passed through from fetch) still gets the copy.
import type { Context } from 'hono';

export function setAnsweredHeader(c: Context, name: string, value: string): void {
  try {
    c.res.headers.set(name, value);
  } catch {
    c.header(name, value);
  }
}
