// The architecture's import boundaries are enforced by ESLint (eslint.config.mjs); this checks the
// rules really fire (and stay quiet for allowed imports) on snippets placed at representative paths.
import path from "node:path";
import { ESLint } from "eslint";
import { beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");
let eslint: ESLint;

async function restricted(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, filePath) });
  return result.messages.filter((m) => m.ruleId === "no-restricted-imports").map((m) => m.message);
}

describe("import boundaries (eslint.config.mjs)", () => {
  beforeAll(() => {
    eslint = new ESLint({ cwd: root });
  }, 60_000);

  it.each([
    ['import { NextResponse } from "next/server";'],
    ['import next from "next";'],
    ['import { useState } from "react";'],
    ['import { PrismaClient } from "@prisma/client";'],
    ['import { PrismaClient } from "@/lib/generated/prisma/client";'],
    ['import { getPrisma } from "@/lib/db";'],
    ['import { openTestDatabase } from "@/lib/db/testing";'],
    ['import { recordAudit } from "@/lib/audit";'],
    ['import { Button } from "@/components/ui/button";'],
    ['import { x } from "../directory/status";'],
  ])("lib/scim refuses %s", async (code) => {
    expect(await restricted("lib/scim/boundary-probe.ts", code)).toHaveLength(1);
  });

  it("lib/scim may import its own files (relatively or through @/lib/scim) and npm libraries", async () => {
    expect(await restricted("lib/scim/filter/boundary-probe.ts", 'import { a } from "../errors";\nimport { b } from "./lexer";')).toEqual([]);
    expect(await restricted("lib/scim/boundary-probe.ts", 'import { z } from "zod";\nimport { c } from "@/lib/scim/errors";')).toEqual([]);
  });

  it("lib/scim subfolders may not climb out with ../..", async () => {
    expect(await restricted("lib/scim/filter/boundary-probe.ts", 'import { x } from "../../db";')).toHaveLength(1);
    expect(await restricted("lib/scim/patch/deep/boundary-probe.ts", 'import { x } from "../../../auth/session";')).toHaveLength(1);
    expect(await restricted("lib/scim/patch/deep/boundary-probe.ts", 'import { x } from "../../errors";')).toEqual([]);
  });

  it.each([
    ['import { getPrisma } from "@/lib/db";'],
    ['import type { Member } from "@/lib/generated/prisma/client";'],
    ['import { PrismaClient } from "@prisma/client";'],
    ['import { getPrisma } from "../../lib/db";'],
  ])("app/ and components/ refuse %s", async (code) => {
    expect(await restricted("app/(admin)/probe/page.tsx", code)).toHaveLength(1);
    expect(await restricted("components/probe/widget.tsx", code)).toHaveLength(1);
  });

  it("app/ may use domain modules, and its tests may open a test database", async () => {
    expect(await restricted("app/(admin)/probe/page.tsx", 'import { requireAdmin } from "@/lib/auth/session";')).toEqual([]);
    expect(await restricted("app/(admin)/probe/actions.db.test.ts", 'import { openTestDatabase } from "@/lib/db/testing";')).toEqual([]);
  });
});
