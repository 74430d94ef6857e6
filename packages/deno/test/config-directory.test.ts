import assert from "node:assert/strict";
import { clientIdentifierFile, configDirectory } from "../mod.ts";

Deno.test("configDirectory uses an absolute XDG_CONFIG_HOME and ignores a relative one", () => {
  assert.equal(configDirectory({ os: "linux", env: { XDG_CONFIG_HOME: "/xdg", HOME: "/home/me" } }), "/xdg");
  assert.equal(configDirectory({ os: "darwin", env: { XDG_CONFIG_HOME: "/xdg", HOME: "/Users/me" } }), "/xdg");
  assert.equal(configDirectory({ os: "windows", env: { XDG_CONFIG_HOME: "D:\\xdg" } }), "D:\\xdg");
  assert.equal(configDirectory({ os: "linux", env: { XDG_CONFIG_HOME: "cfg", HOME: "/home/me" } }), "/home/me/.config");
});

Deno.test("configDirectory falls back to each OS's own place", () => {
  assert.equal(configDirectory({ os: "linux", env: { HOME: "/home/me/" } }), "/home/me/.config");
  assert.equal(configDirectory({ os: "darwin", env: { HOME: "/Users/me" } }), "/Users/me/Library/Application Support");
  assert.equal(
    configDirectory({ os: "windows", env: { APPDATA: "C:\\Users\\me\\AppData\\Roaming" } }),
    "C:\\Users\\me\\AppData\\Roaming",
  );
  assert.equal(
    configDirectory({ os: "windows", env: { USERPROFILE: "C:\\Users\\me" } }),
    "C:\\Users\\me\\AppData\\Roaming",
  );
  assert.throws(() => configDirectory({ os: "linux", env: {} }), /HOME is not set/);
});

Deno.test("clientIdentifierFile is plex-auth/client-id in the config directory", () => {
  assert.equal(clientIdentifierFile({ os: "linux", env: { XDG_CONFIG_HOME: "/xdg" } }), "/xdg/plex-auth/client-id");
  assert.equal(
    clientIdentifierFile({ os: "windows", env: { APPDATA: "C:\\AppData" } }),
    "C:\\AppData\\plex-auth\\client-id",
  );
});
