// The Hono environment of the back office: the app's, plus the session and the language.
import type { AppEnv } from '../http/env.js';
import type { Language } from '../i18n.js';
import type { WebSession } from './sessions.js';
import type { OfficeTexts } from './texts.js';

export interface OfficeEnv {
  Variables: AppEnv['Variables'] & {
    session: WebSession;
    language: Language;
    t: OfficeTexts;
    /** Before sign-in: the token of the form cookie, for the forms of this response. */
    formToken: string;
  };
}
