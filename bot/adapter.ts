import { CloudAdapter, type ConfigurationBotFrameworkAuthenticationOptions } from 'botbuilder';
import type { Logger } from 'pino';
import type { Config } from '../config/config';
import { pickLanguage, translate } from '../adaptive-cards/i18n';
import { ConnectorReusingAuthentication } from './reuse-connector-clients';

/**
 * The Bot Framework adapter. With an app id, every request must carry a valid Bot Framework token;
 * without one, authentication is off (local development and tests), and the server only accepts
 * loopback traffic (see server.ts).
 */
export function createAdapter(config: Config, logger: Logger): CloudAdapter {
  const options: ConfigurationBotFrameworkAuthenticationOptions = config.auth
    ? {
        MicrosoftAppId: config.auth.appId,
        MicrosoftAppPassword: config.auth.appPassword ?? '',
        MicrosoftAppType: config.auth.appType,
        MicrosoftAppTenantId: config.auth.tenantId ?? '',
      }
    : { MicrosoftAppId: '', MicrosoftAppPassword: '' };
  const adapter = new CloudAdapter(new ConnectorReusingAuthentication(options));
  adapter.onTurnError = async (context, error) => {
    logger.error({ err: { name: error.name, message: error.message, stack: error.stack }, turn: context.activity.type }, 'turn failed');
    // the user gets a short apology in their language; details stay in the log
    if (context.activity.type === 'message') {
      const text = translate(pickLanguage(context.activity.locale), 'error.unexpected');
      await context.sendActivity({ type: 'message', text }).catch(() => undefined);
    }
  };
  return adapter;
}
