import type { Logger } from 'pino';
import type { Clock, IdGenerator, Stores } from '../domain/ports';
import type { IntakeDeps } from '../domain/intake/intake';

/** What every handler may use; built once in main.ts. */
export interface AppServices {
  stores: Stores;
  ids: IdGenerator;
  clock: Clock;
  logger: Logger;
  coordinatorIds: ReadonlySet<string>;
  /** Asks the outbox dispatcher to look for work now instead of at its next tick. */
  kickOutbox(): void;
}

export function intakeDeps(app: AppServices): IntakeDeps {
  return { stores: app.stores, ids: app.ids };
}

export function isCoordinator(app: AppServices, userId: string): boolean {
  return app.coordinatorIds.has(userId);
}
