import { randomBytes } from 'node:crypto';
import { SignedTokens } from './signed-tokens';
import type { Server } from 'restify';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { Clock, Stores } from '../domain/ports';
import type { Case } from '../domain/case/case';
import type { MeetingReport } from '../domain/report/report';
import { makeTranslator, pickLanguage, type MessageKey, type Translate, type UiLanguage } from '../adaptive-cards/i18n';
import { formatCalendarDate, formatDateTime } from '../adaptive-cards/format';
import type { ReportFileRequest } from './app-services';

/**
 * The sent report and its attendance and remuneration sheet as printable HTML pages, for people
 * without Teams (the person, relatives) and for signatures. Like the figures CSV: a link with a
 * signed token (HMAC, secret drawn at start) naming the case, the cycle and the page, valid for 24
 * hours. The organiser gets the links on the sent report card.
 */
export const REPORT_LINK_TTL_MS = 24 * 60 * 60 * 1000;
export const REPORT_FILE_PATH = '/api/report.html';

const tokenPayload = z
  .object({
    c: z.string().min(1).max(200),
    n: z.number().int().min(1).max(1000),
    k: z.enum(['report', 'sheet']),
    lang: z.enum(['nl', 'fr', 'en']),
    exp: z.number().int(),
  })
  .strict();

export class ReportFileLinks {
  private baseUrl = 'http://127.0.0.1';
  private readonly tokens: SignedTokens<z.infer<typeof tokenPayload>>;

  constructor(
    secret: Buffer = randomBytes(32),
    private readonly ttlMs = REPORT_LINK_TTL_MS,
  ) {
    this.tokens = new SignedTokens(tokenPayload, secret);
  }

  setBaseUrl(url: string): void {
    this.baseUrl = url.replace(/\/+$/, '');
  }

  sign(request: ReportFileRequest, now: Date): string {
    return this.tokens.sign({ c: request.caseId, n: request.cycle, k: request.kind, lang: request.lang, exp: now.getTime() + this.ttlMs });
  }

  verify(token: string, now: Date): ReportFileRequest | null {
    const p = this.tokens.verify(token, now);
    return p ? { caseId: p.c, cycle: p.n, kind: p.k, lang: p.lang } : null;
  }

  linkFor(request: ReportFileRequest, now: Date): string {
    return `${this.baseUrl}${REPORT_FILE_PATH}?token=${encodeURIComponent(this.sign(request, now))}`;
  }
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[ch]!);
}

function page(lang: UiLanguage, title: string, body: string): string {
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title><style>body{font-family:sans-serif;max-width:50em;margin:2em auto}table{border-collapse:collapse;width:100%}td,th{border:1px solid #999;padding:.4em;text-align:left}td.sign{width:12em;height:2.5em}</style></head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

const attendanceText = (t: Translate, a: MeetingReport['attendance'][number]) => t(`report.attendance.${a.status === 'present' ? (a.mode ?? 'in_person') : a.status}` as MessageKey);

export function renderReportPage(t: Translate, lang: UiLanguage, c: Case, report: MeetingReport): string {
  const h = (key: MessageKey) => `<h2>${escapeHtml(t(key))}</h2>`;
  const p = (text: string) => `<p>${escapeHtml(text)}</p>`;
  const name = (entryId: string | null) => c.preparation.network.find((e) => e.id === entryId)?.name ?? '';
  const parts = [
    p(report.sentAt ? t('report.subtitle.sent', { date: formatDateTime(lang, report.sentAt), cycle: report.cycle }) : ''),
    h('report.section.attendance'),
    ...report.attendance.map((a) => p(t('report.attendance.line', { name: a.name, role: a.role, status: attendanceText(t, a) }))),
    h('report.section.narrative'),
    ...(report.whatGoesWell ? [p(`${t('report.narrative.whatGoesWell')}: ${report.whatGoesWell}`)] : []),
    ...(report.situation ? [p(`${t('report.narrative.situation')}: ${report.situation}`)] : []),
    ...report.decisions.map((d) => p(t('report.narrative.decisionLine', { text: d }))),
    h('report.section.actions'),
    ...report.actions.map((a, i) =>
      p(
        t('report.action.line', {
          n: i + 1,
          what: a.what,
          owner: a.owner.name,
          mandate: a.ownerMandate ? ` (${t(`report.mandate.${a.ownerMandate}`)})` : '',
          due: formatCalendarDate(lang, a.dueDate),
          status: t(`report.action.status.${a.status}`),
        }),
      ),
    ),
    h('report.section.referent'),
    p(t('report.referent.line', { name: name(report.referentEntryId), confirmed: t(report.referentConfirmed ? 'report.referent.confirmed' : 'report.referent.notConfirmed') })),
    h('report.section.crisis_plan'),
    ...(report.crisisPlan
      ? [
          p(t('report.crisis.signsLine', { text: report.crisisPlan.warningSigns })),
          p(t('report.crisis.todoLine', { text: report.crisisPlan.whatToDo })),
          ...report.crisisPlan.contacts.map((x) =>
            p(
              t('report.crisis.contactLine', {
                name: x.name,
                how: x.how,
                hours: [x.inOfficeHours ? t('report.crisis.inOffice') : '', x.outOfOfficeHours ? t('report.crisis.outOfOffice') : ''].filter(Boolean).join(', ') || t('report.crisis.noHours'),
              }),
            ),
          ),
        ]
      : []),
    h('report.section.evaluation'),
    ...(report.evaluation ? [p(t('report.evaluation.line', { name: name(report.evaluation.who), how: report.evaluation.how, date: formatCalendarDate(lang, report.evaluation.date) }))] : []),
  ];
  return page(lang, t('report.title', { reference: c.reference }), parts.join(''));
}

export function renderSheetPage(t: Translate, lang: UiLanguage, c: Case, report: MeetingReport): string {
  const rows = report.attendance
    .map((a) => `<tr><td>${escapeHtml(a.name)}</td><td>${escapeHtml(a.role)}</td><td>${escapeHtml(attendanceText(t, a))}</td><td class="sign"></td></tr>`)
    .join('');
  const head = `<tr><th>${escapeHtml(t('report.sheet.participant'))}</th><th>${escapeHtml(t('report.sheet.role'))}</th><th>${escapeHtml(t('report.sheet.attendance'))}</th><th>${escapeHtml(t('report.sheet.signature'))}</th></tr>`;
  const sent = report.sentAt ? `<p>${escapeHtml(t('report.subtitle.sent', { date: formatDateTime(lang, report.sentAt), cycle: report.cycle }))}</p>` : '';
  return page(lang, t('report.sheet.title', { reference: c.reference }), `${sent}<table>${head}${rows}</table>`);
}

export interface ReportFileRouteDeps {
  links: ReportFileLinks;
  stores: Pick<Stores, 'cases' | 'reports' | 'audit'>;
  clock: Clock;
  logger: Logger;
}

/** GET /api/report.html?token=…: the printable report or attendance sheet the token was signed for (audited). */
export function registerReportFileRoute(server: Server, deps: ReportFileRouteDeps): void {
  server.get(REPORT_FILE_PATH, async (req, res) => {
    const started = performance.now();
    const now = deps.clock.now();
    const token = new URL(req.url ?? '', 'http://localhost').searchParams.get('token') ?? '';
    const request = token.length <= 2000 ? deps.links.verify(token, now) : null;
    const c = request ? await deps.stores.cases.findById(request.caseId) : null;
    const report = request && c && !c.purgedAt ? await deps.stores.reports.find(request.caseId, request.cycle) : null;
    const common = { 'Cache-Control': 'no-store', 'Referrer-Policy': 'no-referrer', 'X-Content-Type-Options': 'nosniff', 'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'" };
    if (!request || !c || !report || report.status !== 'sent') {
      const t = makeTranslator(request?.lang ?? pickLanguage(String(req.headers['accept-language'] ?? '').split(',')[0]));
      res.writeHead(403, { ...common, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(t('report.link.expired'));
      deps.logger.info({ route: 'report.html', outcome: 'refused', ms: Math.round(performance.now() - started) }, 'http');
      return;
    }
    const t = makeTranslator(request.lang);
    const html = request.kind === 'sheet' ? renderSheetPage(t, request.lang, c, report) : renderReportPage(t, request.lang, c, report);
    await deps.stores.audit.append({ caseId: c.id, at: now, actorId: 'link', action: request.kind === 'sheet' ? 'report.sheet_printed' : 'report.printed' });
    const body = Buffer.from(html, 'utf8');
    res.writeHead(200, { ...common, 'Content-Type': 'text/html; charset=utf-8', 'Content-Length': String(body.length) });
    res.end(body);
    deps.logger.info({ route: 'report.html', kind: request.kind, outcome: 'ok', ms: Math.round(performance.now() - started) }, 'http');
  });
}
