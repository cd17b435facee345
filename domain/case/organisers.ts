import { z } from 'zod';
import { LANGUAGES } from './request';

/**
 * The pool of neutral organisers a coordinator assigns cases from (DOMAIN.md, process step 2).
 * An organiser is identified by their Entra object id, the id the bot knows them by in Teams.
 */
export const ORGANISER_STATUSES = ['active', 'paused', 'removed'] as const;
export type OrganiserStatus = (typeof ORGANISER_STATUSES)[number];
export const BACKGROUNDS = [
  'community_nurse',
  'social_worker',
  'occupational_therapist',
  'diabetes_educator',
  'psychologist',
  'coordination_centre',
  'other',
] as const;
export type Background = (typeof BACKGROUNDS)[number];

export interface Organiser {
  id: string;
  name: string;
  email: string | null;
  languages: (typeof LANGUAGES)[number][];
  background: Background;
  status: OrganiserStatus;
  addedBy: string;
  addedAt: Date;
  updatedAt: Date;
  version: number;
}

export const organiserInputSchema = z
  .object({
    id: z.string().trim().min(1).max(100).regex(/^[\w:.@-]+$/, 'not a Teams user id'),
    name: z.string().trim().min(1).max(200),
    email: z.string().trim().max(200).email().optional(),
    languages: z.array(z.enum(LANGUAGES)).min(1).max(LANGUAGES.length),
    background: z.enum(BACKGROUNDS),
  })
  .strict();
export type OrganiserInput = z.infer<typeof organiserInputSchema>;
