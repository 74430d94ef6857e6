/**
 * Plex authentication for every JavaScript runtime: transient tokens, source connection information,
 * token details and sign-in with two-factor codes. Typed, validated, retried and redacted; fetch-only.
 *
 * @example
 * ```ts
 * import { createPlexAuth, TwoFactorRequiredError } from "@plex-auth/core";
 *
 * const plex = createPlexAuth({ clientIdentifier: "my-app-3f1c…", product: "My App", version: "1.0" });
 * try {
 *   const account = await plex.authentication.postUsersSignInData({ login: "me@example.com", password: "…" });
 *   console.log(account.username);
 * } catch (error) {
 *   if (error instanceof TwoFactorRequiredError) console.log("call again with verificationCode");
 * }
 * ```
 *
 * @module
 */

export { type AuthenticationMethods, createPlexAuth, PlexAuth } from "./client.ts";
export {
  createPlexAuthCore,
  type OperationFunction,
  type OperationMethod,
  operationFunction,
  PlexAuthCore,
} from "./client-core.ts";
export {
  type EnvMergeSources,
  type EnvReader,
  mergeEnvOptions,
  PLEX_ENV_VARIABLES,
  type PlexEnvName,
  type PlexEnvVariable,
  plexAuthOptionsFromEnv,
} from "./env.ts";
export {
  ApiError,
  type ApiErrorInit,
  BadRequestError,
  InvalidTokenError,
  InvalidVerificationCodeError,
  MissingClientIdentifierError,
  type PlexErrorDetail,
  RateLimitError,
  ServerError,
  SignInThrottledError,
  TwoFactorRequiredError,
  UnauthorizedError,
} from "./errors/api.ts";
export { PlexAuthError, type PlexAuthErrorOptions } from "./errors/base.ts";
export { type ErrorContext, errorFromResponse } from "./errors/from-response.ts";
export {
  ConnectionError,
  InvalidInputError,
  RequestAbortedError,
  ResponseTooLargeError,
  ResponseValidationError,
  TimeoutError,
  TokenSourceError,
  type ValidationIssue,
} from "./errors/local.ts";
export {
  getSourceConnectionInformation,
  getTokenDetails,
  getTransientToken,
  postUsersSignInData,
} from "./functions.ts";
export {
  type PlexAccount,
  type PlexAccountProfile,
  type PlexPastSubscription,
  type PlexService,
  type PlexSignIn,
  type PlexSubscription,
  plexAccountSchema,
  plexSignInSchema,
} from "./models/account.ts";
export {
  type PlexConnection,
  type PlexDevice,
  type SourceConnectionInformationBody,
  sourceConnectionInformationSchema,
} from "./models/device.ts";
export type { OpenInt, OpenString } from "./models/open.ts";
export { type TransientTokenBody, transientTokenSchema } from "./models/transient-token.ts";
export {
  type GetSourceConnectionInformationInput,
  getSourceConnectionInformationOperation,
  SOURCE_PATTERN,
} from "./operations/get-source-connection-information.ts";
export { type GetTokenDetailsInput, getTokenDetailsOperation } from "./operations/get-token-details.ts";
export { type GetTransientTokenInput, getTransientTokenOperation } from "./operations/get-transient-token.ts";
export { type Operations, operations } from "./operations/index.ts";
export { type PostUsersSignInDataInput, postUsersSignInDataOperation } from "./operations/post-users-sign-in-data.ts";
export type {
  AnyOperation,
  EncodedInput,
  OperationAnnotations,
  OperationDefinition,
  OperationHost,
  OperationInput,
  OperationResult,
  RetryClass,
} from "./operations/types.ts";
export {
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_PLEX_TV_URL,
  DEFAULT_PRODUCT,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  type FetchLike,
  type PlexAuthLogger,
  type PlexAuthOptions,
  type PlexIdentity,
  type RequestOptions,
  type RetryOptions,
  type TokenSource,
} from "./options.ts";
export { fingerprint, isSecretKey, REDACTED, redactText, redactValue } from "./redact.ts";
export { type ParsedErrorBody, parseErrorBody } from "./transport/error-body.ts";
export {
  type AttemptFailure,
  backoffDelayMs,
  decideRetry,
  parseRetryAfterMs,
  type RetryDecision,
} from "./transport/retry.ts";
