import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { GET } from "@/app/api/health/route";
import { setDatabaseForProcess, type Database } from "@/lib/db";
import { openPostgres } from "@/lib/db/engines";
import { openTestDatabase, testEngine } from "@/lib/db/testing";
import { resetEnvCache } from "@/lib/env";
import { checkHealth } from "./index";

const UNREACHABLE = "postgres://postgres@127.0.0.1:1/roster_unreachable";

describe(`health (${testEngine})`, () => {
  let db: Database;
  const savedUrl = process.env.DATABASE_URL;
  beforeAll(async () => {
    db = await openTestDatabase();
  });
  afterEach(() => {
    if (savedUrl === undefined) delete process.env.DATABASE_URL;
    else process.env.DATABASE_URL = savedUrl;
    resetEnvCache();
    setDatabaseForProcess(undefined);
  });
  afterAll(async () => db?.close());

  it("reports ok with the engine when the database answers", async () => {
    expect(await checkHealth(async () => db)).toEqual({ httpStatus: 200, body: { status: "ok", database: { engine: testEngine, ok: true } } });
  });

  it("reports 503 when the database cannot be reached", async () => {
    const unreachable = openPostgres(UNREACHABLE, 1);
    try {
      const report = await checkHealth(async () => unreachable);
      expect(report.httpStatus).toBe(503);
      expect(report.body).toMatchObject({ status: "error", database: { ok: false } });
    } finally {
      await unreachable.close();
    }
  });

  it("reports 503 when the check hangs longer than the timeout", async () => {
    const report = await checkHealth(() => new Promise<Database>(() => {}), 50);
    expect(report.httpStatus).toBe(503);
  });

  it("GET /api/health: 200 on the process database", async () => {
    setDatabaseForProcess(db);
    const response = await GET();
    expect(response.status).toBe(200);
    expect(response.headers.get("cache-control")).toBe("no-store");
    expect(await response.json()).toEqual({ status: "ok", database: { engine: testEngine, ok: true } });
  });

  it("GET /api/health: 503 with an unreachable DATABASE_URL", async () => {
    process.env.DATABASE_URL = UNREACHABLE;
    resetEnvCache();
    setDatabaseForProcess(undefined);
    const response = await GET();
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({ status: "error", database: { engine: "postgres", ok: false } });
  });
});
