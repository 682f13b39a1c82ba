import { describe, expect, it } from "vitest";
import { clientAddress, PEER_ADDRESS_HEADER } from "./client-address";

describe("clientAddress", () => {
  const forged = { "x-forwarded-for": "6.6.6.6", [PEER_ADDRESS_HEADER]: "10.1.2.3" };

  it("ignores X-Forwarded-For unless TRUST_PROXY counts proxies", () => {
    expect(clientAddress(forged, 0, true)).toBe("10.1.2.3");
    expect(clientAddress({ "x-forwarded-for": "6.6.6.6" }, 0, true)).toBeNull();
  });

  it("takes the entry the trusted proxies appended, not what the client put first", () => {
    const chain = { "x-forwarded-for": "6.6.6.6, 203.0.113.9, 10.0.0.2", [PEER_ADDRESS_HEADER]: "10.0.0.3" };
    expect(clientAddress(chain, 1, true)).toBe("10.0.0.2");
    expect(clientAddress(chain, 2, true)).toBe("203.0.113.9");
    expect(clientAddress(chain, 9, true)).toBe("6.6.6.6");
  });

  it("believes the peer header only when the production server writes it", () => {
    expect(clientAddress(forged, 0, false)).toBeNull();
    expect(clientAddress({ [PEER_ADDRESS_HEADER]: "::ffff:192.0.2.7" }, 0, true)).toBe("192.0.2.7");
  });
});
