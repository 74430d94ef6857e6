import type { Icon } from "@modelcontextprotocol/server";

// A key on a dark tile, inline: a client shows it without fetching anything, and nothing points at a host
// that could learn who uses the server. 291 bytes of SVG.
const KEY_SVG_BASE64 =
  "PHN2ZyB4bWxucz0iaHR0cDovL3d3dy53My5vcmcvMjAwMC9zdmciIHZpZXdCb3g9IjAgMCA2NCA2NCI+PHJlY3Qgd2lkdGg9IjY0IiBoZWlnaHQ9IjY0IiByeD0iMTQiIGZpbGw9IiMxZjFmMWYiLz48Y2lyY2xlIGN4PSIyNCIgY3k9IjMyIiByPSIxMSIgZmlsbD0ibm9uZSIgc3Ryb2tlPSIjZTVhMDBkIiBzdHJva2Utd2lkdGg9IjYiLz48cGF0aCBkPSJNMzUgMzJoMjBNNDcgMzJ2OE01NCAzMnY2IiBzdHJva2U9IiNlNWEwMGQiIHN0cm9rZS13aWR0aD0iNiIgc3Ryb2tlLWxpbmVjYXA9InJvdW5kIi8+PC9zdmc+";

/** The server's icon, for clients that show one next to its name. */
export const SERVER_ICONS: Icon[] = [
  { src: `data:image/svg+xml;base64,${KEY_SVG_BASE64}`, mimeType: "image/svg+xml", sizes: ["any"] },
];
