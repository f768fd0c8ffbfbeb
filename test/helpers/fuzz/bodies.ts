// Request bodies for the fuzzer: JSON generated from the operation's schema, then broken in
// the ways clients break them (a field of the wrong kind, a missing or extra field, another
// document altogether, malformed text, the wrong content type, no body), and HTML forms.
import fc from 'fast-check';
import { type JsonSchema, type ValuePool, hostileStrings, hostileValue, schemaValue } from './schema-values.js';

export interface FuzzBody {
  mutation: string;
  contentType?: string;
  body?: string;
}

/** Number literals JSON.stringify never writes; spliced into the text in place of a marker. */
const rawNumbers = ['1e400', '-1e400', '-0', '1.0', '0.1e1', '123456789012345678901234567890', '1E2', '0.000000000000000000001'];
const rawMarker = (literal: string) => `@@raw:${literal}@@`;
const withRawNumbers = (text: string) => text.replace(/"@@raw:([^@]+)@@"/g, '$1');

const malformedJson = [
  '',
  ' ',
  '{',
  '{"a":',
  '[1,]',
  '{"a":1,}',
  "{'a':1}",
  'NaN',
  '\u0000',
  '{"a":"\\u0000"}',
  '{"a":"\\ud800"}',
  '\ufeff{}',
  '{"a":1}{"b":2}',
  '['.repeat(5000) + ']'.repeat(5000),
  '{"a":'.repeat(3000) + '1' + '}'.repeat(3000),
  '"' + 'x'.repeat(70_000) + '"',
];

const wrongJsonContentTypes = [
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'application/xml',
  'application/json; charset=utf-16',
  'application/vnd.api+json',
  'APPLICATION/JSON',
  'application/jsonx',
  '*/*',
];

type Path = (string | number)[];

function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (Array.isArray(value)) return value.flatMap((item, index) => [[...prefix, index], ...pathsOf(item, [...prefix, index])]);
  if (value && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [[...prefix, key], ...pathsOf(item, [...prefix, key])]);
  }
  return [];
}

/** A deep copy of `value` with `path` replaced (or removed when `replacement` is undefined). */
function changedAt(value: unknown, path: Path, replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const [head, ...rest] = path;
  const copy = (Array.isArray(value) ? [...(value as unknown[])] : { ...(value as Record<string, unknown>) }) as Record<string | number, unknown>;
  const next = changedAt(copy[head!], rest, replacement);
  if (next === undefined && rest.length === 0) delete copy[head!];
  else copy[head!] = next;
  return copy;
}

const pick = <T>(items: T[], n: number): T | undefined => (items.length ? items[n % items.length] : undefined);

/** `templates`: bodies known to succeed for this operation, so mutations of them get deep. */
export function jsonBody(schema: JsonSchema, resolve: (ref: string) => JsonSchema, pool: ValuePool, templates: unknown[] = []): fc.Arbitrary<FuzzBody> {
  const generated = schemaValue(schema, resolve, pool);
  const valid = templates.length ? fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...templates) }, { weight: 2, arbitrary: generated }) : generated;
  const names = Object.keys(schema.properties ?? {});
  const json = (mutation: string, value: unknown, contentType = 'application/json'): FuzzBody => ({ mutation, contentType, body: withRawNumbers(JSON.stringify(value)) });
  const hostileOrRaw = fc.oneof({ weight: 5, arbitrary: hostileValue }, fc.constantFrom(...rawNumbers).map(rawMarker));
  return fc.oneof(
    { weight: 6, arbitrary: valid.map((value) => json('valid', value)) },
    {
      weight: 5,
      arbitrary: fc.tuple(valid, fc.nat(), hostileOrRaw).map(([value, n, hostile]) => {
        const path = pick(pathsOf(value), n) ?? [pick(names, n) ?? 'x'];
        return json(`field ${path.join('.')}`, changedAt(value, path, hostile));
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(valid, fc.nat()).map(([value, n]) => {
        const path = pick(pathsOf(value), n) ?? [];
        return json(`without ${path.join('.')}`, path.length ? changedAt(value, path, undefined) : {});
      }),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(valid, fc.constantFrom('extra', 'id', 'tenantId', 'total', 'status', '__proto__', 'constructor', '', '\ud800', 'a\u0000'), hostileValue).map(
        ([value, key, extra]) => json(`extra ${key}`, value && typeof value === 'object' && !Array.isArray(value) ? { ...value, [key]: extra } : { [key]: extra }),
      ),
    },
    { weight: 1, arbitrary: hostileValue.map((value) => json('another document', value)) },
    { weight: 1, arbitrary: fc.constantFrom(...malformedJson).map((body): FuzzBody => ({ mutation: 'malformed json', contentType: 'application/json', body })) },
    { weight: 1, arbitrary: fc.tuple(valid, fc.constantFrom(...wrongJsonContentTypes)).map(([value, type]) => json(`content type ${type}`, value, type)) },
    { weight: 1, arbitrary: valid.map((value): FuzzBody => ({ mutation: 'no content type', body: JSON.stringify(value) })) },
    { weight: 1, arbitrary: fc.constant<FuzzBody>({ mutation: 'no body' }) },
  );
}

/** A value for a form field: one of the sensible ones, or anything hostile. */
export function formValue(sensible: string[]): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 4, arbitrary: sensible.length ? fc.constantFrom(...sensible) : fc.string() },
    { weight: 1, arbitrary: fc.constantFrom(...hostileStrings) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 60 }) },
  );
}

/** `%XX` for what encodeURIComponent refuses (a lone surrogate): bytes no UTF-8 decoder accepts. */
export const encode = (text: string) => {
  try {
    return encodeURIComponent(text);
  } catch {
    return '%ED%A0%80';
  }
};

const urlencoded = (pairs: [string, string][]) => pairs.map(([name, value]) => `${encode(name)}=${encode(value)}`).join('&');

function multipart(pairs: [string, string][]) {
  const parts = pairs.map(([name, value]) => `--fuzz\r\nContent-Disposition: form-data; name="${name.replace(/"/g, '')}"\r\n\r\n${value}\r\n`);
  return `${parts.join('')}--fuzz--\r\n`;
}

/** A form with some of `fields` (name → its values) and maybe strays, in a form encoding or not. */
export function formBody(fields: Record<string, fc.Arbitrary<string>>, required: string[] = []): fc.Arbitrary<FuzzBody> {
  const pairs = fc
    .tuple(
      fc.record(fields, { requiredKeys: required }),
      fc.array(fc.tuple(fc.constantFrom('x', 'option', 'OPTION', '', '__proto__', 'a[]', 'a\u0000', 'ORDERID', 'Currency'), fc.string({ maxLength: 20 })), { maxLength: 2 }),
    )
    .map(([named, strays]) => [...Object.entries(named), ...strays] as [string, string][]);
  return fc.oneof(
    { weight: 6, arbitrary: pairs.map((p): FuzzBody => ({ mutation: 'form', contentType: 'application/x-www-form-urlencoded', body: urlencoded(p) })) },
    { weight: 1, arbitrary: pairs.map((p): FuzzBody => ({ mutation: 'multipart', contentType: 'multipart/form-data; boundary=fuzz', body: multipart(p) })) },
    { weight: 1, arbitrary: pairs.map((p): FuzzBody => ({ mutation: 'form as json', contentType: 'application/json', body: JSON.stringify(Object.fromEntries(p)) })) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%E0%A4%A', 'a=%ZZ', '=&=&', '&&&', 'multipart/form-data').map((body): FuzzBody => ({ mutation: 'broken form', contentType: 'application/x-www-form-urlencoded', body })) },
    { weight: 1, arbitrary: fc.constant<FuzzBody>({ mutation: 'broken multipart', contentType: 'multipart/form-data; boundary=fuzz', body: '--fuzz\r\nContent-Disposition: form-data\r\n\r\nx' }) },
    { weight: 1, arbitrary: fc.constant<FuzzBody>({ mutation: 'no body' }) },
  );
}
