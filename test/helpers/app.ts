// An app over the test database, tenants with a key per role, and a small HTTP client
// that goes through app.request() as a real client would.
import type { Context } from 'hono';
import { createApp } from '../../src/app.js';
import { paymentDeps } from '../../src/payments/deps.js';
import { defaultPostFinanceSandbox } from '../../src/sandbox/postfinance/state.js';
import { defaultSaferpaySandbox } from '../../src/sandbox/saferpay/state.js';
import { createSecretBox } from '../../src/secret-box.js';
import type { AppDeps } from '../../src/deps.js';
import { silentLogger } from '../../src/logger.js';
import { readDocsAsset } from '../../src/node/docs-assets.js';
import { createTenant } from '../../src/services/create-tenant.js';
import { createApiKey } from '../../src/services/issue-api-key.js';
import { createUser } from '../../src/services/create-user.js';
import { randomClientAddress } from './clock.js';
import { type TestDatabase, testDatabase } from './database.js';

export interface TestApp {
  app: ReturnType<typeof createApp>;
  deps: AppDeps;
  database: TestDatabase;
  /** Runs what the sandboxes scheduled for later (notifications), in order. */
  runDeferred(): Promise<void>;
  /** Forgets what the sandboxes scheduled (a lost notification). */
  dropDeferred(): void;
}

export const testOrigin = 'http://localhost:3000';

/** A URL the app wrote (absolute, on the test origin) requested from the app, as a browser follows it. */
export function requestUrl(test: TestApp, url: string, init?: RequestInit) {
  const { pathname, search } = new URL(url, testOrigin);
  return test.app.request(`${pathname}${search}`, init);
}

/**
 * Outbound HTTP to this origin goes into the app itself (providers' sandboxes, callbacks);
 * anything else is unreachable, as on the CI machine. `tamper` lets a test alter answers.
 */
export type Tamper = (url: URL, forward: () => Promise<Response>) => Promise<Response>;

/** The request reaches the provider, its answer is lost on the way back, while `active()` says so. */
export function loseAnswers(suffix: string, active: () => boolean): Tamper {
  return async (url, forward) => {
    const response = await forward();
    if (url.pathname.endsWith(suffix) && active()) throw new TypeError('fetch failed: connection reset');
    return response;
  };
}

/** The payment flows' deps with the clock `minutes` ahead: what the reconciliation job sees later. */
export const later = (app: TestApp, minutes: number) => ({ ...paymentDeps(app.deps), now: () => new Date(Date.now() + minutes * 60_000) });

/** A tamper that only counts the calls to paths ending in `suffix`. */
export function countCalls(suffix: string) {
  let calls = 0;
  const tamper: Tamper = (url, forward) => {
    if (url.pathname.endsWith(suffix)) calls++;
    return forward();
  };
  return { tamper, calls: () => calls };
}

/** A tamper that rewrites the answers of paths ending in `suffix`, while `active()` says so. */
export function rewriteAnswers(suffix: string, rewrite: (body: string) => string, active: () => boolean = () => true): Tamper {
  return async (url, forward) => {
    const response = await forward();
    if (!url.pathname.endsWith(suffix) || !active()) return response;
    return new Response(rewrite(await response.text()), { status: response.status, headers: response.headers });
  };
}

export function fetchIntoApp(getApp: () => ReturnType<typeof createApp>, tamper?: Tamper) {
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.origin !== testOrigin) throw new TypeError(`fetch failed: ${url.origin} is unreachable`);
    const forward = async () => getApp().request(`${url.pathname}${url.search}`, init);
    return tamper ? tamper(url, forward) : forward();
  }) as typeof fetch;
}

/** The header through which a test says which client address a request comes from. */
export const testClientHeader = 'X-Test-Client-Address';

/**
 * Each request comes from an address of its own (a random IPv6 /64), so the limits per
 * address never meet unless a test names one in `testClientHeader`.
 */
export function testClientAddress(c: Context): string {
  return c.req.header(testClientHeader) ?? randomClientAddress();
}

export async function createTestApp(
  overrides: Partial<AppDeps> = {},
  options: { tamper?: Tamper } = {},
): Promise<TestApp> {
  const database = await testDatabase();
  const deferred: (() => Promise<void>)[] = [];
  let app: ReturnType<typeof createApp> | null = null;
  const deps: AppDeps = {
    db: database.db,
    logger: silentLogger,
    publicBaseUrl: testOrigin,
    now: () => new Date(),
    clientAddress: testClientAddress,
    secretBox: await createSecretBox('test-app-secret-that-is-long-enough-123'),
    fetch: fetchIntoApp(() => app!, options.tamper),
    sleep: async () => {},
    defer: (task) => void deferred.push(task),
    sandbox: { saferpay: defaultSaferpaySandbox, postfinance: defaultPostFinanceSandbox },
    docsAssets: readDocsAsset,
    ...overrides,
  };
  app = createApp(deps);
  return {
    app,
    deps,
    database,
    async runDeferred() {
      while (deferred.length > 0) await deferred.shift()!();
    },
    dropDeferred() {
      deferred.length = 0;
    },
  };
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
