// A receiver of events for trying endpoints out, mounted at /sandbox/webhook-receiver while
// the sandbox runs: register https://<this server>/sandbox/webhook-receiver/<inbox> as an
// endpoint, tell the inbox its secret (PUT), and read what arrived (GET), each request with
// whether its signature verified. A PUT can also make the inbox answer with an error status,
// to see retries and the disabling at work. Kept in memory, a few requests per inbox.
import { Hono } from 'hono';
import { z } from 'zod';
import { eventIdHeader, eventTypeHeader, signatureHeader, signatureValid } from '../../webhooks/signature.js';

interface Received {
  eventId: string | null;
  type: string | null;
  signature: string | null;
  /** Null while the inbox has no secret to check against. */
  verified: boolean | null;
  body: string;
  receivedAt: string;
}

interface Inbox {
  secret: string | null;
  answerStatus: number;
  received: Received[];
}

const maxInboxes = 100;
const maxReceived = 100;
const inboxPattern = /^[A-Za-z0-9_-]{1,64}$/;

const inboxSettingsSchema = z.strictObject({
  secret: z.string().min(1).max(200).nullable().optional(),
  answerStatus: z.number().int().min(200).max(599).optional(),
});

export function createWebhookReceiver(options: { now: () => Date }) {
  const inboxes = new Map<string, Inbox>();
  const inboxOf = (name: string): Inbox | null => {
    if (!inboxPattern.test(name)) return null;
    let inbox = inboxes.get(name);
    if (!inbox) {
      if (inboxes.size >= maxInboxes) inboxes.delete(inboxes.keys().next().value!);
      inbox = { secret: null, answerStatus: 200, received: [] };
      inboxes.set(name, inbox);
    }
    return inbox;
  };
  const app = new Hono();
  const unknownInbox = { error: 'an inbox name is 1 to 64 letters, digits, - or _' };

  app.put('/:inbox', async (c) => {
    const inbox = inboxOf(c.req.param('inbox'));
    if (!inbox) return c.json(unknownInbox, 400);
    const parsed = inboxSettingsSchema.safeParse(await c.req.json().catch(() => null));
    if (!parsed.success) return c.json({ error: 'send { "secret": "whsec_…", "answerStatus": 200 }' }, 400);
    if (parsed.data.secret !== undefined) inbox.secret = parsed.data.secret;
    if (parsed.data.answerStatus !== undefined) inbox.answerStatus = parsed.data.answerStatus;
    return c.json({ answerStatus: inbox.answerStatus, secretSet: inbox.secret !== null });
  });

  app.post('/:inbox', async (c) => {
    const inbox = inboxOf(c.req.param('inbox'));
    if (!inbox) return c.json(unknownInbox, 400);
    const body = await c.req.text();
    const signature = c.req.header(signatureHeader) ?? null;
    const verified = inbox.secret === null ? null : signature !== null && (await signatureValid(inbox.secret, body, signature, options.now()));
    inbox.received.push({
      eventId: c.req.header(eventIdHeader) ?? null,
      type: c.req.header(eventTypeHeader) ?? null,
      signature,
      verified,
      body,
      receivedAt: options.now().toISOString(),
    });
    if (inbox.received.length > maxReceived) inbox.received.shift();
    // A receiver refuses what it cannot verify, as a real one should.
    if (verified === false) return c.json({ error: 'the signature does not verify' }, 400);
    return c.json({ received: true, verified }, inbox.answerStatus as 200);
  });

  app.get('/:inbox', (c) => {
    const inbox = inboxOf(c.req.param('inbox'));
    if (!inbox) return c.json(unknownInbox, 400);
    return c.json({ answerStatus: inbox.answerStatus, received: inbox.received });
  });

  return app;
}
