import type { Logger } from 'pino';
import type { Clock, IdGenerator, Stores } from '../domain/ports';
import type { IntakeDeps } from '../domain/intake/intake';
import type { PollFileRequest } from './poll-files';

/** What every handler may use; built once in main.ts. */
export interface AppServices {
  stores: Stores;
  ids: IdGenerator;
  clock: Clock;
  logger: Logger;
  coordinatorIds: ReadonlySet<string>;
  /** Asks the outbox dispatcher to look for work now instead of at its next tick. */
  kickOutbox(): void;
  /** A short-lived link to the figures as CSV for this coordinator (bot/figures-export.ts); absent: no link. */
  figuresCsvLink?: (request: FiguresCsvRequest, now: Date) => string;
  /** A short-lived link to a poll's calendar file or printable invitation (bot/poll-files.ts); absent: no link. */
  pollFileLink?: (request: PollFileRequest, now: Date) => string;
  /** A short-lived link to a sent report or its attendance sheet as a printable page (bot/report-files.ts); absent: no link. */
  reportFileLink?: (request: ReportFileRequest, now: Date) => string;
}

/** What a printable report link is for: signed into its token. */
export interface ReportFileRequest {
  caseId: string;
  cycle: number;
  kind: 'report' | 'sheet';
  lang: 'nl' | 'fr' | 'en';
}

/** What a figures CSV link is for: signed into its token. */
export interface FiguresCsvRequest {
  coordinatorId: string;
  year: number | null;
  lang: 'nl' | 'fr' | 'en';
}

export function intakeDeps(app: AppServices): IntakeDeps {
  return { stores: app.stores, ids: app.ids };
}

export function isCoordinator(app: AppServices, userId: string): boolean {
  return app.coordinatorIds.has(userId);
}
