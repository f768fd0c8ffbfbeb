// Mail through an HTTP mail API: the transport for Cloudflare Workers, which can open
// neither SMTP sockets nor files (the Node server may use it too). One POST per message,
// JSON, the key in a header. Two request shapes, chosen by MAIL_API_FORMAT:
//   resend    Resend's POST /emails (Bearer key; attachments as base64 with content_type);
//             the same shape is taken by several others (e.g. Emailit's POST /v2/emails)
//   postmark  Postmark's POST /email (X-Postmark-Server-Token; PascalCase fields)
// Any other service is one small relay away: it receives the `resend` shape documented in
// the README and forwards it.
import type { MailMessage, Mailer } from './mail.js';

export const mailApiFormats = ['resend', 'postmark'] as const;
export type MailApiFormat = (typeof mailApiFormats)[number];

export interface MailApiConfig {
  url: string;
  key: string;
  format: MailApiFormat;
}

/** A mail API that does not answer within this time counts as not delivered; the outbox retries. */
const answerTimeoutMs = 30_000;

/** Base64 without Node's Buffer, so the same code runs in workerd. */
export function toBase64(bytes: Uint8Array): string {
  let binary = '';
  // Chunks keep String.fromCharCode's argument list short for large PDFs.
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  return btoa(binary);
}

function resendRequest(message: MailMessage, key: string) {
  const headers: Record<string, string> = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' };
  // Resend drops a second request with the same key: a retry after a lost answer sends nothing twice.
  if (message.idempotencyKey) headers['Idempotency-Key'] = message.idempotencyKey;
  const body = {
    from: message.from,
    to: [message.to],
    ...(message.replyTo ? { reply_to: message.replyTo } : {}),
    subject: message.subject,
    text: message.text,
    html: message.html,
    attachments: message.attachments.map((a) => ({ filename: a.filename, content: toBase64(a.content), content_type: a.contentType })),
  };
  return { headers, body };
}

function postmarkRequest(message: MailMessage, key: string) {
  const headers = { 'X-Postmark-Server-Token': key, 'Content-Type': 'application/json', Accept: 'application/json' };
  const body = {
    From: message.from,
    To: message.to,
    ...(message.replyTo ? { ReplyTo: message.replyTo } : {}),
    Subject: message.subject,
    TextBody: message.text,
    HtmlBody: message.html,
    Attachments: message.attachments.map((a) => ({ Name: a.filename, Content: toBase64(a.content), ContentType: a.contentType })),
    MessageStream: 'outbound',
  };
  return { headers, body };
}

export function createHttpMailer(config: MailApiConfig, fetchImpl: typeof fetch = fetch): Mailer {
  return {
    async send(message) {
      const { headers, body } = config.format === 'postmark' ? postmarkRequest(message, config.key) : resendRequest(message, config.key);
      const response = await fetchImpl(config.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(answerTimeoutMs),
      });
      if (!response.ok) {
        // The service's own words help the operator; the key is never part of them.
        const detail = (await response.text().catch(() => '')).slice(0, 300);
        throw new Error(`mail API answered ${response.status}${detail ? `: ${detail}` : ''}`);
      }
      await response.body?.cancel();
    },
  };
}
