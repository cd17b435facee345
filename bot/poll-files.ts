import type { Server, Request, Response } from 'restify';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Clock, Stores } from '../domain/ports';
import type { Case } from '../domain/case/case';
import type { Poll } from '../domain/poll/poll';
import { buildPollIcs } from '../domain/poll/ics';
import { isDomainError } from '../domain/errors';
import { openPollFile, POLL_FILE_KINDS, type PollFileKind } from '../domain/poll/poll-use-cases';
import { LANGUAGES_OF_UI, makeTranslator, pickLanguage, type Translate, type UiLanguage } from '../adaptive-cards/i18n';
import { formatSlot } from '../adaptive-cards/format';
import { describePlace } from '../adaptive-cards/views/poll-views';
import { describeError } from './handlers/error-cards';
import { SignedTokens } from './signed-tokens';

/**
 * The meeting's files, served by the bot from signed links on the cards: the .ics calendar file
 * (for the organiser and every participant on Teams) and the printable invitation (for the
 * organiser to hand over or mail to people without Teams).
 *
 * Why links and not files in the chat: a bot can only send a file in Teams after the user accepts a
 * file-consent card and the bot uploads to their OneDrive, which needs extra permissions (see
 * figures-export.ts). A link names its user, poll, file and language and expires; the cards that
 * show one ask Teams to refresh them whenever they are shown, which signs a fresh link.
 */
export const POLL_LINK_TTL_MS = 24 * 60 * 60 * 1000;
export const POLL_ICS_PATH = '/api/poll.ics';
export const POLL_PRINT_PATH = '/api/poll-invitation';

export interface PollFileRequest {
  userId: string;
  pollId: string;
  kind: PollFileKind;
  lang: UiLanguage;
}

const tokenPayload = z
  .object({
    sub: z.string().min(1).max(200),
    poll: z.string().min(1).max(200),
    kind: z.enum(POLL_FILE_KINDS),
    lang: z.enum(LANGUAGES_OF_UI),
    exp: z.number().int(),
  })
  .strict();

export class PollFileLinks {
  private baseUrl = 'http://127.0.0.1';
  private readonly tokens = new SignedTokens(tokenPayload);

  constructor(private readonly ttlMs = POLL_LINK_TTL_MS) {}

  /** Where users' browsers reach this bot; known once the server listens. */
  setBaseUrl(url: string): void {
    this.baseUrl = url.replace(/\/+$/, '');
  }

  linkFor(request: PollFileRequest, now: Date): string {
    const token = this.tokens.sign({ sub: request.userId, poll: request.pollId, kind: request.kind, lang: request.lang, exp: now.getTime() + this.ttlMs });
    return `${this.baseUrl}${request.kind === 'ics' ? POLL_ICS_PATH : POLL_PRINT_PATH}?token=${encodeURIComponent(token)}`;
  }

  /** The request a token was signed for, or null when it is forged, altered, expired or for another file. */
  verify(token: string, kind: PollFileKind, now: Date): PollFileRequest | null {
    const payload = this.tokens.verify(token, now);
    if (!payload || payload.kind !== kind) return null;
    return { userId: payload.sub, pollId: payload.poll, kind: payload.kind, lang: payload.lang };
  }

  /** The language of a token we signed, even an expired one: the refusal is said in it. */
  languageOf(token: string): UiLanguage | null {
    return this.tokens.readAuthentic(token)?.lang ?? null;
  }
}

export interface PollFileRouteDeps {
  links: PollFileLinks;
  stores: Stores;
  clock: Clock;
  logger: Logger;
}

const COMMON_HEADERS = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff' };

/** GET /api/poll.ics?token=… and GET /api/poll-invitation?token=… */
export function registerPollFileRoutes(server: Server, deps: PollFileRouteDeps): void {
  server.get(POLL_ICS_PATH, async (req, res) =>
    serve(deps, req, res, 'ics', (t, poll, c, organiser, now) => ({
      contentType: `text/calendar; charset=utf-8; method=${poll.calendarEntry?.cancelled ? 'CANCEL' : 'REQUEST'}`,
      disposition: `attachment; filename="${c.reference}.ics"`,
      body: buildPollIcs(poll, now, { organizer: organiser?.email ? { name: organiser.name, email: organiser.email } : null }),
    })),
  );
  server.get(POLL_PRINT_PATH, async (req, res) =>
    serve(deps, req, res, 'print', (t, poll, c, organiser, _now, lang) => ({
      contentType: 'text/html; charset=utf-8',
      disposition: 'inline',
      body: buildPrintableInvitation(t, lang, poll, c, organiser),
    })),
  );
}

type Organiser = { name: string; email: string | null } | null;
type FileBody = { contentType: string; disposition: string; body: string };

async function serve(
  deps: PollFileRouteDeps,
  req: Request,
  res: Response,
  kind: PollFileKind,
  build: (t: Translate, poll: Poll, c: Case, organiser: Organiser, now: Date, lang: UiLanguage) => FileBody,
): Promise<void> {
  const started = performance.now();
  const now = deps.clock.now();
  const token = new URL(req.url ?? '', 'http://localhost').searchParams.get('token') ?? '';
  const request = token.length <= 2000 ? deps.links.verify(token, kind, now) : null;
  const lang = request?.lang ?? deps.links.languageOf(token) ?? pickLanguage(String(req.headers['accept-language'] ?? '').split(',')[0]);
  const t = makeTranslator(lang);
  const log = (outcome: string) => deps.logger.info({ route: `poll.${kind}`, outcome, ms: Math.round(performance.now() - started) }, 'http');
  const refuse = (status: number, text: string) => {
    res.writeHead(status, { ...COMMON_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' });
    res.end(text);
  };
  if (!request) {
    refuse(403, t('poll.file.invalid'));
    log('refused');
    return;
  }
  try {
    const { poll, c, organiser } = await openPollFile({ stores: deps.stores }, request.userId, request.pollId, kind, now);
    const file = build(t, poll, c, organiser, now, lang);
    const body = Buffer.from(file.body, 'utf8');
    res.writeHead(200, {
      ...COMMON_HEADERS,
      'Content-Type': file.contentType,
      'Content-Length': String(body.length),
      'Content-Disposition': file.disposition,
      // the printable page is plain HTML: no script, nothing loaded from elsewhere
      'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'",
    });
    res.end(body);
    log('ok');
  } catch (err) {
    if (!isDomainError(err)) throw err;
    // a link made before someone left the case or the poll gives nothing, not even whether it exists
    refuse(404, describeError(t, err));
    log(err.code);
  }
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => HTML_ESCAPES[ch]!);
}

/**
 * The invitation on paper, in the organiser's language: what, when (Brussels time), where, the
 * goal and whom to contact. It names no participant: one page serves everyone without Teams.
 */
export function buildPrintableInvitation(t: Translate, lang: UiLanguage, poll: Poll, c: Case, organiser: Organiser): string {
  const entry = poll.calendarEntry;
  const rows: [string, string][] = entry
    ? [
        [t('poll.invitation.when'), t('poll.invitation.time', { slot: formatSlot(lang, entry.slot.start, entry.slot.end) })],
        [t('poll.invitation.where'), describePlace(t, entry.slot.place)],
        [t('poll.invitation.goal'), poll.meetingGoal],
        [t('poll.invitation.organiser'), organiser?.name ?? '—'],
      ]
    : [];
  const contact = organiser ? [organiser.name, organiser.email].filter(Boolean).join(', ') : '—';
  const title = t('poll.print.title');
  return [
    '<!doctype html>',
    `<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">`,
    `<title>${escapeHtml(title)} — ${escapeHtml(c.reference)}</title>`,
    '<style>body{font-family:Georgia,serif;max-width:40em;margin:2em auto;padding:0 1em;line-height:1.5}',
    'h1{font-size:1.6em}dt{font-weight:bold;margin-top:.8em}dd{margin:0 0 0 1em}.cancelled{color:#a00;font-weight:bold}',
    '.reference{color:#555;font-size:.9em}@media print{body{margin:0}}</style></head><body><main>',
    `<h1>${escapeHtml(title)}</h1>`,
    entry?.cancelled ? `<p class="cancelled">${escapeHtml(t('poll.print.cancelled'))}</p>` : '',
    `<p>${escapeHtml(t('poll.print.intro'))}</p>`,
    `<dl>${rows.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join('')}</dl>`,
    `<p>${escapeHtml(t('poll.print.contact', { contact }))}</p>`,
    `<p class="reference">${escapeHtml(c.reference)}</p>`,
    '</main></body></html>',
    '',
  ].join('\n');
}
