// A user of a test tenant signed in to the back office in a language of their choice.
import { eq } from 'drizzle-orm';
import { expect } from 'vitest';
import { users } from '../../src/db/schema.js';
import type { TestApp } from './app.js';
import { givePassword, officeVisitor } from './office.js';

export async function signedInAs(test: TestApp, userId: string, language: 'de' | 'fr' | 'it' | 'en' = 'en') {
  const [user] = await test.database.db.update(users).set({ language }).where(eq(users.id, userId)).returning();
  await givePassword(test.database.db, userId, 'office password 1');
  const visitor = officeVisitor(test.app);
  expect((await visitor.signIn(user!.email, 'office password 1')).status).toBe(303);
  return visitor;
}
