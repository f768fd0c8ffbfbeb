// Forms of the settings pages: read the posted fields, check them with the API's own zod
// schema, and turn what is wrong (a zod issue or a verb's DomainError) into words next to
// each field, in the user's language where the field has words of its own.
import type { Context } from 'hono';
import type { z } from 'zod';
import { DomainError } from '../../errors.js';
import { fill } from '../../i18n.js';
import { fieldProblems } from '../../http/router.js';
import type { FieldErrors } from '../components.js';
import type { OfficeEnv } from '../env.js';
import { type SettingsTexts, lookup } from './texts.js';

export type PostedForm = Record<string, string | string[]>;

/** The posted fields; a field sent more than once (checkboxes) is a list. Files are ignored. */
export async function readForm(c: Context<OfficeEnv>): Promise<PostedForm> {
  const body = await c.req.parseBody({ all: true });
  const form: PostedForm = {};
  for (const [name, value] of Object.entries(body)) {
    const texts = [value].flat().filter((item): item is string => typeof item === 'string');
    if (texts.length === 1) form[name] = texts[0]!;
    else if (texts.length > 1) form[name] = texts;
  }
  return form;
}

export const one = (form: PostedForm, name: string): string => {
  const value = form[name];
  return (Array.isArray(value) ? value[0] : value) ?? '';
};

export const many = (form: PostedForm, name: string): string[] => [form[name] ?? []].flat();

/** A text field of a nullable setting: left empty means "none". */
export const orNull = (value: string): string | null => (value.trim() === '' ? null : value);

/** `methods.1` and `methodCurrencies.VISA.0` belong to the inputs `methods` and `methodCurrencies.VISA`. */
function inputOf(field: string): string {
  return field.replace(/\.\d+$/, '');
}

/** Field problems keyed by input, the first for each, in the user's words where the field has them. */
export function wordsFor(st: SettingsTexts, problems: { field: string; message: string }[]): FieldErrors {
  const errors: FieldErrors = {};
  for (const problem of problems) {
    const field = inputOf(problem.field);
    errors[field] ??= lookup(st.fieldErrors, field) ?? lookup(st.fieldErrors, field.replace(/^credentials\./, '')) ?? problem.message;
  }
  return errors;
}

export type Checked<T> = { ok: true; data: T } | { ok: false; errors: FieldErrors };

/** The API's schema decides; its issues become field errors. */
export function check<S extends z.ZodType>(st: SettingsTexts, schema: S, input: unknown): Checked<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, errors: wordsFor(st, fieldProblems(result.error.issues, 'form')) };
}

/** A verb's refusal in the user's words (its code's text, filled with its details), else the verb's own. */
export function refusalWords(st: SettingsTexts, error: DomainError): string {
  const template = lookup(st.refusals, error.code);
  if (!template) return error.detail;
  const values = Object.fromEntries(Object.entries(error.extra).map(([key, value]) => [key, String(value)]));
  return fill(template, values);
}

/** Runs a verb; a DomainError comes back as words and field errors for the form, anything else is thrown. */
export async function attempt<T>(st: SettingsTexts, verb: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; message: string; errors: FieldErrors; error: DomainError }> {
  try {
    return { ok: true, value: await verb() };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { ok: false, message: refusalWords(st, error), errors: wordsFor(st, error.extra.errors ?? []), error };
  }
}

/** The status a refused form is answered with: 404 for what is not (ours), 409 for a state, 422 for input. */
export function refusalStatus(error: DomainError): 404 | 409 | 422 {
  if (error.code === 'not_found') return 404;
  if (['connection_in_use', 'last_admin', 'user_disabled', 'conflict', 'account_exists'].includes(error.code)) return 409;
  return 422;
}
