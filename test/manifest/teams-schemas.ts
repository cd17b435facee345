import fs from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import type { ValidateFunction } from 'ajv';

/**
 * Microsoft's published Teams app manifest JSON schemas, as shipped offline in the npm package
 * @microsoft/app-manifest (the Microsoft 365 Agents Toolkit's manifest library):
 * build/json-schemas/teams/v<version>/MicrosoftTeams.schema.json and ...Localization.schema.json,
 * the same files as https://developer.microsoft.com/json-schemas/teams/v<version>/.
 */
const SCHEMAS_DIR = path.join(path.dirname(require.resolve('@microsoft/app-manifest')), 'json-schemas', 'teams');

export type TeamsSchema = 'MicrosoftTeams' | 'MicrosoftTeams.Localization';

export function loadTeamsSchema(manifestVersion: string, kind: TeamsSchema): ValidateFunction {
  const file = path.join(SCHEMAS_DIR, `v${manifestVersion}`, `${kind}.schema.json`);
  if (!fs.existsSync(file)) throw new Error(`no schema for manifest version ${manifestVersion} in @microsoft/app-manifest (${file})`);
  // the published files write some regex escapes (\a, \v) that JavaScript's RegExp does not know;
  // Microsoft's own loader rewrites them the same way
  const text = fs.readFileSync(file, 'utf8').replace(/\\a/g, '\\u0007').replace(/\\v/g, '\\u000b');
  // a few published patterns (e.g. `\b]` in the localisation schema) are valid JavaScript regexes
  // only without the `u` flag, which ajv adds unless told not to
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats(ajv);
  return ajv.compile(JSON.parse(text));
}

export function describeErrors(validate: ValidateFunction): string[] {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''} ${JSON.stringify(e.params)}`);
}
