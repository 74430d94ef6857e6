import { describe, expect, it } from "vitest";
import { browserCommand } from "../../src/ui/browser.ts";

describe("$BROWSER, read the way xdg-utils reads it", () => {
  it("takes arguments, %s, and the first of a colon-separated list", () => {
    const url = "https://www.plex.tv/link/?pin=ABCD";
    expect(browserCommand("firefox", url)).toEqual({ command: "firefox", args: [url] });
    expect(browserCommand("firefox --new-window", url)).toEqual({ command: "firefox", args: ["--new-window", url] });
    expect(browserCommand("chromium --app=%s", url)).toEqual({ command: "chromium", args: [`--app=${url}`] });
    expect(browserCommand("w3m:lynx", url)).toEqual({ command: "w3m", args: [url] });
  });
});
