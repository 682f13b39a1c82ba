// Microsoft Entra ID's SCIM conversation, from the request/response examples Microsoft documents
// for its provisioning service ("Tutorial: Develop and plan provisioning for a SCIM endpoint in
// Microsoft Entra ID", user and group operations) and the behaviours its SCIM validator checks:
// capitalized ops ("Add", "Replace", "Remove"), booleans as strings ("False"), filters with +
// for spaces, `externalId eq`, the empty result for a missing user, URN-qualified enterprise
// paths (manager as a bare id), path-less operations with dotted keys, members removed with a
// value array, `$ref: null`, `excludedAttributes=members` on group reads, and the lookup by a
// matching attribute on a multi-valued sub-attribute (`emails[type eq "work"].value eq "…"`).
import type { Replay } from "./types";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

const entraUser = (suffix: string, externalId: string) => ({
  schemas: [USER, ENTERPRISE],
  externalId,
  userName: `Test_User_${suffix}_{{run}}@testuser.com`,
  active: true,
  emails: [{ primary: true, type: "work", value: `Test_User_${suffix}_{{run}}@testuser.com` }],
  meta: { resourceType: "User" },
  name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
  roles: [],
});

export const ENTRA_REPLAY: Replay = {
  name: "Microsoft Entra ID provisioning",
  source: "https://learn.microsoft.com/entra/identity/app-provisioning/use-scim-to-provision-users-and-groups (request/response examples)",
  steps: [
    {
      name: "Get User by query - zero results (spaces as +)",
      method: "GET",
      path: '/Users?filter=userName+eq+"non-existent+user"',
      expect: { status: 200, body: { schemas: [LIST], totalResults: 0, Resources: [], startIndex: 1, itemsPerPage: 0 } },
    },
    {
      name: "Create User",
      method: "POST",
      path: "/Users",
      body: entraUser("ab6490ee", "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"),
      expect: {
        status: 201,
        body: {
          schemas: [USER],
          id: "{{uuid}}",
          externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef",
          userName: "Test_User_ab6490ee_{{run}}@testuser.com",
          active: true,
          name: { formatted: "givenName familyName", familyName: "familyName", givenName: "givenName" },
          emails: [{ primary: true, type: "work", value: "Test_User_ab6490ee_{{run}}@testuser.com" }],
          meta: { resourceType: "User" },
        },
      },
      save: { userId: "id" },
    },
    {
      name: "Create the manager and a second user",
      method: "POST",
      path: "/Users",
      body: { ...entraUser("manager", "e7d1c3a0-0000-4000-8000-00000000beef"), displayName: "The Manager" },
      expect: { status: 201 },
      save: { managerId: "id" },
    },
    {
      name: "Get User",
      method: "GET",
      path: "/Users/{{userId}}",
      expect: { status: 200, body: { id: "{{userId}}", externalId: "0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef" } },
    },
    {
      name: "Get User by query (userName)",
      method: "GET",
      path: '/Users?filter=userName eq "Test_User_ab6490ee_{{run}}@testuser.com"',
      expect: { status: 200, body: { totalResults: 1, Resources: [{ id: "{{userId}}" }] } },
    },
    {
      name: "Get User by query (externalId)",
      method: "GET",
      path: '/Users?filter=externalId+eq+"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef"',
      expect: { status: 200, body: { totalResults: 1, Resources: [{ id: "{{userId}}" }] } },
    },
    {
      name: "Update User [Multi-valued properties]: emails[type eq \"work\"].value and name.familyName",
      method: "PATCH",
      path: "/Users/{{userId}}",
      body: {
        schemas: [PATCH],
        Operations: [
          { op: "Replace", path: 'emails[type eq "work"].value', value: "updatedEmail_{{run}}@microsoft.com" },
          { op: "Replace", path: "name.familyName", value: "updatedFamilyName" },
        ],
      },
      expect: {
        status: 200,
        body: { emails: [{ type: "work", value: "updatedEmail_{{run}}@microsoft.com", primary: true }], name: { familyName: "updatedFamilyName", givenName: "givenName" } },
      },
    },
    {
      name: 'Get User by the matching attribute emails[type eq "work"].value',
      method: "GET",
      path: '/Users?filter=emails[type+eq+"work"].value+eq+"updatedEmail_{{run}}@microsoft.com"',
      expect: { status: 200, body: { schemas: [LIST], totalResults: 1, itemsPerPage: 1, Resources: [{ id: "{{userId}}" }] } },
    },
    {
      name: 'Get User by emails[type eq "work"].value - zero results (a home address, URL-encoded)',
      method: "GET",
      path: "/Users?filter=emails%5Btype%20eq%20%22home%22%5D.value%20eq%20%22updatedEmail_{{run}}%40microsoft.com%22",
      expect: { status: 200, body: { schemas: [LIST], totalResults: 0, itemsPerPage: 0, Resources: [] } },
    },
    {
      name: "Update User [Single-valued properties]: userName",
      method: "PATCH",
      path: "/Users/{{userId}}",
      body: { schemas: [PATCH], Operations: [{ op: "Replace", path: "userName", value: "5b50642d-79fc-4410-9e90-4c077cdd1a59_{{run}}@testuser.com" }] },
      expect: { status: 200, body: { userName: "5b50642d-79fc-4410-9e90-4c077cdd1a59_{{run}}@testuser.com" } },
    },
    {
      name: "Add the manager (URN path, bare id as value)",
      method: "PATCH",
      path: "/Users/{{userId}}",
      body: { schemas: [PATCH], Operations: [{ op: "Add", path: `${ENTERPRISE}:manager`, value: "{{managerId}}" }] },
      expect: { status: 200, body: { schemas: [USER, ENTERPRISE], [ENTERPRISE]: { manager: { value: "{{managerId}}", displayName: "The Manager" } } } },
    },
    {
      name: "Path-less Add with dotted and URN-qualified keys",
      method: "PATCH",
      path: "/Users/{{userId}}",
      body: {
        schemas: [PATCH],
        Operations: [{ op: "Add", value: { "name.givenName": "Ada", displayName: "Ada Entra", [`${ENTERPRISE}:department`]: "Finance", [`${ENTERPRISE}:employeeNumber`]: "42" } }],
      },
      expect: { status: 200, body: { displayName: "Ada Entra", name: { givenName: "Ada" }, [ENTERPRISE]: { department: "Finance", employeeNumber: "42" } } },
    },
    {
      name: "Filter on an enterprise attribute",
      method: "GET",
      path: `/Users?filter=${ENTERPRISE}:employeeNumber eq "42"`,
      expect: { status: 200, body: { totalResults: 1, Resources: [{ id: "{{userId}}" }] } },
    },
    {
      name: "Disable User with the string \"False\"",
      method: "PATCH",
      path: "/Users/{{userId}}",
      body: { schemas: [PATCH], Operations: [{ op: "Replace", path: "active", value: "False" }] },
      expect: { status: 200, body: { active: false } },
    },
    {
      name: "Remove the manager",
      method: "PATCH",
      path: "/Users/{{userId}}",
      body: { schemas: [PATCH], Operations: [{ op: "Remove", path: `${ENTERPRISE}:manager` }] },
      expect: { status: 200, body: { [ENTERPRISE]: { department: "Finance" } }, absent: [`${ENTERPRISE}.manager`] },
    },
    {
      name: "Create Group (with Entra's extra schema URN)",
      method: "POST",
      path: "/Groups",
      body: {
        schemas: [GROUP, "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],
        externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
        displayName: "displayName_{{run}}",
        meta: { resourceType: "Group" },
      },
      expect: { status: 201, body: { schemas: [GROUP], externalId: "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159", displayName: "displayName_{{run}}", meta: { resourceType: "Group" } } },
      save: { groupId: "id" },
    },
    {
      name: "Update Group [Add Members] ($ref: null)",
      method: "PATCH",
      path: "/Groups/{{groupId}}",
      body: { schemas: [PATCH], Operations: [{ op: "Add", path: "members", value: [{ $ref: null, value: "{{userId}}" }, { $ref: null, value: "{{managerId}}" }] }] },
      expect: { status: 204 },
    },
    {
      name: "Get Group with excludedAttributes=members",
      method: "GET",
      path: "/Groups/{{groupId}}?excludedAttributes=members",
      expect: { status: 200, body: { id: "{{groupId}}", displayName: "displayName_{{run}}" }, absent: ["members"] },
    },
    {
      name: "Get Group by displayName with excludedAttributes=members",
      method: "GET",
      path: '/Groups?excludedAttributes=members&filter=displayName+eq+"displayName_{{run}}"',
      expect: { status: 200, body: { totalResults: 1, Resources: [{ id: "{{groupId}}" }] }, absent: ["Resources.0.members"] },
    },
    {
      name: "Update Group [Non-member attributes]",
      method: "PATCH",
      path: "/Groups/{{groupId}}",
      body: { schemas: [PATCH], Operations: [{ op: "Replace", path: "displayName", value: "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName_{{run}}" }] },
      expect: { status: 204 },
    },
    {
      name: "Update Group [Remove Members] with a value array",
      method: "PATCH",
      path: "/Groups/{{groupId}}",
      body: { schemas: [PATCH], Operations: [{ op: "Remove", path: "members", value: [{ $ref: null, value: "{{userId}}" }] }] },
      expect: { status: 204 },
    },
    {
      name: "The group keeps the other member and the new name",
      method: "GET",
      path: "/Groups/{{groupId}}",
      expect: { status: 200, body: { displayName: "1879db59-3bdf-4490-ad68-ab880a269474updatedDisplayName_{{run}}", members: [{ value: "{{managerId}}" }] } },
    },
    {
      name: 'Get Group by members[type eq "User"].value',
      method: "GET",
      path: '/Groups?excludedAttributes=members&filter=members[type+eq+"User"].value+eq+"{{managerId}}"',
      expect: { status: 200, body: { totalResults: 1, Resources: [{ id: "{{groupId}}" }] }, absent: ["Resources.0.members"] },
    },
    {
      name: 'Get Group by members[type eq "User"].value - zero results for the removed member',
      method: "GET",
      path: '/Groups?filter=members[type+eq+"User"].value+eq+"{{userId}}"',
      expect: { status: 200, body: { totalResults: 0, Resources: [] } },
    },
    {
      name: "Delete User",
      method: "DELETE",
      path: "/Users/{{userId}}",
      expect: { status: 204 },
    },
    {
      name: "The deleted user is not found",
      method: "GET",
      path: '/Users?filter=userName eq "5b50642d-79fc-4410-9e90-4c077cdd1a59_{{run}}@testuser.com"',
      expect: { status: 200, body: { totalResults: 0, Resources: [] } },
    },
    {
      name: "Delete Group",
      method: "DELETE",
      path: "/Groups/{{groupId}}",
      expect: { status: 204 },
    },
  ],
};
