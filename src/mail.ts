// The mail port: what the outbox hands to a transport. SMTP and the .eml folder live in
// src/node/mail-transport.ts, the HTTP mail API (Node and Workers) in src/http-mail-transport.ts;
// tests use a fake that records messages.

export interface MailAttachment {
  filename: string;
  content: Uint8Array;
  contentType: string;
}

export interface MailMessage {
  /** Header value, e.g. `"Demo AG" <billing@demo-ag.example>`. */
  from: string;
  to: string;
  replyTo?: string;
  subject: string;
  text: string;
  html: string;
  attachments: MailAttachment[];
  /** The same for every try of one outbox message, so an HTTP mail API can drop a repeat. */
  idempotencyKey?: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
}
