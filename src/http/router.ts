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

type ApiRouteInput = Omit<RouteConfig, 'security' | 'middleware'>;

/** A route under /api/v1: bearer-authenticated, gated by one permission, errors documented. */
export function apiRoute<const R extends ApiRouteInput>(
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
    responses: {
      ...problemResponses('unauthenticated', 'forbidden', 'validation_failed', 'rate_limited', ...errors),
      ...route.responses,
    },
  });
}
