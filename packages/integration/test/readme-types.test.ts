/**
 * Compiles every TypeScript snippet of the READMEs against the built packages, the way a new user's project
 * would: TypeScript 5.9's own `tsc --init` strictness (`strict`, `exactOptionalPropertyTypes`,
 * `noUncheckedIndexedAccess`, `verbatimModuleSyntax`), once with `node16`-style resolution (`nodenext`) and
 * once with `bundler`. A snippet that uses a name it does not declare (`plex`, `pin`, `clientIdentifier`)
 * gets a declaration of it; nothing else is added. Snippets for Deno or Bun (`npm:` imports, `Deno.`,
 * `Bun.`) are left to those runtimes.
 */
import { mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const INTEGRATION = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const ROOT = resolve(INTEGRATION, "../..");
const OUT = join(INTEGRATION, ".readme-types");

const READMES = [
  "README.md",
  "packages/core/README.md",
  "packages/node/README.md",
  "packages/mock-server/README.md",
  "packages/cli/README.md",
];

// Names a snippet may use without declaring them, as the prose around it introduces them.
const PRELUDE: Readonly<Record<string, string>> = {
  plex: 'declare const plex: import("@plex-auth/core").PlexAuth;',
  signedIn: 'declare const signedIn: import("@plex-auth/core").PlexAuth;',
  core: 'declare const core: import("@plex-auth/core").PlexAuthCore;',
  pin: 'declare const pin: import("@plex-auth/core").PlexPin;',
  server: 'declare const server: import("@plex-auth/core").PlexResource;',
  mock: 'declare const mock: import("@plex-auth/mock-server").MockPlex;',
  clientIdentifier: "declare const clientIdentifier: string;",
  code: "declare const code: string;",
  claim: "declare const claim: string;",
  fixedTime: "declare const fixedTime: number;",
  token: "declare const token: string;",
  otherToken: "declare const otherToken: string;",
  myStoredToken: "declare const myStoredToken: string;",
  login: "declare const login: string;",
  password: "declare const password: string;",
  signal: "declare const signal: AbortSignal;",
  env: "declare const env: Record<string, string>;",
  loadTokenSomehow: "declare function loadTokenSomehow(): Promise<string>;",
  open: "declare function open(url: string): void;",
  ask: "declare function ask(): Promise<string>;",
  deviceKey: 'declare function deviceKey(): Promise<import("@plex-auth/core/jwt").DeviceKey>;',
  button: "declare const button: HTMLButtonElement;",
  storedClientId: "declare function storedClientId(): string;",
  useToken: "declare function useToken(token: string): void;",
  sessions: "declare const sessions: { create(data: object): Promise<{ cookie: string }> };",
  app: "declare const app: { use(path: string, handler: (...args: never[]) => unknown): void };",
};

interface Snippet {
  readonly file: string;
  readonly readme: string;
  readonly line: number;
}

function declares(code: string, name: string): boolean {
  const declaration = new RegExp(
    `\\b(const|let|var|function|class)\\s+(${name}\\b|\\{[^}]*\\b${name}\\b[^}]*\\}|\\[[^\\]]*\\b${name}\\b[^\\]]*\\])`,
  );
  const imported = new RegExp(`import\\s+(type\\s+)?\\{[^}]*\\b${name}\\b[^}]*\\}\\s+from`);
  return declaration.test(code) || imported.test(code);
}

function snippetsOf(readme: string): { code: string; line: number }[] {
  const lines = readFileSync(join(ROOT, readme), "utf8").split("\n");
  const found: { code: string; line: number }[] = [];
  let start = -1;
  lines.forEach((text, index) => {
    if (start < 0 && /^```ts\s*$/.test(text)) start = index + 1;
    else if (start >= 0 && /^```\s*$/.test(text)) {
      found.push({ code: lines.slice(start, index).join("\n"), line: start + 1 });
      start = -1;
    }
  });
  return found.filter(({ code }) => !/from "npm:|jsr:|\bDeno\.|\bBun\./.test(code));
}

function writeSnippets(): Snippet[] {
  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  return READMES.flatMap((readme) =>
    snippetsOf(readme).map(({ code, line }, index) => {
      const prelude = Object.entries(PRELUDE)
        .filter(([name]) => new RegExp(`\\b${name}\\b`).test(code) && !declares(code, name))
        .map(([, declaration]) => declaration);
      const file = join(OUT, `${readme.replace(/[/.]/g, "_")}_${index + 1}.ts`);
      writeFileSync(file, `${prelude.join("\n")}\n${code}\nexport {};\n`);
      return { file, readme, line };
    }),
  );
}

const STRICTEST: ts.CompilerOptions = {
  target: ts.ScriptTarget.ES2022,
  lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  strict: true,
  exactOptionalPropertyTypes: true,
  noUncheckedIndexedAccess: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  moduleDetection: ts.ModuleDetectionKind.Force,
  noEmit: true,
  skipLibCheck: true,
  types: ["node"],
};

const RESOLUTIONS: Readonly<Record<string, ts.CompilerOptions>> = {
  node16: { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext },
  bundler: { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler },
};

function compile(snippets: readonly Snippet[], options: ts.CompilerOptions): string[] {
  const program = ts.createProgram(
    snippets.map((snippet) => snippet.file),
    { ...STRICTEST, ...options },
  );
  return ts.getPreEmitDiagnostics(program).map((diagnostic) => {
    const snippet = snippets.find((candidate) => candidate.file === diagnostic.file?.fileName);
    const where = snippet
      ? `${snippet.readme}, the snippet at line ${snippet.line}`
      : (diagnostic.file?.fileName ?? "?");
    return `${where}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, "\n")}`;
  });
}

describe("the READMEs' TypeScript snippets", () => {
  const snippets = writeSnippets();

  it("there are snippets from every README to compile", () => {
    for (const readme of READMES)
      expect(
        snippets.some((snippet) => snippet.readme === readme),
        readme,
      ).toBe(true);
  });

  it.each(Object.entries(RESOLUTIONS))(
    "compile under tsc --init's strictness with %s resolution",
    (_name, options) => {
      expect(compile(snippets, options)).toEqual([]);
    },
    60_000,
  );
});
