/**
 * A string enum that stays open: the known values autocomplete, and a value Plex adds tomorrow still
 * type-checks and parses.
 */
export type OpenString<Known extends string> = Known | (string & {});

/** An integer enum that stays open, like {@link OpenString}: Plex adds values to these over time. */
export type OpenInt<Known extends number> = Known | (number & {});
