import { RequestAbortedError } from "@plex-auth/core";
import type { InputStream, OutputStream } from "../io.ts";

/** What a prompt needs of a command's context: the keyboard, the screen (stderr) and Ctrl-C. */
export interface PromptContext {
  readonly io: { readonly stdin: InputStream; readonly stderr: OutputStream };
  readonly signal: AbortSignal;
}

// The prompt library is loaded on first use (see ui/qr.ts).
const prompts = () => import("@clack/prompts");

// Prompts draw on stderr, so stdout carries only the result (`plex-auth login --password > out` still asks).
function streams(context: PromptContext) {
  return { input: context.io.stdin, output: context.io.stderr, signal: context.signal, withGuide: false };
}

function answered<T>(value: T | symbol, isCancel: (value: unknown) => boolean): T {
  if (isCancel(value) || typeof value === "symbol") throw new RequestAbortedError();
  return value;
}

/** Asks for a line of text; Ctrl-C or Esc cancels the command. */
export async function askText(
  context: PromptContext,
  message: string,
  validate?: (value: string) => string | undefined,
): Promise<string> {
  const { text, isCancel } = await prompts();
  const value = await text({ ...streams(context), message, validate: validate && ((input) => validate(input ?? "")) });
  return answered<string>(value, isCancel).trim();
}

/** Asks for a secret without echoing it (a mask per character); Ctrl-C or Esc cancels the command. */
export async function askSecret(
  context: PromptContext,
  message: string,
  validate?: (value: string) => string | undefined,
): Promise<string> {
  const { password, isCancel } = await prompts();
  const value = await password({
    ...streams(context),
    message,
    validate: validate && ((input) => validate(input ?? "")),
  });
  return answered<string>(value, isCancel);
}

/** Asks to pick one of `choices`; Ctrl-C or Esc cancels the command. */
export async function askChoice<T extends string>(
  context: PromptContext,
  message: string,
  choices: readonly { value: T; label: string; hint?: string | undefined }[],
): Promise<T> {
  const options = choices.map((choice) => ({
    value: choice.value,
    label: choice.label,
    ...(choice.hint ? { hint: choice.hint } : {}),
  }));
  const { select, isCancel } = await prompts();
  const value = await select<T>({ ...streams(context), message, options: options as never });
  return answered<T>(value, isCancel);
}
