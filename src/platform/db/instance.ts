import { eq } from 'drizzle-orm';
import type { Database } from './database.js';
import { instanceSettings } from './tables.js';

/** This installation's id, created by migration 0009; every process on the database reads the same one. */
export async function instanceId(db: Database): Promise<string> {
  const rows = await db.system((tx) =>
    tx
      .select({ value: instanceSettings.value })
      .from(instanceSettings)
      .where(eq(instanceSettings.key, 'instance_id'))
      .limit(1),
  );
  const id = rows[0]?.value;
  if (id === undefined) throw new Error('instance_settings has no instance_id: run the migrations');
  return id;
}
