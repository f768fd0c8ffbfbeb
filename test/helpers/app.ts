// An app over the test database, tenants with a key per role, and a small HTTP client
// that goes through app.request() as a real client would.
import { createApp } from '../../src/app.js';
import type { AppDeps } from '../../src/deps.js';
import { silentLogger } from '../../src/logger.js';
import { createTenant } from '../../src/services/create-tenant.js';
import { createApiKey } from '../../src/services/issue-api-key.js';
import { createUser } from '../../src/services/create-user.js';
import { type TestDatabase, testDatabase } from './database.js';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  database: TestDatabase;
}

export async function createTestApp(overrides: Partial<AppDeps> = {}): Promise<TestApp> {
  const database = await testDatabase();
  const deps: AppDeps = {
    db: database.db,
    logger: silentLogger,
    publicBaseUrl: 'http://localhost:3000',
    now: () => new Date(),
    ...overrides,
  };
  return { app: createApp(deps), deps, database };
}

export interface TestTenant {
  tenantId: string;
  keys: { admin: string; accountant: string; bookkeeper: string };
  userIds: { admin: string; accountant: string; bookkeeper: string };
}

let tenantCounter = 0;

export async function createTestTenant(database: TestDatabase, name = 'Test AG'): Promise<TestTenant> {
  const unique = `${Date.now().toString(36)}-${process.pid}-${++tenantCounter}`;
  const { tenant, admin, apiKey } = await createTenant({
    db: database.db,
    input: { name: `${name} ${unique}`, adminName: 'Ada Admin', adminEmail: `admin-${unique}@example.ch` },
  });
  const ctx = { db: database.db, tenantId: tenant.id, userId: admin.id, now: () => new Date() };
  const extra = async (role: 'accountant' | 'bookkeeper') => {
    const user = await createUser({
      ctx,
      input: { name: role, email: `${role}-${unique}@example.ch`, role },
    });
    const key = await createApiKey({ ctx, input: { userId: user.id, label: role } });
    return { userId: user.id, key: key.apiKey };
  };
  const accountant = await extra('accountant');
  const bookkeeper = await extra('bookkeeper');
  return {
    tenantId: tenant.id,
    keys: { admin: apiKey, accountant: accountant.key, bookkeeper: bookkeeper.key },
    userIds: { admin: admin.id, accountant: accountant.userId, bookkeeper: bookkeeper.userId },
  };
}

export interface ApiResponse<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

export function apiClient(app: TestApp['app'], key?: string) {
  const call = async <T = Record<string, unknown>>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<ApiResponse<T>> => {
    const init: RequestInit = {
      method,
      headers: { ...(key ? { Authorization: `Bearer ${key}` } : {}), ...headers },
    };
    if (body !== undefined) {
      init.body = typeof body === 'string' ? body : JSON.stringify(body);
      (init.headers as Record<string, string>)['Content-Type'] ??= 'application/json';
    }
    const response = await app.request(path, init);
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = JSON.parse(text);
    } catch {
      // not JSON: keep the text
    }
    return { status: response.status, headers: response.headers, body: parsed as T, text };
  };
  return {
    get: <T = Record<string, unknown>>(path: string) => call<T>('GET', path),
    post: <T = Record<string, unknown>>(path: string, body?: unknown, headers?: Record<string, string>) =>
      call<T>('POST', path, body, headers),
    put: <T = Record<string, unknown>>(path: string, body?: unknown) => call<T>('PUT', path, body),
    patch: <T = Record<string, unknown>>(path: string, body?: unknown) => call<T>('PATCH', path, body),
    delete: <T = Record<string, unknown>>(path: string) => call<T>('DELETE', path),
    call,
  };
}
