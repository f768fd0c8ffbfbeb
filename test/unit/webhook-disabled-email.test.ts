// The e-mail telling admins an event endpoint was switched off reads whole in each language:
// the URL, the reason and the way back in, with no placeholder left unfilled.
import { describe, expect, it } from 'vitest';
import { renderWebhookDisabledEmail } from '../../src/documents/webhook-disabled-email.js';
import { languages } from '../../src/i18n.js';

describe('the endpoint-disabled e-mail', () => {
  it.each(languages)('in %s names the URL, the reason and the endpoint, with every placeholder filled', (language) => {
    const email = renderWebhookDisabledEmail({
      to: 'ada@example.ch',
      name: 'Ada <Admin>',
      endpointId: '0b7c6f0e-1f7e-4a53-9a55-2d7a3c1e9f10',
      language,
      url: 'https://erp.example.ch/hooks?a=1&b=2',
      description: 'ERP',
      reason: 'Every attempt failed for three days (20 in a row); the last: The endpoint answered HTTP 500.',
    });
    for (const part of [email.subject, email.text, email.html]) expect(part).not.toMatch(/\{\w+\}/);
    expect(email.text).toContain('https://erp.example.ch/hooks?a=1&b=2');
    expect(email.text).toContain('HTTP 500');
    expect(email.text).toContain('/api/v1/webhook-endpoints/0b7c6f0e-1f7e-4a53-9a55-2d7a3c1e9f10');
    // The HTML escapes what a person typed.
    expect(email.html).toContain('Ada &#60;Admin&#62;');
    expect(email.html).not.toContain('<Admin>');
    expect(email.html).not.toContain('a=1&b=2');
  });
});
