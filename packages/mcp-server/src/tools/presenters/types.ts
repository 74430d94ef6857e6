import type { OperationResult, Operations } from "@plex-auth/core";
import type * as v from "valibot";

/** Where the token that authorised a call came from. */
export type TokenOrigin = "environment" | "sign-in";

/** What a presenter may know about the call besides its result. */
export interface PresentContext {
  /** Put full tokens in the result (`--expose-tokens`). */
  readonly exposeTokens: boolean;
  /** The clock, in epoch milliseconds. */
  readonly now: number;
  /** Where the session's token came from, for operations that sent one. */
  readonly tokenOrigin: TokenOrigin | undefined;
}

/** A result as the model sees it: structured content, and one plain sentence for the text block. */
export interface Presentation {
  readonly structured: Record<string, unknown>;
  readonly summary: string;
}

/** A token a result hands to the session, which then uses it for every later call. */
export interface IssuedToken {
  readonly token: string;
  readonly expiresAt: string | null;
}

/**
 * How one operation's result is shown to a model: the MCP layer's decision of which fields to show and how
 * tokens are replaced by fingerprints. Allow-lists, so a new secret field Plex adds never leaks.
 */
export interface Presenter<Result> {
  /** Schema of {@link Presentation.structured} on success; becomes the tool's output schema. */
  readonly outputSchema: v.GenericSchema;
  /** One sentence for the tool description: how this tool shows tokens. */
  readonly tokenNote: string;
  present(result: Result, context: PresentContext): Presentation;
  /** The token the result gives the session, for operations that sign in. */
  issuedToken?(result: Result): IssuedToken | undefined;
}

/** One presenter per operation of core's table: adding an operation without one is a type error. */
export type Presenters = {
  readonly [Name in keyof Operations]: Presenter<OperationResult<Operations[Name]>>;
};
