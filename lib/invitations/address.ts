// Where a member's invitation goes: the primary email, else the first, else the userName
// (the same rule SCIM provisioning uses when it queues the first invitation).
export function memberInvitationAddress(member: { userName: string; emails: unknown }): string {
  const emails = (Array.isArray(member.emails) ? member.emails : [])
    .filter((e): e is { value: string; primary?: unknown } => !!e && typeof e === "object" && typeof (e as { value?: unknown }).value === "string")
    .filter((e) => e.value.trim() !== "");
  return (emails.find((e) => e.primary === true) ?? emails[0])?.value ?? member.userName;
}

/** Every address a member is known by (a password must not equal any of them). */
export function memberAddresses(member: { userName: string; emails: unknown }): string[] {
  const emails = Array.isArray(member.emails) ? member.emails : [];
  const values = emails
    .map((e) => (e && typeof e === "object" ? (e as { value?: unknown }).value : undefined))
    .filter((v): v is string => typeof v === "string" && v !== "");
  return [member.userName, ...values];
}
