// Liveness and readiness for process managers and load balancers.
import { z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { createRouter, publicRoute } from '../http/router.js';

export const healthRoutes = createRouter();

const healthSchema = z.object({ status: z.literal('ok') });
const readySchema = z.object({
  status: z.enum(['ready', 'not_ready']),
  database: z.enum(['ok', 'unreachable']),
  migrations: z.enum(['current', 'pending', 'unknown']),
});

healthRoutes.openapi(
  publicRoute([], {
    method: 'get',
    path: '/health',
    operationId: 'checkHealth',
    tags: ['operations'],
    summary: 'The process is up',
    responses: { 200: { description: 'Up', content: { 'application/json': { schema: healthSchema } } } },
  }),
  (c) => c.json({ status: 'ok' as const }, 200),
);

healthRoutes.openapi(
  publicRoute([], {
    method: 'get',
    path: '/ready',
    operationId: 'checkReadiness',
    tags: ['operations'],
    summary: 'The database answers and its migrations are current',
    responses: {
      200: { description: 'Ready', content: { 'application/json': { schema: readySchema } } },
      503: { description: 'Not ready', content: { 'application/json': { schema: readySchema } } },
    },
  }),
  async (c) => {
    const deps = c.get('deps');
    let database: 'ok' | 'unreachable' = 'ok';
    let migrations: 'current' | 'pending' | 'unknown' = 'unknown';
    try {
      await deps.db.execute(sql`select 1`);
      if (deps.migrationsCurrent) migrations = (await deps.migrationsCurrent()) ? 'current' : 'pending';
    } catch (error) {
      database = 'unreachable';
      deps.logger.warn('readiness check failed', { error: String(error) });
    }
    const ready = database === 'ok' && migrations !== 'pending';
    return c.json(
      { status: ready ? ('ready' as const) : ('not_ready' as const), database, migrations },
      ready ? 200 : 503,
    );
  },
);
