import fs from 'node:fs';
import path from 'node:path';
import type { Request, Response, Server } from 'restify';

/**
 * Serves the personal tab's static files at /tab/*: a fixed list, read once at start-up (so a
 * missing file stops the start instead of failing in Teams), never a path taken from the request.
 */

interface StaticFile {
  body: Buffer;
  contentType: string;
}

const TAB_FILES: Readonly<Record<string, string>> = {
  'index.html': 'text/html; charset=utf-8',
  // the manifest's website, privacy and terms address (unless the deployment gives its own)
  'about.html': 'text/html; charset=utf-8',
  'tab.js': 'text/javascript; charset=utf-8',
  'tab-texts.js': 'text/javascript; charset=utf-8',
  'tab-charts.js': 'text/javascript; charset=utf-8',
  'tab.css': 'text/css; charset=utf-8',
};

/** The hosts that may frame the tab: Teams (web, desktop), Outlook and the Microsoft 365 app. */
const FRAME_ANCESTORS = [
  "'self'",
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://teams.cloud.microsoft',
  'https://*.cloud.microsoft',
  'https://*.office.com',
  'https://*.microsoft365.com',
  'https://*.skype.com',
  'https://outlook.office.com',
  'https://outlook.office365.com',
].join(' ');

/**
 * The Teams library fetches Microsoft's current list of Teams host origins (JSON, not code) to check
 * who sends it messages; blocked, it falls back to a built-in list that may miss newer hosts.
 */
const TEAMS_ORIGINS_LIST = 'https://res.cdn.office.net/teams-js/validDomains/json/validDomains.json';

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // every script and style comes from this server: no CDN, no inline script
  'Content-Security-Policy': `default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self' ${TEAMS_ORIGINS_LIST}; object-src 'none'; base-uri 'none'; frame-ancestors ${FRAME_ANCESTORS}`,
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-cache',
};

export function registerTabPage(server: Server, tabDir: string = findTabDir()): void {
  const files = new Map<string, StaticFile>();
  for (const [name, contentType] of Object.entries(TAB_FILES)) {
    files.set(name, { body: fs.readFileSync(path.join(tabDir, name)), contentType });
  }
  // the Teams JavaScript client library, served from node_modules (never from a CDN)
  files.set('teams-js.js', { body: fs.readFileSync(require.resolve('@microsoft/teams-js')), contentType: 'text/javascript; charset=utf-8' });

  server.get('/tab/:file', async (req: Request, res: Response) => {
    const name = String(req.params?.file ?? '');
    const file = files.get(name);
    if (!file) {
      res.header('Cache-Control', 'no-store');
      res.send(404, { error: 'not_found', message: 'No such file.' });
      return;
    }
    for (const [header, value] of Object.entries(SECURITY_HEADERS)) res.header(header, value);
    res.writeHead(200, { 'Content-Type': file.contentType, 'Content-Length': file.body.length });
    res.end(file.body);
  });
}

/** tab/ at the project root, found from here both in the sources and in dist/. */
function findTabDir(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'tab');
    if (fs.existsSync(path.join(candidate, 'index.html')) && fs.existsSync(path.join(dir, 'package.json'))) return candidate;
    dir = path.dirname(dir);
  }
  throw new Error(`The tab's files (tab/index.html) were not found above ${__dirname}`);
}
