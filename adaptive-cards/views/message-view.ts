import template from '../templates/message.json';
import { renderCard, type AdaptiveCard } from '../render';
import type { Translate } from '../i18n';

export type MessageTone = 'default' | 'good' | 'attention';

const COLORS: Record<MessageTone, string> = { default: 'Default', good: 'Good', attention: 'Attention' };

/** A short card with a title and a text: errors and notices. */
export function renderMessageCard(t: Translate, title: string, text: string, tone: MessageTone = 'default'): AdaptiveCard {
  return renderCard(template, { title, text, color: COLORS[tone], actions: { home: t('action.home') } });
}
