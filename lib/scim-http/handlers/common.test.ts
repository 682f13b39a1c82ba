import { describe, expect, it } from "vitest";
import { project } from "@/lib/scim/projection";
import { toScimGroup, toScimUser } from "@/lib/scim/resource";
import { SCHEMAS } from "@/lib/scim/schemas/lookup";
import { GROUP_RESOURCE_TYPE, USER_RESOURCE_TYPE } from "@/lib/scim/schemas/resource-types";
import type { AttributeDefinition } from "@/lib/scim/schemas/types";
import { projected } from "./common";

describe("projected", () => {
  // The hot path skips project() when no attributes/excludedAttributes are given; that is only
  // right while no schema attribute is returned "request" and serialization omits "never" ones.
  it("relies on no attribute being returned 'request'", () => {
    const walk = (attributes: AttributeDefinition[]): string[] =>
      attributes.flatMap((a) => [...(a.returned === "request" ? [a.name] : []), ...walk(a.subAttributes ?? [])]);
    expect(SCHEMAS.flatMap((schema) => walk(schema.attributes))).toEqual([]);
  });

  it("equals the default projection for serialized users and groups", () => {
    const now = new Date();
    const user = toScimUser(
      {
        id: "u1",
        userName: "a@example.com",
        active: true,
        emails: [{ value: "a@example.com", primary: true }],
        name: { givenName: "A" },
        enterprise: { department: "X", manager: { value: "m1", displayName: "M" } },
        extra: { "urn:x:1.0:User": { a: 1 }, custom: true },
        groups: [{ value: "g1", display: "G", type: "direct" }],
        created: now,
        lastModified: now,
        version: 3,
      },
      { baseUrl: "http://x" },
    );
    expect(projected(user, USER_RESOURCE_TYPE, {})).toEqual(project(user, USER_RESOURCE_TYPE, {}));
    const group = toScimGroup({ id: "g1", displayName: "G", members: [{ value: "u1", type: "User" }], extra: {}, created: now, lastModified: now, version: 1 }, { baseUrl: "http://x" });
    expect(projected(group, GROUP_RESOURCE_TYPE, {})).toEqual(project(group, GROUP_RESOURCE_TYPE, {}));
  });
});
