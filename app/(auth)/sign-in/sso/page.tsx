import type { Metadata } from "next";
import { AuthCard } from "@/components/shell/auth-card";
import { SsoCodeExchange } from "@/components/shell/sso-code-exchange";

export const metadata: Metadata = { title: "Signing in" };

export default function SsoSignInPage() {
  return (
    <AuthCard title="Signing you in">
      <SsoCodeExchange />
    </AuthCard>
  );
}
