import type { MockState } from "../state/mock-state.ts";

/** What a route handler gets: the request, its merged parameters, and the mock's state. */
export interface RouteContext {
  readonly request: Request;
  readonly params: Readonly<Record<string, string>>;
  /** The body parsed as JSON when it was JSON, else `undefined`: where `{ jwk }` and `{ jwt }` are read. */
  readonly json: unknown;
  /** The values of the path's `{name}` placeholders, decoded: `{ pinId: "123" }` for `/pins/123`. */
  readonly pathParams: Readonly<Record<string, string>>;
  /** `X-Plex-Token` from the header or, as Plex also accepts, the query string. */
  readonly token: string | undefined;
  /** `X-Plex-Client-Identifier` from the header or the query string. */
  readonly clientIdentifier: string | undefined;
  readonly state: MockState;
  /**
   * The status a success answers with: the operation's `successStatus` in core's table (201 for sign-in),
   * or the mock route's own (204 for `/auth/approve`).
   */
  readonly successStatus: number;
}

/** One operation's behaviour. */
export type RouteHandler = (context: RouteContext) => Response | Promise<Response>;
