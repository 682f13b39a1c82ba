// "Nothing else writes these tables": the member lifecycle (lib/lifecycle) is the only writer of
// members, groups, memberships, invitations and their emails. This scans the source for writes to
// those tables — raw SQL and Prisma's ORM — and fails on any outside the lifecycle, the directory
// stores' statement builders (which only the lifecycle may call) and the documented exceptions.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "../..");
const TABLES = ["Member", "Group", "GroupMembership", "Invitation", "EmailOutbox"];
const MODELS = ["member", "group", "groupMembership", "invitation", "emailOutbox"];

const RAW_WRITE = new RegExp(String.raw`\b(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"(${TABLES.join("|")})"`, "g");
const ORM_WRITE = new RegExp(String.raw`\.(${MODELS.join("|")})\s*\.\s*(?:create|createMany|createManyAndReturn|update|updateMany|updateManyAndReturn|upsert|delete|deleteMany)\s*\(`, "g");

/** The tables a piece of source writes to (raw SQL or Prisma), in order of appearance. */
function writtenTables(source: string): string[] {
  const found: { at: number; table: string }[] = [];
  for (const m of source.matchAll(RAW_WRITE)) found.push({ at: m.index, table: m[1] });
  for (const m of source.matchAll(ORM_WRITE)) found.push({ at: m.index, table: TABLES[MODELS.indexOf(m[1])] });
  return found.sort((a, b) => a.at - b.at).map((f) => f.table);
}

const LIFECYCLE = "lib/lifecycle/";
/** Statement builders the lifecycle composes; their writing exports may be imported by lib/lifecycle only. */
const STORES = ["lib/directory/scim-user-store.ts", "lib/directory/scim-group-store.ts"];
/** Writers outside the lifecycle, each with the reason it is not a member/group/invitation transition. */
const EXCEPTIONS: Record<string, { tables: string[]; why: string }> = {
  "lib/mail/outbox-worker.ts": {
    tables: ["EmailOutbox", "Invitation"],
    why: "delivery bookkeeping: claims and marks emails, and stores the hash of the link it just mailed",
  },
};

function sourceFiles(dir: string): string[] {
  return readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
    const rel = path.posix.join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === "generated" || entry.name === "node_modules" ? [] : sourceFiles(rel);
    return /\.(ts|tsx|mjs)$/.test(entry.name) && !/\.test\.tsx?$/.test(entry.name) ? [rel] : [];
  });
}

/** Seeding helpers for tests (they write rows directly to set up a case); production never imports them. */
const isTestSupport = (file: string) => /(^|\/)(testing|test-support)(\.ts$|\/)/.test(file);

const allFiles = ["lib", "app", "components", "bin", "dev-idp"].flatMap((dir) => {
  try {
    return sourceFiles(dir);
  } catch {
    return []; // a folder this checkout does not have
  }
});
const files = allFiles.filter((file) => !isTestSupport(file));
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

/** Exported functions of a store whose body writes (the text up to the next top-level export). */
function writingExports(file: string): string[] {
  const source = read(file);
  const starts = [...source.matchAll(/^export (?:async )?function (\w+)/gm)];
  return starts
    .filter((m, i) => writtenTables(source.slice(m.index, starts[i + 1]?.index ?? source.length)).length > 0)
    .map((m) => m[1]);
}

describe("only the member lifecycle writes members, groups, memberships, invitations and emails", () => {
  it("the scanner finds raw and ORM writes (so the checks below can fail)", () => {
    expect(writtenTables('sql`UPDATE "Member" SET "role" = 1`')).toEqual(["Member"]);
    expect(writtenTables('INSERT INTO "GroupMembership" ("groupId")')).toEqual(["GroupMembership"]);
    expect(writtenTables('DELETE FROM  "Invitation" WHERE')).toEqual(["Invitation"]);
    expect(writtenTables("await tx.member.update({ where })\nprisma.emailOutbox.deleteMany()")).toEqual(["Member", "EmailOutbox"]);
    expect(writtenTables('SELECT * FROM "Member"; UPDATE "Workspace" SET x = 1; prisma.member.findMany()')).toEqual([]);
  });

  it("no file outside lib/lifecycle, the stores and the documented exceptions writes them", () => {
    expect(files.length).toBeGreaterThan(100);
    const offenders = files
      .filter((file) => !file.startsWith(LIFECYCLE) && !STORES.includes(file))
      .map((file) => ({ file, tables: [...new Set(writtenTables(read(file)))] }))
      .filter(({ file, tables }) => tables.some((t) => !EXCEPTIONS[file]?.tables.includes(t)));
    expect(offenders).toEqual([]);
  });

  it("test seeding helpers are imported by tests only", () => {
    const testSupport = allFiles.filter(isTestSupport).map((file) => file.replace(/\.ts$/, ""));
    expect(testSupport.length).toBeGreaterThan(0);
    const importers = files.filter((file) => testSupport.some((support) => read(file).includes(`"@/${support}"`)));
    expect(importers).toEqual([]);
  });

  it("each documented exception still writes what it is excused for (stale exceptions go)", () => {
    for (const [file, { tables }] of Object.entries(EXCEPTIONS)) expect(new Set(writtenTables(read(file)))).toEqual(new Set(tables));
  });

  it("the stores' writing functions are called from lib/lifecycle only", () => {
    for (const store of STORES) {
      const writers = writingExports(store);
      expect(writers.length).toBeGreaterThan(0);
      const storeModule = store.replace(/\.ts$/, "");
      const importers = files.filter((file) => {
        if (file === store) return false;
        const source = read(file);
        const specifiers = [`@/${storeModule}`, `./${path.posix.basename(storeModule)}`, `../directory/${path.posix.basename(storeModule)}`];
        return specifiers.some((s) => source.includes(`"${s}"`));
      });
      for (const file of importers) {
        if (file.startsWith(LIFECYCLE)) continue;
        const imported = [...read(file).matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*"[^"]*scim-(?:user|group)-store"/g)]
          .flatMap((m) => m[1].split(","))
          .map((name) => name.trim().replace(/^type\s+/, "").split(/\s+as\s+/)[0]);
        expect({ file, writers: imported.filter((name) => writers.includes(name)) }).toEqual({ file, writers: [] });
      }
    }
  });
});
