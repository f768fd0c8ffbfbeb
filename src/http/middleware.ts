// Request-wide middleware: request id and access log, and the guards on request bodies.
import type { MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { AppDeps } from '../deps.js';
import { DomainError } from '../errors.js';
import type { AppEnv } from './env.js';

const requestIdPattern = /^[A-Za-z0-9._-]{1,100}$/;

export function requestContext(deps: AppDeps): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const incoming = c.req.header('X-Request-Id');
    const requestId = incoming && requestIdPattern.test(incoming) ? incoming : crypto.randomUUID();
    c.set('requestId', requestId);
    c.set('deps', deps);
    const started = Date.now();
    await next();
    c.header('X-Request-Id', requestId);
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

/** A body that is not JSON would otherwise be read as an empty object and pass as "missing fields". */
export const requireJsonBody: MiddlewareHandler<AppEnv> = async (c, next) => {
  const hasBody = c.req.raw.body !== null && Number(c.req.header('Content-Length') ?? '1') > 0;
  if (hasBody && ['POST', 'PUT', 'PATCH'].includes(c.req.method)) {
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
export const limitBody = bodyLimit({
  maxSize: 1024 * 1024,
  onError: () => {
    throw new DomainError('payload_too_large', 'The request body may be at most 1 MiB.');
  },
});

/** Public routes (payer's forms, provider callbacks, sandboxes) take small forms only. */
const limitPublicBody = bodyLimit({
  maxSize: 64 * 1024,
  onError: () => {
    throw new DomainError('payload_too_large', 'The request body may be at most 64 KiB here.');
  },
});

/** Every route outside the API gets the public limit; the API has its own. */
export const limitBodyOutsideApi: MiddlewareHandler<AppEnv> = async (c, next) => (c.req.path.startsWith('/api/') ? next() : limitPublicBody(c, next));
