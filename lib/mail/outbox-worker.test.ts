import { describe, expect, it } from "vitest";
import { DEFAULT_POLICY, describeError, isPermanent, retryDelayMs } from "./outbox-worker";

describe("outbox retry policy", () => {
  it("backs off exponentially from 30 s, capped at an hour", () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => retryDelayMs(n) / 1000)).toEqual([30, 60, 120, 240, 480, 960, 1920]);
    expect(retryDelayMs(20)).toBe(60 * 60_000);
    expect(DEFAULT_POLICY.maxAttempts).toBe(8);
    // Total wait before the last attempt: a bit over an hour of SMTP outage is survived.
    const total = Array.from({ length: DEFAULT_POLICY.maxAttempts - 1 }, (_, i) => retryDelayMs(i + 1)).reduce((a, b) => a + b, 0);
    expect(total / 60_000).toBeCloseTo(63.5);
  });

  it("gives up at once only when the server refuses this message or recipient (5xx)", () => {
    expect(isPermanent({ code: "EENVELOPE", responseCode: 550 })).toBe(true);
    expect(isPermanent({ code: "EMESSAGE", responseCode: 554 })).toBe(true);
    expect(isPermanent({ code: "EMESSAGE", responseCode: 451 })).toBe(false);
    expect(isPermanent({ code: "ECONNECTION" })).toBe(false);
    expect(isPermanent({ code: "EAUTH", responseCode: 535 })).toBe(false); // configuration: retry while it is fixed
    expect(isPermanent(new Error("boom"))).toBe(false);
  });

  it("describes errors on one line with their code", () => {
    expect(describeError(Object.assign(new Error("connect ECONNREFUSED\n127.0.0.1:1"), { code: "ESOCKET" }))).toBe(
      "ESOCKET: connect ECONNREFUSED 127.0.0.1:1",
    );
    expect(describeError(Object.assign(new Error("Connection refused ECONNECTION"), { code: "ECONNECTION" }))).toBe("Connection refused ECONNECTION");
    expect(describeError("x".repeat(900))).toHaveLength(500);
  });
});
