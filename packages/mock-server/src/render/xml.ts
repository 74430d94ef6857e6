function escapeAttribute(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function singular(name: string): string {
  return name.endsWith("ies") ? `${name.slice(0, -3)}y` : name.endsWith("s") ? name.slice(0, -1) : name;
}

function element(name: string, value: Record<string, unknown>): string {
  const attributes: string[] = [];
  const children: string[] = [];
  for (const [key, item] of Object.entries(value)) {
    if (item === null || item === undefined) continue;
    if (Array.isArray(item)) {
      const elements = item.map((entry) =>
        isRecord(entry) ? element(key[0] === key[0]?.toUpperCase() ? key : singular(key), entry) : tag(key, entry),
      );
      // PMS repeats capitalised child elements directly (<Device><Connection/><Connection/></Device>);
      // plex.tv wraps lists in an element named after the field (<roles><role id="…"/></roles>).
      children.push(key[0] === key[0]?.toUpperCase() ? elements.join("") : `<${key}>${elements.join("")}</${key}>`);
    } else if (isRecord(item)) {
      children.push(element(key, item));
    } else {
      attributes.push(` ${key}="${escapeAttribute(String(item))}"`);
    }
  }
  const open = `<${name}${attributes.join("")}`;
  return children.length === 0 ? `${open}/>` : `${open}>${children.join("")}</${name}>`;
}

function tag(listName: string, value: unknown): string {
  return `<${singular(listName)} id="${escapeAttribute(String(value))}"/>`;
}

/**
 * Renders a JSON body the way Plex renders the same data as XML: scalars become attributes, objects child
 * elements. Used when a request does not ask for JSON, as real Plex answers XML then.
 */
export function toXml(rootName: string, value: Record<string, unknown>): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${element(rootName, value)}\n`;
}

/**
 * Renders a JSON array the way plex.tv renders the same list as XML: a root element holding one element per
 * item, named after the root in the singular (`<resources><resource …/></resources>`).
 */
export function listToXml(rootName: string, items: readonly unknown[]): string {
  const children = items.map((item) => (isRecord(item) ? element(singular(rootName), item) : tag(rootName, item)));
  const body = children.length === 0 ? `<${rootName}/>` : `<${rootName}>${children.join("")}</${rootName}>`;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}\n`;
}
