// The Hono environment of the app: what middleware puts on the context for the routes.
import type { Role } from '../access.js';
import type { AppDeps } from '../deps.js';

export interface Auth {
  tenantId: string;
  userId: string;
  role: Role;
  /** The API key of the request; null for a back-office session. */
  apiKeyId: string | null;
}

export interface AppEnv {
  Variables: {
    requestId: string;
    deps: AppDeps;
    auth: Auth;
  };
}
