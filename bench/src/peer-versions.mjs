/**
 * The peers' packages, pinned in bench/package.json (test/peers.test.mjs checks they agree), and how the
 * tables, the chart and the size entries name them. A module of its own, so that the report and the size
 * entries name the peers without loading any client.
 * @module
 */

/**
 * ky 2.1.0 declares Node >= 22; the bench runs it on Node 20, where everything its client does works
 * (test/peers.test.mjs), and it is what `npm install ky` gives a user today.
 */
export const PEER_VERSIONS = Object.freeze({ ofetch: "1.5.1", ky: "2.1.0", valibot: "1.5.0" });

export const PEER_LABELS = Object.freeze({
  ofetch: `ofetch ${PEER_VERSIONS.ofetch} + valibot`,
  ky: `ky ${PEER_VERSIONS.ky} + valibot`,
});
