// Settings › API entry points, on the process database (app/ never touches Prisma).
import { onAppDatabase } from "@/lib/db";
import { createApiToken as createApiTokenOn, listApiTokens as listApiTokensOn, revokeApiToken as revokeApiTokenOn } from "./index";

export const createApiToken = onAppDatabase(createApiTokenOn);
export const listApiTokens = onAppDatabase(listApiTokensOn);
export const revokeApiToken = onAppDatabase(revokeApiTokenOn);
