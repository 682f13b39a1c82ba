import { afterEach, describe, expect, it, vi } from "vitest";
import { resetEnvCache } from "@/lib/env";
import { startEmailWorker } from "./worker-runner";

describe("startEmailWorker", () => {
  afterEach(() => {
    vi.restoreAllMocks();
    resetEnvCache();
  });

  it("starts once per process (dev reloads reuse it) and can be restarted after stop", () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    vi.spyOn(console, "warn").mockImplementation(() => {});
    const previous = process.env.SMTP_URL;
    delete process.env.SMTP_URL;
    resetEnvCache();
    try {
      const first = startEmailWorker(60_000);
      expect(startEmailWorker(60_000)).toBe(first);
      expect(console.log).toHaveBeenCalledWith(expect.stringContaining("SMTP_URL is not set"));
      first.stop();
      const second = startEmailWorker(60_000);
      expect(second).not.toBe(first);
      second.stop();
    } finally {
      if (previous !== undefined) process.env.SMTP_URL = previous;
    }
  });
});
