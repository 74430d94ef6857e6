import type { MockAccount, MockAccountKey } from "../accounts.ts";
import type { DeviceKeyMaterial, MockPublicJwk } from "../jwt/public-jwk.ts";

/**
 * A device key registered with the mock (`POST /api/v2/auth/jwk`, or an approved PIN made with a `jwk`):
 * the device it belongs to and the public JWK, which client JWTs signed by it are verified with.
 *
 * @example
 * ```ts
 * const [registered]: readonly MockDeviceKey[] = mock.deviceKeys("plain");
 * console.log(registered?.clientIdentifier, registered?.jwk.kid);
 * ```
 */
export interface MockDeviceKey {
  readonly accountKey: MockAccountKey;
  /** The client identifier of the device: the one its token was issued to, whatever header came with it. */
  readonly clientIdentifier: string;
  readonly jwk: MockPublicJwk;
  /** Mock-clock milliseconds. */
  readonly registeredAt: number;
}

/** A registered key as the mock keeps it. */
export interface DeviceKeyRecord {
  readonly account: MockAccount;
  readonly clientIdentifier: string;
  readonly material: DeviceKeyMaterial;
  readonly registeredAt: number;
}

/** How many device keys the mock keeps; past it, the oldest registration goes. */
export const MAX_DEVICE_KEYS = 10_000;

/** What a registration did. */
export type DeviceKeyRegistration = "registered" | "thumbprint-taken";

/**
 * plex.tv's registered device keys, by `kid`: Plex echoes the `kid` as the Plex JWT's `thumbprint`, so one
 * `kid` belongs to one device (account and client identifier).
 */
export class DeviceKeys {
  // In registration order, so the oldest are at the front.
  readonly #byKid = new Map<string, DeviceKeyRecord>();
  readonly #maxKept: number;

  constructor(maxKept: number = MAX_DEVICE_KEYS) {
    this.#maxKept = maxKept;
  }

  /**
   * Registers a key for a device. Registering it again for the same device is fine (a new `x` under the same
   * `kid` replaces the old one); a `kid` another device holds is "Thumbprint Already Taken".
   */
  register(
    account: MockAccount,
    clientIdentifier: string,
    material: DeviceKeyMaterial,
    now: number,
  ): DeviceKeyRegistration {
    const kid = material.jwk.kid;
    const existing = this.#byKid.get(kid);
    if (existing && (existing.account.key !== account.key || existing.clientIdentifier !== clientIdentifier)) {
      return "thumbprint-taken";
    }
    if (!existing && this.#byKid.size >= this.#maxKept) {
      const oldest = this.#byKid.keys().next();
      if (!oldest.done) this.#byKid.delete(oldest.value);
    }
    this.#byKid.set(kid, { account, clientIdentifier, material, registeredAt: existing?.registeredAt ?? now });
    return "registered";
  }

  find(kid: string): DeviceKeyRecord | undefined {
    return this.#byKid.get(kid);
  }

  list(): MockDeviceKey[] {
    return [...this.#byKid.values()].map((record) => ({
      accountKey: record.account.key,
      clientIdentifier: record.clientIdentifier,
      jwk: { ...record.material.jwk },
      registeredAt: record.registeredAt,
    }));
  }
}
