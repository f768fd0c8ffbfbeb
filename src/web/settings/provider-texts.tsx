// A provider's words (name, onboarding steps, what to do after a verify) from the settings
// texts, and its credential inputs built from its field list. A provider the texts do not
// know yet is shown with its field names and the registry's name: usable, if plain.
import type { Provider } from '../../connections/rules.js';
import { providerNames } from '../../connections/rules.js';
import { Field, type FieldErrors, SelectField } from '../components.js';
import { choicesOf, isSecretField } from './onboarding.js';
import { type SettingsTexts, lookup } from './texts.js';

export interface ProviderTexts {
  name: string;
  intro: string;
  steps: { title: string; where: string }[];
  hints: Record<string, string>;
  todo: Record<string, string>;
  /** Names a field has at this provider where it differs from the common one (userId). */
  labels?: Record<string, string>;
}

export function providerTexts(st: SettingsTexts, provider: Provider): ProviderTexts {
  const known = (st.providers as Record<string, ProviderTexts | undefined>)[provider];
  return known ?? { name: providerNames[provider], intro: '', steps: [], hints: {}, todo: {} };
}

export const fieldLabel = (st: SettingsTexts, field: string, provider?: Provider) =>
  (provider ? providerTexts(st, provider).labels?.[field] : undefined) ?? lookup(st.credentialFields, field) ?? field;

/** One credential input, named `credentials.<field>`. A secret is never filled in: it is typed, or kept. */
export function CredentialInput({ st, provider, field, value, errors, keepHint }: { st: SettingsTexts; provider: Provider; field: string; value?: string; errors: FieldErrors; keepHint?: string }) {
  const name = `credentials.${field}`;
  const label = fieldLabel(st, field, provider);
  const hint = [providerTexts(st, provider).hints[field], keepHint].filter(Boolean).join(' ') || undefined;
  const choices = choicesOf(provider, field);
  if (choices) return <SelectField name={name} label={label} value={value} errors={errors} hint={hint} options={choices.map((choice) => ({ value: choice, label: choice }))} />;
  if (isSecretField(provider, field)) return <Field name={name} label={label} type="password" errors={errors} hint={hint} autocomplete="new-password" />;
  return <Field name={name} label={label} value={value} errors={errors} hint={hint} autocomplete="off" />;
}
