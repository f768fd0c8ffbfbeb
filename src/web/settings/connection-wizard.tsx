// Adding a payment service step by step, in the order of the provider's own onboarding:
// the environment and the first credentials, then each next group, then the options
// (label, methods, currencies, default). What earlier steps collected travels in the form
// sealed with the tenant's credential box, so a secret is never written back into a page;
// the last step creates the connection through the API's schema and verb.
import { Hono } from 'hono';
import { assertEnvironmentAllowed } from '../../connections/environment.js';
import { type Provider, environments, providerMethods } from '../../connections/rules.js';
import { DomainError } from '../../errors.js';
import { fill } from '../../i18n.js';
import { serviceContext } from '../../http/context.js';
import { sandboxEnabled } from '../../payments/deps.js';
import { paymentAdapters } from '../../providers/adapters.js';
import { connectionCreateSchema } from '../../routes/connections.js';
import { createConnection } from '../../services/save-connection.js';
import { CsrfField, type FieldErrors, SelectField } from '../components.js';
import type { OfficeEnv } from '../env.js';
import type { OfficeContext } from '../layout.js';
import { NotFoundPage } from '../pages.js';
import { type PostedForm, attempt, check, one, readForm, refusalWords, wordsFor } from './form.js';
import { ConnectionOptions, optionsInput } from './connection-options.js';
import { defaultOf, isProvider, isSecretField, onboardingSteps, credentialsSchemaOf } from './onboarding.js';
import { CredentialInput, fieldLabel, providerTexts } from './provider-texts.js';
import { ErrorList, SettingsShell, guardSection } from './shell.js';
import { settingsTexts } from './texts.js';

export const wizardRoutes = new Hono<OfficeEnv>();
guardSection(wizardRoutes, '/settings/payment-services/new', 'connections:manage');

interface Collected {
  environment: (typeof environments)[number];
  credentials: Record<string, string>;
}

export const environmentChoices = (c: OfficeContext) => {
  const t = c.get('t');
  const names = { sandbox: t.environmentSandbox, test: t.environmentTest, live: t.environmentLive };
  // A sandbox is offered only while this server runs the simulators.
  return environments.filter((environment) => environment !== 'sandbox' || sandboxEnabled(c.get('deps'))).map((value) => ({ value, label: names[value] }));
};

async function seal(c: OfficeContext, collected: Collected) {
  const box = c.get('deps').secretBox;
  if (!box) throw new Error('no secret box configured: payment services cannot be added');
  return box.seal(JSON.stringify(collected), c.get('session').tenantId);
}

async function open(c: OfficeContext, sealed: string): Promise<Collected | null> {
  const box = c.get('deps').secretBox;
  if (!box || !sealed) return null;
  try {
    return JSON.parse(await box.open(sealed, c.get('session').tenantId)) as Collected;
  } catch {
    return null;
  }
}

interface StepProps {
  c: OfficeContext;
  provider: Provider;
  step: number;
  carry: string;
  collected: Collected | null;
  values?: Record<string, string>;
  errors?: FieldErrors;
  message?: string | null;
}

function ProviderChoice({ c }: { c: OfficeContext }) {
  const st = settingsTexts(c);
  return (
    <SettingsShell c={c} title={st.wizard.chooseTitle}>
      <p>{st.wizard.chooseIntro}</p>
      <ul class="cards settings-cards">
        {(Object.keys(paymentAdapters) as Provider[]).map((provider) => {
          const words = providerTexts(st, provider);
          return (
            <li class="card">
              <h2>{words.name}</h2>
              <p>{words.intro}</p>
              <a class="button primary" href={`/office/settings/payment-services/new/${provider}`}>
                {fill(st.wizard.addProvider, { provider: words.name })}
              </a>
            </li>
          );
        })}
      </ul>
    </SettingsShell>
  );
}

function StepPage({ c, provider, step, carry, collected, values = {}, errors = {}, message }: StepProps) {
  const t = c.get('t');
  const st = settingsTexts(c);
  const words = providerTexts(st, provider);
  const steps = onboardingSteps(provider);
  const total = steps.length + 1;
  const isOptions = step === steps.length;
  const stepWords = words.steps[step] ?? { title: isOptions ? st.wizard.optionsTitle : st.wizard.credentialsTitle, where: '' };
  const title = `${fill(st.wizard.stepOf, { step: String(step + 1), total: String(total) })}: ${isOptions ? st.wizard.optionsTitle : stepWords.title}`;
  return (
    <SettingsShell c={c} title={fill(st.wizard.addProvider, { provider: words.name })} message={message}>
      <ol class="steps" aria-label={st.wizard.stepsLabel}>
        {[...steps.map((_, index) => words.steps[index]?.title ?? st.wizard.credentialsTitle), st.wizard.optionsTitle].map((name, index) => (
          <li aria-current={index === step ? 'step' : undefined} class={index < step ? 'done' : undefined}>
            {name}
          </li>
        ))}
      </ol>
      <h2>{title}</h2>
      {!isOptions && stepWords.where ? <p class="where">{stepWords.where}</p> : null}
      {collected ? (
        <p class="hint">
          {fill(st.wizard.collected, {
            fields: Object.keys(collected.credentials)
              .map((field) => (isSecretField(provider, field) ? `${fieldLabel(st, field, provider)} ✓` : `${fieldLabel(st, field, provider)}: ${collected.credentials[field]}`))
              .join(', '),
          })}
        </p>
      ) : null}
      <form method="post" action={`/office/settings/payment-services/new/${provider}`} class="settings-form" novalidate>
        <CsrfField c={c} />
        <input type="hidden" name="step" value={String(step)} />
        <input type="hidden" name="carry" value={carry} />
        <ErrorList c={c} errors={errors} />
        {step === 0 ? <SelectField name="environment" label={st.fields.environment} value={values.environment ?? environmentChoices(c)[0]?.value} errors={errors} hint={st.wizard.environmentHint} options={environmentChoices(c)} /> : null}
        {isOptions ? (
          <ConnectionOptions c={c} provider={provider} values={{ label: values.label ?? words.name, currencies: values.currencies ?? 'CHF', methods: values.methods ?? providerMethods[provider].join(','), isDefault: values.isDefault ?? 'on' }} errors={errors} perMethod={false} />
        ) : (
          steps[step]!.map((field) => <CredentialInput st={st} provider={provider} field={field} value={values[`credentials.${field}`] ?? defaultOf(provider, field)} errors={errors} />)
        )}
        <button type="submit" class="primary">
          {isOptions ? st.wizard.create : t.next}
        </button>{' '}
        <a href="/office/settings/payment-services">{t.cancel}</a>
      </form>
    </SettingsShell>
  );
}

wizardRoutes.get('/settings/payment-services/new', (c) => c.html(<ProviderChoice c={c} />));

wizardRoutes.get('/settings/payment-services/new/:provider', (c) => {
  const provider = c.req.param('provider');
  if (!isProvider(provider)) return c.html(<NotFoundPage c={c} />, 404);
  return c.html(<StepPage c={c} provider={provider} step={0} carry="" collected={null} />);
});

/** What the form holds, as text, to show it again; secrets are left out. */
function echo(provider: Provider, form: PostedForm): Record<string, string> {
  return Object.fromEntries(
    Object.keys(form)
      .filter((name) => !(name.startsWith('credentials.') && isSecretField(provider, name.slice('credentials.'.length))))
      .map((name) => [name, [form[name] ?? []].flat().join(',')]),
  );
}

wizardRoutes.post('/settings/payment-services/new/:provider', async (c) => {
  const st = settingsTexts(c);
  const provider = c.req.param('provider');
  if (!isProvider(provider)) return c.html(<NotFoundPage c={c} />, 404);
  const form = await readForm(c);
  const steps = onboardingSteps(provider);
  const step = Number(one(form, 'step'));
  const collected = step === 0 ? null : await open(c, one(form, 'carry'));
  // A form from before a restart, or one tampered with: start again rather than guess.
  if (!Number.isInteger(step) || step < 0 || step > steps.length || (step > 0 && !collected)) {
    return c.redirect(`/office/settings/payment-services/new/${provider}?done=startAgain`, 303);
  }
  const values = echo(provider, form);
  const again = (errors: FieldErrors, message?: string | null) =>
    c.html(<StepPage c={c} provider={provider} step={step} carry={one(form, 'carry')} collected={collected} values={values} errors={errors} message={message} />, 422);

  if (step < steps.length) {
    const fields = steps[step]!;
    const sent = Object.fromEntries(fields.map((field) => [field, one(form, `credentials.${field}`)]));
    const schema = credentialsSchemaOf(provider).pick(Object.fromEntries(fields.map((field) => [field, true])) as never);
    const checked = check(st, schema, sent);
    const environment = collected?.environment ?? one(form, 'environment');
    const envChecked = check(st, connectionCreateSchema.shape.environment, environment);
    const errors = { ...(checked.ok ? {} : prefix(checked.errors)), ...(envChecked.ok ? {} : { environment: Object.values(envChecked.errors)[0] ?? '' }) };
    if (!checked.ok || !envChecked.ok) return again(errors);
    if (step === 0) {
      try {
        assertEnvironmentAllowed({ environment: envChecked.data, baseUrlSent: false }, sandboxEnabled(c.get('deps')));
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        return again(wordsFor(st, error.extra.errors ?? []), refusalWords(st, error));
      }
    }
    const next: Collected = { environment: envChecked.data, credentials: { ...collected?.credentials, ...(checked.data as Record<string, string>) } };
    return c.html(<StepPage c={c} provider={provider} step={step + 1} carry={await seal(c, next)} collected={next} />);
  }

  const options = optionsInput(provider, form);
  const input = { provider, environment: collected!.environment, ...options, credentials: collected!.credentials };
  const checked = check(st, connectionCreateSchema, input);
  if (!checked.ok) return again(checked.errors);
  const done = await attempt(st, () => createConnection({ ctx: serviceContext(c as never), input: checked.data }));
  if (!done.ok) return again(done.errors, done.message);
  return c.redirect(`/office/settings/payment-services/${done.value.id}?done=connectionCreated`, 303);
});

/** A step's errors name the credential fields; the inputs are `credentials.<field>`. */
const prefix = (errors: FieldErrors): FieldErrors => Object.fromEntries(Object.entries(errors).map(([field, message]) => [`credentials.${field}`, message]));
