import * as v from "valibot";

/** One way to reach a server or provider. Prefer `local` connections on the same network, `relay` last. */
export interface PlexConnection {
  /** `"http"` or `"https"`. */
  protocol?: string | null;
  address?: string | null;
  port?: number | null;
  /** The full URL to use, e.g. `https://192-168-1-1.<id>.plex.direct:32400`. */
  uri?: string | null;
  local?: boolean | null;
  relay?: boolean | null;
}

/**
 * The server or provider behind a source, from {@link getSourceConnectionInformation}: its connections and
 * a token to use with them. `Connection` is always an array here, whatever shape the server sent.
 */
export interface PlexDevice {
  name?: string | null;
  clientIdentifier?: string | null;
  /** A token for this source. A secret: never log it. */
  accessToken?: string | null;
  Connection: PlexConnection[];
}

/** The `/security/resources` body as it arrives: `Device` and `Connection` may be an object or an array. */
export interface SourceConnectionInformationBody {
  MediaContainer: { Device: WireDevice | WireDevice[]; [key: string]: unknown };
}

type WireDevice = Omit<PlexDevice, "Connection"> & { Connection?: PlexConnection | PlexConnection[] | null };

const optStr = v.nullish(v.string());

/**
 * PMS renders child elements as an object when there is one and an array when there are several. The
 * shape picks the schema: a union would not do, because valibot's object schemas also accept arrays, so an
 * invalid array (`Device: []`, a connection with a bad field) would fall through to the object branch and
 * come out as a bogus empty device instead of an error naming the bad field.
 */
function oneOrMany<One extends v.GenericSchema, Many extends v.GenericSchema>(one: One, many: Many) {
  return v.lazy((input) => (Array.isArray(input) ? many : one));
}

const connectionSchema = v.looseObject({
  protocol: optStr,
  address: optStr,
  port: v.nullish(v.number()),
  uri: optStr,
  local: v.nullish(v.boolean()),
  relay: v.nullish(v.boolean()),
});

const deviceSchema = v.looseObject({
  name: optStr,
  clientIdentifier: optStr,
  accessToken: optStr,
  Connection: v.nullish(oneOrMany(connectionSchema, v.array(connectionSchema))),
});

/**
 * Lenient valibot schema of the `/security/resources` response.
 *
 * @example
 * ```ts
 * import * as v from "valibot";
 * import { sourceConnectionInformationSchema } from "@plex-auth/core";
 * const body = v.parse(sourceConnectionInformationSchema, await response.json());
 * ```
 */
export const sourceConnectionInformationSchema: v.GenericSchema<unknown, SourceConnectionInformationBody> =
  v.looseObject({
    MediaContainer: v.looseObject({
      Device: oneOrMany(deviceSchema, v.pipe(v.array(deviceSchema), v.minLength(1, "must list at least one device"))),
    }),
  });

/** Picks the device out of a `/security/resources` body and makes `Connection` an array. */
export function deviceFromBody(body: SourceConnectionInformationBody): PlexDevice {
  const found = body.MediaContainer.Device;
  const device = (Array.isArray(found) ? found[0] : found) as WireDevice;
  const connections = device.Connection;
  return { ...device, Connection: connections == null ? [] : Array.isArray(connections) ? connections : [connections] };
}
