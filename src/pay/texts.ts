// Texts of the public pages in the four Swiss languages (templates/pages/*.json).
import de from '../../templates/pages/de.json' with { type: 'json' };
import en from '../../templates/pages/en.json' with { type: 'json' };
import fr from '../../templates/pages/fr.json' with { type: 'json' };
import it from '../../templates/pages/it.json' with { type: 'json' };
import type { Context } from 'hono';
import type { AppEnv } from '../http/env.js';
import { type Language, isLanguage } from '../i18n.js';

export type PageTexts = typeof en;

const texts: Record<Language, PageTexts> = { de, fr, it, en };

export function pageTexts(language: Language): PageTexts {
  return texts[language];
}

/** The page's language: the switcher's `?lang=`, else the payer's own, else the browser's. */
export function chooseLanguage(c: Context<AppEnv>, fallback: Language | undefined): Language {
  const asked = c.req.query('lang');
  if (isLanguage(asked)) return asked;
  if (fallback) return fallback;
  const accepted = c.req.header('Accept-Language')?.slice(0, 2);
  return isLanguage(accepted) ? accepted : 'de';
}
