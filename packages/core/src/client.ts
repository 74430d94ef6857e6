import { configOf, type OperationMethod, operationMethod, PlexAuthCore } from "./client-core.ts";
import { type AuthAppUrlOptions, authAppUrl } from "./flows/auth-app-url.ts";
import {
  type FindServerConnectionOptions,
  findServerConnection,
  type ServerConnection,
} from "./flows/find-server-connection.ts";
import { type WaitForOAuthPinOptions, waitForOAuthPin } from "./flows/wait-for-pin.ts";
import type { ApprovedPlexPin, PlexPin } from "./models/pin.ts";
import type { PlexResource } from "./models/resource.ts";
import type { AnyOperation, OperationInput, OperationResult } from "./operation.ts";
import { type Operations, operations } from "./operations/index.ts";
import type { PlexAuthOptions } from "./options.ts";

/** `plex.authentication`: one method per operation of the table, each documented like its operation. */
export type AuthenticationMethods = {
  readonly [Name in keyof Operations]: OperationMethod<
    OperationInput<Operations[Name]>,
    OperationResult<Operations[Name]>
  >;
};

/**
 * The Plex authentication client, with every operation under `authentication`.
 *
 * @example
 * ```ts
 * import { PlexAuth } from "@plex-auth/core";
 * const plex = new PlexAuth({ clientIdentifier: "my-app-3f1c…", token: "…", serverUrl: "http://192.168.1.10:32400" });
 * const transient = await plex.authentication.getTransientToken();
 * ```
 */
export class PlexAuth extends PlexAuthCore {
  /** Every Plex authentication operation, as a method. */
  readonly authentication: AuthenticationMethods;

  constructor(options: PlexAuthOptions) {
    super(options);
    const config = configOf(this);
    const methods = Object.fromEntries(
      Object.entries(operations).map(([name, operation]: [string, AnyOperation]) => [
        name,
        operationMethod(config, operation),
      ]),
    );
    this.authentication = Object.freeze(methods) as unknown as AuthenticationMethods;
  }

  /**
   * The auth app's URL for a PIN, with this client's identity: see the standalone {@link authAppUrl}.
   *
   * @example
   * ```ts
   * const pin = await plex.authentication.createOAuthPin({ strong: true });
   * window.open(plex.authAppUrl(pin));
   * ```
   */
  authAppUrl(pin: Pick<PlexPin, "code">, options?: AuthAppUrlOptions): string {
    return authAppUrl(this, pin, options);
  }

  /**
   * Waits until the PIN is approved, bounded by its expiry: see the standalone {@link waitForOAuthPin}.
   *
   * @example
   * ```ts
   * const approved = await plex.waitForOAuthPin(pin, { signal });
   * const signedIn = plex.withToken(approved.authToken);
   * ```
   */
  waitForOAuthPin(pin: PlexPin, options?: WaitForOAuthPinOptions): Promise<ApprovedPlexPin> {
    return waitForOAuthPin(this, pin, options);
  }

  /**
   * Picks a server's fastest working connection: see the standalone {@link findServerConnection}.
   *
   * @example
   * ```ts
   * const { uri, accessToken } = await plex.findServerConnection(server);
   * ```
   */
  findServerConnection(resource: PlexResource, options?: FindServerConnectionOptions): Promise<ServerConnection> {
    return findServerConnection(this, resource, options);
  }
}

/**
 * Creates a {@link PlexAuth} client. Options are validated here, once: a missing `clientIdentifier`, a bad
 * URL or an unknown option throws `InvalidInputError` naming the field.
 *
 * @example
 * ```ts
 * import { createPlexAuth } from "@plex-auth/core";
 * const plex = createPlexAuth({
 *   clientIdentifier: "my-app-3f1c…", // stable per installation
 *   product: "My App",
 *   version: "1.0",
 *   token: myStoredToken,
 *   serverUrl: "http://192.168.1.10:32400",
 * });
 * const account = await plex.authentication.getTokenDetails();
 * ```
 */
export function createPlexAuth(options: PlexAuthOptions): PlexAuth {
  return new PlexAuth(options);
}
