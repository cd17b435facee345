/**
 * The Teams app package as `npm run package` builds it: the zip's contents, the manifest and its
 * nl / fr localisation files against Microsoft's published JSON schemas (offline, from the npm
 * package @microsoft/app-manifest), Microsoft's own validator from that package, the icons' sizes
 * and colours, and that every command the manifest offers is one the bot understands.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseCommand, type Command } from '../../bot/commands';
import { decodeRgba, readPngHeader } from './png';
import { readZipEntries } from './zip-entries';
import { describeErrors, loadTeamsSchema } from './teams-schemas';

const ROOT = path.resolve(__dirname, '..', '..', '..');
const SCRIPT = path.join(ROOT, 'scripts', 'package-manifest.js');
const APP_ID = '5b0c7a3e-7d1e-4c58-9a51-0c1d2e3f4a5b';
const HOST = 'mko.example.org';

function runPackage(args: string[], env: Record<string, string>) {
  // a clean environment: only what the test gives, so the machine's own variables cannot leak in
  return spawnSync(process.execPath, [SCRIPT, ...args], { cwd: ROOT, env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 20_000 });
}

describe('Teams app package (npm run package)', () => {
  let tmp: string;
  let entries: Map<string, Buffer>;
  let manifest: any;
  let localisations: Record<'nl' | 'fr', Record<string, string>>;

  beforeAll(async () => {
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'mko-package-'));
    const out = path.join(tmp, 'mko-bot.zip');
    const run = runPackage(['--out', out], { MicrosoftAppId: APP_ID.toUpperCase(), BOT_HOST: HOST });
    if (run.status !== 0) throw new Error(`package-manifest failed (${run.status}): ${run.stderr}`);
    entries = await readZipEntries(out);
    manifest = JSON.parse(entries.get('manifest.json')!.toString('utf8'));
    localisations = {
      nl: JSON.parse(entries.get('nl.json')!.toString('utf8')),
      fr: JSON.parse(entries.get('fr.json')!.toString('utf8')),
    };
  });

  afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it('holds exactly manifest.json, the two icons and the two localisation files, at its root', () => {
    expect([...entries.keys()].sort()).toEqual(['color.png', 'fr.json', 'manifest.json', 'nl.json', 'outline.png']);
  });

  it('is valid against the published Teams manifest schema of its version', () => {
    expect(manifest.$schema).toBe(`https://developer.microsoft.com/json-schemas/teams/v${manifest.manifestVersion}/MicrosoftTeams.schema.json`);
    const validate = loadTeamsSchema(manifest.manifestVersion, 'MicrosoftTeams');
    expect([validate(manifest), describeErrors(validate)]).toEqual([true, []]);
  });

  it('is refused by the same schema when broken (the check can fail)', () => {
    const validate = loadTeamsSchema(manifest.manifestVersion, 'MicrosoftTeams');
    const broken = { ...manifest, bots: [{ ...manifest.bots[0], botId: 'not-a-guid', scopes: ['everywhere'] }] };
    expect(validate(broken)).toBe(false);
    expect(describeErrors(validate).join('\n')).toMatch(/botId|scopes/);
  });

  it('passes Microsoft\'s own validator (AppManifestUtils of @microsoft/app-manifest, offline)', () => {
    // the library needs Node's require(esm), which jest's module loader lacks: it runs in a child
    const code = `
      const { AppManifestUtils } = require('@microsoft/app-manifest');
      let input = ''; process.stdin.on('data', (c) => (input += c)).on('end', async () => {
        const results = [];
        for (const m of JSON.parse(input)) results.push(await AppManifestUtils.validateAgainstSchema(m));
        process.stdout.write(JSON.stringify(results));
      });`;
    const broken = { ...manifest, staticTabs: [{ entityId: 'myCases', contentUrl: 'ftp://nope' }] };
    const run = spawnSync(process.execPath, ['--no-warnings', '-e', code], { cwd: ROOT, input: JSON.stringify([manifest, broken]), encoding: 'utf8', timeout: 20_000 });
    expect(run.stderr).toBe('');
    const [good, bad] = JSON.parse(run.stdout) as string[][];
    expect(good).toEqual([]);
    expect(bad!.join('\n')).toMatch(/staticTabs/);
  });

  it('has nl and fr localisation files valid against the localisation schema, translating every text', () => {
    const validate = loadTeamsSchema(manifest.manifestVersion, 'MicrosoftTeams.Localization');
    expect(manifest.localizationInfo).toEqual({
      defaultLanguageTag: 'en',
      additionalLanguages: [
        { languageTag: 'nl', file: 'nl.json' },
        { languageTag: 'fr', file: 'fr.json' },
      ],
    });
    const localisable = [
      'name.short',
      'name.full',
      'description.short',
      'description.full',
      ...manifest.staticTabs.flatMap((tab: any, i: number) => (tab.name ? [`staticTabs[${i}].name`] : [])),
      ...manifest.bots[0].commandLists.flatMap((list: any, l: number) =>
        list.commands.flatMap((_: unknown, c: number) => [`bots[0].commandLists[${l}].commands[${c}].title`, `bots[0].commandLists[${l}].commands[${c}].description`]),
      ),
    ];
    for (const lang of ['nl', 'fr'] as const) {
      const file = localisations[lang];
      expect([lang, validate(file), describeErrors(validate)]).toEqual([lang, true, []]);
      expect([lang, Object.keys(file).filter((k) => k !== '$schema').sort()]).toEqual([lang, [...localisable].sort()]);
    }
  });

  it('offers in every scope and language only commands the bot understands', () => {
    const lists: any[] = manifest.bots[0].commandLists;
    const expected: Record<string, Command[]> = {
      personal: ['help', 'newRequest', 'myDrafts'],
      team: ['casesChannel', 'help'],
      groupChat: ['help'],
    };
    expect(manifest.bots[0].scopes).toEqual(['personal', 'team', 'groupChat']);
    lists.forEach((list, l) => {
      const scope = list.scopes[0] as string;
      const titles = {
        en: list.commands.map((c: any) => c.title),
        nl: list.commands.map((_: unknown, c: number) => localisations.nl[`bots[0].commandLists[${l}].commands[${c}].title`]),
        fr: list.commands.map((_: unknown, c: number) => localisations.fr[`bots[0].commandLists[${l}].commands[${c}].title`]),
      };
      for (const [lang, words] of Object.entries(titles)) {
        expect([scope, lang, words.map((w: string) => parseCommand(w))]).toEqual([scope, lang, expected[scope]]);
      }
    });
    expect(lists.map((l) => l.scopes[0]).sort()).toEqual(Object.keys(expected).sort());
  });

  it('uses the deployment\'s app id and host for the bot, the tab, the valid domains and single sign-on', () => {
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.webApplicationInfo).toEqual({ id: APP_ID, resource: `api://${HOST}/${APP_ID}` });
    expect(manifest.validDomains).toEqual([HOST]);
    const tab = manifest.staticTabs.find((t: any) => t.entityId === 'myCases');
    expect(tab).toEqual({ entityId: 'myCases', name: 'My cases', contentUrl: `https://${HOST}/tab/index.html`, scopes: ['personal'] });
    expect(manifest.version).toBe(JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')).version);
    expect(JSON.stringify(manifest)).not.toMatch(/\{\{\w+\}\}/);
  });

  it('has a 192x192 colour icon and a 32x32 outline icon that is white on transparent', () => {
    const color = readPngHeader(entries.get('color.png')!);
    expect([color.width, color.height]).toEqual([192, 192]);
    const outline = entries.get('outline.png')!;
    expect(readPngHeader(outline)).toEqual(expect.objectContaining({ width: 32, height: 32, colorType: 6 }));
    const pixels = decodeRgba(outline).flatMap((row) => Array.from({ length: row.length / 4 }, (_, i) => [...row.subarray(i * 4, i * 4 + 4)]));
    const visible = pixels.filter(([, , , a]) => a! > 0);
    const notWhite = visible.filter(([r, g, b]) => r !== 255 || g !== 255 || b !== 255);
    expect(notWhite).toEqual([]);
    // a real drawing: part of the square is painted, and the rest is see-through
    expect(visible.length).toBeGreaterThan(100);
    expect(pixels.length - visible.length).toBeGreaterThan(300);
  });

  it('says which variables are missing, and builds nothing, without MicrosoftAppId and BOT_HOST', () => {
    const out = path.join(tmp, 'missing.zip');
    const run = runPackage(['--out', out], {});
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/MicrosoftAppId: missing/);
    expect(run.stderr).toMatch(/BOT_HOST: missing/);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('refuses a host given as an address, and an app id that is not a GUID', () => {
    const run = runPackage(['--out', path.join(tmp, 'bad.zip')], { MicrosoftAppId: 'my-bot', BOT_HOST: `https://${HOST}/` });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/MicrosoftAppId: must be a GUID/);
    expect(run.stderr).toMatch(/BOT_HOST: must be a host name/);
  });

  it('builds a package with placeholders in --dev mode', async () => {
    const out = path.join(tmp, 'dev.zip');
    const run = runPackage(['--dev', '--out', out], {});
    expect(run.status).toBe(0);
    const dev = JSON.parse((await readZipEntries(out)).get('manifest.json')!.toString('utf8'));
    expect(dev.id).toBe('00000000-0000-4000-8000-000000000000');
    expect(dev.validDomains).toEqual(['mko-bot.invalid']);
    const validate = loadTeamsSchema(dev.manifestVersion, 'MicrosoftTeams');
    expect([validate(dev), describeErrors(validate)]).toEqual([true, []]);
  });
});
