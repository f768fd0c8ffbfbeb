// The contact pages' own words (templates/office/contacts/*.json), in the user's language.
import de from '../../../templates/office/contacts/de.json' with { type: 'json' };
import en from '../../../templates/office/contacts/en.json' with { type: 'json' };
import fr from '../../../templates/office/contacts/fr.json' with { type: 'json' };
import it from '../../../templates/office/contacts/it.json' with { type: 'json' };
import type { OfficeContext } from '../layout.js';
import { textsFor } from '../texts.js';

export type ContactTexts = typeof en;

export function contactTexts(c: OfficeContext): ContactTexts {
  return textsFor({ de, fr, it, en }, c.get('language'));
}
