// The group requests of Microsoft's SCIM reference code and its test collection
// (AzureAD/SCIMReferenceCode, Microsoft.SCIM.PlaywrightTests/json): a member added with
// `displayName` (not a Group member sub-attribute) and an operation carrying a `name` key,
// removed with `members[value eq "…"]`, added again; a junk member id; a PUT whose members carry
// `display`; removing every member with a bare `members` path. Member objects are read by
// `value` (and `type`): the other keys are neither stored nor echoed.
import type { Replay } from "./types";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

const referenceUser = (suffix: string) => ({
  userName: `UserName_${suffix}_{{run}}`,
  active: true,
  displayName: `BobIsAmazing ${suffix}`,
  schemas: [USER],
  externalId: `ext-${suffix}-{{run}}`,
  name: { formatted: "Ryan Leenay", familyName: "Leenay", givenName: "Ryan" },
  emails: [
    { Primary: true, type: "work", value: `testing_${suffix}_{{run}}@bob.com` },
    { Primary: false, type: "home", value: `testinghome_${suffix}_{{run}}@bob.com` },
  ],
});

const addMember = (id: string) => ({
  schemas: [PATCH],
  Operations: [{ name: "addMember", op: "add", path: "members", value: [{ displayName: "new User", value: id }] }],
});

export const MICROSOFT_REFERENCE_REPLAY: Replay = {
  name: "Microsoft SCIM reference client (groups)",
  source: "https://github.com/AzureAD/SCIMReferenceCode (Microsoft.SCIM.PlaywrightTests/json: group1, patch_add_user_group, patch_rm_user_group, patch_add_junk_user_group, put_group3, patch_rm_all_users_group)",
  steps: [
    { name: "Create user 1", method: "POST", path: "/Users", body: referenceUser("one"), expect: { status: 201 }, save: { id1: "id" } },
    { name: "Create user 2", method: "POST", path: "/Users", body: referenceUser("two"), expect: { status: 201 }, save: { id2: "id" } },
    {
      name: "Create Group with no members",
      method: "POST",
      path: "/Groups",
      body: { externalId: "ext-group-{{run}}", schemas: [GROUP], displayName: "Group1DisplayName {{run}}", members: [] },
      expect: { status: 201, body: { displayName: "Group1DisplayName {{run}}" }, absent: ["members"] },
      save: { groupId: "id" },
    },
    {
      name: "PATCH add a member given with displayName (and an operation `name`)",
      method: "PATCH",
      path: "/Groups/{{groupId}}",
      body: addMember("{{id1}}"),
      expect: { status: 204 },
    },
    {
      name: "The member is there, without the displayName it was sent with",
      method: "GET",
      path: "/Groups/{{groupId}}",
      expect: { status: 200, body: { members: [{ value: "{{id1}}", display: "BobIsAmazing one", type: "User" }] }, absent: ["members.0.displayName", "members.1"] },
    },
    {
      name: 'PATCH remove members[value eq "id"]',
      method: "PATCH",
      path: "/Groups/{{groupId}}",
      body: { schemas: [PATCH], Operations: [{ op: "remove", path: 'members[value eq "{{id1}}"]' }] },
      expect: { status: 204 },
    },
    { name: "The group has no members", method: "GET", path: "/Groups/{{groupId}}", expect: { status: 200, body: { id: "{{groupId}}" }, absent: ["members"] } },
    { name: "PATCH add the same member again", method: "PATCH", path: "/Groups/{{groupId}}", body: addMember("{{id1}}"), expect: { status: 204 } },
    {
      name: "The member is there again",
      method: "GET",
      path: "/Groups/{{groupId}}",
      expect: { status: 200, body: { members: [{ value: "{{id1}}" }] }, absent: ["members.0.displayName", "members.1"] },
    },
    {
      name: "PATCH add a junk user id (bare value): 400 invalidValue",
      method: "PATCH",
      path: "/Groups/{{groupId}}",
      body: { id: "{{groupId}}", Operations: [{ op: "add", path: "members", value: "00000000-0000-4000-8000-00000000dead" }], schemas: [PATCH] },
      expect: { status: 400, body: { schemas: [ERROR], status: "400", scimType: "invalidValue" } },
    },
    {
      name: "An unknown id among known ones, given with displayName: 400, nothing applied",
      method: "PATCH",
      path: "/Groups/{{groupId}}",
      body: {
        schemas: [PATCH],
        Operations: [{ op: "add", path: "members", value: [{ displayName: "new User", value: "{{id2}}" }, { displayName: "ghost", value: "00000000-0000-4000-8000-00000000dead" }] }],
      },
      expect: { status: 400, body: { scimType: "invalidValue" } },
    },
    {
      name: "Still only the first member",
      method: "GET",
      path: "/Groups/{{groupId}}",
      expect: { status: 200, body: { members: [{ value: "{{id1}}" }] }, absent: ["members.1"] },
    },
    {
      name: "PUT the group with members carrying display",
      method: "PUT",
      path: "/Groups/{{groupId}}",
      body: { schemas: [GROUP], id: "{{groupId}}", displayName: "putName {{run}}", members: [{ value: "{{id1}}", display: "VP" }, { value: "{{id2}}", display: "SenorVP" }] },
      expect: { status: 200, body: { displayName: "putName {{run}}" } },
    },
    {
      name: "Both members, displayed by their own names",
      method: "GET",
      path: "/Groups/{{groupId}}?attributes=members",
      expect: { status: 200, body: { members: [{ value: "{{id1}}", display: "BobIsAmazing one" }, { value: "{{id2}}", display: "BobIsAmazing two" }] } },
    },
    {
      name: "PATCH remove every member (path members, no value)",
      method: "PATCH",
      path: "/Groups/{{groupId}}",
      body: { schemas: [PATCH], Operations: [{ op: "remove", path: "members" }] },
      expect: { status: 204 },
    },
    { name: "No members left", method: "GET", path: "/Groups/{{groupId}}", expect: { status: 200, body: { id: "{{groupId}}" }, absent: ["members"] } },
  ],
};
