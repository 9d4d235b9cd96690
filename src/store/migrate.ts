/**
 * Schema migrations. `migrations[v]` turns a version-v file into version v+1; a file
 * is walked up one version at a time. The caller keeps a backup of the original
 * bytes before the migrated data is first written.
 */
import { AichatError } from '../core/errors.js';

export type Migration = (data: Record<string, unknown>) => Record<string, unknown>;
export type Migrations = Readonly<Record<number, Migration>>;

export function migrate(
  data: Record<string, unknown> & { schemaVersion: number },
  migrations: Migrations,
  target: number,
): Record<string, unknown> {
  let current: Record<string, unknown> = data;
  for (let version = data.schemaVersion; version < target; version++) {
    const step = migrations[version];
    if (!step) {
      throw new AichatError(
        'store',
        `no migration from schema version ${version}; this file is too old for this aichat`,
      );
    }
    current = { ...step(current), schemaVersion: version + 1 };
  }
  return current;
}
