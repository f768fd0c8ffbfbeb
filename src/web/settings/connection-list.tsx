// The list of the tenant's payment services, each with its provider, environment (in
// colour), methods, currencies and whether its credentials are set.
import { asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { connections } from '../../db/schema.js';
import { EnvironmentBadge } from '../components.js';
import type { OfficeEnv } from '../env.js';
import type { OfficeContext } from '../layout.js';
import { providerTexts } from './provider-texts.js';
import { SettingsShell, TableWrap, guardSection } from './shell.js';
import { settingsTexts } from './texts.js';

export const connectionListRoutes = new Hono<OfficeEnv>();
guardSection(connectionListRoutes, '/settings/payment-services', 'connections:manage');

type Connection = typeof connections.$inferSelect;

export function Environment({ c, environment }: { c: OfficeContext; environment: Connection['environment'] }) {
  const t = c.get('t');
  const label = { sandbox: t.environmentSandbox, test: t.environmentTest, live: t.environmentLive }[environment];
  return <EnvironmentBadge environment={environment} label={label} />;
}

connectionListRoutes.get('/settings/payment-services', async (c) => {
  const st = settingsTexts(c);
  const rows = await c.get('deps').db.select().from(connections).where(eq(connections.tenantId, c.get('session').tenantId)).orderBy(asc(connections.createdAt));
  return c.html(
    <SettingsShell c={c} title={st.sections.paymentServices.title}>
      <p>
        <a class="button primary" href="/office/settings/payment-services/new">
          {st.connections.add}
        </a>
      </p>
      {rows.length === 0 ? (
        <p>{st.connections.noneYet}</p>
      ) : (
        <TableWrap label={st.sections.paymentServices.title}>
          <table class="stack">
            <thead>
              <tr>
                <th scope="col">{st.fields.label}</th>
                <th scope="col">{st.connections.provider}</th>
                <th scope="col">{st.fields.environment}</th>
                <th scope="col">{st.fields.methods}</th>
                <th scope="col">{st.fields.currencies}</th>
                <th scope="col">{st.connections.credentials}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((row) => (
                <tr>
                  <td data-label={st.fields.label}>
                    <a href={`/office/settings/payment-services/${row.id}`}>{row.label}</a>
                    {row.isDefault ? <span class="badge badge-default">{st.connections.default}</span> : null}
                  </td>
                  <td data-label={st.connections.provider}>{providerTexts(st, row.provider).name}</td>
                  <td data-label={st.fields.environment}>
                    <Environment c={c} environment={row.environment} />
                  </td>
                  <td data-label={st.fields.methods}>{row.methods.join(', ')}</td>
                  <td data-label={st.fields.currencies}>{row.currencies.join(', ')}</td>
                  <td data-label={st.connections.credentials}>{row.sealedSecrets ? st.connections.credentialsSet : st.connections.credentialsMissing}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </TableWrap>
      )}
      <p class="hint">{st.connections.listHint}</p>
    </SettingsShell>,
  );
});

