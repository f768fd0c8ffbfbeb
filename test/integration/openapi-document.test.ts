// What a tool reading /openapi.json relies on, checked on the document the app serves: a
// stable verb-noun operationId on every operation (generated clients name their methods after
// it), a declared security (none on the public pages and callbacks), the errors it can answer,
// the server it lives on, and paths a router cannot confuse. A route added without these fails here.
import { beforeAll, describe, expect, it } from 'vitest';
import { errorCodes } from '../../src/errors.js';
import { errorTable } from '../../src/http/errors.js';
import { type TestApp, createTestApp, testOrigin } from '../helpers/app.js';

interface Operation {
  operationId?: string;
  security?: Record<string, string[]>[];
  responses: Record<string, { description: string; content?: Record<string, unknown> }>;
}
interface Document {
  servers?: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
}

let test: TestApp;
let document: Document;
let operations: { key: string; path: string; operation: Operation }[];
beforeAll(async () => {
  test = await createTestApp();
  document = (await (await test.app.request('/openapi.json')).json()) as Document;
  operations = Object.entries(document.paths).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ key: `${method.toUpperCase()} ${path}`, path, operation })),
  );
});

/** Redocly's no-ambiguous-paths: one request could match both templates. */
function ambiguous(a: string, b: string) {
  const [left, right] = [a.split('/'), b.split('/')];
  if (left.length !== right.length) return false;
  const isParameter = (segment: string) => /^\{.+\}$/.test(segment);
  const sameLiterals = left.every((segment, i) => isParameter(segment) || isParameter(right[i]!) || segment === right[i]);
  return sameLiterals && left.filter(isParameter).length === right.filter(isParameter).length;
}

describe('the OpenAPI document', () => {
  it('gives every operation a unique verb-noun operationId', () => {
    expect(operations.length).toBeGreaterThan(50);
    const missing = operations.filter(({ operation }) => !operation.operationId).map(({ key }) => key);
    expect(missing).toEqual([]);
    const misnamed = operations.filter(({ operation }) => !/^[a-z]+(?:[A-Z][a-z0-9]*)+$/.test(operation.operationId!)).map(({ key, operation }) => `${key}: ${operation.operationId}`);
    expect(misnamed).toEqual([]);
    const ids = operations.map(({ operation }) => operation.operationId);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it('asks an API key of every /api/v1 operation and declares the others public', () => {
    const wrong = operations
      .filter(({ path, operation }) => {
        const expected = path.startsWith('/api/v1/') ? [{ bearer: [] }] : [];
        return JSON.stringify(operation.security) !== JSON.stringify(expected);
      })
      .map(({ key, operation }) => `${key}: ${JSON.stringify(operation.security)}`);
    expect(wrong).toEqual([]);
  });

  it('documents a 4xx on every operation, each problem with the codes of the error table that have its status', () => {
    expect(operations.filter(({ operation }) => !Object.keys(operation.responses).some((status) => /^4\d\d$/.test(status))).map(({ key }) => key)).toEqual([]);
    const mismatched: string[] = [];
    for (const { key, operation } of operations) {
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!response.content?.['application/problem+json']) continue;
        const codes = [...response.description.matchAll(/`([a-z_]+)`/g)].map((match) => match[1]!);
        if (codes.length === 0) mismatched.push(`${key} ${status}: names no code`);
        for (const code of codes) {
          const row = (errorCodes as readonly string[]).includes(code) ? errorTable[code as keyof typeof errorTable] : undefined;
          if (row?.status !== Number(status)) mismatched.push(`${key} ${status}: ${code}`);
        }
      }
    }
    expect(mismatched).toEqual([]);
    // A public route's bad path parameter is refused as a problem, and documented as one.
    expect(document.paths['/pay/{token}']!.get!.responses['400']!.description).toContain('`validation_failed`');
  });

  it('names the server it is served from (PUBLIC_BASE_URL)', () => {
    expect(document.servers).toEqual([expect.objectContaining({ url: testOrigin })]);
  });

  it('has no two paths one request could match', () => {
    const paths = Object.keys(document.paths);
    const pairs = paths.flatMap((a, i) => paths.slice(i + 1).filter((b) => ambiguous(a, b)).map((b) => `${a} ~ ${b}`));
    expect(pairs).toEqual([]);
  });
});
