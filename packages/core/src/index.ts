/**
 * Plex authentication for every JavaScript runtime: sign-in (password with two-factor codes), token
 * details, ping, transient tokens and source connection information. Typed, validated, retried and
 * redacted; fetch-only.
 *
 * @example
 * ```ts
 * import { createPlexAuth, TwoFactorRequiredError } from "@plex-auth/core";
 *
 * const plex = createPlexAuth({ clientIdentifier: "my-app-3f1c…", product: "My App", version: "1.0" });
 * try {
 *   const account = await plex.authentication.postUsersSignInData({ login: "me@example.com", password: "…" });
 *   const signedIn = plex.withToken(account.authToken);
 *   console.log((await signedIn.authentication.getTokenDetails()).username);
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
export { clientIdentifierPath } from "./client-identifier-path.ts";
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
  HomeUserPinRequiredError,
  InvalidTokenError,
  InvalidVerificationCodeError,
  JwtExpiredError,
  JwtRejectedError,
  type JwtRejection,
  MissingClientIdentifierError,
  NotFoundError,
  PinExpiredError,
  type PlexErrorDetail,
  RateLimitError,
  ServerError,
  SignInThrottledError,
  TwoFactorRequiredError,
  UnauthorizedError,
} from "./errors/api.ts";
export { PlexAuthError, type PlexAuthErrorInit } from "./errors/base.ts";
export type {
  ApiErrorCode,
  LocalErrorCode,
  PlexAuthErrorCode,
  PlexAuthErrorCodes,
  UnauthorizedErrorCode,
} from "./errors/codes.ts";
export { type ParsedErrorBody, parseErrorBody } from "./errors/error-body.ts";
export { type ErrorContext, type ErrorResponse, errorFromResponse } from "./errors/from-response.ts";
export {
  type AttemptsInit,
  type ConnectionAttempt,
  ConnectionError,
  type ConnectionErrorInit,
  InvalidInputError,
  type InvalidInputErrorInit,
  NoServerConnectionError,
  type NoServerConnectionErrorInit,
  PopupBlockedError,
  RequestAbortedError,
  type RequestAbortedErrorInit,
  ResponseTooLargeError,
  type ResponseTooLargeErrorInit,
  ResponseValidationError,
  type ResponseValidationErrorInit,
  TimeoutError,
  type TimeoutErrorInit,
  TokenSourceError,
  type TokenSourceErrorInit,
  type ValidationIssue,
} from "./errors/local.ts";
export { type AuthAppUrlOptions, authAppUrl, PLEX_AUTH_APP_URL, PLEX_LINK_URL } from "./flows/auth-app-url.ts";
export {
  type FindServerConnectionOptions,
  findServerConnection,
  type ServerConnection,
} from "./flows/find-server-connection.ts";
export type { BrowserStorage } from "./flows/pending-sign-in.ts";
export {
  type PopupSignInOptions,
  type PopupSignInResult,
  type ResumeSignInOptions,
  resumePlexSignIn,
  signInWithPlexPopup,
} from "./flows/popup-sign-in.ts";
export type { SignInBrowser, SignInPopup } from "./flows/popup-window.ts";
export {
  resumePlexSignInWithServer,
  type ServerSignInOptions,
  type ServerSignInResult,
  signInWithPlexServer,
} from "./flows/server-sign-in-client.ts";
export {
  createPlexSignInHandler,
  type PlexSignInHandlerOptions,
  type SignInStatusBody,
} from "./flows/sign-in-handler.ts";
export { type PinPoll, type WaitForOAuthPinOptions, waitForOAuthPin } from "./flows/wait-for-pin.ts";
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
export { type ClaimTokenBody, claimTokenSchema } from "./models/claim-token.ts";
export {
  type PlexConnection,
  type PlexDevice,
  type SourceConnectionInformationBody,
  sourceConnectionInformationSchema,
} from "./models/device.ts";
export {
  type PlexHome,
  type PlexHomeUser,
  type PlexSwitchedUser,
  plexHomeSchema,
  plexSwitchedUserSchema,
} from "./models/home.ts";
export {
  type DevicePublicJwk,
  devicePublicJwkSchema,
  type JwtExchangeBody,
  jwtExchangeSchema,
  type NonceBody,
  nonceSchema,
  type PlexJwk,
  type PlexJwks,
  plexJwksSchema,
} from "./models/jwt.ts";
export type { OpenInt, OpenString } from "./models/open.ts";
export { type ApprovedPlexPin, type PlexPin, type PlexPinLocation, plexPinSchema } from "./models/pin.ts";
export { type PingBody, pingSchema } from "./models/ping.ts";
export {
  isServer,
  type PlexResource,
  type PlexResourceConnection,
  type PlexResourcesBody,
  plexResourcesSchema,
} from "./models/resource.ts";
export { type TransientTokenBody, transientTokenSchema } from "./models/transient-token.ts";
export {
  type AnyOperation,
  defineOperation,
  EMPTY_BODY,
  type EncodedInput,
  NO_INPUT,
  type NoInput,
  type OperationAnnotations,
  type OperationDeclaration,
  type OperationDefinition,
  type OperationHost,
  type OperationInput,
  type OperationMethod as HttpMethod,
  type OperationResult,
  type OperationTool,
  type RetryClass,
} from "./operation.ts";
export { type OperationName, type Operations, operations } from "./operations/index.ts";
export * from "./operations/list.ts";
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
  type RetryPolicy,
  type TokenSource,
} from "./options.ts";
export { fingerprint, isSecretKey, REDACTED, redactText, redactValue } from "./redact.ts";
