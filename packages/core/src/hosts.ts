/**
 * Which base URL an operation talks to: the user's Plex Media Server (`serverUrl`), the plex.tv API v2
 * (`plexTvUrl`), plex.tv's older v1 API (the same origin, `/api`), or clients.plex.tv's v2 API (where Plex
 * documents the JWT endpoints; it answers like plex.tv). Its own file because both the operation table and
 * the error factory (whose advice depends on the host) need it, and the table needs the factory's types.
 */
export type OperationHost = "pms" | "plexTv" | "plexTvV1" | "clientsPlexTv";
