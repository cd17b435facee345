/**
 * How a user drives the Microsoft 365 Agents Playground page (0.2.28, Teams mode): the composer,
 * the @mention pop-up, and the inputs of a rendered Adaptive Card, found by their labels, roles
 * and button titles (the page's class names are hashed). playground/README.md ("In the page")
 * describes the DOM these helpers rely on.
 */
import type { Locator, Page } from 'playwright-core';

/** Every rendered Adaptive Card on the page, oldest first. */
export function cards(p: Page): Locator {
  return p.locator('.ac-adaptiveCard');
}

/**
 * The newest card that shows `text`. A card answered by an Action.Execute is replaced in place
 * by the bot's answer, so "the newest card showing Step 3 of 5" is the card the user works on.
 */
export function newestCard(p: Page, text: string | RegExp): Locator {
  return cards(p).filter({ hasText: text }).last();
}

/** Waits until a card showing `text` is visible and returns it (the newest such card). */
export async function waitForCard(p: Page, text: string | RegExp, what: string, timeoutMs?: number): Promise<Locator> {
  const card = newestCard(p, text);
  await card.waitFor({ state: 'visible', timeout: timeoutMs }).catch((err: Error) => {
    throw new Error(`${what}: no card showing ${String(text)} appeared (${err.message.split('\n')[0]})`);
  });
  return card;
}

/** Waits until there are more than `before` cards showing `text`; returns the newest. */
export async function waitForNewCard(p: Page, text: string | RegExp, before: number, what: string, timeoutMs = 15_000): Promise<Locator> {
  const matching = cards(p).filter({ hasText: text });
  const deadline = Date.now() + timeoutMs;
  while ((await matching.count()) <= before) {
    if (Date.now() > deadline) {
      const newest = await cards(p).last().innerText({ timeout: 1_000 }).catch(() => '(none)');
      throw new Error(`${what}: no new card showing ${String(text)} appeared within ${timeoutMs / 1000} s; the newest card begins:\n${newest.slice(0, 400)}`);
    }
    await p.waitForTimeout(150);
  }
  return matching.last();
}

/** Opens a conversation of the left rail ("Personal Chat", "MKO Brussels - MKO cases", ...). */
export async function openConversation(p: Page, name: RegExp): Promise<void> {
  await p.getByRole('treeitem', { name }).first().click();
}

/**
 * The personal / group chat composer (a Lexical editor). In a channel the first one is
 * "Start a new post"; the thread reply boxes ("Type a message...") come after it.
 */
function composer(p: Page): Locator {
  return p.locator('[role="textbox"][contenteditable="true"]').first();
}

/** Types a message in the open chat and sends it with Enter, as a user does. */
export async function say(p: Page, text: string): Promise<void> {
  const box = composer(p);
  await box.click();
  await p.keyboard.type(text);
  await p.keyboard.press('Enter');
}

/**
 * Starts a new channel post that @mentions `mentioned`: types "@", picks the name in the
 * Playground's typeahead pop-up (listbox "Typeahead menu", one menuitem per member and the bot),
 * then types the rest and sends. The Playground turns the picked name into a mention, so the bot
 * receives `<at>NAME</at> rest` with a `mention` entity, as from Teams.
 */
export async function postMentioning(p: Page, mentioned: string, rest: string): Promise<void> {
  // the placeholder is a sibling of the editor and goes away once something is typed
  await p.locator('xpath=//*[@role="textbox" and @contenteditable="true"][following-sibling::*[normalize-space()="Start a new post"]]').first().click();
  const box = p.locator('[role="textbox"][contenteditable="true"]:focus');
  await p.keyboard.type('@');
  const menu = p.getByRole('listbox', { name: 'Typeahead menu' });
  // a menuitem's name is its avatar's label then its text: "MKO bot MKO bot"
  await menu.getByRole('menuitem', { name: new RegExp(`(^|\\s)${escapeRegExp(mentioned)}$`) }).first().click();
  // the editor now holds a mention node; what follows is plain text
  await box.locator('.mention', { hasText: mentioned }).waitFor({ state: 'visible' });
  await p.keyboard.type(` ${rest}`);
  await p.keyboard.press('Enter');
}

/**
 * The posts of the open channel, newest first: each post (root message, its replies and its reply
 * box) is a role="group" holding a "Type a message..." box; the "Start a new post" composer above
 * them is a group too.
 */
export function channelPosts(p: Page): Locator {
  return p.getByRole('group').filter({ has: p.getByText('Type a message...', { exact: true }) });
}

/** The channel post (root message plus replies) that holds `el`. */
export function threadOf(el: Locator): Locator {
  return el.locator('xpath=ancestor::*[@role="group"][1]');
}

// ---- the inputs of one card ----------------------------------------------------------------

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A name that starts with `label` (labels of required inputs end in " *"). */
function startsWith(label: string): RegExp {
  return new RegExp(`^${escapeRegExp(label)}`);
}

/** Input.Text (single or multi-line), found by its label. */
export async function typeText(card: Locator, label: string, value: string): Promise<void> {
  const box = card.getByRole('textbox', { name: startsWith(label) });
  await box.fill(value);
}

export function textValue(card: Locator, label: string): Promise<string> {
  return card.getByRole('textbox', { name: startsWith(label) }).inputValue();
}

/** Input.ChoiceSet style expanded, single choice: a radio group named by the label. */
export async function chooseRadio(card: Locator, label: string, choice: string): Promise<void> {
  await radio(card, label, choice).check();
}

export function radio(card: Locator, label: string, choice: string): Locator {
  return card.getByRole('radiogroup', { name: startsWith(label) }).getByRole('radio', { name: choice, exact: true });
}

/**
 * Input.ChoiceSet style expanded, multi-select: one checkbox per choice, each named
 * "<label> <choice>" (aria-labelledby joins the set's label and the choice's).
 */
export async function tickBoxes(card: Locator, label: string, choices: string[]): Promise<void> {
  for (const choice of choices) {
    await card.getByRole('checkbox', { name: new RegExp(`^${escapeRegExp(label)}.*\\s${escapeRegExp(choice)}$`) }).check();
  }
}

/** A compact Input.ChoiceSet (Fluent combobox) or the Input.Date field, found by its label. */
export function combobox(card: Locator, label: string): Locator {
  return card.getByRole('combobox', { name: startsWith(label) });
}

/**
 * Compact Input.ChoiceSet, single choice: opens the combobox and clicks the option in its pop-up
 * (role listbox / option, rendered in a portal outside the card; the combobox's aria-controls
 * names it).
 */
export async function pickOne(card: Locator, label: string, choice: string | RegExp): Promise<void> {
  const popup = await openPopup(card, label);
  await popup.getByRole('option', { name: choice, exact: typeof choice === 'string' }).click();
  await popup.waitFor({ state: 'hidden' });
}

/**
 * Compact Input.ChoiceSet, multi-select: the pop-up is a menu of menuitemcheckbox; it stays open
 * while ticking, Escape closes it.
 */
export async function pickMany(card: Locator, label: string, choices: string[]): Promise<void> {
  const popup = await openPopup(card, label);
  for (const choice of choices) {
    const item = popup.getByRole('menuitemcheckbox', { name: choice, exact: true });
    await item.click();
    await waitForAttribute(item, 'aria-checked', 'true');
  }
  await card.page().keyboard.press('Escape');
  await popup.waitFor({ state: 'hidden' });
}

async function openPopup(card: Locator, label: string): Promise<Locator> {
  const field = combobox(card, label);
  await field.click();
  await waitForAttribute(field, 'aria-expanded', 'true');
  const id = await field.getAttribute('aria-controls');
  if (!id) throw new Error(`the "${label}" combobox names no pop-up (aria-controls)`);
  const popup = card.page().locator(`[id="${id}"]`);
  await popup.waitFor({ state: 'visible' });
  return popup;
}

/**
 * Input.Date: the Fluent date picker accepts typed text; it parses it as a local date and shows it
 * as "March 14, 1955". A written-out date is typed (not 1955-03-14, which JavaScript reads as UTC
 * midnight, the previous day west of Greenwich).
 */
export async function typeDate(card: Locator, label: string, written: string): Promise<void> {
  const field = combobox(card, label);
  await field.fill(written);
  await card.page().keyboard.press('Tab');
}

/** Clicks the card's button (Action.Execute) with this title. */
export async function press(card: Locator, title: string): Promise<void> {
  await card.getByRole('button', { name: title, exact: true }).click();
}

async function waitForAttribute(el: Locator, name: string, value: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while ((await el.getAttribute(name)) !== value) {
    if (Date.now() > deadline) throw new Error(`${name} did not become ${value}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}
