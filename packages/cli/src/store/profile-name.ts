import { InvalidInputError } from "@plex-auth/core";

// A letter or digit, then up to 63 letters, digits, dots, underscores or hyphens, not ending in a dot:
// safe as a file name on every system (no separator, no "..", no leading dot or dash, no trailing dot,
// which Windows drops) and as a keychain account.
const PROFILE_NAME = /^[A-Za-z0-9](?:[A-Za-z0-9._-]{0,62}[A-Za-z0-9_-])?$/;
// Names Windows keeps for devices, whatever the extension: a file "con" or "nul.json" is not a file there.
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;

/**
 * Returns `name` when it can name a profile, else throws an `InvalidInputError` naming `flag` (`--profile`,
 * `--save-as`) and the rule. A profile names a file, so the rule keeps it one plain file name everywhere.
 *
 * @example
 * ```ts
 * validateProfileName("work"); // "work"
 * validateProfileName("../x"); // throws InvalidInputError: Invalid option: --profile must start with …
 * ```
 */
export function validateProfileName(name: string, flag = "--profile"): string {
  if (PROFILE_NAME.test(name) && !WINDOWS_DEVICE.test(name)) return name;
  throw new InvalidInputError({
    where: "option",
    issues: [
      {
        path: flag,
        message:
          "must start with a letter or digit, then up to 63 letters, digits, dots, underscores or hyphens, not ending in a dot " +
          "(and not be a Windows device name such as con or nul)",
      },
    ],
  });
}
