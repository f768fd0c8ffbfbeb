// Small pieces every back-office page uses: form fields with their label and error, the
// CSRF field, money and dates in Swiss formats, the environment badge.
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { FieldProblem } from '../errors.js';
import { formatMoney, formatShortDate } from '../i18n.js';
import type { OfficeEnv } from './env.js';

/** The session's CSRF token, or before sign-in the form cookie's (set by the page that shows the form). */
export function CsrfField({ c }: { c: Context<OfficeEnv> }) {
  const value = c.get('session')?.csrfToken ?? c.get('formToken') ?? '';
  return <input type="hidden" name="_csrf" value={value} />;
}

export type FieldErrors = Record<string, string>;

/** A domain error's field problems, keyed by field, for the form that caused them. */
export function errorsByField(problems: FieldProblem[] | undefined): FieldErrors {
  return Object.fromEntries((problems ?? []).map((problem) => [problem.field, problem.message]));
}

/** `labels` names a field as its form does (the API's `lines.0.debit` is "Debit of line 1"). */
export function ErrorSummary({ errors, title, labels }: { errors: FieldErrors; title: string; labels?: (field: string) => string }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <p>{title}</p>
      <ul>
        {entries.map(([field, message]) => (
          <li>
            <a href={`#field-${field.replaceAll('.', '-')}`}>{`${labels ? labels(field) : field}: ${message}`}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  name: string;
  label: string;
  value?: string | number | null;
  type?: string;
  errors?: FieldErrors;
  hint?: string;
  required?: boolean;
  autocomplete?: string;
  inputmode?: 'search' | 'email' | 'text' | 'none' | 'numeric' | 'url' | 'tel' | 'decimal';
  maxlength?: number;
  pattern?: string;
  step?: string;
}

export const fieldId = (name: string) => `field-${name.replaceAll('.', '-')}`;

export function Field({ name, label, value, type = 'text', errors, hint, required, ...rest }: FieldProps) {
  const id = fieldId(name);
  const error = errors?.[name];
  const described = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint ? (
        <p class="hint" id={`${id}-hint`}>
          {hint}
        </p>
      ) : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <input id={id} name={name} type={type} value={value ?? ''} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={described} {...rest} />
    </div>
  );
}

export function SelectField({ name, label, value, options, errors, hint }: { name: string; label: string; value?: string | null; options: { value: string; label: string }[]; errors?: FieldErrors; hint?: string }) {
  const id = fieldId(name);
  const error = errors?.[name];
  return (
    <div class={error ? 'field has-error' : 'field'}>
      <label for={id}>{label}</label>
      {hint ? <p class="hint">{hint}</p> : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      <select id={id} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={error ? `${id}-error` : undefined}>
        {options.map((option) => (
          <option value={option.value} selected={option.value === (value ?? '')}>
            {option.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/** "CHF 1’234.50", never wrapped, right-aligned in tables by the `num` class. */
export function Money({ amount, currency }: { amount: number; currency: string }) {
  return <span class="money">{formatMoney(amount, currency)}</span>;
}

/** 31.03.2026 */
export function DateText({ date }: { date: string | Date | null | undefined }) {
  if (!date) return <span>–</span>;
  const day = typeof date === 'string' ? date.slice(0, 10) : new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Zurich' }).format(date);
  return <time datetime={day}>{formatShortDate(day)}</time>;
}

export function EnvironmentBadge({ environment, label }: { environment: 'sandbox' | 'test' | 'live'; label: string }) {
  return <span class={`badge env-${environment}`}>{label}</span>;
}

export function Notice({ children, kind = 'info' }: { children: Child; kind?: 'info' | 'warning' | 'error' }) {
  return (
    <div class={`notice notice-${kind}`} role={kind === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}

/** A page's answer to the form it shows: a status line and/or an error, each announced to screen readers. */
export function FormAnswer({ status, error }: { status?: string; error?: string }) {
  return (
    <>
      {status ? (
        <p class="notice" role="status">
          {status}
        </p>
      ) : null}
      {error ? (
        <p class="notice notice-error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}
