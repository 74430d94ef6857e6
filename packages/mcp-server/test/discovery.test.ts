/**
 * What a 2026-07-28 client learns before calling anything: `server/discover` with the instructions and
 * the server's icon, and cache hints that let it keep the tool list (2025-era answers carry none).
 */
import { describe, expect, test } from "vitest";
import { INSTRUCTIONS, SERVER_INFO } from "../src/server.ts";
import { connect } from "./helpers/in-memory.ts";

type Message = { id?: unknown; result?: Record<string, unknown> };

function resultsWith(wire: unknown[], key: string): Record<string, unknown>[] {
  return (wire as Message[]).flatMap((message) => (message.result && key in message.result ? [message.result] : []));
}

describe("discovery and cache hints", () => {
  test("server/discover names the server with its icon and instructions; tools/list may be cached an hour, shared", async () => {
    const connected = await connect({ era: "modern" });
    try {
      expect(connected.client.getProtocolEra()).toBe("modern");
      const info = connected.client.getServerVersion();
      expect(info).toMatchObject({ name: "plex-auth", title: "Plex authentication", version: SERVER_INFO.version });
      const [icon] = info?.icons ?? [];
      expect(icon?.mimeType).toBe("image/svg+xml");
      expect(icon?.src).toMatch(/^data:image\/svg\+xml;base64,/);
      expect(Buffer.from(icon?.src.split(",")[1] ?? "", "base64").toString("utf8")).toMatch(/^<svg /);
      expect(connected.client.getInstructions()).toBe(INSTRUCTIONS);
      await connected.client.listTools();
      const [list] = resultsWith(connected.wire, "tools");
      expect(list).toMatchObject({ ttlMs: 3_600_000, cacheScope: "public" });
      const [discover] = resultsWith(connected.wire, "supportedVersions");
      expect(discover).toMatchObject({ ttlMs: 3_600_000, cacheScope: "public" });
    } finally {
      await connected.close();
    }
  });

  test("a 2025-era client gets the same name, icon and instructions from initialize, and no cache fields", async () => {
    const connected = await connect({ era: "legacy" });
    try {
      expect(connected.client.getServerVersion()?.icons).toEqual(SERVER_INFO.icons);
      expect(connected.client.getInstructions()).toBe(INSTRUCTIONS);
      await connected.client.listTools();
      const [list] = resultsWith(connected.wire, "tools");
      expect(list).toBeDefined();
      expect(list).not.toHaveProperty("ttlMs");
    } finally {
      await connected.close();
    }
  });
});
