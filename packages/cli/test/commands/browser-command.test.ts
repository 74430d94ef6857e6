import { describe, expect, it } from "vitest";
import { browserCommand } from "../../src/ui/browser.ts";

describe("$BROWSER, read the way xdg-utils reads it", () => {
  it("takes arguments, %s, and the first of a colon-separated list", () => {
    const url = "https://www.plex.tv/link/?pin=ABCD";
    expect(browserCommand("firefox", url, "linux")).toEqual({ command: "firefox", args: [url] });
    expect(browserCommand("firefox --new-window", url, "linux")).toEqual({
      command: "firefox",
      args: ["--new-window", url],
    });
    expect(browserCommand("chromium --app=%s", url, "linux")).toEqual({ command: "chromium", args: [`--app=${url}`] });
    expect(browserCommand("w3m:lynx", url, "linux")).toEqual({ command: "w3m", args: [url] });
    const windows = "C:\\Program Files\\Mozilla Firefox\\firefox.exe";
    expect(browserCommand(windows, url, "win32")).toEqual({ command: windows, args: [url] });
  });
});
