// `Deno.serve(…, mock.handle)` must run quietly: a handler that touches `request.signal` makes Deno print a
// legacy-abort warning on every run, which a user would read as something broken.
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";

Deno.test("Deno.serve(mock.handle) prints no warning while it answers", async () => {
  const script = `
    import { createMockPlex, MOCK_ADMIN_TOKEN } from "@plex-auth/mock-server";
    const mock = createMockPlex();
    const server = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen() {} }, mock.handle);
    const base = "http://127.0.0.1:" + server.addr.port;
    const headers = { Accept: "application/json", "X-Plex-Client-Identifier": "deno-quiet", "X-Plex-Token": MOCK_ADMIN_TOKEN };
    for (const path of ["/api/v2/user", "/api/v2/ping", "/security/token?type=delegation&scope=all", "/identity"]) {
      const response = await fetch(base + path, { headers });
      await response.text();
      if (response.status !== 200) throw new Error(path + " answered " + response.status);
    }
    await server.shutdown();
  `;
  const file = new URL("./.serve-warning-child.ts", import.meta.url);
  Deno.writeTextFileSync(file, script);
  try {
    const child = new Deno.Command(Deno.execPath(), {
      // Paths, not URL pathnames: on Windows a pathname is `/D:/…`, which names no file.
      args: ["run", "--quiet", "--allow-net=127.0.0.1", "--allow-read", "--allow-env", fileURLToPath(file)],
      cwd: fileURLToPath(new URL("../", import.meta.url)),
      stdout: "piped",
      stderr: "piped",
    });
    const { code, stderr } = await child.output();
    const printed = new TextDecoder().decode(stderr);
    assert.equal(code, 0, printed);
    assert.doesNotMatch(printed, /legacy|warning/i);
  } finally {
    Deno.removeSync(file);
  }
});
