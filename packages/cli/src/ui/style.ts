import { styleText } from "node:util";
import type { OutputStream } from "../io.ts";

/** The few styles the CLI uses; each is the identity when colours are off. */
export interface Style {
  readonly bold: (text: string) => string;
  readonly dim: (text: string) => string;
  readonly green: (text: string) => string;
  readonly yellow: (text: string) => string;
  readonly red: (text: string) => string;
  readonly cyan: (text: string) => string;
}

const plain = (text: string) => text;

/**
 * Colours only for a terminal, never with `NO_COLOR` (any value, as no-color.org says), `TERM=dumb`,
 * `--json` or `--no-color`; `FORCE_COLOR` (non-zero) turns them on for a pipe.
 */
export function wantsColor(stream: OutputStream, env: Readonly<Record<string, string | undefined>>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== "" && env.FORCE_COLOR !== "0") return true;
  return stream.isTTY === true && env.TERM !== "dumb";
}

/** The styles, coloured or plain. */
export function createStyle(color: boolean): Style {
  // styleText checks nothing about the stream on Node 20; the decision is wantsColor's.
  const paint = (format: Parameters<typeof styleText>[0]) =>
    color ? (text: string) => styleText(format, text) : plain;
  return {
    bold: paint("bold"),
    dim: paint("dim"),
    green: paint("green"),
    yellow: paint("yellow"),
    red: paint("red"),
    cyan: paint("cyan"),
  };
}
