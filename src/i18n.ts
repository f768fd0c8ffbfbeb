// The four languages of Swiss invoices, and how amounts and dates are written in them.
import { formatMinor } from './ledger/currencies.js';

export const languages = ['de', 'fr', 'it', 'en'] as const;
export type Language = (typeof languages)[number];

const locales: Record<Language, string> = { de: 'de-CH', fr: 'fr-CH', it: 'it-CH', en: 'en-GB' };

export function isLanguage(value: string | undefined): value is Language {
  return (languages as readonly string[]).includes(value ?? '');
}

/** Replaces {name} placeholders; unknown ones stay visible rather than vanish. */
export function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (match, key: string) => values[key] ?? match);
}

/** 123450 CHF → "1’234.50": Swiss grouping with the typographic apostrophe, from integer minor units. */
export function formatAmount(amount: number, currency: string): string {
  const [whole = '0', fraction] = formatMinor(amount, currency).split('.');
  const negative = whole.startsWith('-');
  const digits = negative ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, '’');
  return `${negative ? '-' : ''}${grouped}${fraction ? `.${fraction}` : ''}`;
}

/** "CHF 1’234.50" */
export function formatMoney(amount: number, currency: string): string {
  return `${currency} ${formatAmount(amount, currency)}`;
}

/**
 * 8.1 → "8.1 %" with a no-break space (U+00A0): the number and its sign never part at a
 * line end. Every rate shown (page, PDF) goes through here. U+00A0 rather than the narrow
 * U+202F, which the PDF's standard fonts (WinAnsi) cannot draw.
 */
export function formatRate(rate: number): string {
  return `${rate}\u00a0%`;
}

// Building an Intl.DateTimeFormat costs far more than formatting with one: one per language.
const dateFormats = new Map<Language, Intl.DateTimeFormat>();

/** A calendar day (YYYY-MM-DD) or an instant, as people of the language write it. */
export function formatDate(date: string | Date, language: Language): string {
  const value = typeof date === 'string' ? new Date(`${date}T12:00:00Z`) : date;
  let format = dateFormats.get(language);
  if (!format) {
    format = new Intl.DateTimeFormat(locales[language], { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'Europe/Zurich' });
    dateFormats.set(language, format);
  }
  return format.format(value);
}

/** 31.03.2026 – compact, for tables and PDFs. */
export function formatShortDate(date: string): string {
  const [year, month, day] = date.split('-');
  return `${day}.${month}.${year}`;
}
