// Request-wide middleware: request id and access log, and the guards on request bodies.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../deps.js';
import { DomainError } from '../errors.js';
import type { AppEnv } from './env.js';
import { setAnsweredHeader } from './response-headers.js';

const requestIdPattern = /^[A-Za-z0-9._-]{1,100}$/;

export function requestContext(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('X-Request-Id');
    const requestId = incoming && requestIdPattern.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', requestId);
    c.set('deps', deps);
    const started = Date.now();
    await next();
    setAnsweredHeader(c, 'X-Request-Id', requestId);
    deps.logger.info('request', {
      requestId,
      method: c.req.method,
      path: c.req.path,
      status: c.res.status,
      ms: Date.now() - started,
    });
  };
}

const jsonMediaType = /^application\/([\w.-]+\+)?json$/i;

/**
 * API routes that take a raw document instead of JSON, and their own body limit. A month's
 * camt.053 of a busy account runs to a few MiB; 10 MiB leaves room without inviting abuse.
 */
export const rawBodyRoutes: Record<string, { maxSize: number; label: string }> = {
  '/api/v1/bank-statements': { maxSize: 10 * 1024 * 1024, label: '10 MiB' },
  '/api/v1/exchange-rates/import': { maxSize: 1024 * 1024, label: '1 MiB' },
};

const rawBodyLimits = new Map(
  Object.entries(rawBodyRoutes).map(([path, limit]) => [
    path,
    bodyLimit({
      maxSize: limit.maxSize,
      onError: () => {
        throw new DomainError('payload_too_large', `The request body may be at most ${limit.label} here.`);
      },
    }),
  ]),
);

/** A body that is not JSON would otherwise be read as an empty object and pass as "missing fields". */
export const requireJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  // A raw-document route checks its own media type.
  if (rawBodyRoutes[c.req.path]) return next();
  const sends = ['POST', 'PUT', 'PATCH'].includes(c.req.method);
  if (sends && c.req.raw.body !== null && Number(c.req.header('Content-Length') ?? '1') > 0) {
    const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim() ?? '';
    if (!jsonMediaType.test(mediaType)) {
      throw new DomainError(
        'unsupported_media_type',
        `Send the body as application/json (Content-Type was "${mediaType || 'missing'}").`,
      );
    }
  }
  await next();
};

// Limits are enforced while the body streams in: a declared Content-Length over the limit is
// refused before a byte is read, and a body without one is cut off as soon as it passes it.
const limitJsonBody = bodyLimit({
  maxSize: 1024 * 1024,
  onError: () => {
    throw new DomainError('payload_too_large', 'The request body may be at most 1 MiB.');
  },
});

/**
 * GET and HEAD are answered without reading a body, so there is nothing to limit. Asking
 * Node's adapter for `c.req.raw.body` would also build a whole fetch Request (with its abort
 * signal) for every page view: a profile of the pay page showed that as its largest cost.
 */
const readsNoBody = (method: string) => method === 'GET' || method === 'HEAD';

/** 1 MiB for the API, except the raw-document routes above with their own limit. */
export const limitBody: MiddlewareHandler<AppEnv> = async (c, next) =>
  readsNoBody(c.req.method) ? next() : (rawBodyLimits.get(c.req.path) ?? limitJsonBody)(c, next);

/** Public routes (payer's forms, provider callbacks, sandboxes) take small forms only. */
const limitPublicBody = bodyLimit({
  maxSize: 64 * 1024,
  onError: () => {
    throw new DomainError('payload_too_large', 'The request body may be at most 64 KiB here.');
  },
});

/** The back office's statement upload takes a camt document as large as the API's route does. */
const officeUploadLimits = new Map([['/office/reconciliation/statements', rawBodyLimits.get('/api/v1/bank-statements')!]]);

/** Every route outside the API gets the public limit (the office's upload its own); the API has its own. */
export const limitBodyOutsideApi: MiddlewareHandler<AppEnv> = async (c, next) =>
  readsNoBody(c.req.method) || c.req.path.startsWith('/api/') ? next() : (officeUploadLimits.get(c.req.path) ?? limitPublicBody)(c, next);

/** What PostgreSQL cannot store in text or jsonb: a NUL byte, or half of a UTF-16 surrogate pair. */
const unstorable = [
  // eslint-disable-next-line no-control-regex -- the NUL byte is exactly what is looked for
  { pattern: /\u0000/, message: 'must not contain a NUL byte (\\u0000)', words: 'a NUL byte' },
  {
    pattern: /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/,
    message: 'must be Unicode text: a lone surrogate (such as \\ud800) is half a character',
    words: 'a lone surrogate',
  },
] as const;

const problemOf = (text: string) => unstorable.find((rule) => rule.pattern.test(text)) ?? null;

/**
 * The dotted path of the first string (value or key) under `value` that PostgreSQL cannot store,
 * and why, or null. A loop over a work list, not recursion: a JSON body nested a hundred thousand
 * levels deep (well under the body limit) would exhaust the call stack and end in a 500. Each
 * item keeps its parent and its key, and the path is spelled out only for the string found.
 */
function unstorablePath(value: unknown, path: string): { field: string; rule: (typeof unstorable)[number] } | null {
  interface Item {
    value: unknown;
    key: string;
    parent: Item | null;
  }
  const pending: Item[] = [{ value, key: path, parent: null }];
  for (let item = pending.pop(); item; item = pending.pop()) {
    const rule = problemOf(item.key) ?? (typeof item.value === 'string' ? problemOf(item.value) : null);
    if (rule) return { field: pathOf(item), rule };
    if (item.value && typeof item.value === 'object') {
      const entries = Array.isArray(item.value) ? item.value.map((v, i): [string, unknown] => [String(i), v]) : Object.entries(item.value);
      // Reversed onto the stack, so the first field in document order is named first.
      for (const [key, child] of entries.reverse()) pending.push({ value: child, key, parent: item });
    }
  }
  return null;

  function pathOf(item: Item): string {
    const keys: string[] = [];
    for (let at: Item | null = item; at; at = at.parent) if (at.key) keys.push(at.key);
    return keys.reverse().join('.');
  }
}

/**
 * PostgreSQL stores no NUL byte in text or jsonb, and jsonb no lone surrogate (JSON allows the
 * escape \ud800 on its own): such input would fail deep in a query, or be stored as U+FFFD in
 * text. It is refused up front, naming the field, in the query, a JSON body or a form body.
 */
export const refuseUnstorableText: MiddlewareHandler<AppEnv> = async (c, next) => {
  const inQuery = !c.req.url.includes('?') ? null : unstorablePath(joined(Object.entries(c.req.queries()).flatMap(([name, values]) => values.map((v): [string, string] => [name, v]))), '');
  let inBody: ReturnType<typeof unstorablePath> = null;
  if (['POST', 'PUT', 'PATCH'].includes(c.req.method) && c.req.raw.body !== null) {
    const mediaType = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim() ?? '';
    // A copy: routes (the sandboxes) read the raw body themselves. Bounded by the body limits above.
    const text = await c.req.raw.clone().text().catch(() => '');
    if (jsonMediaType.test(mediaType)) inBody = unstorablePath(parseJson(text), '');
    else if (/^application\/x-www-form-urlencoded$/i.test(mediaType)) inBody = unstorablePath(joined([...new URLSearchParams(text)]), '');
  }
  const found = inQuery ?? inBody;
  if (found !== null) {
    const { field, rule } = found;
    throw new DomainError('validation_failed', `The field ${field} holds ${rule.words}, which no text may contain.`, {
      errors: [{ field, message: rule.message }],
    });
  }
  await next();
};

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/** Name → all its values joined, so what cannot be stored is found in any repeat of a name. */
const joined = (pairs: [string, string][]) => pairs.reduce<Record<string, string>>((all, [name, value]) => ({ ...all, [name]: (all[name] ?? '') + value }), {});
