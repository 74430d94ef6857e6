/**
 * What each input field means, for the model, by field name. Core's valibot schemas carry validation and
 * error messages; these add the "what is this" a JSON Schema `description` gives.
 */
export const FIELD_DESCRIPTIONS: Readonly<Record<string, string>> = Object.freeze({
  type: 'The kind of transient token. "delegation" is the only one Plex supports (the default).',
  scope: 'The scope of the transient token. "all" is the only one Plex supports (the default).',
  source:
    "The source to look up, with its prefix: server://<client identifier of a Plex Media Server> or " +
    "provider://<provider identifier>, e.g. provider://tv.plex.provider.vod.",
  refresh: "Ask the server to refresh what it knows about the source first.",
  login: "The plex.tv account's email or username.",
  password: "The plex.tv account's password.",
  verificationCode:
    'The current two-factor code from the user\'s authenticator app, as a string (e.g. "012345"). Only after a ' +
    "two_factor_required error; each code works once.",
  rememberMe: "Ask plex.tv for a long-lived token. Default false.",
});
