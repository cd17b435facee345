import template from '../templates/welcome.json';
import { renderCard, type AdaptiveCard } from '../render';
import type { Translate } from '../i18n';

/** Coordinators also see the commands only they can use. */
export function renderWelcomeCard(t: Translate, notice?: string, forCoordinator = false): AdaptiveCard {
  return renderCard(template, {
    title: t('welcome.title'),
    hasNotice: Boolean(notice),
    notice: notice ?? '',
    intro: t('welcome.intro'),
    who: t('welcome.who'),
    commandsTitle: t('welcome.commands.title'),
    commandsText: [
      t('welcome.command.new'),
      t('welcome.command.drafts'),
      t('welcome.command.myCases'),
      t('welcome.command.help'),
      ...(forCoordinator ? [t('welcome.command.channel'), t('pool.command'), t('welcome.command.figures')] : []),
    ]
      .map((line) => `- ${line}`)
      .join('\n'),
    actions: { newRequest: t('action.newRequest'), myDrafts: t('action.myDrafts') },
  });
}
