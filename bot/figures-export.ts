import { randomBytes } from 'node:crypto';
import { SignedTokens } from './signed-tokens';
import type { Server } from 'restify';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Clock, Stores } from '../domain/ports';
import { getFigures, REQUEST_OUTCOMES, type Figures } from '../domain/case/figures';
import { makeTranslator, pickLanguage, type Translate } from '../adaptive-cards/i18n';
import { describeFigureSections, figuresTitle } from '../adaptive-cards/views/figures-views';
import type { FiguresCsvRequest } from './app-services';

/**
 * The figures as a CSV file for Excel, downloaded from a link on the figures card.
 *
 * Why a link and not a file in the chat: a bot can only send a file in Teams after the user accepts
 * a file-consent card and the bot uploads to their OneDrive, which needs extra app permissions. An
 * Action.OpenUrl link opens in the browser without any of that. The link carries a signed token
 * (HMAC with a secret drawn when the process starts) that names the coordinator and expires after
 * ten minutes; the CSV holds counts and organiser names only, never a person's data.
 */
export const LINK_TTL_MS = 10 * 60 * 1000;
export const FIGURES_CSV_PATH = '/api/figures.csv';

const tokenPayload = z
  .object({
    sub: z.string().min(1).max(200),
    year: z.number().int().min(2000).max(2100).nullable(),
    lang: z.enum(['nl', 'fr', 'en']),
    exp: z.number().int(),
  })
  .strict();

export class FiguresCsvLinks {
  private baseUrl = 'http://127.0.0.1';
  private readonly tokens: SignedTokens<z.infer<typeof tokenPayload>>;

  constructor(
    secret: Buffer = randomBytes(32),
    private readonly ttlMs = LINK_TTL_MS,
  ) {
    this.tokens = new SignedTokens(tokenPayload, secret);
  }

  /** Where users' browsers reach this bot; known once the server listens. */
  setBaseUrl(url: string): void {
    this.baseUrl = url.replace(/\/+$/, '');
  }

  sign(request: FiguresCsvRequest, now: Date): string {
    return this.tokens.sign({ sub: request.coordinatorId, year: request.year, lang: request.lang, exp: now.getTime() + this.ttlMs });
  }

  /** The request the token was signed for, or null when it is forged, altered or expired. */
  verify(token: string, now: Date): FiguresCsvRequest | null {
    const payload = this.tokens.verify(token, now);
    return payload ? { coordinatorId: payload.sub, year: payload.year, lang: payload.lang } : null;
  }

  /** The language of a token we signed, even an expired one: the refusal is said in it. */
  languageOf(token: string): FiguresCsvRequest['lang'] | null {
    return this.tokens.readAuthentic(token)?.lang ?? null;
  }

  linkFor(request: FiguresCsvRequest, now: Date): string {
    return `${this.baseUrl}${FIGURES_CSV_PATH}?token=${encodeURIComponent(this.sign(request, now))}`;
  }
}

/**
 * One cell for Belgian Excel: quoted when it holds the separator, a quote or a line break; a text
 * starting like a formula (=, +, -, @) gets a leading apostrophe so that Excel never runs it.
 */
export function csvCell(value: string | number): string {
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[;"\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** The same figures as the card, one count per row: section; item; count. */
export function buildFiguresCsvRows(t: Translate, f: Figures): (string | number)[][] {
  const rows: (string | number)[][] = [[t('figures.csv.section'), t('figures.csv.item'), t('figures.csv.count')]];
  rows.push([t('figures.csv.requests'), figuresTitle(t, f.year), f.requests]);
  for (const section of describeFigureSections(t, f)) {
    for (const row of section.rows) rows.push([section.title, row.label, row.count]);
  }
  rows.push([t('figures.section.pool'), t('figures.pool', { count: f.organisersInPool }), f.organisersInPool]);
  rows.push([t('figures.section.held'), t('figures.section.held'), f.consultationsHeld]);
  rows.push([t('figures.section.held'), t('figures.csv.casesWithConsultation'), f.casesWithConsultation]);
  const yearSection = t('figures.section.year');
  for (const y of f.byYear) {
    rows.push([yearSection, `${y.year} · ${t('figures.csv.requests')}`, y.requests]);
    for (const o of REQUEST_OUTCOMES) rows.push([yearSection, `${y.year} · ${t(`figures.outcome.${o}`)}`, y.byOutcome[o]]);
    rows.push([yearSection, `${y.year} · ${t('figures.section.held')}`, y.consultationsHeld]);
  }
  return rows;
}

/** UTF-8 with a byte-order mark (so Excel reads the accents), ";" between cells, CRLF between rows. */
export function buildFiguresCsv(t: Translate, f: Figures): string {
  return `\uFEFF${buildFiguresCsvRows(t, f).map((r) => r.map(csvCell).join(';')).join('\r\n')}\r\n`;
}

export interface FiguresCsvRouteDeps {
  links: FiguresCsvLinks;
  stores: Stores;
  clock: Clock;
  coordinatorIds: ReadonlySet<string>;
  logger: Logger;
}

/** GET /api/figures.csv?token=…: the CSV for the coordinator the token was signed for. */
export function registerFiguresCsvRoute(server: Server, deps: FiguresCsvRouteDeps): void {
  server.get(FIGURES_CSV_PATH, async (req, res) => {
    const started = performance.now();
    const now = deps.clock.now();
    const token = new URL(req.url ?? '', 'http://localhost').searchParams.get('token') ?? '';
    const request = token.length <= 2000 ? deps.links.verify(token, now) : null;
    // a coordinator removed from the configuration since the link was made no longer gets the figures
    const allowed = request !== null && deps.coordinatorIds.has(request.coordinatorId);
    const common = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff' };
    if (!allowed) {
      const lang = request?.lang ?? deps.links.languageOf(token) ?? pickLanguage(String(req.headers['accept-language'] ?? '').split(',')[0]);
      const t = makeTranslator(lang);
      res.writeHead(403, { ...common, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(t('figures.csv.invalid'));
      deps.logger.info({ route: 'figures.csv', outcome: 'refused', ms: Math.round(performance.now() - started) }, 'http');
      return;
    }
    const figures = await getFigures({ stores: deps.stores }, { userId: request.coordinatorId, isCoordinator: true }, request.year, now);
    const body = Buffer.from(buildFiguresCsv(makeTranslator(request.lang), figures), 'utf8');
    res.writeHead(200, {
      ...common,
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Length': String(body.length),
      'Content-Disposition': `attachment; filename="mko-figures-${request.year ?? 'all'}.csv"`,
    });
    res.end(body);
    deps.logger.info({ route: 'figures.csv', outcome: 'ok', ms: Math.round(performance.now() - started) }, 'http');
  });
}
