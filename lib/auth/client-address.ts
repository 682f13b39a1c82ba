// The address a sign-in comes from, for the per-address attempt limit. X-Forwarded-For is written
// by whoever sends the request, so it only counts when the operator says a proxy sets it
// (TRUST_PROXY = the number of proxies): then the client is the entry that many places from the
// right (each proxy appends the peer it saw). Otherwise the TCP peer, which Next.js does not
// expose to route handlers: `npm start`'s server (lib/server/main.ts) copies it into
// PEER_ADDRESS_HEADER, replacing anything a client sent under that name, and says so on
// globalThis. Under `next dev` / a bare `next start` the address is unknown (null) and only the
// per-account limit applies.

export const PEER_ADDRESS_HEADER = "x-roster-peer-address";

const marker = globalThis as typeof globalThis & { __rosterSetsPeerAddress?: boolean };

/** Called by the production server, which overwrites PEER_ADDRESS_HEADER on every request. */
export function announcePeerAddressHeader(): void {
  marker.__rosterSetsPeerAddress = true;
}

type Headers = Record<string, string | string[] | undefined>;

const one = (value: string | string[] | undefined) => (Array.isArray(value) ? value.join(",") : value);

export function clientAddress(headers: Headers, trustProxyHops: number, peerHeaderIsOurs = marker.__rosterSetsPeerAddress === true): string | null {
  if (trustProxyHops > 0) {
    const chain = (one(headers["x-forwarded-for"]) ?? "")
      .split(",")
      .map((part) => part.trim())
      .filter(Boolean);
    if (chain.length > 0) return normalize(chain[Math.max(0, chain.length - trustProxyHops)]);
  }
  const peer = peerHeaderIsOurs ? one(headers[PEER_ADDRESS_HEADER]) : undefined;
  return peer ? normalize(peer) : null;
}

/** "::ffff:10.0.0.1" (an IPv4 peer on a dual-stack socket) is 10.0.0.1; at most 64 characters. */
function normalize(address: string): string {
  return address.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/i, "$1").slice(0, 64);
}
