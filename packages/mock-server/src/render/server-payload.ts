/** What a Plex Media Server says about itself. */
export interface ServerIdentity {
  readonly machineIdentifier: string;
  readonly friendlyName: string;
  readonly version: string;
  readonly platform: string;
  readonly platformVersion: string;
  /** The owner's plex.tv username, shown on the root as `myPlexUsername`. */
  readonly ownerUsername: string;
}

/** `GET /identity`, which a PMS answers without a token: enough to tell which machine is at an address. */
export function identityContainer(server: ServerIdentity): Record<string, unknown> {
  return { size: 0, claimed: true, machineIdentifier: server.machineIdentifier, version: server.version };
}

/** `GET /` with a valid token: the server's root, a few of the fields a real PMS sends. */
export function rootContainer(server: ServerIdentity): Record<string, unknown> {
  return {
    size: 0,
    allowSharing: true,
    claimed: true,
    friendlyName: server.friendlyName,
    machineIdentifier: server.machineIdentifier,
    myPlex: true,
    myPlexSigninState: "ok",
    myPlexUsername: server.ownerUsername,
    platform: server.platform,
    platformVersion: server.platformVersion,
    transcoderActiveVideoSessions: 0,
    updatedAt: 1_735_689_600,
    version: server.version,
  };
}
