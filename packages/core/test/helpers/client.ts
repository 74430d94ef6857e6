/**
 * Client set-up shared by the tests, and the two ways to call an operation (a client method, or a
 * standalone function with a `PlexAuthCore`), so request tests can run through both.
 */
import {
  createPlexAuth,
  createPlexAuthCore,
  getSourceConnectionInformation,
  getTokenDetails,
  getTransientToken,
  type PlexAuthOptions,
  postUsersSignInData,
  type RequestOptions,
} from "../../src/index.ts";

export const CLIENT_ID = "test-client-0001";
export const TOKEN = "account-token-abcdef123456";
export const PMS_URL = "http://pms.test:32400";
export const PLEX_TV_URL = "https://plex.tv/api/v2";

/** Identity options whose headers every request must carry. */
export const IDENTITY = {
  clientIdentifier: CLIENT_ID,
  product: "plex-auth tests",
  version: "9.9.9",
  platform: "Node.js",
  platformVersion: "20",
  device: "Linux",
  deviceName: "CI box",
  model: "x64",
  deviceVendor: "Tests Inc",
  marketplace: "none",
} as const;

/** The headers of {@link IDENTITY}, names lowercased. */
export const IDENTITY_HEADERS: Readonly<Record<string, string>> = {
  "x-plex-client-identifier": CLIENT_ID,
  "x-plex-product": "plex-auth tests",
  "x-plex-version": "9.9.9",
  "x-plex-platform": "Node.js",
  "x-plex-platform-version": "20",
  "x-plex-device": "Linux",
  "x-plex-device-name": "CI box",
  "x-plex-model": "x64",
  "x-plex-device-vendor": "Tests Inc",
  "x-plex-marketplace": "none",
};

/** The four operations, as the tests call them. */
export interface Caller {
  getTransientToken(input?: unknown, options?: RequestOptions): Promise<unknown>;
  getSourceConnectionInformation(input?: unknown, options?: RequestOptions): Promise<unknown>;
  getTokenDetails(input?: unknown, options?: RequestOptions): Promise<unknown>;
  postUsersSignInData(input?: unknown, options?: RequestOptions): Promise<unknown>;
}

type AnyMethod = (input?: unknown, options?: RequestOptions) => Promise<unknown>;
type AnyFunction = (client: unknown, input?: unknown, options?: RequestOptions) => Promise<unknown>;

/** Calls through `createPlexAuth(options).authentication.<operation>`. */
export function viaMethods(options: PlexAuthOptions): Caller {
  const methods = createPlexAuth(options).authentication as unknown as Record<keyof Caller, AnyMethod>;
  return {
    getTransientToken: (input, callOptions) => methods.getTransientToken(input, callOptions),
    getSourceConnectionInformation: (input, callOptions) => methods.getSourceConnectionInformation(input, callOptions),
    getTokenDetails: (input, callOptions) => methods.getTokenDetails(input, callOptions),
    postUsersSignInData: (input, callOptions) => methods.postUsersSignInData(input, callOptions),
  };
}

/** Calls through the standalone functions with `createPlexAuthCore(options)`. */
export function viaFunctions(options: PlexAuthOptions): Caller {
  const core = createPlexAuthCore(options);
  const call = (fn: unknown): AnyMethod => {
    const run = fn as AnyFunction;
    return (input, callOptions) => run(core, input, callOptions);
  };
  return {
    getTransientToken: call(getTransientToken),
    getSourceConnectionInformation: call(getSourceConnectionInformation),
    getTokenDetails: call(getTokenDetails),
    postUsersSignInData: call(postUsersSignInData),
  };
}

/** Both ways of calling, for `describe.each`. */
export const CALLERS: readonly { readonly via: string; readonly make: (options: PlexAuthOptions) => Caller }[] = [
  { via: "client method", make: viaMethods },
  { via: "standalone function", make: viaFunctions },
];

/** Settles `promise` and returns what it rejected with; fails the test if it resolved. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error("expected the call to fail, but it succeeded");
}
