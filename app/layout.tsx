import type { Metadata, Viewport } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Roster", template: "%s · Roster" },
  description: "Members and permissions, with a built-in SCIM 2.0 server.",
};

export const viewport: Viewport = { width: "device-width", initialScale: 1 };

// Every page renders per request: the CSP nonce (proxy.ts) only reaches scripts rendered with it.
export const dynamic = "force-dynamic";

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
