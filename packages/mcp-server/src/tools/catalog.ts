import type { Tool } from "@modelcontextprotocol/server";
import {
  type AnyOperation,
  operationFunction,
  operations,
  type PlexAuthCore,
  type RequestOptions,
} from "@plex-auth/core";
import type { PlexMcpConfig } from "../config/config.ts";
import { listedAnnotations } from "./annotations.ts";
import { type ConfiguredInput, configuredInputFor } from "./configured-input.ts";
import { describeTool } from "./describe-tool.ts";
import { inputJsonSchema } from "./input-schema.ts";
import { outputJsonSchema } from "./output-schema.ts";
import { presenters } from "./presenters/index.ts";
import type { Presenter } from "./presenters/types.ts";
import { countsAsSignInAttempt } from "./sign-in-tool.ts";

/** One MCP tool and everything needed to run it. */
export interface ToolBinding {
  /** The listing sent in `tools/list`. */
  readonly tool: Tool;
  /** The operation of core's table it runs. */
  readonly operation: AnyOperation;
  /** The operation's standalone function, made once here rather than on every call. */
  readonly run: (client: PlexAuthCore, input: unknown, options?: RequestOptions) => Promise<unknown>;
  /** How its result is shown. */
  readonly presenter: Presenter<never>;
  /** Input the server fills in from its configuration, when the model leaves it out. */
  readonly configuredInput: ConfiguredInput | undefined;
  /** Counts against the sign-in limiter and the process-wide sign-in pause (see `countsAsSignInAttempt`). */
  readonly limited: boolean;
}

/**
 * Generates one tool per operation of core's table that has a `tool` entry: name, title, annotations,
 * input schema (with field descriptions) and presenter all come from the table; the description extends
 * the table's with the MCP layer's notes; the output schema comes from the presenter. Nothing here is
 * written per tool. With `readOnly`, only the tools whose annotations say they change nothing.
 *
 * @example
 * ```ts
 * const catalog = buildToolCatalog({ clientIdentifier: "…", exposeTokens: false });
 * catalog.get("get_token_details")?.tool.annotations; // { readOnlyHint: true, … }
 * ```
 */
export function buildToolCatalog(config: PlexMcpConfig): ReadonlyMap<string, ToolBinding> {
  const catalog = new Map<string, ToolBinding>();
  for (const operation of Object.values(operations) as AnyOperation[]) {
    const { tool } = operation;
    if (!tool || (config.readOnly && !tool.annotations.readOnlyHint)) continue;
    const presenter = presenters[tool.presenter] as Presenter<never> | undefined;
    if (!presenter)
      throw new Error(
        `${operation.name}: core's table names presenter "${tool.presenter}", which the MCP server lacks`,
      );
    const configuredInput = configuredInputFor(operation, config);
    const configuredFields = Object.keys(configuredInput ?? {});
    catalog.set(tool.name, {
      operation,
      run: operationFunction(operation),
      presenter,
      configuredInput,
      limited: countsAsSignInAttempt(operation),
      tool: {
        name: tool.name,
        title: operation.title,
        description: describeTool(operation, presenter, configuredFields),
        // JSON Schema from valibot: JSON values, though typed loosely as unknown.
        inputSchema: inputJsonSchema(operation, configuredFields) as Tool["inputSchema"],
        outputSchema: outputJsonSchema(presenter.outputSchema) as Tool["outputSchema"],
        // The tool's own `title` names it; annotations.title would say it twice in every listing.
        annotations: listedAnnotations(tool.annotations),
      },
    });
  }
  return catalog;
}
