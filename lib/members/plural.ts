/** "1 member", "3 members" (for messages built on the server). */
export const plural = (n: number, noun: string) => `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
