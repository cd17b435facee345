import { defineTexts } from '../define-texts';

/** Texts of the referent's weekly overview of open actions (adaptive-cards/views/followup-views.ts). */
export const FOLLOWUP_TEXTS = defineTexts({
  en: {
    'weekly.title': 'Your agreed actions this week',
    'weekly.subtitle': '{open} open action(s) in {cases} case(s) where you are the referent; {overdue} past their date.',
    'weekly.caseHeading': '{reference} ({pseudonym}): {open} open',
    'weekly.overdue': 'Past its date: please confirm it or give a new date.',
    'weekly.overdueLine': 'Past its date: {text}',
    'weekly.more': '… and {count} more',
    'weekly.openCase': 'Answer for {reference}',
    'weekly.compact': 'Too many actions to answer on one card: open a case to answer its actions.',
    'weekly.none': 'No open action in the cases where you are the referent.',
    'weekly.refresh': 'Refresh',
  },
  nl: {
    'weekly.title': 'Uw afgesproken acties deze week',
    'weekly.subtitle': '{open} open actie(s) in {cases} dossier(s) waarvoor u referent bent; {overdue} over datum.',
    'weekly.caseHeading': '{reference} ({pseudonym}): {open} open',
    'weekly.overdue': 'Over datum: bevestig ze of geef een nieuwe datum.',
    'weekly.overdueLine': 'Over datum: {text}',
    'weekly.more': '… en nog {count}',
    'weekly.openCase': 'Antwoorden voor {reference}',
    'weekly.compact': 'Te veel acties om op één kaart te beantwoorden: open een dossier om de acties ervan te beantwoorden.',
    'weekly.none': 'Geen open actie in de dossiers waarvoor u referent bent.',
    'weekly.refresh': 'Vernieuwen',
  },
  fr: {
    'weekly.title': 'Vos actions convenues cette semaine',
    'weekly.subtitle': '{open} action(s) ouverte(s) dans {cases} dossier(s) dont vous êtes le référent\u00a0; {overdue} en retard.',
    'weekly.caseHeading': '{reference} ({pseudonym})\u00a0: {open} ouverte(s)',
    'weekly.overdue': 'Date dépassée\u00a0: confirmez-la ou donnez une nouvelle date.',
    'weekly.overdueLine': 'En retard\u00a0: {text}',
    'weekly.more': '… et {count} de plus',
    'weekly.openCase': 'Répondre pour {reference}',
    'weekly.compact': 'Trop d’actions pour une seule carte\u00a0: ouvrez un dossier pour répondre à ses actions.',
    'weekly.none': 'Aucune action ouverte dans les dossiers dont vous êtes le référent.',
    'weekly.refresh': 'Actualiser',
  },
});
