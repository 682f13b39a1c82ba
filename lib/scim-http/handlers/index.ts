// The SCIM endpoint table (base /api/v2/scim). Every RFC 7644 endpoint with the verbs it defines;
// anything else at a known path is 405, at an unknown path 404.
import type { RouteDefinition } from "../routes";
import { bulkHandler } from "./bulk";
import { getResourceTypeById, getResourceTypes, getSchemaById, getSchemas, getServiceProviderConfig } from "./discovery";
import { createGroup, deleteGroupHandler, getGroup, listGroupsHandler, patchGroup, replaceGroup, searchGroups } from "./groups";
import { searchAll } from "./root-search";
import { createUser, deleteUser, getUser, listUsers, patchUser, replaceUser, searchUsers } from "./users";

const user = (action: string) => ({ action: `scim.user.${action}`, targetType: "User" as const });
const group = (action: string) => ({ action: `scim.group.${action}`, targetType: "Group" as const });

export const SCIM_ROUTES: readonly RouteDefinition[] = [
  { pattern: ["Users"], methods: { GET: { handler: listUsers }, POST: { handler: createUser, audit: user("created") } } },
  { pattern: ["Users", ".search"], methods: { POST: { handler: searchUsers } } },
  {
    pattern: ["Users", ":id"],
    methods: {
      GET: { handler: getUser },
      PUT: { handler: replaceUser, audit: user("updated") },
      PATCH: { handler: patchUser, audit: user("updated") },
      DELETE: { handler: deleteUser, audit: user("deleted") },
    },
  },
  { pattern: ["Groups"], methods: { GET: { handler: listGroupsHandler }, POST: { handler: createGroup, audit: group("created") } } },
  { pattern: ["Groups", ".search"], methods: { POST: { handler: searchGroups } } },
  {
    pattern: ["Groups", ":id"],
    methods: {
      GET: { handler: getGroup },
      PUT: { handler: replaceGroup, audit: group("updated") },
      PATCH: { handler: patchGroup, audit: group("updated") },
      DELETE: { handler: deleteGroupHandler, audit: group("deleted") },
    },
  },
  { pattern: [".search"], methods: { POST: { handler: searchAll } } },
  { pattern: ["Bulk"], methods: { POST: { handler: bulkHandler(() => SCIM_ROUTES), audit: { action: "scim.bulk.processed", targetType: "Bulk" } } } },
  { pattern: ["ServiceProviderConfig"], methods: { GET: { handler: getServiceProviderConfig } } },
  { pattern: ["ResourceTypes"], methods: { GET: { handler: getResourceTypes } } },
  { pattern: ["ResourceTypes", ":id"], methods: { GET: { handler: getResourceTypeById } } },
  { pattern: ["Schemas"], methods: { GET: { handler: getSchemas } } },
  { pattern: ["Schemas", ":id"], methods: { GET: { handler: getSchemaById } } },
];
