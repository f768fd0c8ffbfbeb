// The body of POST and PATCH /api/v1/contacts: the API and the back office's contact form
// validate contacts with these same schemas.
import { z } from '@hono/zod-openapi';

export const contactLanguages = ['de', 'fr', 'it', 'en'] as const;
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1, { error: 'must not be empty' })
    .max(max, { error: `at most ${max} characters` });

// Lengths follow the structured address of the Swiss QR-bill (name 70, street 70, number 16, zip 16, town 35).
export const contactFields = {
  kind: z.enum(['company', 'person'], { error: 'must be "company" or "person"' }),
  companyName: text(70).nullable().optional(),
  firstName: text(35).nullable().optional(),
  lastName: text(35).nullable().optional(),
  street: text(70),
  buildingNumber: text(16).nullable().optional(),
  postalCode: text(16),
  city: text(35),
  country: z.string().regex(/^[A-Z]{2}$/, { error: 'must be an ISO 3166 alpha-2 code such as CH' }),
  email: z.email({ error: 'must be an e-mail address' }).max(254),
  language: z.enum(contactLanguages, { error: 'must be one of de, fr, it, en' }),
  customerNumber: text(35).nullable().optional(),
};

export const contactCreateSchema = z.strictObject(contactFields);
export const contactPatchSchema = z.strictObject({
  ...contactFields,
  kind: contactFields.kind.optional(),
  street: contactFields.street.optional(),
  postalCode: contactFields.postalCode.optional(),
  city: contactFields.city.optional(),
  country: contactFields.country.optional(),
  email: contactFields.email.optional(),
  language: contactFields.language.optional(),
});
