import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { clientIdentifierFile } from "../src/index.ts";
import { jwtDeviceFiles } from "../src/jwt/index.ts";

const env = { XDG_CONFIG_HOME: "/home/me/.config" };

describe("jwtDeviceFiles", () => {
  it("follows the client identifier's scheme: one folder per kind, the product's name in each", () => {
    expect(clientIdentifierFile({ env, platform: "linux", product: "My App" })).toBe(
      "/home/me/.config/plex-auth/client-ids/my-app",
    );
    expect(jwtDeviceFiles({ env, platform: "linux", product: "My App" })).toEqual({
      deviceKey: "/home/me/.config/plex-auth/device-keys/my-app",
      jwt: "/home/me/.config/plex-auth/jwts/my-app",
    });
    expect(jwtDeviceFiles({ env, platform: "linux" })).toEqual({
      deviceKey: "/home/me/.config/plex-auth/device-key",
      jwt: "/home/me/.config/plex-auth/jwt",
    });
  });

  it("never lets one product's files be another's, whatever the names", () => {
    const paths = ["My App", "my-app.jwt", "my-app.device-key", "client-id", "Télé", undefined].flatMap((product) => {
      const files = jwtDeviceFiles({ env, platform: "linux", product });
      return [clientIdentifierFile({ env, platform: "linux", product }), files.deviceKey, files.jwt];
    });
    expect(new Set(paths).size).toBe(paths.length);
  });

  it("puts them beside a client identifier file of your own, and uses Windows paths on Windows", () => {
    const own = join("/srv", "app", "client-id");
    expect(jwtDeviceFiles({ clientIdentifierFile: own })).toEqual({
      deviceKey: `${own}.device-key`,
      jwt: `${own}.jwt`,
    });
    expect(
      jwtDeviceFiles({ platform: "win32", env: { APPDATA: "C:\\Users\\me\\AppData\\Roaming" }, product: "My App" }),
    ).toEqual({
      deviceKey: "C:\\Users\\me\\AppData\\Roaming\\plex-auth\\device-keys\\my-app",
      jwt: "C:\\Users\\me\\AppData\\Roaming\\plex-auth\\jwts\\my-app",
    });
  });
});
