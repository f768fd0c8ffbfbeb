// Statements on the hottest write path (a booking: issue 11) are written as fixed text with
// numbered parameters instead of through drizzle's builder, which walks and renders every
// fragment, table and column anew for each statement: a tenth of a booking's CPU, more than
// the driver's own work. `fixed` is a tagged template: each ${value} is a parameter ($1, $2 …),
// except `raw(...)` (a name or expression of ours, never input) and nested `fixed` fragments.
// The text of a shape (the call sites and raw parts involved) is rendered once per process;
// each statement then only collects its parameters. The text depends on nothing but the
// shape, so postgres.js prepares it once per connection.
import type { Queryable } from './client.js';

export class Fixed {
  constructor(
    readonly strings: TemplateStringsArray,
    readonly values: readonly unknown[],
  ) {}
}

class Raw {
  constructor(readonly text: string) {}
}

export const fixed = (strings: TemplateStringsArray, ...values: unknown[]): Fixed => new Fixed(strings, values);

/** Text written into the statement as it is: only names and expressions of this code base. */
export const raw = (text: string): Raw => new Raw(text);

/**
 * A list of numbers or codes as one text parameter for `string_to_array($n, ',')`. An array
 * parameter needs the driver to know the array types (postgres.js on Workers runs with
 * fetch_types off and cannot send one); one text is the same for every driver. Only for values
 * that hold no comma: numbers, account numbers, currency codes.
 */
export function listOf(values: readonly (string | number)[]): string {
  const texts = values.map(String);
  if (texts.some((text) => text.includes(','))) throw new Error(`listOf: a value holds a comma: ${texts.join(' | ')}`);
  return texts.join(',');
}

/** An empty fragment (for an optional part). */
export const nothing = fixed``;

// Each call site's strings array is one object for the life of the process (template
// literals are cached per site), so it can name the shape.
const siteIds = new WeakMap<TemplateStringsArray, number>();
let nextSiteId = 0;
const texts = new Map<string, string>();

function shapeKey(statement: Fixed): string {
  let id = siteIds.get(statement.strings);
  if (id === undefined) siteIds.set(statement.strings, (id = nextSiteId++));
  let key = String(id);
  for (const value of statement.values) {
    if (value instanceof Fixed) key += `(${shapeKey(value)})`;
    else if (value instanceof Raw) key += `[${value.text}]`;
  }
  return key;
}

function render(statement: Fixed, counter: { n: number }): string {
  let text = statement.strings[0]!;
  statement.values.forEach((value, i) => {
    if (value instanceof Fixed) text += render(value, counter);
    else if (value instanceof Raw) text += value.text;
    else text += `$${++counter.n}`;
    text += statement.strings[i + 1]!;
  });
  return text;
}

function collect(statement: Fixed, params: unknown[]): unknown[] {
  for (const value of statement.values) {
    if (value instanceof Fixed) collect(value, params);
    else if (!(value instanceof Raw)) params.push(value);
  }
  return params;
}

/** The statement's text and parameters, as a driver takes them. */
export function compile(statement: Fixed): { text: string; params: unknown[] } {
  const key = shapeKey(statement);
  let text = texts.get(key);
  if (text === undefined) {
    text = render(statement, { n: 0 });
    texts.set(key, text);
  }
  return { text, params: collect(statement, []) };
}

/** The two drivers' clients, as drizzle's session holds them (postgres.js and PGlite). */
interface DriverClient {
  unsafe?: (text: string, params: unknown[], options: { prepare: boolean }) => Promise<Record<string, unknown>[]>;
  query?: (text: string, params: unknown[]) => Promise<{ rows: Record<string, unknown>[] }>;
}

/**
 * Runs a fixed statement on the database or transaction's own connection and answers its
 * rows as the driver parsed them (int8 as a string on postgres.js, a number on PGlite: read
 * amounts through Number; select timestamps as text). drizzle keeps the driver's client on
 * its session; a test runs every fixed statement on both drivers.
 */
export async function runFixed<T extends Record<string, unknown> = Record<string, unknown>>(db: Queryable, statement: Fixed): Promise<T[]> {
  const { text, params } = compile(statement);
  const client = (db as unknown as { _: { session: { client: DriverClient } } })._.session.client;
  if (client.unsafe) return (await client.unsafe(text, params, { prepare: true })) as T[];
  if (client.query) return (await client.query(text, params)).rows as T[];
  throw new Error('runFixed: the database handle holds neither a postgres.js nor a PGlite client');
}
