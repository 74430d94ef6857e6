import assert from "node:assert/strict";
import { jwtDeviceFiles } from "../jwt.ts";
import { clientIdentifierFile } from "../mod.ts";

const env = { XDG_CONFIG_HOME: "/home/me/.config" };

Deno.test("jwtDeviceFiles follows the client identifier's scheme, the same files as @plex-auth/node's", () => {
  assert.equal(
    clientIdentifierFile({ env, os: "linux", product: "My App" }),
    "/home/me/.config/plex-auth/client-ids/my-app",
  );
  assert.deepEqual(jwtDeviceFiles({ env, os: "linux", product: "My App" }), {
    deviceKey: "/home/me/.config/plex-auth/device-keys/my-app",
    jwt: "/home/me/.config/plex-auth/jwts/my-app",
  });
  assert.deepEqual(jwtDeviceFiles({ env, os: "linux" }), {
    deviceKey: "/home/me/.config/plex-auth/device-key",
    jwt: "/home/me/.config/plex-auth/jwt",
  });
  assert.deepEqual(
    jwtDeviceFiles({ env: { APPDATA: "C:\\Users\\me\\AppData\\Roaming" }, os: "windows", product: "My App" }),
    {
      deviceKey: "C:\\Users\\me\\AppData\\Roaming\\plex-auth\\device-keys\\my-app",
      jwt: "C:\\Users\\me\\AppData\\Roaming\\plex-auth\\jwts\\my-app",
    },
  );
});

Deno.test("jwtDeviceFiles never lets one product's files be another's, and sits beside a file of your own", () => {
  const paths = ["My App", "my-app.jwt", "my-app.device-key", "client-id", "Télé", undefined].flatMap((product) => {
    const files = jwtDeviceFiles({ env, os: "linux", product });
    return [clientIdentifierFile({ env, os: "linux", product }), files.deviceKey, files.jwt];
  });
  assert.equal(new Set(paths).size, paths.length);
  assert.deepEqual(jwtDeviceFiles({ clientIdentifierFile: "/srv/app/id" }), {
    deviceKey: "/srv/app/id.device-key",
    jwt: "/srv/app/id.jwt",
  });
});
