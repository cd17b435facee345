/** The text commands the bot understands, in the three languages. */
export type Command = 'help' | 'newRequest' | 'myDrafts' | 'casesChannel' | 'pool' | 'myCases' | 'figures' | 'personData' | 'auditTrail' | 'report';

const COMMAND_WORDS: Readonly<Record<Command, readonly string[]>> = {
  help: ['help', 'hulp', 'aide', 'menu', 'start', '?'],
  newRequest: ['new request', 'nieuwe aanvraag', 'nouvelle demande', 'request', 'aanvraag', 'demande'],
  myDrafts: ['my drafts', 'mijn concepten', 'mes brouillons', 'drafts', 'concepten', 'brouillons'],
  casesChannel: ['cases channel', 'dossierkanaal', 'canal des dossiers'],
  pool: ['organisers', 'organizers', 'overlegorganisatoren', 'organisateurs', 'pool'],
  myCases: ['my cases', 'mijn dossiers', 'mes dossiers'],
  figures: ['figures', 'cijfers', 'chiffres'],
  personData: ['person data', 'persoonsgegevens', 'données personnelles', 'donnees personnelles'],
  auditTrail: ['audit trail', 'audittrail', 'journal d’audit', "journal d'audit", 'audit'],
  report: ['report', 'verslag', 'rapport'],
};

/** Commands typed with an argument after the word: "figures 2021", "person data MKO-2026-0001". */
const TAKES_ARGUMENT: readonly Command[] = ['figures', 'personData', 'auditTrail', 'report'];

/** The command word that starts `said` (the longest one) and what follows it. */
function splitArgument(said: string): { command: Command; argument: string } | null {
  let best: { command: Command; word: string } | null = null;
  for (const command of TAKES_ARGUMENT) {
    for (const word of COMMAND_WORDS[command]) {
      if (said.startsWith(`${word} `) && (!best || word.length > best.word.length)) best = { command, word };
    }
  }
  return best ? { command: best.command, argument: said.slice(best.word.length).trim() } : null;
}

/** What was typed after a command word ("2021", "mko-2026-0001"), lower-cased; '' when nothing. */
export function readCommandArgument(text: string): string {
  return splitArgument(normalise(text))?.argument ?? '';
}

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
  return splitArgument(said)?.command ?? null;
}
