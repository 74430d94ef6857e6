/**
 * Bodies of the Authentication group's operations, as FLOWS.md records them (spec/plex-api/FLOWS.md),
 * with test values. A fresh copy on each call, so tests may modify them.
 */

export const PIN_ID = 564964751;
export const STRONG_CODE = "adladoqienbfquboqoqiobeoi";
export const APPROVED_TOKEN = "pin-approved-token-0001";

/** `POST /api/v2/pins?strong=true`, fresh (FLOWS.md §1.1). */
export function strongPin(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    id: PIN_ID,
    code: STRONG_CODE,
    product: "plex-auth tests",
    trusted: false,
    qr: `https://plex.tv/api/v2/pins/qr/${STRONG_CODE}`,
    clientIdentifier: "test-client-0001",
    location: {
      code: "US",
      european_union_member: false,
      continent_code: "NA",
      country: "United States",
      city: "San Francisco",
      time_zone: "America/Los_Angeles",
      postal_code: "94124",
      in_privacy_restricted_country: false,
      subdivisions: "California",
      coordinates: "37.7308, -122.3838",
    },
    expiresIn: 1800,
    createdAt: "2023-10-14T23:53:35Z",
    expiresAt: "2023-10-15T00:23:35Z",
    authToken: null,
    newRegistration: null,
    ...overrides,
  };
}

/** The 4-character PIN of FLOWS.md §1.1, with a numeric postal code as one spec example has. */
export function shortPin(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    ...strongPin(),
    id: 373040866,
    code: "7RQZ",
    product: "0",
    qr: "https://plex.tv/api/v2/pins/qr/7RQZ",
    location: { code: "NL", country: "The Netherlands", postal_code: 802 },
    expiresIn: 876,
    createdAt: "2024-07-16T17:03:05Z",
    expiresAt: "2024-07-16T17:18:05Z",
    ...overrides,
  };
}

export const PIN_EXPIRED = { errors: [{ code: 1020, message: "Code not found or expired" }] };

export const RESOURCE_TOKEN = "resource-token-Hg7FGK9x";

/** `GET /api/v2/resources` (FLOWS.md §3.3): an owned server, a shared one, and a client device. */
export function resources(): Record<string, unknown>[] {
  return [
    {
      name: "StreamMaster",
      product: "Plex Media Server",
      productVersion: "1.50.7.9541-913b34e21",
      platform: "Linux",
      platformVersion: "5.15.12-Unraid",
      device: "Docker Container",
      clientIdentifier: "8276c3fa6bc24e44b347e19c71fbb98b9287c1e9",
      createdAt: "2020-01-12T15:30:18Z",
      lastSeenAt: "2024-09-05T03:15:45Z",
      provides: "server",
      ownerId: null,
      sourceTitle: null,
      publicAddress: "54.231.109.34",
      accessToken: RESOURCE_TOKEN,
      owned: true,
      home: false,
      synced: false,
      relay: true,
      presence: true,
      httpsRequired: false,
      publicAddressMatches: false,
      dnsRebindingProtection: true,
      natLoopbackSupported: false,
      connections: [
        {
          protocol: "https",
          address: "192.168.1.150",
          port: 32400,
          uri: "https://192-168-1-150.fc6b48db927de7394036856ade1760b9.plex.direct:32400",
          local: true,
          relay: false,
          IPv6: false,
        },
      ],
    },
    {
      name: "PirateBay",
      product: "Plex Media Server",
      platform: null,
      platformVersion: null,
      device: null,
      clientIdentifier: "f76e7b49cd981f44e37f3128b6e9fca2db32bca1",
      provides: "server",
      ownerId: 2639453,
      sourceTitle: "kingpirate123",
      accessToken: "shared-token-yB3uFR1G",
      owned: false,
      presence: true,
    },
    {
      name: "Living room TV",
      product: "Plex for LG",
      clientIdentifier: "tv-0001",
      provides: "client,player,pubsub-player",
      accessToken: null,
      owned: true,
      presence: false,
      connections: [],
    },
  ];
}

/** `GET /api/v2/home/users` (FLOWS.md §4.1). */
export function home(): Record<string, unknown> {
  return {
    id: 1841489,
    name: "Blindkitty38's home",
    guestUserID: 33542083,
    guestUserUUID: "f7a3c8f863873771",
    guestEnabled: false,
    subscription: true,
    users: [
      {
        id: 2737029,
        uuid: "d320a7e6324aacd5",
        title: "alice",
        username: "alice",
        email: "alice@example.com",
        thumb: "https://plex.tv/users/d320a7e6324aacd5/avatar?c=1592234494",
        hasPassword: true,
        restricted: false,
        restrictionProfile: null,
        admin: true,
        guest: false,
        protected: true,
      },
      {
        id: 33542084,
        uuid: "19860c4bdfbf24d5",
        title: "this is a user",
        username: null,
        email: null,
        thumb: "https://plex.tv/users/19860c4bdfbf24d5/avatar?c=1592234475",
        hasPassword: false,
        restricted: true,
        restrictionProfile: "little_kid",
        admin: false,
        guest: false,
        protected: false,
      },
    ],
  };
}

export const PROFILE_TOKEN = "profile-token-0001";

/** `POST /api/v2/home/users/{uuid}/switch` (FLOWS.md §4.2). */
export function switched(): Record<string, unknown> {
  return {
    id: 2737029,
    uuid: "d320a7e6324aacd5",
    username: "alice",
    title: "alice",
    email: "alice@example.com",
    emailOnlyAuth: false,
    hasPassword: true,
    protected: true,
    thumb: "https://plex.tv/users/d320a7e6324aacd5/avatar?c=1592234494",
    authToken: PROFILE_TOKEN,
    providers: [],
    pin: "<hashed pin>",
    restricted: false,
    anonymous: null,
    home: true,
    guest: false,
    homeSize: 2,
    homeAdmin: true,
    maxHomeSize: 15,
    certificateVersion: 2,
    rememberExpiresAt: 1593445786,
  };
}

export const HOME_PIN_REQUIRED = {
  errors: [{ code: 1041, message: "A valid PIN is required to perform this action", status: 403 }],
};

export const CLAIM_TOKEN = "claim-AbCdEfGhIjKlMnOpQrSt";
