#!/usr/bin/env node
/*
 * Builds the Teams app package: manifest/build/mko-bot.zip with manifest.json, color.png,
 * outline.png, nl.json and fr.json, from the template manifest/manifest.json.
 *
 *   MicrosoftAppId=<bot app id> BOT_HOST=<public host name> npm run package
 *   npm run package -- --dev            (placeholder values, for tests and a look at the package)
 *   npm run package -- --out <file.zip>
 *
 * Optional: APP_WEBSITE_URL, APP_PRIVACY_URL, APP_TERMS_URL (https; default: the bot's about page).
 * The app id is the bot's id: one Entra app is the bot, the tab's SSO resource and the Teams app.
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const yazl = require('yazl');

const ROOT = path.resolve(__dirname, '..');
const MANIFEST_DIR = path.join(ROOT, 'manifest');
const DEFAULT_OUT = path.join(MANIFEST_DIR, 'build', 'mko-bot.zip');
/** What goes in the zip, all at its root, as Teams wants. */
const PACKAGE_FILES = ['manifest.json', 'color.png', 'outline.png', 'nl.json', 'fr.json'];
/** Placeholder values of --dev: clearly not a real deployment. */
const DEV_VALUES = { appId: '00000000-0000-4000-8000-000000000000', host: 'mko-bot.invalid' };

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// a DNS name, no scheme, port or path: Teams loads the tab over https on the standard port
const HOST_NAME = /^(?=.{1,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,62}$/i;

class PackageError extends Error {}

/** The values of one deployment, from the environment; every problem is named at once. */
function readDeploymentValues(env, options = {}) {
  if (options.dev) return { ...DEV_VALUES, ...optionalUrls(env, DEV_VALUES.host) };
  const problems = [];
  const appId = (env.MicrosoftAppId ?? '').trim();
  const host = (env.BOT_HOST ?? '').trim();
  if (!appId) problems.push("MicrosoftAppId: missing; the bot's Entra application (client) id, e.g. 5b0c7a3e-7d1e-4c58-9a51-0c1d2e3f4a5b");
  else if (!GUID.test(appId)) problems.push(`MicrosoftAppId: must be a GUID (got "${appId.slice(0, 60)}")`);
  if (!host) problems.push('BOT_HOST: missing; the public host name of the bot, e.g. mko.example.org (no https://, no path)');
  else if (!HOST_NAME.test(host)) problems.push(`BOT_HOST: must be a host name like mko.example.org, without https://, port or path (got "${host.slice(0, 60)}")`);
  let urls = {};
  try {
    urls = optionalUrls(env, host || DEV_VALUES.host);
  } catch (err) {
    problems.push(err.message);
  }
  if (problems.length) {
    throw new PackageError(`Cannot build the Teams app package:\n${problems.map((p) => `  - ${p}`).join('\n')}\n(use --dev for placeholder values)`);
  }
  return { appId: appId.toLowerCase(), host: host.toLowerCase(), ...urls };
}

function optionalUrls(env, host) {
  const about = `https://${host}/tab/about.html`;
  const urls = {
    websiteUrl: env.APP_WEBSITE_URL || about,
    privacyUrl: env.APP_PRIVACY_URL || about,
    termsUrl: env.APP_TERMS_URL || about,
  };
  for (const [name, value] of Object.entries({ APP_WEBSITE_URL: urls.websiteUrl, APP_PRIVACY_URL: urls.privacyUrl, APP_TERMS_URL: urls.termsUrl })) {
    if (!/^https:\/\/[^\s"]+$/.test(value)) throw new PackageError(`${name}: must be an https:// address (got "${String(value).slice(0, 60)}")`);
  }
  return urls;
}

/** The manifest of one deployment: the template with every {{PLACEHOLDER}} filled. */
function buildManifest(template, values, version) {
  const replacements = {
    APP_ID: values.appId,
    BOT_HOST: values.host,
    VERSION: version,
    WEBSITE_URL: values.websiteUrl,
    PRIVACY_URL: values.privacyUrl,
    TERMS_URL: values.termsUrl,
  };
  const fill = (node) => {
    if (typeof node === 'string') {
      return node.replace(/\{\{(\w+)\}\}/g, (whole, name) => {
        if (!(name in replacements)) throw new PackageError(`manifest/manifest.json: unknown placeholder ${whole}`);
        return replacements[name];
      });
    }
    if (Array.isArray(node)) return node.map(fill);
    if (node && typeof node === 'object') return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, fill(v)]));
    return node;
  };
  return fill(template);
}

/** The files of the package, by name. */
function packageContents(values) {
  const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version;
  const template = JSON.parse(fs.readFileSync(path.join(MANIFEST_DIR, 'manifest.json'), 'utf8'));
  const manifest = buildManifest(template, values, version);
  const files = { 'manifest.json': Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`) };
  for (const name of PACKAGE_FILES.filter((n) => n !== 'manifest.json')) files[name] = fs.readFileSync(path.join(MANIFEST_DIR, name));
  return files;
}

/** Writes the zip; the same inputs always give the same bytes (fixed dates, fixed order). */
function writeZip(outFile, files) {
  fs.mkdirSync(path.dirname(outFile), { recursive: true });
  const zip = new yazl.ZipFile();
  const mtime = new Date('2026-01-01T00:00:00Z');
  for (const name of PACKAGE_FILES) zip.addBuffer(files[name], name, { mtime, mode: 0o100644 });
  zip.end();
  return new Promise((resolve, reject) => {
    const out = fs.createWriteStream(outFile);
    zip.outputStream.pipe(out).on('close', resolve).on('error', reject);
    zip.outputStream.on('error', reject);
  });
}

async function buildPackage({ env = process.env, dev = false, outFile = DEFAULT_OUT } = {}) {
  const values = readDeploymentValues(env, { dev });
  await writeZip(outFile, packageContents(values));
  return { outFile, values };
}

function parseArgs(argv) {
  const args = { dev: false, outFile: DEFAULT_OUT };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--dev') args.dev = true;
    else if (argv[i] === '--out' && argv[i + 1]) args.outFile = path.resolve(argv[++i]);
    else throw new PackageError(`Unknown argument "${argv[i]}". Usage: package-manifest.js [--dev] [--out file.zip]`);
  }
  return args;
}

module.exports = { PACKAGE_FILES, DEV_VALUES, MANIFEST_DIR, readDeploymentValues, buildManifest, packageContents, buildPackage };

if (require.main === module) {
  (async () => {
    const args = parseArgs(process.argv.slice(2));
    const { outFile, values } = await buildPackage({ dev: args.dev, outFile: args.outFile });
    console.log(`package-manifest: wrote ${path.relative(process.cwd(), outFile)} for app ${values.appId} at https://${values.host}${args.dev ? ' (--dev placeholders: not installable in a tenant)' : ''}`);
  })().catch((err) => {
    console.error(err instanceof PackageError ? err.message : err);
    process.exit(err instanceof PackageError ? 2 : 1);
  });
}
