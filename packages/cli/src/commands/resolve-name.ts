/** Finds the one item `name` picks: an exact match of one of its names, case-insensitively. */
export function findByName<T>(
  items: readonly T[],
  name: string,
  namesOf: (item: T) => readonly (string | null | undefined)[],
): T | undefined {
  const wanted = name.trim().toLowerCase();
  return items.find((item) => namesOf(item).some((candidate) => candidate?.toLowerCase() === wanted));
}

/** `"A", "B" and "C"`: names for a message. */
export function listNames(names: readonly string[]): string {
  const quoted = names.map((name) => `"${name}"`);
  if (quoted.length <= 1) return quoted.join("");
  return `${quoted.slice(0, -1).join(", ")} and ${quoted.at(-1)}`;
}
