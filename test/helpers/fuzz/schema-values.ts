// Values for the fuzzer, read off the OpenAPI document's JSON Schemas: mostly values the
// schema allows (so requests get past validation and into the services), some hostile ones.
import fc from 'fast-check';

export interface JsonSchema {
  $ref?: string;
  type?: string | string[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
  pattern?: string;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  example?: unknown;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
}

/** Ids and account numbers of the fuzzed tenant, so generated requests hit real rows. */
export interface ValuePool {
  /** Ids by kind, named as the API's path segments: contacts, invoices, connections, payments, users, api-keys, journal. */
  ids: Record<string, string[]>;
  accountNumbers: string[];
}

/** The kind of id a field or query parameter names (`contactId`, `connectionIds`, ...). */
const idKinds: [RegExp, string][] = [
  [/^contact/i, 'contacts'],
  [/^connection/i, 'connections'],
  [/^invoice/i, 'invoices'],
  [/^user/i, 'users'],
  [/^payment/i, 'payments'],
];

/** Ids of the kind `name` suggests, else of any kind; a random UUID now and then. */
export function idValue(pool: ValuePool, kind: string | undefined): fc.Arbitrary<string> {
  const known = (kind && pool.ids[kind]?.length ? pool.ids[kind] : Object.values(pool.ids).flat()) ?? [];
  return known.length ? fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...known) }, fc.uuid()) : fc.uuid();
}

/** Mostly the valid ones, so that a request gets past validation; now and then one of the others. */
const mostly = <T>(valid: T[], invalid: T[]) =>
  fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...valid) }, { weight: 1, arbitrary: fc.constantFrom(...invalid) });

/** Strings that broke (or could break) parsers, drivers and PostgreSQL before. */
export const hostileStrings = [
  '',
  ' ',
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'x'.repeat(10_000),
  '\u0000',
  'a\u0000b',
  '\ud800',
  'a\udfffb',
  '\u202e\u0301\ufeff',
  '😀'.repeat(50),
  "'; drop table invoices; --",
  '<script>alert(1)</script>',
  '../../etc/passwd',
  '%00',
  '%',
  '1e400',
  '-1',
  'NaN',
  'null',
  '2026-02-30',
  '9999-99-99',
  '0001-01-01',
  '275760-09-13',
] as const;

export const hostileNumbers = [0, -1, -0, 0.5, 1e-7, 2 ** 53, 2 ** 63, -(2 ** 63), 1e308, Number.MAX_SAFE_INTEGER + 2] as const;

/** Any value of the wrong kind: numbers, strings, arrays, objects, null, booleans. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(...hostileStrings),
  fc.constantFrom<unknown>(...hostileNumbers),
  fc.constantFrom<unknown>(null, true, false, [], {}, [null], { '': null }, JSON.parse('{"__proto__":{"admin":true}}'), [[[[]]]]),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.double(),
  fc.integer(),
  fc.jsonValue({ maxDepth: 3 }),
);

const dates = fc.oneof(
  { weight: 6, arbitrary: fc.date({ min: new Date('2020-01-01'), max: new Date('2030-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)) },
  { weight: 1, arbitrary: fc.constantFrom('2026-02-29', '2026-02-30', '2026-13-01', '20260331', '2026-3-1', '0000-01-01', '9999-12-31') },
);

/** Addresses every validator takes, and now and then one that only the RFC does. */
const emails = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(fc.stringMatching(/^[a-z][a-z0-9.]{0,20}[a-z0-9]$/), fc.constantFrom('example.ch', 'muster.example')).map(([l, d]) => `${l.replace(/\.\.+/g, '.')}@${d}`) },
  { weight: 1, arbitrary: fc.emailAddress() },
);

/** Fields whose schema is a plain string but whose name says what a sensible value is. */
function hinted(name: string | undefined, pool: ValuePool): fc.Arbitrary<unknown> | null {
  if (!name) return null;
  if (/date|^from$|^to$|until/i.test(name)) return dates;
  if (/currenc/i.test(name)) return mostly(['CHF', 'CHF', 'EUR', 'USD', 'GBP'], ['XXX', 'chf', 'JPY', 'BHD', 'CHE']);
  if (/^iban$/i.test(name)) return mostly(['CH93 0076 2011 6238 5295 7', 'CH9300762011623852957'], ['CH4431999123000889012', 'DE89370400440532013000', 'CH00 0000']);
  if (/^(account|systemAccount|revenueAccount|number)$/.test(name)) return mostly(pool.accountNumbers, ['0000', '9999', '1']);
  if (/rate$/i.test(name) && name !== 'vatRate') return mostly(['0.95', '1', '1.12345678'], ['0', '0.00000001', '9999999999.99999999']);
  if (name === 'quantity') return fc.oneof(mostly(['1', '12.5', '0.001', '3'], ['0', '-1', '1.2345', '1e3']), fc.integer({ min: -5, max: 1000 }));
  if (name === 'vatRate') return mostly([8.1, 2.6, 3.8, 0], [7.7, -8.1, 100, 8.10000001]);
  if (name === 'email') return emails;
  return null;
}

function stringValue(schema: JsonSchema, pool: ValuePool, name: string | undefined): fc.Arbitrary<string> {
  const maxLength = Math.min(schema.maxLength ?? 40, 80);
  const minLength = Math.min(schema.minLength ?? 0, maxLength);
  if (schema.format === 'uuid') return idValue(pool, idKinds.find(([pattern]) => pattern.test(name ?? ''))?.[1]);
  if (schema.format === 'email') return emails.filter((e) => e.length <= (schema.maxLength ?? 254));
  if (schema.format === 'uri') return fc.webUrl();
  if (schema.pattern) return fc.stringMatching(new RegExp(schema.pattern)).filter((s) => s.length <= 200);
  return fc.oneof(
    { weight: 6, arbitrary: fc.string({ minLength: Math.max(minLength, 1), maxLength: Math.max(maxLength, 1), unit: 'grapheme-ascii' }) },
    { weight: 2, arbitrary: fc.string({ minLength, maxLength, unit: 'grapheme' }).filter((s) => s.length <= (schema.maxLength ?? Infinity)) },
    // Text the database may not take (NUL, half a surrogate pair), however deep in the body.
    { weight: 1, arbitrary: fc.constantFrom('\u0000', 'a\ud800', '\udfff', 'x\u0000y') },
  );
}

/** A value that the schema allows, or nearly: hints and examples keep most of them valid. */
export function schemaValue(schema: JsonSchema, resolve: (ref: string) => JsonSchema, pool: ValuePool, name?: string): fc.Arbitrary<unknown> {
  if (schema.$ref) return schemaValue(resolve(schema.$ref), resolve, pool, name);
  const choices = schema.anyOf ?? schema.oneOf;
  if (choices) return fc.oneof(...choices.map((s) => schemaValue(s, resolve, pool, name)));
  if (schema.const !== undefined) return fc.constant(schema.const);
  if (schema.enum) return fc.constantFrom(...schema.enum);
  const types = Array.isArray(schema.type) ? schema.type : [schema.type ?? 'string'];
  const hint = types.includes('string') && !schema.pattern && !schema.format ? hinted(name, pool) : null;
  const options = types.map((type): fc.Arbitrary<unknown> => {
    switch (type) {
      case 'null':
        return fc.constant(null);
      case 'boolean':
        return fc.boolean();
      case 'integer':
        return fc.integer({ min: Math.max(schema.minimum ?? -1000, -(2 ** 40)), max: Math.min(schema.maximum ?? 100_000, 2 ** 40) });
      case 'number':
        return hinted(name, pool) ?? fc.double({ min: schema.minimum ?? -1e6, max: schema.maximum ?? 1e6, noNaN: true });
      case 'array':
        return fc.array(schemaValue(schema.items ?? {}, resolve, pool, name), {
          minLength: schema.minItems ?? 0,
          maxLength: Math.min(schema.maxItems ?? 4, 4),
        });
      case 'object':
        return objectValue(schema, resolve, pool);
      default:
        return hint ?? (schema.example !== undefined ? fc.oneof(fc.constant(schema.example), stringValue(schema, pool, name)) : stringValue(schema, pool, name));
    }
  });
  return options.length === 1 ? options[0]! : fc.oneof(...options);
}

function objectValue(schema: JsonSchema, resolve: (ref: string) => JsonSchema, pool: ValuePool): fc.Arbitrary<unknown> {
  const properties = schema.properties ?? {};
  const keys = Object.keys(properties);
  if (keys.length === 0 && typeof schema.additionalProperties === 'object') {
    return fc.dictionary(fc.constantFrom('VISA', 'MASTERCARD', 'TWINT', 'SWISSBILLING', 'CARD', '', '\udc00'), schemaValue(schema.additionalProperties, resolve, pool), { maxKeys: 3 });
  }
  const record = Object.fromEntries(keys.map((key) => [key, schemaValue(properties[key]!, resolve, pool, key)]));
  return fc.record(record, { requiredKeys: schema.required ?? [] });
}
