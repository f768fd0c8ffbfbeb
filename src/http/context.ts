// Builds a verb's context from an authenticated request.
import type { Context } from 'hono';
import { sandboxEnabled } from '../payments/deps.js';
import type { ServiceContext } from '../services/context.js';
import type { AppEnv } from './env.js';

export function serviceContext(c: Context<AppEnv>): ServiceContext {
  const deps = c.get('deps');
  const auth = c.get('auth');
  return {
    db: deps.db,
    tenantId: auth.tenantId,
    userId: auth.userId,
    now: deps.now,
    secretBox: deps.secretBox,
    sandboxEnabled: sandboxEnabled(deps),
  };
}
