// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point.
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: ANSI escape sequences start with ESC.
const ANSI = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?/g;

/**
 * Text from Plex (a server's or a profile's name) made safe to print to a terminal: escape sequences and
 * control characters removed (a name could otherwise move the cursor, retitle the window or hide a line),
 * and cut to `max` characters.
 *
 * @example
 * ```ts
 * terminalSafe("Attic\u001b[2J"); // "Attic"
 * ```
 */
export function terminalSafe(text: string | null | undefined, max = 80): string {
  const clean = (text ?? "").replace(ANSI, "").replace(CONTROL, "");
  return clean.length > max ? `${clean.slice(0, max - 1)}…` : clean;
}
