import { pgTable, text } from 'drizzle-orm/pg-core';

/** Facts about this installation, shared by every process on the database (e.g. its instance id). */
export const instanceSettings = pgTable('instance_settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
