// What Roster keeps in the next-auth session and JWT (see lib/auth/options.ts).
import "next-auth";
import "next-auth/jwt";

declare module "next-auth" {
  interface Session {
    memberId?: string;
    workspaceId?: string;
    sessionGeneration?: number;
  }
}

declare module "next-auth/jwt" {
  interface JWT {
    memberId?: string;
    workspaceId?: string;
    /** The member's session generation at sign-in (lib/auth/current-member compares it). */
    sessionGeneration?: number;
  }
}
