// The settings index: one card per section, with what it holds.
import { Hono } from 'hono';
import type { OfficeEnv } from '../env.js';
import { requireWebPermission } from '../guard.js';
import { SettingsShell, sections } from './shell.js';
import { settingsTexts } from './texts.js';

export const settingsIndexRoutes = new Hono<OfficeEnv>();

settingsIndexRoutes.get('/settings', requireWebPermission('settings:manage'), (c) => {
  const st = settingsTexts(c);
  return c.html(
    <SettingsShell c={c} title={st.indexTitle}>
      <ul class="cards settings-cards">
        {sections.map((section) => (
          <li class="card">
            <h2>
              <a href={section.href}>{st.sections[section.key].title}</a>
            </h2>
            <p>{st.sections[section.key].summary}</p>
          </li>
        ))}
      </ul>
    </SettingsShell>,
  );
});
