import { json, plexError, type RouteContext, SENTINELS, signedIn, unauthenticated } from "./stub-shared.ts";

/** The stub's Plex Home: an admin protected by a PIN, and a managed profile without one. */
export const HOME = {
  name: "Test Home",
  admin: { uuid: "d320a7e6324aacd5", title: "alice", username: "alice", email: "alice@example.com" },
  kid: { uuid: "19860c4bdfbf24d5", title: "little one", email: "kid-private@example.com" },
} as const;

function homeUsersBody() {
  return {
    id: 1841489,
    name: HOME.name,
    guestUserID: 33542083,
    guestUserUUID: "f7a3c8f863873771",
    guestEnabled: false,
    subscription: true,
    users: [
      {
        id: 2737029,
        uuid: HOME.admin.uuid,
        title: HOME.admin.title,
        username: HOME.admin.username,
        email: HOME.admin.email,
        thumb: `https://plex.tv/users/${HOME.admin.uuid}/avatar?c=1592234494`,
        hasPassword: true,
        restricted: false,
        restrictionProfile: null,
        admin: true,
        guest: false,
        protected: true,
      },
      {
        id: 33542084,
        uuid: HOME.kid.uuid,
        title: HOME.kid.title,
        username: null,
        email: HOME.kid.email,
        thumb: `https://plex.tv/users/${HOME.kid.uuid}/avatar?c=1592234475`,
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

// As FLOWS §4.2 captured it, with the profile's token and, where Plex puts a hashed PIN, the PIN itself:
// the presenter's allow-list must keep both out.
function switchedBody(uuid: string) {
  const admin = uuid === HOME.admin.uuid;
  const profile = admin ? HOME.admin : HOME.kid;
  return {
    id: admin ? 2737029 : 33542084,
    uuid,
    username: admin ? HOME.admin.username : null,
    title: profile.title,
    email: profile.email,
    hasPassword: admin,
    protected: admin,
    restricted: !admin,
    thumb: `https://plex.tv/users/${uuid}/avatar?c=1592234494`,
    authToken: SENTINELS.profileToken,
    pin: SENTINELS.profilePin,
    home: true,
    guest: false,
    homeAdmin: admin,
    rememberExpiresAt: 1593445786,
  };
}

const SWITCH_PATH = /^\/api\/v2\/home\/users\/([^/]+)\/switch$/;

function switchTo(uuid: string, context: RouteContext): Response {
  if (uuid !== HOME.admin.uuid && uuid !== HOME.kid.uuid) return json(404, { errors: [] });
  if (uuid === HOME.admin.uuid && context.call.url.searchParams.get("pin") !== SENTINELS.profilePin) {
    return plexError(403, 1041, "A valid PIN is required to perform this action");
  }
  context.validTokens.add(SENTINELS.profileToken);
  return json(201, switchedBody(uuid));
}

/** `GET /home/users` and `POST /home/users/{uuid}/switch` (`?pin=` for the protected admin). */
export function homeRoute(context: RouteContext): Response | undefined {
  const { call, path } = context;
  const isList = path === "/api/v2/home/users" && call.method === "GET";
  const uuid = call.method === "POST" ? SWITCH_PATH.exec(path)?.[1] : undefined;
  if (!isList && uuid === undefined) return undefined;
  if (!signedIn(context)) return unauthenticated();
  return uuid === undefined ? json(200, homeUsersBody()) : switchTo(uuid, context);
}
