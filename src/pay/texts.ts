// Texts of the public pages in the four Swiss languages (templates/pages/*.json).
import de from '../../templates/pages/de.json' with { type: 'json' };
import en from '../../templates/pages/en.json' with { type: 'json' };
import fr from '../../templates/pages/fr.json' with { type: 'json' };
import it from '../../templates/pages/it.json' with { type: 'json' };
import type { Language } from '../i18n.js';

export type PageTexts = typeof en;

const texts: Record<Language, PageTexts> = { de, fr, it, en };

export function pageTexts(language: Language): PageTexts {
  return texts[language];
}
