import type { PlexAuthCore } from "@plex-auth/core";
import type * as v from "valibot";
import type { IssuedToken, TokenOrigin } from "../../session/issued-token.ts";

export type { IssuedToken, TokenOrigin };

/** What a presenter may know about the call besides its result. */
export interface PresentContext {
  /** Put full tokens in the result (`--expose-tokens`). */
  readonly exposeTokens: boolean;
  /** The clock, in epoch milliseconds. */
  readonly now: number;
  /** Where the session's token came from, for operations that sent one. */
  readonly tokenOrigin: TokenOrigin | undefined;
  /** The session's core client, for presenters that ask Plex more (probing a server's connections). */
  readonly core: PlexAuthCore;
  /** The call's signal: aborted when the client cancels the call. Whatever a presenter sends must obey it. */
  readonly signal: AbortSignal | undefined;
}

/** A result as the model sees it: structured content, and one plain sentence for the text block. */
export interface Presentation {
  readonly structured: Record<string, unknown>;
  readonly summary: string;
}

/**
 * How one operation's result is shown to a model: the MCP layer's decision of which fields to show and how
 * tokens are replaced by fingerprints. Allow-lists, so a new secret field Plex adds never leaks.
 */
export interface Presenter<Result> {
  /** Schema of {@link Presentation.structured} on success; becomes the tool's output schema. */
  readonly outputSchema: v.GenericSchema;
  /**
   * What this tool's description must add about its tokens beyond the server's instructions (which say
   * how every result shows tokens), or `""`: kept short, since every tool description is in the model's
   * context on every conversation.
   */
  readonly tokenNote: string;
  /** The result as the model sees it; asynchronous for a presenter that asks Plex more. */
  present(result: Result, context: PresentContext): Presentation | Promise<Presentation>;
  /** The token the result gives the session, for operations that sign in or switch to a Home profile. */
  issuedToken?(result: Result): IssuedToken | undefined;
  /** A success killed the token the call sent (a sign-out): the session then forgets its token. */
  readonly revokesToken?: boolean | undefined;
}

/**
 * The presenters, by the name an operation's `tool.presenter` gives in core's table. Several operations may
 * share one (every call that answers "done", say); the catalog refuses an operation naming one not here.
 */
// biome-ignore lint/suspicious/noExplicitAny: each presenter takes its own operations' result type.
export type Presenters = Readonly<Record<string, Presenter<any>>>;
