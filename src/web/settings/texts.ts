// The settings pages' own words (templates/office/settings/*.json), in the user's language.
import de from '../../../templates/office/settings/de.json' with { type: 'json' };
import en from '../../../templates/office/settings/en.json' with { type: 'json' };
import fr from '../../../templates/office/settings/fr.json' with { type: 'json' };
import it from '../../../templates/office/settings/it.json' with { type: 'json' };
import type { Context } from 'hono';
import type { OfficeEnv } from '../env.js';
import { textsFor } from '../texts.js';

export type SettingsTexts = typeof en;

const all = { de, fr, it, en } satisfies Record<string, SettingsTexts>;

export const settingsTexts = (c: Context<OfficeEnv>): SettingsTexts => textsFor(all, c.get('language'));

/** A text of a keyed group (a field's label, an action's words), or null when the group has none for the key. */
export function lookup(group: Record<string, string>, key: string): string | null {
  return Object.hasOwn(group, key) ? (group[key] ?? null) : null;
}

/** A field's name in the user's words ("credentials.terminalId" → "Terminal ID"), else the field as it is. */
export function fieldWords(st: SettingsTexts, field: string): string {
  const name = field.replace(/^(credentials|bank)\./, '');
  return lookup(st.fields as Record<string, string>, name) ?? lookup(st.credentialFields, name) ?? lookup(st.payouts, name) ?? field;
}
