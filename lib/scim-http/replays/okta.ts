// Okta's SCIM 2.0 conversation: the steps of Okta's published SCIM 2.0 spec test (Runscope
// "Okta SCIM 2.0 SPEC Test") and the requests of its provisioning guide (user create, import by
// userName, profile push by PUT, deactivation by path-less PATCH, group push: create, rename by
// path-less replace of {id, displayName}, add/remove/replace members, delete). Bodies follow the
// documented examples; ids and names are per run.
import type { Replay } from "./types";

const USER = "urn:ietf:params:scim:schemas:core:2.0:User";
const GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
const PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
const LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
const ERROR = "urn:ietf:params:scim:api:messages:2.0:Error";

const oktaUser = {
  schemas: [USER],
  userName: "test.user.{{run}}@okta.local",
  name: { givenName: "Test", familyName: "User" },
  emails: [{ primary: true, value: "test.user.{{run}}@okta.local", type: "work" }],
  displayName: "Test User",
  locale: "en-US",
  externalId: "00ujl29u0le5T6Aj10h7",
  groups: [],
  password: "1mz050nq",
  active: true,
};

export const OKTA_REPLAY: Replay = {
  name: "Okta SCIM 2.0 (spec test + provisioning)",
  source: "https://developer.okta.com/docs/reference/scim/scim-20/ and Okta's SCIM 2.0 spec test (Runscope)",
  steps: [
    {
      name: "Test connection: GET /Users?startIndex=1&count=2",
      method: "GET",
      path: "/Users?startIndex=1&count=2",
      expect: { status: 200, body: { schemas: [LIST], startIndex: 1, itemsPerPage: 0, totalResults: 0, Resources: [] } },
    },
    {
      name: "Test the Groups endpoint: GET /Groups",
      method: "GET",
      path: "/Groups",
      expect: { status: 200, body: { schemas: [LIST], totalResults: 0, Resources: [] } },
    },
    {
      name: "Make sure the random user does not exist (import by userName)",
      method: "GET",
      path: '/Users?filter=userName%20eq%20%22test.user.{{run}}%40okta.local%22&startIndex=1&count=100',
      expect: { status: 200, body: { schemas: [LIST], totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] } },
    },
    {
      name: "Create Okta user with realistic values",
      method: "POST",
      path: "/Users",
      body: oktaUser,
      expect: {
        status: 201,
        body: {
          schemas: [USER],
          id: "{{uuid}}",
          userName: "test.user.{{run}}@okta.local",
          name: { givenName: "Test", familyName: "User" },
          emails: [{ primary: true, value: "test.user.{{run}}@okta.local", type: "work" }],
          displayName: "Test User",
          locale: "en-US",
          externalId: "00ujl29u0le5T6Aj10h7",
          active: true,
          meta: { resourceType: "User", created: "{{any}}", lastModified: "{{any}}", location: "{{any}}", version: 'W/"1"' },
        },
        absent: ["password"],
        headers: { etag: 'W/"1"' },
      },
      save: { userId: "id" },
    },
    {
      name: "Verify Okta can retrieve the created user",
      method: "GET",
      path: "/Users/{{userId}}",
      expect: { status: 200, body: { id: "{{userId}}", userName: "test.user.{{run}}@okta.local", active: true }, absent: ["password"] },
    },
    {
      name: "Find the user by userName (Okta import matching)",
      method: "GET",
      path: '/Users?filter=userName eq "test.user.{{run}}@okta.local"&startIndex=1&count=100',
      expect: { status: 200, body: { totalResults: 1, itemsPerPage: 1, Resources: [{ id: "{{userId}}" }] } },
    },
    {
      name: "Username case sensitivity check",
      method: "GET",
      path: '/Users?filter=userName eq "TEST.USER.{{run}}@OKTA.LOCAL"',
      expect: { status: 200, body: { totalResults: 1, Resources: [{ id: "{{userId}}" }] } },
    },
    {
      name: "Expect failure when recreating the user with the same values",
      method: "POST",
      path: "/Users",
      body: oktaUser,
      expect: { status: 409, body: { schemas: [ERROR], status: "409", scimType: "uniqueness" } },
    },
    {
      name: "Test invalid User by ID",
      method: "GET",
      path: "/Users/010101010101010101010101",
      expect: { status: 404, body: { schemas: [ERROR], status: "404", detail: "User not found" } },
    },
    {
      name: "Profile push: PUT /Users/{id} with the full user",
      method: "PUT",
      path: "/Users/{{userId}}",
      body: {
        ...oktaUser,
        id: "{{userId}}",
        name: { givenName: "Another", middleName: "M", familyName: "User" },
        displayName: "Another User",
        meta: { resourceType: "User" },
      },
      expect: {
        status: 200,
        body: { id: "{{userId}}", name: { givenName: "Another", middleName: "M", familyName: "User" }, displayName: "Another User", active: true, meta: { version: 'W/"2"' } },
        absent: ["password"],
      },
    },
    {
      name: "Deactivate: path-less PATCH replace {active: false}",
      method: "PATCH",
      path: "/Users/{{userId}}",
      body: { schemas: [PATCH], Operations: [{ op: "replace", value: { active: false } }] },
      expect: { status: 200, body: { id: "{{userId}}", active: false, meta: { version: 'W/"3"' } } },
    },
    {
      name: "Reactivate: path-less PATCH replace {active: true}",
      method: "PATCH",
      path: "/Users/{{userId}}",
      body: { schemas: [PATCH], Operations: [{ op: "replace", value: { active: true } }] },
      expect: { status: 200, body: { active: true } },
    },
    {
      name: "Group push: check the group does not exist",
      method: "GET",
      path: '/Groups?filter=displayName eq "Test SCIMv2 {{run}}"&startIndex=1&count=100',
      expect: { status: 200, body: { totalResults: 0, Resources: [] } },
    },
    {
      name: "Group push: create the group",
      method: "POST",
      path: "/Groups",
      body: { schemas: [GROUP], displayName: "Test SCIMv2 {{run}}", members: [] },
      expect: { status: 201, body: { schemas: [GROUP], id: "{{uuid}}", displayName: "Test SCIMv2 {{run}}", meta: { resourceType: "Group" } } },
      save: { groupId: "id" },
    },
    {
      name: "Group push: retrieve the group",
      method: "GET",
      path: "/Groups/{{groupId}}",
      expect: { status: 200, body: { id: "{{groupId}}", displayName: "Test SCIMv2 {{run}}" } },
    },
    {
      name: "Group push: rename by path-less replace of {id, displayName}",
      method: "PATCH",
      path: "/Groups/{{groupId}}",
      body: { schemas: [PATCH], Operations: [{ op: "replace", value: { id: "{{groupId}}", displayName: "Test SCIMv2 {{run}} renamed" } }] },
      expect: { status: 204 },
    },
    {
      name: "Group push: add a member",
      method: "PATCH",
      path: "/Groups/{{groupId}}",
      body: { schemas: [PATCH], Operations: [{ op: "add", path: "members", value: [{ value: "{{userId}}", display: "test.user.{{run}}@okta.local" }] }] },
      expect: { status: 204 },
    },
    {
      name: "Group push: the group shows the new name and member",
      method: "GET",
      path: "/Groups/{{groupId}}",
      expect: { status: 200, body: { displayName: "Test SCIMv2 {{run}} renamed", members: [{ value: "{{userId}}", type: "User" }], meta: { version: 'W/"3"' } } },
    },
    {
      name: "The user lists the group",
      method: "GET",
      path: "/Users/{{userId}}",
      expect: { status: 200, body: { groups: [{ value: "{{groupId}}", display: "Test SCIMv2 {{run}} renamed", type: "direct" }] } },
    },
    {
      name: "Group push: remove the member by value filter",
      method: "PATCH",
      path: "/Groups/{{groupId}}",
      body: { schemas: [PATCH], Operations: [{ op: "remove", path: 'members[value eq "{{userId}}"]' }] },
      expect: { status: 204 },
    },
    {
      name: "Group push: the member is gone",
      method: "GET",
      path: "/Groups/{{groupId}}",
      expect: { status: 200, body: { id: "{{groupId}}" }, absent: ["members"] },
    },
    {
      name: "Group push: replace the members with a full list",
      method: "PATCH",
      path: "/Groups/{{groupId}}",
      body: { schemas: [PATCH], Operations: [{ op: "replace", path: "members", value: [{ value: "{{userId}}", display: "test.user.{{run}}@okta.local" }] }] },
      expect: { status: 204 },
    },
    {
      name: "Group push: the replaced list",
      method: "GET",
      path: "/Groups/{{groupId}}",
      expect: { status: 200, body: { members: [{ value: "{{userId}}" }] } },
    },
    {
      name: "Group push: replace the members with []",
      method: "PATCH",
      path: "/Groups/{{groupId}}",
      body: { schemas: [PATCH], Operations: [{ op: "replace", path: "members", value: [] }] },
      expect: { status: 204 },
    },
    {
      name: "Group push: no members left",
      method: "GET",
      path: "/Groups/{{groupId}}",
      expect: { status: 200, body: { id: "{{groupId}}" }, absent: ["members"] },
    },
    {
      name: "Group push: delete the group",
      method: "DELETE",
      path: "/Groups/{{groupId}}",
      expect: { status: 204 },
    },
    {
      name: "The deleted group is gone",
      method: "GET",
      path: "/Groups/{{groupId}}",
      expect: { status: 404, body: { schemas: [ERROR], status: "404" } },
    },
  ],
};
