// Sub-apps and route declarations share one validation hook and one way to declare who
// may call a route, so every route documents its permission and its errors the same way.
import { OpenAPIHono, type RouteConfig, createRoute } from '@hono/zod-openapi';
import type { Permission } from '../access.js';
import { permissions } from '../access.js';
import { DomainError, type ErrorCode, type FieldProblem } from '../errors.js';
import { requirePermission } from './auth.js';
import type { AppEnv } from './env.js';
import { problemResponses } from './errors.js';

interface ZodIssueLike {
  path: PropertyKey[];
  message: string;
  code?: string;
  keys?: string[];
}

const targetNames: Record<string, string> = { json: 'body', query: 'query', param: 'path', header: 'header' };

export function fieldProblems(issues: readonly ZodIssueLike[], target: string): FieldProblem[] {
  const location = targetNames[target] ?? target;
  return issues.flatMap((issue) => {
    const base = issue.path.map(String);
    if (issue.code === 'unrecognized_keys' && issue.keys) {
      return issue.keys.map((key) => ({
        field: [...base, key].join('.'),
        message: 'unknown field; check its spelling against the API reference',
        in: location,
      }));
    }
    return [{ field: base.join('.') || '(root)', message: issue.message, in: location }];
  });
}

export function createRouter() {
  return new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (result.success) return;
      const errors = fieldProblems(result.error.issues, result.target);
      const named = errors.map((e) => `${e.field}: ${e.message}`).join('; ');
      throw new DomainError('validation_failed', `Check these fields: ${named}.`, { errors });
    },
  });
}

/** Every documented operation names itself: generated clients take their method names from it. */
type RouteInput = Omit<RouteConfig, 'security' | 'middleware' | 'operationId'> & { operationId: string };
type Responses = RouteConfig['responses'];

/**
 * The route's own responses with the problems of `codes` added: where both name a status
 * (a page's 400 and the validation problem), the status lists both media types and both texts.
 */
function withProblems<const Own extends Responses>(own: Own, codes: ErrorCode[]) {
  const merged: Responses = { ...problemResponses(...codes) };
  for (const [status, response] of Object.entries(own)) {
    const problem = merged[status];
    merged[status] =
      problem && 'content' in problem && !('$ref' in response)
        ? { ...response, description: `${response.description}; ${problem.description}`, content: { ...problem.content, ...response.content } }
        : response;
  }
  return merged as ReturnType<typeof problemResponses> & Own;
}

/** A route under /api/v1: bearer-authenticated, gated by one permission, errors documented. */
export function apiRoute<const R extends RouteInput>(
  permission: Permission,
  errors: ErrorCode[],
  route: R,
) {
  return createRoute({
    ...route,
    description:
      `${route.description ?? ''}\n\nNeeds the permission \`${permission}\` (${permissions[permission]}).`.trim(),
    security: [{ bearer: [] }],
    middleware: [requirePermission(permission)] as const,
    responses: withProblems(route.responses, ['unauthenticated', 'forbidden', 'validation_failed', 'rate_limited', ...errors]),
  });
}

/**
 * A route anyone may call without an API key (the payer's pages, the providers' callbacks,
 * health): `security: []` says so. Any of them can answer validation_failed (a path parameter
 * out of bounds, a NUL byte in the query), so that problem is always documented.
 */
export function publicRoute<const R extends RouteInput>(errors: ErrorCode[], route: R) {
  return createRoute({
    ...route,
    security: [],
    responses: withProblems(route.responses, ['validation_failed', ...errors]),
  });
}
