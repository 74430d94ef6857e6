import type { PlexDevice } from "@plex-auth/core";
import * as v from "valibot";
import { nullableBoolean, nullableString, tokenViewSchema } from "../result-schemas.ts";
import { viewToken, withheldNote } from "./token-view.ts";
import type { Presenter } from "./types.ts";

const outputSchema = v.object({
  name: nullableString,
  clientIdentifier: nullableString,
  accessToken: v.pipe(v.nullable(tokenViewSchema), v.description("The token for this source, as a fingerprint.")),
  connections: v.pipe(
    v.array(
      v.object({
        uri: nullableString,
        protocol: nullableString,
        address: nullableString,
        port: v.nullable(v.number()),
        local: nullableBoolean,
        relay: nullableBoolean,
      }),
    ),
    v.description("Ways to reach the source: prefer local ones on the same network, relay ones last."),
  ),
});

/** Shows a source's name and connections, with its access token as a fingerprint. */
export const sourceConnectionInformationPresenter: Presenter<PlexDevice> = {
  outputSchema,
  tokenNote: "",
  present(device, context) {
    const accessToken = device.accessToken ? viewToken(device.accessToken, context.exposeTokens, null) : null;
    const connections = device.Connection.map((connection) => ({
      uri: connection.uri ?? null,
      protocol: connection.protocol ?? null,
      address: connection.address ?? null,
      port: connection.port ?? null,
      local: connection.local ?? null,
      relay: connection.relay ?? null,
    }));
    const listed = connections
      .map(
        (connection) =>
          `${connection.uri ?? "?"}${connection.local ? " (local)" : ""}${connection.relay ? " (relay)" : ""}`,
      )
      .join(", ");
    return {
      structured: {
        name: device.name ?? null,
        clientIdentifier: device.clientIdentifier ?? null,
        accessToken,
        connections,
      } satisfies v.InferOutput<typeof outputSchema>,
      summary:
        `Source "${device.name ?? "unnamed"}" has ${connections.length} connection(s)${listed ? `: ${listed}` : ""}.` +
        (accessToken
          ? ` Access token ${accessToken.fingerprint}. ${withheldNote(context.exposeTokens, "accessToken")}`
          : ""),
    };
  },
};
