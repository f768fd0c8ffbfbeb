// A mail transport that records what would have been sent, and can be told to fail for
// one recipient (other tests' messages share the outbox table and must not eat the failure).
import type { MailMessage, Mailer } from '../../src/mail.js';

export class RecordingMailer implements Mailer {
  readonly sent: MailMessage[] = [];
  private readonly failures = new Map<string, number>();

  failNext(recipient: string, times = 1): void {
    this.failures.set(recipient, times);
  }

  async send(message: MailMessage): Promise<void> {
    const left = this.failures.get(message.to) ?? 0;
    if (left > 0) {
      this.failures.set(message.to, left - 1);
      throw new Error('550 mailbox unavailable (simulated)');
    }
    this.sent.push(message);
  }
}
