// An audit entry in plain words: what happened (the action's words) and to what (its
// details filled into the action's sentence: names instead of ids, field names in the
// user's language, "from → to" for changes). Anything a sentence does not use is listed
// after it, so nothing recorded is hidden.
import { fill, formatShortDate } from '../../i18n.js';
import type { OfficeTexts } from '../texts.js';
import { roleName } from '../texts.js';
import { isProvider } from './onboarding.js';
import { providerTexts } from './provider-texts.js';
import { type SettingsTexts, fieldWords, lookup } from './texts.js';

export interface AuditRow {
  action: string;
  details: Record<string, unknown>;
}

type Names = ReadonlyMap<string, string>;

function plain(st: SettingsTexts, t: OfficeTexts, field: string, value: unknown): string {
  if (value === null || value === undefined || value === '') return st.audit.empty;
  if (Array.isArray(value)) return value.map((item) => plain(st, t, field, item)).join(', ');
  if (typeof value === 'boolean') return value ? st.audit.yes : st.audit.no;
  if (typeof value === 'object') return Object.entries(value as Record<string, unknown>).map(([key, item]) => `${key}: ${plain(st, t, key, item)}`).join('; ');
  const text = String(value);
  if (text === 'admin' || text === 'accountant' || text === 'bookkeeper') return roleName(t, text);
  if (field === 'provider' && isProvider(text)) return providerTexts(st, text).name;
  if (field === 'environment') return lookup({ sandbox: t.environmentSandbox, test: t.environmentTest, live: t.environmentLive }, text) ?? text;
  if (field === 'kind') return lookup(st.accounts.kinds, text) ?? text;
  return /^\d{4}-\d{2}-\d{2}$/.test(text) ? formatShortDate(text) : text;
}


/** `{ label: { from, to } }` → "Label: A → B". */
function changeWords(st: SettingsTexts, t: OfficeTexts, changes: unknown): string {
  if (!changes || typeof changes !== 'object') return '';
  return Object.entries(changes as Record<string, { from: unknown; to: unknown }>)
    .map(([field, change]) => `${fieldWords(st, field)}: ${plain(st, t, field, change?.from)} → ${plain(st, t, field, change?.to)}`)
    .join('; ');
}

export function auditWords(st: SettingsTexts, t: OfficeTexts, row: AuditRow, names: Names): { what: string; details: string } {
  const what = lookup(st.audit.actions, row.action) ?? row.action;
  const details = row.details;
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(details)) values[key] = plain(st, t, key, value);
  if (typeof details.userId === 'string') values.user = names.get(details.userId) ?? st.audit.formerUser;
  if ('changes' in details) values.changes = changeWords(st, t, details.changes);
  if (Array.isArray(details.secrets)) values.secrets = details.secrets.map((field) => fieldWords(st, String(field))).join(', ');
  const template = lookup(st.audit.details, row.action);
  const sentence = template ? fill(template, values) : '';
  // Ids say nothing to a person; the rest that the sentence left out is listed.
  const used = new Set([...(template ?? '').matchAll(/\{(\w+)\}/g)].map((match) => match[1]));
  if (used.has('user')) used.add('userId');
  const rest = Object.keys(details)
    .filter((key) => !used.has(key) && !/id$/i.test(key) && key !== 'changes')
    .map((key) => `${fieldWords(st, key)}: ${values[key]}`);
  return { what, details: [sentence, ...rest].filter(Boolean).join(' · ') };
}
