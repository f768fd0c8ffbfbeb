// The e-mails about a person's access: an invitation and a password reset, each with its
// one-time link, in the user's language.
import de from '../../templates/email/de.json' with { type: 'json' };
import en from '../../templates/email/en.json' with { type: 'json' };
import fr from '../../templates/email/fr.json' with { type: 'json' };
import it from '../../templates/email/it.json' with { type: 'json' };
import { type Language, fill } from '../i18n.js';
import type { AccountEmailPayload } from '../web/user-links.js';
import { type RenderedEmail, escapeHtml } from './invoice-email.js';

const texts: Record<Language, typeof en> = { de, fr, it, en };

export function renderAccountEmail(payload: AccountEmailPayload): RenderedEmail {
  const t = texts[payload.language] ?? texts.en;
  const company = payload.company ?? '';
  const invitation = payload.purpose === 'invitation';
  const subject = fill(invitation ? t.accountInviteSubject : t.accountResetSubject, { company });
  const body = fill(invitation ? t.accountInviteBody : t.accountResetBody, { company });
  const link = payload.link ?? '';
  const text = `${t.greeting} ${payload.name}\n\n${body}\n\n${t.accountLinkButton}: ${link}\n`;
  const html =
    `<p>${escapeHtml(t.greeting)} ${escapeHtml(payload.name)}</p><p>${escapeHtml(body)}</p>` +
    `<p><a href="${escapeHtml(link)}" style="display:inline-block;padding:10px 18px;background:#0b5cd7;color:#fff;` +
    `border-radius:6px;text-decoration:none;font-weight:bold">${escapeHtml(t.accountLinkButton)}</a></p>`;
  return { subject, text, html };
}
