// The options of a payment service, the last step of adding one and a form of its page:
// label, the methods and currencies offered (the provider's lists), the currencies of each
// method's contract, and the default flag.
import { type Provider, providerCurrencies, providerMethods } from '../../connections/rules.js';
import { Field, type FieldErrors } from '../components.js';
import type { OfficeContext } from '../layout.js';
import { type PostedForm, many, one } from './form.js';
import { settingsTexts } from './texts.js';

export interface OptionValues {
  label: string;
  /** Comma-separated, as a form echoes them. */
  currencies: string;
  methods: string;
  isDefault: string;
  /** Per method, comma-separated currencies (the page of an existing service only). */
  methodCurrencies?: Record<string, string>;
}

const list = (value: string | undefined) => (value ?? '').split(',').filter(Boolean);

function Checkboxes({ name, legend, choices, checked, errors, hint }: { name: string; legend: string; choices: readonly string[]; checked: string[]; errors: FieldErrors; hint?: string }) {
  const id = `field-${name.replaceAll('.', '-')}`;
  const error = errors[name];
  return (
    <fieldset class={error ? 'choices has-error' : 'choices'} id={id} aria-describedby={error ? `${id}-error` : undefined}>
      <legend>{legend}</legend>
      {hint ? <p class="hint">{hint}</p> : null}
      {error ? (
        <p class="field-error" id={`${id}-error`}>
          {error}
        </p>
      ) : null}
      {choices.map((choice) => (
        <label class="choice">
          <input type="checkbox" name={name} value={choice} checked={checked.includes(choice)} /> {choice}
        </label>
      ))}
    </fieldset>
  );
}

export function ConnectionOptions({ c, provider, values, errors, perMethod }: { c: OfficeContext; provider: Provider; values: OptionValues; errors: FieldErrors; perMethod: boolean }) {
  const st = settingsTexts(c);
  const methods = list(values.methods);
  const currencies = list(values.currencies);
  return (
    <>
      <Field name="label" label={st.fields.label} value={values.label} errors={errors} hint={st.options.labelHint} required />
      <Checkboxes name="methods" legend={st.fields.methods} choices={providerMethods[provider]} checked={methods} errors={errors} />
      <Checkboxes name="currencies" legend={st.fields.currencies} choices={providerCurrencies[provider]} checked={currencies} errors={errors} hint={st.options.currenciesHint} />
      {perMethod
        ? methods.map((method) => (
            <Checkboxes
              name={`methodCurrencies.${method}`}
              legend={`${st.fields.methodCurrencies}: ${method}`}
              choices={currencies}
              checked={list(values.methodCurrencies?.[method])}
              errors={errors}
              hint={st.options.methodCurrenciesHint}
            />
          ))
        : null}
      <div class="field">
        <label class="choice">
          <input type="checkbox" name="isDefault" value="on" id="field-isDefault" checked={values.isDefault === 'on'} /> {st.fields.isDefault}
        </label>
        <p class="hint">{st.options.defaultHint}</p>
      </div>
      <input type="hidden" name="methodCurrenciesShown" value={perMethod ? methods.join(',') : ''} />
    </>
  );
}

/** The options as the API takes them; per-method currencies only for the methods whose boxes the page showed. */
export function optionsInput(provider: Provider, form: PostedForm) {
  const shown = one(form, 'methodCurrenciesShown').split(',').filter(Boolean);
  const methods = many(form, 'methods');
  const input = {
    label: one(form, 'label'),
    currencies: many(form, 'currencies'),
    methods,
    isDefault: one(form, 'isDefault') === 'on',
  };
  if (shown.length === 0) return input;
  const methodCurrencies = Object.fromEntries(shown.filter((method) => methods.includes(method)).map((method) => [method, many(form, `methodCurrencies.${method}`)]));
  return { ...input, methodCurrencies };
}

