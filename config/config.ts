import path from 'node:path';
import { z } from 'zod';
import { DEFAULT_RETENTION_DAYS } from '../domain/case/retention';
import type { ReminderConfig } from '../domain/poll/reminders';
import { readPollReminderConfig } from './poll-reminder-config';
import type { FollowUpConfig } from '../domain/followup/config';
import { readFollowUpConfig } from './followup-config';

/**
 * The bot's configuration, read once at start-up from the environment. A wrong value stops the
 * start with a message naming the variable and what is allowed.
 */
const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
const APP_TYPES = ['MultiTenant', 'SingleTenant', 'UserAssignedMSI'] as const;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const emptyToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);
const optionalText = z.preprocess(emptyToUndefined, z.string().trim().optional());
const idList = (what: string) =>
  z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : []),
    z.array(z.string().regex(GUID, `each ${what} must be a GUID (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)`)),
  );

const envSchema = z.object({
  PORT: z.preprocess(emptyToUndefined, z.coerce.number({ error: 'must be a port number from 1 to 65535' }).int('must be a port number from 1 to 65535').min(0, 'must be a port number from 1 to 65535').max(65535, 'must be a port number from 1 to 65535').default(3978)),
  HOST: optionalText,
  DATA_DIR: z.preprocess(emptyToUndefined, z.string().default('./data')),
  STORE: z.preprocess(emptyToUndefined, z.enum(['embedded', 'mongo']).default('embedded')),
  MONGODB_URI: z.preprocess(emptyToUndefined, z.string().regex(/^mongodb(\+srv)?:\/\//, 'must start with mongodb:// or mongodb+srv://').optional()),
  LOG_LEVEL: z.preprocess(emptyToUndefined, z.enum(LOG_LEVELS).default('info')),
  MicrosoftAppId: z.preprocess(emptyToUndefined, z.string().regex(GUID, 'must be the bot\'s Entra application (client) id, a GUID').optional()),
  MicrosoftAppPassword: optionalText,
  MicrosoftAppType: z.preprocess(emptyToUndefined, z.enum(APP_TYPES).default('MultiTenant')),
  MicrosoftAppTenantId: z.preprocess(emptyToUndefined, z.string().regex(GUID, 'must be a tenant id (GUID)').optional()),
  ALLOWED_TENANT_IDS: idList('tenant id'),
  // Teams user ids in the Playground are not GUIDs, so coordinators are any non-empty ids
  COORDINATOR_IDS: z.preprocess(
    (v) => (typeof v === 'string' ? v.split(',').map((s) => s.trim()).filter(Boolean) : []),
    z.array(z.string().max(200)),
  ),
  BOT_HOST: z.preprocess(
    emptyToUndefined,
    z
      .string()
      .trim()
      .regex(/^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i, 'must be the public host name, e.g. mko.example.org (no https://, no path)')
      .optional(),
  ),
  OUTBOX_INTERVAL_MS: z.preprocess(emptyToUndefined, z.coerce.number({ error: 'must be milliseconds from 50 to 60000' }).int().min(50, 'must be milliseconds from 50 to 60000').max(60_000, 'must be milliseconds from 50 to 60000').default(1000)),
  RETENTION_DAYS: z.preprocess(emptyToUndefined, z.coerce.number({ error: 'must be a whole number of days from 1 to 36500' }).int('must be a whole number of days from 1 to 36500').min(1, 'must be a whole number of days from 1 to 36500').max(36_500, 'must be a whole number of days from 1 to 36500').default(DEFAULT_RETENTION_DAYS)),
});

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  store: { kind: 'embedded'; dataDir: string } | { kind: 'mongo'; uri: string };
  logLevel: (typeof LOG_LEVELS)[number];
  /** Null when no app id is set: local, unauthenticated development (loopback only). */
  auth: null | {
    appId: string;
    appPassword: string | null;
    appType: (typeof APP_TYPES)[number];
    tenantId: string | null;
  };
  /** Empty means: no tenant restriction (only allowed without an app id). */
  allowedTenantIds: string[];
  coordinatorIds: string[];
  outboxIntervalMs: number;
  /** The public host name (Teams tab, single sign-on audience, app package); null when unknown. */
  botHost: string | null;
  /** Days personal data is kept after a case ends (closed, refused, withdrawn). */
  retentionDays: number;
  /** When the availability poll reminds people, and when the bot sends nothing (config/poll-reminder-config.ts). */
  pollReminders: ReminderConfig;
  /** When agreed actions are chased, and the weekly overview and evaluation go out (config/followup-config.ts). */
  followUp: FollowUpConfig;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((i) => {
        const name = String(i.path[0] ?? '?');
        const got = env[name];
        return `${name}: ${i.message}${got !== undefined ? ` (got "${String(got).slice(0, 80)}")` : ''}`;
      }),
    );
  }
  const e = parsed.data;
  const problems: string[] = [];
  if (e.STORE === 'mongo' && !e.MONGODB_URI) problems.push('MONGODB_URI: required when STORE=mongo');

  let auth: Config['auth'] = null;
  if (e.MicrosoftAppId) {
    if (e.MicrosoftAppType !== 'UserAssignedMSI' && !e.MicrosoftAppPassword) {
      problems.push(`MicrosoftAppPassword: required when MicrosoftAppType=${e.MicrosoftAppType}`);
    }
    if (e.MicrosoftAppType !== 'MultiTenant' && !e.MicrosoftAppTenantId) {
      problems.push(`MicrosoftAppTenantId: required when MicrosoftAppType=${e.MicrosoftAppType}`);
    }
    auth = {
      appId: e.MicrosoftAppId,
      appPassword: e.MicrosoftAppPassword ?? null,
      appType: e.MicrosoftAppType,
      tenantId: e.MicrosoftAppTenantId ?? null,
    };
  } else if (e.MicrosoftAppPassword) {
    problems.push('MicrosoftAppId: required when MicrosoftAppPassword is set');
  }
  const allowedTenantIds = e.ALLOWED_TENANT_IDS.length ? e.ALLOWED_TENANT_IDS : e.MicrosoftAppTenantId ? [e.MicrosoftAppTenantId] : [];
  if (auth && allowedTenantIds.length === 0) {
    problems.push('ALLOWED_TENANT_IDS: required when MicrosoftAppId is set (comma-separated tenant ids whose users may use the bot)');
  }
  const pollReminders = readPollReminderConfig(env);
  problems.push(...pollReminders.problems);
  // the follow-up keeps the same quiet hours as the poll: one rule for when the bot stays silent
  const followUp = readFollowUpConfig(env, pollReminders.config.quiet);
  problems.push(...followUp.problems);
  if (problems.length) throw new ConfigError(problems);

  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    // without authentication the bot must only be reachable from this machine
    host: e.HOST ?? (auth ? '0.0.0.0' : '127.0.0.1'),
    dataDir,
    store: e.STORE === 'mongo' ? { kind: 'mongo', uri: e.MONGODB_URI! } : { kind: 'embedded', dataDir },
    logLevel: e.LOG_LEVEL,
    auth,
    allowedTenantIds,
    coordinatorIds: e.COORDINATOR_IDS,
    outboxIntervalMs: e.OUTBOX_INTERVAL_MS,
    botHost: e.BOT_HOST?.toLowerCase() ?? null,
    retentionDays: e.RETENTION_DAYS,
    pollReminders: pollReminders.config,
    followUp: followUp.config,
  };
}
