// Requests for every operation of /openapi.json: path parameters from the tenant's own rows
// (or random, or hostile), query parameters, bodies (bodies.ts) and now and then a wrong key.
import fc from 'fast-check';
import { type FuzzBody, encode, formBody, formValue, jsonBody } from './bodies.js';
import { type JsonSchema, type ValuePool, hostileStrings, idValue, schemaValue } from './schema-values.js';

export interface FuzzRequest {
  /** `post /api/v1/invoices`: the operation (or public route) it exercises. */
  operation: string;
  mutation: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string;
  /** PostFinance feedback to be signed with the SHA-OUT passphrase before it is sent. */
  sign?: boolean;
}

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema: JsonSchema;
}

interface RawOperation {
  parameters?: Parameter[];
  requestBody?: { content: Record<string, { schema: JsonSchema }> };
  responses: Record<string, { content?: Record<string, unknown> }>;
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
}

export interface Operation extends RawOperation {
  key: string;
  method: string;
  path: string;
}

export function operationsOf(document: OpenApiDocument): Operation[] {
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.entries(operations).map(([method, operation]) => ({ ...operation, key: `${method} ${path}`, method, path })),
  );
}

export function resolverOf(document: OpenApiDocument) {
  return (ref: string): JsonSchema => {
    const name = ref.replace('#/components/schemas/', '');
    const schema = document.components?.schemas?.[name];
    if (!schema) throw new Error(`the OpenAPI document lacks ${ref}`);
    return schema;
  };
}

/** What the fuzzed tenant offers the generators: its rows, its keys, the values of its pages. */
export interface FuzzContext {
  pool: ValuePool;
  /** Known values per path parameter name (id, token, secret, connectionId, number, code). */
  pathValues: Record<string, string[]>;
  /** Sensible values of form fields by name (option, orderID, STATUS, ...). */
  formValues: Record<string, string[]>;
  /** JSON bodies that succeed, by operation (`post /api/v1/invoices`). */
  templates: Record<string, unknown[]>;
  adminKey: string;
  otherKeys: string[];
  resolve: (ref: string) => JsonSchema;
}

const rawSegments = ['%00', '%2F', '..', '%ZZ', '%E0%A4%A', '%20', '~', '%25', 'a%00b', '%C0%AE'];

/** The kind of the rows an operation's `{id}` (or what it creates) names: `users`, `api-keys`, `journal`, ... */
export const idKindOf = (path: string) => (/\/api-keys(\/|$)/.test(path) ? 'api-keys' : path.split('/')[3]);

function pathValue(parameter: Parameter, operation: Operation, context: FuzzContext): fc.Arbitrary<string> {
  const known = context.pathValues[parameter.name] ?? [];
  const kind = idKindOf(operation.path.replace(/\/api-keys$/, ''));
  return fc.oneof(
    ...(parameter.name === 'id' ? [{ weight: 12, arbitrary: idValue(context.pool, kind) }] : []),
    ...(known.length ? [{ weight: 12, arbitrary: fc.constantFrom(...known) }] : []),
    { weight: 2, arbitrary: schemaValue(parameter.schema, context.resolve, context.pool, parameter.name).map((v) => encode(String(v))) },
    { weight: 2, arbitrary: fc.constantFrom(...hostileStrings).map(encode) },
    { weight: 1, arbitrary: fc.constantFrom(...rawSegments) },
  );
}

function queryString(parameters: Parameter[], context: FuzzContext): fc.Arbitrary<string> {
  const value = (parameter: Parameter) =>
    fc.oneof(
      { weight: 4, arbitrary: schemaValue(parameter.schema, context.resolve, context.pool, parameter.name).map(String) },
      { weight: 1, arbitrary: fc.constantFrom(...hostileStrings) },
    );
  const named = Object.fromEntries(parameters.map((p) => [p.name, value(p)]));
  const strays = fc.constantFrom('unknown=1', 'page=1&page=2', 'lang=xx', 'a%ZZ=1', '%=%', 'x=%E0%A4%A', '&&', 'q');
  return fc.tuple(fc.record(named, { requiredKeys: [] }), fc.option(strays, { freq: 5 })).map(([values, stray]) => {
    const parts = Object.entries(values).map(([name, v]) => `${encode(name)}=${encode(v ?? '')}`);
    if (stray) parts.push(stray);
    return parts.length ? `?${parts.join('&')}` : '';
  });
}

/** Bearer keys: the admin's nearly always, else another role's, a revoked-looking one or none. */
function authorization(context: FuzzContext): fc.Arbitrary<string | undefined> {
  const strays = [undefined, 'Bearer', 'Bearer nope', 'Basic YTpi', `bearer ${context.adminKey}`, `Bearer ${context.adminKey}x`, 'Bearer \u00e9'];
  return fc.oneof(
    { weight: 40, arbitrary: fc.constant(`Bearer ${context.adminKey}`) },
    { weight: 2, arbitrary: fc.constantFrom(...context.otherKeys.map((key) => `Bearer ${key}`)) },
    { weight: 1, arbitrary: fc.constantFrom(...strays) },
  );
}

/** PostFinance feedback parameters in any case, sensible or not, as the platform (or an attacker) sends them. */
export function feedbackFields(context: FuzzContext): Record<string, fc.Arbitrary<string>> {
  // A name given twice in another case (ORDERID beside orderID) comes from the forms' strays.
  const names = ['orderID', 'STATUS', 'PAYID', 'PAYIDSUB', 'NCERROR', 'amount', 'currency', 'PM', 'ACCEPTANCE', 'BRAND', 'SHASIGN', 'CN', 'TRXDATE'];
  return Object.fromEntries(names.map((name) => [name, formValue(context.formValues[name.toUpperCase()] ?? [])]));
}

/** Operations whose documented request has no body, but whose callers send parameters. */
const feedbackOperations = /^(get|post) \/(callbacks\/postfinance|pay\/feedback)\//;

function bodyOf(operation: Operation, context: FuzzContext): fc.Arbitrary<FuzzBody> {
  const content = operation.requestBody?.content ?? {};
  const form = content['application/x-www-form-urlencoded'];
  if (form) {
    const fields = Object.fromEntries(Object.keys(form.schema.properties ?? {}).map((name) => [name, formValue(context.formValues[name] ?? [])]));
    return formBody(fields, form.schema.required);
  }
  const json = content['application/json'];
  if (json) return jsonBody(json.schema, context.resolve, context.pool, context.templates[operation.key]);
  if (feedbackOperations.test(operation.key) && operation.method === 'post') return formBody(feedbackFields(context));
  // No body documented: mostly none, sometimes one anyway.
  return fc.oneof(
    { weight: 5, arbitrary: fc.constant<FuzzBody>({ mutation: 'none' }) },
    { weight: 1, arbitrary: jsonBody({ type: 'object', additionalProperties: true }, context.resolve, context.pool) },
  );
}

export function requestFor(operation: Operation, context: FuzzContext): fc.Arbitrary<FuzzRequest> {
  const parameters = operation.parameters ?? [];
  const pathParameters = parameters.filter((p) => p.in === 'path');
  const path = fc.tuple(...pathParameters.map((p) => pathValue(p, operation, context))).map((values) =>
    pathParameters.reduce((url, parameter, i) => url.replace(`{${parameter.name}}`, values[i]!), operation.path),
  );
  const queryParameters = parameters.filter((p) => p.in === 'query');
  const feedbackQuery =
    feedbackOperations.test(operation.key) && operation.method === 'get'
      ? fc.record(feedbackFields(context), { requiredKeys: [] }).map((fields) => Object.entries(fields).map(([n, v]) => `${n}=${encode(v ?? '')}`).join('&'))
      : fc.constant('');
  const isApi = operation.path.startsWith('/api/');
  return fc
    .record({
      path,
      query: queryString(queryParameters, context),
      feedback: feedbackQuery,
      // fetch refuses a GET with a body before it could reach any server.
      body: operation.method === 'get' ? fc.constant<FuzzBody>({ mutation: 'none' }) : bodyOf(operation, context),
      auth: isApi ? authorization(context) : fc.constant(undefined),
      sign: feedbackOperations.test(operation.key) ? fc.boolean() : fc.constant(false),
    })
    .map(({ path: url, query, feedback, body, auth, sign }) => {
      const search = feedback ? (query ? `${query}&${feedback}` : `?${feedback}`) : query;
      const headers: Record<string, string> = {};
      if (auth) headers.Authorization = auth;
      if (body.contentType) headers['Content-Type'] = body.contentType;
      return {
        operation: operation.key,
        mutation: body.mutation,
        method: operation.method.toUpperCase(),
        url: `${url}${search}`,
        headers,
        ...(body.body !== undefined ? { body: body.body } : {}),
        ...(sign ? { sign } : {}),
      };
    });
}
