/**
 * What the built CLI must keep for a fast start (global-setup builds it first). Measured on `--version`:
 * loading the prompts, the QR code and the spinner at start took about 25 ms of
 * every command's 220 ms on a machine where `node -e 0` took 118 ms.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";

const dist = new URL("../dist/", import.meta.url);
const modules = readdirSync(dist).filter((file) => file.endsWith(".js"));
const LOADED_ON_USE = ["@clack/prompts", "uqr", "yocto-spinner"];

describe("the built CLI", () => {
  it("loads the prompt, QR and spinner libraries only when a command uses them", () => {
    expect(modules.length).toBeGreaterThan(0);
    for (const file of modules) {
      const text = readFileSync(new URL(file, dist), "utf8");
      for (const name of LOADED_ON_USE) {
        expect(text, `${file} imports ${name} at start`).not.toMatch(new RegExp(`from\\s*["']${name}["']`));
      }
    }
    const all = modules.map((file) => readFileSync(new URL(file, dist), "utf8")).join("\n");
    for (const name of LOADED_ON_USE) expect(all).toMatch(new RegExp(`import\\(\\s*["']${name}["']\\s*\\)`));
  });

  it("carries commander, which every command needs, instead of loading its package (about 20 ms)", () => {
    for (const file of modules) {
      expect(readFileSync(new URL(file, dist), "utf8"), file).not.toMatch(
        /from\s*["']commander["']|require\(["']commander["']\)/,
      );
    }
    const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8"));
    expect(manifest.dependencies.commander, "bundled, so a devDependency").toBeUndefined();
  });
});
