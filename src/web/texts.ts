// The back office's own words (templates/office/*.json), in the user's language. Each area
// of the back office may keep its texts in a file of its own next to these.
import de from '../../templates/office/de.json' with { type: 'json' };
import en from '../../templates/office/en.json' with { type: 'json' };
import fr from '../../templates/office/fr.json' with { type: 'json' };
import it from '../../templates/office/it.json' with { type: 'json' };
import type { Role } from '../access.js';
import type { Language } from '../i18n.js';

export type OfficeTexts = typeof en;

const texts: Record<Language, OfficeTexts> = { de, fr, it, en };

export function officeTexts(language: Language): OfficeTexts {
  return texts[language];
}

export function roleName(t: OfficeTexts, role: Role): string {
  return { admin: t.roleAdmin, accountant: t.roleAccountant, bookkeeper: t.roleBookkeeper }[role];
}

/** Picks the language's texts from a record of the four, for areas with texts of their own. */
export function textsFor<T>(all: Record<Language, T>, language: Language): T {
  return all[language];
}
