/**
 * A strict JSON Schema for the part of Adaptive Cards 1.5 this bot uses, written from the Adaptive
 * Cards 1.5 reference (adaptivecards.io/explorer), for the cards as sent (templates expanded).
 *
 * Why not the official adaptive-card.json: no npm package ships the 1.5 schema file (the
 * `adaptivecards` and `adaptivecards-designer` packages carry none, or an old one), and nothing is
 * downloaded at test time. The official renderer's own 1.5 parser (`adaptivecards`) checks every
 * card as well (see renderer-check.ts); this schema adds what that parser lets through: missing
 * required properties, misspelt property names, wrong value types.
 *
 * Strict on purpose: an element, action or property a template starts to use must be added here,
 * after checking it exists in 1.5 (and in Teams).
 */

type Schema = Record<string, unknown>;

/** Adaptive Cards enums are case-insensitive ("Bolder" and "bolder" are the same). */
function oneOfWords(...words: string[]): Schema {
  const letters = (w: string) => [...w].map((ch) => (/[a-z]/i.test(ch) ? `[${ch.toLowerCase()}${ch.toUpperCase()}]` : ch)).join('');
  return { type: 'string', pattern: `^(${words.map(letters).join('|')})$` };
}

const text = { type: 'string' };
const bool = { type: 'boolean' };
const spacing = oneOfWords('default', 'none', 'small', 'medium', 'large', 'extraLarge', 'padding');
const containerStyle = oneOfWords('default', 'emphasis', 'good', 'attention', 'warning', 'accent');
const verticalAlignment = oneOfWords('top', 'center', 'bottom');
const pixels = { type: 'string', pattern: '^[0-9]+px$' };

/** Properties every element may have (Element in the 1.5 reference). */
const elementCommon: Schema = {
  id: text,
  spacing,
  separator: bool,
  height: oneOfWords('auto', 'stretch'),
  isVisible: bool,
  requires: { type: 'object', additionalProperties: text },
  fallback: { anyOf: [{ const: 'drop' }, { $ref: '#/definitions/Element' }] },
};

const inputCommon: Schema = { ...elementCommon, isRequired: bool, errorMessage: text, label: text };

/** Properties every action may have (Action in the 1.5 reference). */
const actionCommon: Schema = {
  id: text,
  title: text,
  iconUrl: text,
  style: oneOfWords('default', 'positive', 'destructive'),
  fallback: { anyOf: [{ const: 'drop' }, { $ref: '#/definitions/Action' }] },
  tooltip: text,
  isEnabled: bool,
  mode: oneOfWords('primary', 'secondary'),
  requires: { type: 'object', additionalProperties: text },
};

const executeProperties: Schema = { ...actionCommon, verb: text, data: { type: 'object' }, associatedInputs: oneOfWords('auto', 'none') };

const element = (type: string, properties: Schema, required: string[] = []): Schema => ({
  type: 'object',
  additionalProperties: false,
  required: ['type', ...required],
  properties: { type: { const: type }, ...properties },
});

const items = { type: 'array', items: { $ref: '#/definitions/Element' } };

/**
 * Where an Action.OpenUrl may lead: https anywhere; plain http only to this machine (127.0.0.1,
 * localhost, [::1]), which is where the bot's own links point in local development and in the
 * tests (the figures CSV). Any other http link would send a signed token in clear text.
 */
export const OPEN_URL_PATTERN = String.raw`^(https://[^\s/?#@]+|http://(127\.0\.0\.1|localhost|\[::1\])(:[0-9]{1,5})?)([/?#]\S*)?$`;

const actions = { type: 'array', items: { $ref: '#/definitions/Action' } };

const choice = { type: 'object', additionalProperties: false, required: ['title', 'value'], properties: { title: text, value: text } };

/** Teams' people picker: a dynamic choice list (Data.Query), supported by Teams on 1.5 cards. */
const teamsDataQuery = {
  type: 'object',
  additionalProperties: false,
  required: ['type', 'dataset'],
  properties: {
    type: { const: 'Data.Query' },
    dataset: { enum: ['graph.microsoft.com/users', 'graph.microsoft.com/users?scope=currentContext'] },
    count: { type: 'integer' },
    skip: { type: 'integer' },
    value: text,
  },
};

const definitions: Record<string, Schema> = {
  Element: {
    type: 'object',
    required: ['type'],
    properties: { type: { type: 'string' } },
    discriminator: { propertyName: 'type' },
    oneOf: ['TextBlock', 'RichTextBlock', 'FactSet', 'Container', 'ColumnSet', 'ActionSet', 'Input.Text', 'Input.Date', 'Input.Time', 'Input.ChoiceSet'].map((t) => ({
      $ref: `#/definitions/${t}`,
    })),
  },
  TextBlock: element(
    'TextBlock',
    {
      ...elementCommon,
      text,
      color: oneOfWords('default', 'dark', 'light', 'accent', 'good', 'warning', 'attention'),
      fontType: oneOfWords('default', 'monospace'),
      horizontalAlignment: oneOfWords('left', 'center', 'right'),
      isSubtle: bool,
      maxLines: { type: 'integer', minimum: 1 },
      size: oneOfWords('default', 'small', 'medium', 'large', 'extraLarge'),
      weight: oneOfWords('default', 'lighter', 'bolder'),
      wrap: bool,
      style: oneOfWords('default', 'heading'),
    },
    ['text'],
  ),
  // RichTextBlock (1.2) with TextRun inlines: text shown as typed, never read as markdown (the
  // person-data export). The 1.5 reference also takes a plain string as an inline; the bot writes
  // TextRuns only, so that is all this subset allows.
  RichTextBlock: element(
    'RichTextBlock',
    {
      ...elementCommon,
      inlines: { type: 'array', minItems: 1, items: { $ref: '#/definitions/TextRun' } },
      horizontalAlignment: oneOfWords('left', 'center', 'right'),
    },
    ['inlines'],
  ),
  TextRun: element(
    'TextRun',
    {
      text,
      color: oneOfWords('default', 'dark', 'light', 'accent', 'good', 'warning', 'attention'),
      fontType: oneOfWords('default', 'monospace'),
      highlight: bool,
      isSubtle: bool,
      italic: bool,
      selectAction: { $ref: '#/definitions/Action' },
      size: oneOfWords('default', 'small', 'medium', 'large', 'extraLarge'),
      strikethrough: bool,
      underline: bool,
      weight: oneOfWords('default', 'lighter', 'bolder'),
    },
    ['text'],
  ),
  FactSet: element(
    'FactSet',
    { ...elementCommon, facts: { type: 'array', minItems: 1, items: { type: 'object', additionalProperties: false, required: ['title', 'value'], properties: { title: text, value: text } } } },
    ['facts'],
  ),
  Container: element(
    'Container',
    {
      ...elementCommon,
      items,
      selectAction: { $ref: '#/definitions/Action' },
      style: containerStyle,
      verticalContentAlignment: verticalAlignment,
      bleed: bool,
      minHeight: pixels,
      rtl: bool,
    },
    ['items'],
  ),
  ColumnSet: element(
    'ColumnSet',
    {
      ...elementCommon,
      columns: { type: 'array', items: { $ref: '#/definitions/Column' } },
      selectAction: { $ref: '#/definitions/Action' },
      style: containerStyle,
      bleed: bool,
      minHeight: pixels,
      horizontalAlignment: oneOfWords('left', 'center', 'right'),
    },
    ['columns'],
  ),
  Column: element('Column', {
    ...elementCommon,
    items,
    width: { anyOf: [oneOfWords('auto', 'stretch'), pixels, { type: 'number', minimum: 0 }] },
    selectAction: { $ref: '#/definitions/Action' },
    style: containerStyle,
    verticalContentAlignment: verticalAlignment,
    bleed: bool,
    minHeight: pixels,
    rtl: bool,
  }),
  ActionSet: element('ActionSet', { ...elementCommon, actions }, ['actions']),
  'Input.Text': element(
    'Input.Text',
    {
      ...inputCommon,
      isMultiline: bool,
      maxLength: { type: 'integer', minimum: 1 },
      placeholder: text,
      regex: text,
      style: oneOfWords('text', 'tel', 'url', 'email', 'password'),
      inlineAction: { $ref: '#/definitions/Action' },
      value: text,
    },
    ['id'],
  ),
  'Input.Date': element('Input.Date', { ...inputCommon, max: text, min: text, placeholder: text, value: text }, ['id']),
  // the availability poll's times (HH:mm, Brussels wall-clock time as the organiser types it)
  'Input.Time': element('Input.Time', { ...inputCommon, max: text, min: text, placeholder: text, value: text }, ['id']),
  'Input.ChoiceSet': element(
    'Input.ChoiceSet',
    {
      ...inputCommon,
      choices: { type: 'array', items: choice },
      'choices.data': teamsDataQuery,
      isMultiSelect: bool,
      style: oneOfWords('compact', 'expanded', 'filtered'),
      value: text,
      placeholder: text,
      wrap: bool,
    },
    ['id', 'choices'],
  ),
  Action: {
    type: 'object',
    required: ['type'],
    properties: { type: { type: 'string' } },
    discriminator: { propertyName: 'type' },
    // the bot answers Action.Execute (Universal Actions); Action.Submit would reach no handler
    oneOf: [{ $ref: '#/definitions/Action.Execute' }, { $ref: '#/definitions/Action.OpenUrl' }],
  },
  // a button needs a title to be read; the 1.5 reference leaves it optional, as for the refresh action
  'Action.Execute': element('Action.Execute', executeProperties, ['title', 'verb']),
  RefreshAction: element('Action.Execute', executeProperties, ['verb']),
  'Action.OpenUrl': element('Action.OpenUrl', { ...actionCommon, url: { type: 'string', pattern: OPEN_URL_PATTERN } }, ['title', 'url']),
};

export const ADAPTIVE_CARD_1_5_SUBSET: Schema = {
  $id: 'mko:adaptive-card-1.5-subset',
  type: 'object',
  additionalProperties: false,
  required: ['type', 'version', 'body'],
  properties: {
    type: { const: 'AdaptiveCard' },
    $schema: { const: 'http://adaptivecards.io/schemas/adaptive-card.json' },
    version: { const: '1.5' },
    body: items,
    actions,
    fallbackText: text,
    speak: text,
    lang: text,
    minHeight: pixels,
    rtl: bool,
    verticalContentAlignment: verticalAlignment,
    selectAction: { $ref: '#/definitions/Action' },
    // Universal Actions (1.4): Teams runs this Action.Execute when the card is shown, for the
    // userIds listed (Teams takes at most 60), or for everyone in a conversation of up to 60 people
    refresh: {
      type: 'object',
      additionalProperties: false,
      required: ['action'],
      properties: {
        action: { $ref: '#/definitions/RefreshAction' },
        userIds: { type: 'array', minItems: 1, maxItems: 60, items: { type: 'string', minLength: 1 } },
      },
    },
    // Teams-only: card width ("Full") and mentions
    msteams: { type: 'object' },
  },
  definitions,
};
