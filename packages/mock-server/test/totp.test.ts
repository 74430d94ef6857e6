import { describe, expect, it } from "vitest";
import { createMockPlex, decodeBase32, MOCK_ACCOUNTS, totpCode } from "../src/index.ts";

// RFC 6238 appendix B, SHA-1 rows: the secret is the ASCII "12345678901234567890". The RFC prints 8
// digits; a 6-digit code is the last 6 of them.
const RFC_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ";
const RFC_VECTORS: [number, string][] = [
  [59, "94287082"],
  [1_111_111_109, "07081804"],
  [1_111_111_111, "14050471"],
  [1_234_567_890, "89005924"],
  [2_000_000_000, "69279037"],
  [20_000_000_000, "65353130"],
];

describe("TOTP (RFC 6238, HMAC-SHA1, 30 s, 6 digits)", () => {
  it.each(RFC_VECTORS)("matches the RFC test vector at T=%i", async (seconds, eightDigits) => {
    expect(await totpCode(RFC_SECRET, seconds * 1000)).toBe(eightDigits.slice(2));
  });

  it("decodes base32 secrets, ignoring case, spaces and padding", () => {
    expect(new TextDecoder().decode(decodeBase32("gezd gnbv===="))).toBe("12345");
    expect(() => decodeBase32("not base32!")).toThrow(TypeError);
  });

  it("gives the 2FA account's code for the mock's clock, changing every 30 s", async () => {
    const now = Date.UTC(2030, 0, 1);
    const mock = createMockPlex({ now: () => now });
    const secret = MOCK_ACCOUNTS.twoFactor.totpSecret as string;
    expect(await mock.totp("twoFactor")).toBe(await totpCode(secret, now));
    const first = await mock.totp("twoFactor");
    mock.advanceTime(30_000);
    expect(await mock.totp("twoFactor")).toBe(await totpCode(secret, now + 30_000));
    // An explicit moment ignores the advanced clock.
    expect(await mock.totp("twoFactor", now)).toBe(first);
  });

  it("refuses to make a code for an account without two-factor authentication", async () => {
    await expect(createMockPlex().totp("plain")).rejects.toThrow(/no two-factor/);
  });
});
