// Mail transports for the Node server: SMTP when SMTP_URL is set, otherwise .eml files in
// DATA_DIR/outbox/ (open them with any mail program to see what a recipient would get).
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Logger } from '../logger.js';
import type { MailMessage, Mailer } from '../mail.js';

function toNodemailer(message: MailMessage) {
  return {
    ...message,
    attachments: message.attachments.map((a) => ({
      filename: a.filename,
      content: Buffer.from(a.content),
      contentType: a.contentType,
    })),
  };
}

export function createSmtpMailer(url: string): Mailer {
  const transport = nodemailer.createTransport(url);
  return {
    async send(message) {
      await transport.sendMail(toNodemailer(message));
    },
  };
}

export function createFileMailer(dataDir: string, logger: Logger): Mailer {
  const folder = path.join(dataDir, 'outbox');
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(message) {
      const info = await transport.sendMail(toNodemailer(message));
      await mkdir(folder, { recursive: true });
      const file = path.join(folder, `${new Date().toISOString().replace(/[:.]/g, '-')}-${message.to}.eml`);
      await writeFile(file, info.message as Buffer);
      logger.info('e-mail written', { file, to: message.to, subject: message.subject });
    },
  };
}
