import { z } from 'zod';
import type { Actor, Reach } from '../../domain/case/pool-and-assignment';
import { isCoordinator } from '../app-services';
import { readSectionInputs } from '../card-payloads';
import { BadPayloadError, PersonalOnlyError } from './error-cards';
import type { HandlerContext } from './handler-types';

/**
 * What every card handler does first: check the payload's shape, know who acts and how to reach
 * people proactively. Payload content is judged by the domain afterwards.
 */

/** Ids are ours (UUIDs, Teams and Entra ids); anything longer or stranger is not one we handed out. */
export const idSchema = z.string().min(1).max(200).regex(/^[\w:.@;-]+$/);
export const caseRefSchema = z.object({ caseId: idSchema }).passthrough();

export function parsePayload<T>(schema: z.ZodType<T>, data: unknown, verb: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) throw new BadPayloadError(verb);
  return parsed.data;
}

export function actorOf(ctx: HandlerContext): Actor {
  return { userId: ctx.info.caller.userId, isCoordinator: isCoordinator(ctx.app, ctx.info.caller.userId) };
}

export function reachOf(ctx: HandlerContext): Reach {
  return { serviceUrl: ctx.serviceUrl, botId: ctx.botId, tenantId: ctx.info.caller.tenantId };
}

/** Personal details are shown in the 1:1 chat only, never on a channel card. */
export function requirePersonal(ctx: HandlerContext): void {
  if (ctx.info.conversationType !== 'personal') throw new PersonalOnlyError();
}

/** The inputs of one form (e.g. every `entry.*` value) as strings; too long or not strings is a bad payload. */
export function formInputs(data: unknown, section: string, verb: string): Record<string, string> {
  const raw = readSectionInputs(data, section);
  if (raw === null) throw new BadPayloadError(verb);
  return raw;
}
