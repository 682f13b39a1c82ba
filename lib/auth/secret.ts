// The session secret lives in lib/security (lib/sso derives its encryption key from it too, and
// lib/auth imports lib/sso for the "sso" sign-in provider: one place both can import).
export * from "@/lib/security/session-secret";
