// Workspaces: creation (first-run setup and the CLI) with their first ADMIN, and lookups.
import type { PrismaClient } from "@/lib/generated/prisma/client";
import { recordAudit } from "@/lib/audit";
import { hashPassword, passwordProblem } from "@/lib/auth/password";
import { memberNameColumns, personNameSchema, type PersonName } from "@/lib/members/person-name";

export class WorkspaceInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "WorkspaceInputError";
  }
}

/** First-run setup is only open while the instance has no workspace at all. */
export class WorkspaceSetupClosedError extends Error {
  constructor() {
    super("This Roster instance is already set up.");
    this.name = "WorkspaceSetupClosedError";
  }
}

// Serialises first-run setups (two browsers submitting at once must not both create a workspace).
const FIRST_WORKSPACE_LOCK_KEY = 0x726f7374_5354;

export function slugify(name: string): string {
  const slug = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return slug || "workspace";
}

export interface CreateWorkspaceInput {
  name: string;
  adminEmail: string;
  adminPassword: string;
  /** The first admin's given and family name; setup and the CLI always ask for both. */
  adminName?: PersonName;
  /** Who is creating it, for the audit log ("setup", "cli"). */
  actorLabel?: string;
}

export interface CreateWorkspaceOptions {
  /** First-run setup: create it only if no workspace exists yet, else WorkspaceSetupClosedError. */
  onlyIfFirst?: boolean;
}

export async function createWorkspace(prisma: PrismaClient, input: CreateWorkspaceInput, options: CreateWorkspaceOptions = {}) {
  const name = input.name.trim();
  const email = input.adminEmail.trim();
  if (!name) throw new WorkspaceInputError("Workspace name is required.");
  if (!/^[^\s@]+@[^\s@]+$/.test(email)) throw new WorkspaceInputError("Admin email must be an email address.");
  const adminName = input.adminName === undefined ? undefined : personNameSchema.safeParse(input.adminName);
  if (adminName?.success === false) throw new WorkspaceInputError(adminName.error.issues[0]?.message ?? "Check the admin's name.");
  const named = { ...input, adminName: adminName?.data };
  const problem = passwordProblem(input.adminPassword, email);
  if (problem) throw new WorkspaceInputError(problem);
  const passwordHash = await hashPassword(input.adminPassword);
  const base = slugify(name);

  // Two creations racing for the same slug: the loser retries and picks the next free one.
  for (let attempt = 1; ; attempt++) {
    try {
      return await createInTransaction(prisma, { name, email, passwordHash, base, input: named, options });
    } catch (error) {
      if ((error as { code?: string }).code !== "P2002" || attempt >= 3) throw error;
    }
  }
}

function createInTransaction(
  prisma: PrismaClient,
  { name, email, passwordHash, base, input, options }: {
    name: string; email: string; passwordHash: string; base: string; input: CreateWorkspaceInput; options: CreateWorkspaceOptions;
  },
) {
  return prisma.$transaction(async (tx) => {
    if (options.onlyIfFirst) {
      await tx.$executeRaw`SELECT 1 FROM pg_advisory_xact_lock(${FIRST_WORKSPACE_LOCK_KEY}::bigint)`;
      if (await tx.workspace.findFirst({ select: { id: true } })) throw new WorkspaceSetupClosedError();
    }
    // Pick the first free slug: base, base-2, base-3, …
    const taken = new Set(
      (await tx.workspace.findMany({ where: { slug: { startsWith: base } }, select: { slug: true } })).map((w) => w.slug),
    );
    let slug = base;
    for (let n = 2; taken.has(slug); n++) slug = `${base}-${n}`;
    const workspace = await tx.workspace.create({ data: { name, slug } });
    const now = new Date();
    const admin = await tx.member.create({
      data: {
        workspaceId: workspace.id,
        userName: email,
        ...(input.adminName && memberNameColumns(input.adminName)),
        emails: [{ value: email, type: "work", primary: true }],
        status: "ACTIVE",
        role: "ADMIN",
        manualRole: "ADMIN",
        source: "MANUAL",
        passwordHash,
        activatedAt: now,
      },
    });
    await recordAudit(tx, {
      workspaceId: workspace.id,
      actor: { kind: "SYSTEM", label: input.actorLabel ?? "setup" },
      action: "workspace.created",
      target: { type: "Workspace", id: workspace.id, label: workspace.name },
      details: { adminEmail: email },
    });
    return { workspace, admin };
  });
}

export function findWorkspaceBySlug(prisma: PrismaClient, slug: string) {
  return prisma.workspace.findUnique({ where: { slug } });
}

export async function hasAnyWorkspace(prisma: PrismaClient): Promise<boolean> {
  return (await prisma.workspace.findFirst({ select: { id: true } })) !== null;
}
