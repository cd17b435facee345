import restify from 'restify';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication, type InvokeResponse, type TurnContext } from 'botbuilder';

/**
 * The baseline of the turn benchmark: botbuilder's echo bot (ActivityHandler, CloudAdapter without
 * authentication) on restify with the same body parser as the MKO bot. It echoes a message through
 * the connector and answers an Action.Execute invoke with its verb, doing no work of its own.
 */
class EchoBot extends ActivityHandler {
  constructor() {
    super();
    this.onMessage(async (context, next) => {
      await context.sendActivity(`echo: ${context.activity.text ?? ''}`);
      await next();
    });
  }

  protected override async onInvokeActivity(context: TurnContext): Promise<InvokeResponse> {
    const verb = (context.activity.value as { action?: { verb?: unknown } } | undefined)?.action?.verb;
    return { status: 200, body: { statusCode: 200, type: 'application/vnd.microsoft.activity.message', value: `echo: ${String(verb)}` } };
  }
}

export interface RunningEchoBot {
  url: string;
  stop(): Promise<void>;
}

export async function startEchoBot(): Promise<RunningEchoBot> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({ MicrosoftAppId: '', MicrosoftAppPassword: '' }));
  const bot = new EchoBot();
  const server = restify.createServer({ name: 'echo-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 4 * 1024 * 1024, mapParams: false, mapFiles: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
