// The spec's worked examples (shared/specs/postfinance-checkout.md §3 and §9.3): if these
// drift, every request to PostFinance Checkout is refused, or every webhook is.
import { describe, expect, it } from 'vitest';
import { checkoutJwt, checkoutMacHeaders } from '../../src/providers/postfinance-checkout/auth.js';
import { parseSignatureHeader, verifyWebhookSignature } from '../../src/providers/postfinance-checkout/webhook-signature.js';

const signer = { userId: '512', authenticationKey: 'ZXhhbXBsZS1hdXRoZW50aWNhdGlvbi1rZXktMzJieSE=', timestamp: 1764230400 };

describe('PostFinance Checkout request signing', () => {
  it('signs a v2.0 request with the JWT of the worked example', async () => {
    const token = await checkoutJwt(signer, 'get', '/api/v2.0/payment/transactions/123456');
    const [header, claims, signature] = token.split('.');
    expect(JSON.parse(Buffer.from(header!, 'base64url').toString())).toEqual({ alg: 'HS256', typ: 'JWT', ver: 1 });
    expect(JSON.parse(Buffer.from(claims!, 'base64url').toString())).toEqual({
      sub: '512',
      iat: 1764230400,
      requestPath: '/api/v2.0/payment/transactions/123456',
      requestMethod: 'GET',
    });
    expect(signature).toBe('kZQgDvJxsOb9YTGJ3YcKWnKxKgY9vBubhsDLk_zAT0U');
  });

  it('signs a v1 request with the MAC of the worked example', async () => {
    const headers = await checkoutMacHeaders(signer, 'GET', '/api/transaction/read?spaceId=405&id=123456');
    expect(headers).toEqual({
      'x-mac-version': '1',
      'x-mac-userid': '512',
      'x-mac-timestamp': '1764230400',
      'x-mac-value': 'stpQF6TuF48aKwbj0t7elFRJWG3Eexn14o7xqtmqDOEEcFA8WPxPV+Q+y4lQ91TkIk2poowSidQtHpYU24Ltlg==',
    });
  });
});

describe('PostFinance Checkout webhook signatures', () => {
  const body =
    '{"entityId":11,"eventId":35,"listenerEntityId":1472041829003,"listenerEntityTechnicalName":"Transaction",' +
    '"spaceId":1,"state":"PROCESSING","timestamp":"2023-12-19T13:43:35+0000","webhookListenerId":2}';
  const header =
    'algorithm=SHA256withECDSA, keyId=ab3b774e-770e-4644-9b51-885d71f973e5, ' +
    'signature=MEYCIQCTzbMrMsOAC6T57T9kQTb1iGZVg2R7n6pY9A4ML4P31gIhAIOoav8cG8x0jpRWQztqSJIC8gXWKq+4DuENEySvmMYf';
  const publicKey = 'MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAEdWq7ZBGsjUzhBO3e6mzUBLpjpV3TQw1bL1rk3ocjn5C5qne7TY0OBBhiWgaPtWlvUcqASz903vtfeSTQma+SBA==';

  it('accepts the official test vector and refuses it after one byte of the body changed', async () => {
    const parsed = parseSignatureHeader(header)!;
    expect(parsed).toMatchObject({ algorithm: 'SHA256withECDSA', keyId: 'ab3b774e-770e-4644-9b51-885d71f973e5' });
    expect(await verifyWebhookSignature(new TextEncoder().encode(body), parsed.signature, publicKey)).toBe(true);
    const tampered = body.replace('"eventId":35', '"eventId":36');
    expect(await verifyWebhookSignature(new TextEncoder().encode(tampered), parsed.signature, publicKey)).toBe(false);
  });

  it('refuses a signature that is no DER and a header that is not of the platform form', async () => {
    expect(await verifyWebhookSignature(new TextEncoder().encode(body), 'bm90IGEgc2lnbmF0dXJl', publicKey)).toBe(false);
    expect(parseSignatureHeader('signature=abc')).toBeNull();
  });
});
