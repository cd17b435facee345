/** The text commands the bot understands, in the three languages. */
export type Command = 'help' | 'newRequest' | 'myDrafts' | 'casesChannel' | 'pool';

const COMMAND_WORDS: Readonly<Record<Command, readonly string[]>> = {
  help: ['help', 'hulp', 'aide', 'menu', 'start', '?'],
  newRequest: ['new request', 'nieuwe aanvraag', 'nouvelle demande', 'request', 'aanvraag', 'demande'],
  myDrafts: ['my drafts', 'mijn concepten', 'mes brouillons', 'drafts', 'concepten', 'brouillons'],
  casesChannel: ['cases channel', 'dossierkanaal', 'canal des dossiers'],
  pool: ['organisers', 'organizers', 'overlegorganisatoren', 'organisateurs', 'pool'],
};

function normalise(text: string): string {
  return text
    .normalize('NFC')
    .toLocaleLowerCase('fr')
    .replace(/[.!,;:]+$/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The command a message asks for, or null when it is none of them. */
export function parseCommand(text: string): Command | null {
  const said = normalise(text);
  if (said.length > 100) return null;
  for (const [command, words] of Object.entries(COMMAND_WORDS) as [Command, readonly string[]][]) {
    if (words.includes(said)) return command;
  }
  return null;
}
