import { ConfigurationBotFrameworkAuthentication, type Activity } from 'botbuilder';
import {
  AuthenticationConstants,
  type AuthenticateRequestResult,
  type ClaimsIdentity,
  type ConnectorClient,
  type ConnectorFactory,
  type UserTokenClient,
} from 'botframework-connector';

/** Few distinct keys exist (one bot, a handful of regional service URLs); the bound is only a guard. */
const MAX_CLIENTS = 100;

/**
 * The Bot Framework authentication of botbuilder, except that the Bot Framework clients are built
 * once per (bot app id, service URL, audience) and reused: CloudAdapter builds a new ConnectorClient
 * and a new UserTokenClient for every turn and every proactive send, each with its own request
 * pipeline and credentials object, about a third of a card turn's own work. These clients hold no
 * turn's state (their credentials cache and renew tokens themselves), and the app id is the only
 * part of the caller's claims that botbuilder's factories read, so a reused client is the one a new
 * factory would have built. Authentication itself is untouched: every request is still checked.
 */
export class ConnectorReusingAuthentication extends ConfigurationBotFrameworkAuthentication {
  private readonly clients = new Map<string, Promise<ConnectorClient>>();
  private readonly tokenClients = new Map<string, Promise<UserTokenClient>>();

  override async authenticateRequest(activity: Activity, authHeader: string): Promise<AuthenticateRequestResult> {
    const result = await super.authenticateRequest(activity, authHeader);
    const built = result.connectorFactory;
    return built ? { ...result, connectorFactory: this.reusingFactory(result.claimsIdentity, built) } : result;
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    let built: ConnectorFactory | undefined;
    return this.reusingFactory(claimsIdentity, { create: (url: string, audience?: string) => (built ??= super.createConnectorFactory(claimsIdentity)).create(url, audience) });
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return remember(this.tokenClients, appIdOf(claimsIdentity), () => super.createUserTokenClient(claimsIdentity));
  }

  private reusingFactory(claimsIdentity: ClaimsIdentity, built: Pick<ConnectorFactory, 'create'>): ConnectorFactory {
    const appId = appIdOf(claimsIdentity);
    const create = (serviceUrl: string, audience?: string): Promise<ConnectorClient> =>
      remember(this.clients, `${appId}\u0000${serviceUrl}\u0000${audience ?? ''}`, () => built.create(serviceUrl, audience));
    return { create } as ConnectorFactory;
  }
}

/** The app id as botbuilder's factories derive it from the claims (audience, else appid). */
function appIdOf(claimsIdentity: ClaimsIdentity): string {
  return claimsIdentity.getClaimValue(AuthenticationConstants.AudienceClaim) ?? claimsIdentity.getClaimValue(AuthenticationConstants.AppIdClaim) ?? '';
}

function remember<T>(known: Map<string, Promise<T>>, key: string, build: () => Promise<T>): Promise<T> {
  const existing = known.get(key);
  if (existing) return existing;
  const created = build();
  if (known.size >= MAX_CLIENTS) known.clear();
  known.set(key, created);
  // a failure (e.g. credentials that could not be built) is not kept: the next turn tries again
  created.catch(() => known.get(key) === created && known.delete(key));
  return created;
}
