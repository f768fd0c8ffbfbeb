// The e-mail telling a tenant's admins that an event endpoint was switched off after three
// days of failed deliveries, in the admin's language.
import de from '../../templates/email/de.json' with { type: 'json' };
import en from '../../templates/email/en.json' with { type: 'json' };
import fr from '../../templates/email/fr.json' with { type: 'json' };
import it from '../../templates/email/it.json' with { type: 'json' };
import { type Language, fill } from '../i18n.js';
import type { WebhookDisabledPayload } from '../webhooks/record-attempt.js';
import { type RenderedEmail, escapeHtml } from './invoice-email.js';

const texts: Record<Language, typeof en> = { de, fr, it, en };

export function renderWebhookDisabledEmail(payload: WebhookDisabledPayload): RenderedEmail {
  const t = texts[payload.language] ?? texts.en;
  const body = fill(t.webhookDisabledBody, {
    url: payload.url,
    description: payload.description || '–',
    reason: payload.reason,
    id: payload.endpointId,
  });
  const text = `${t.greeting} ${payload.name}\n\n${body}\n`;
  const html = `<p>${escapeHtml(t.greeting)} ${escapeHtml(payload.name)}</p><p>${escapeHtml(body)}</p>`;
  return { subject: t.webhookDisabledSubject, text, html };
}
