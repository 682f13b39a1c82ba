// A workspace has ONE SSO connection, and every spec shares the E2E workspace: the SAML and the
// OIDC specs would overwrite each other's connection if they ran at the same time in two workers.
// This lock (a directory, atomic to create, per run and engine) makes them take turns.
// In a spec: `test.beforeAll(async ({}, info) => { release = await takeSsoLock(info); })` and
// `test.afterAll(() => release?.())`, with the spec's tests in serial mode.
import { mkdirSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { TestInfo } from "@playwright/test";
import { e2eRun } from "./run";

const STALE_AFTER_MS = 10 * 60_000;

export async function takeSsoLock(info: TestInfo, timeoutMs = 5 * 60_000): Promise<() => void> {
  const engine = String(info.project.metadata?.engine ?? info.project.name);
  const dir = path.join(tmpdir(), `roster-e2e-sso-lock-${e2eRun.id}-${engine}`);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      mkdirSync(dir);
      return () => rmSync(dir, { recursive: true, force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      // A holder that crashed without releasing: take over after a while.
      try {
        if (Date.now() - statSync(dir).mtimeMs > STALE_AFTER_MS) rmSync(dir, { recursive: true, force: true });
      } catch {}
      if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms for the SSO e2e lock (${dir})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}
