// RFC 7643 §4.1 and §8.7.1: the core User schema.
import { attribute, complex, multiValuedComplex } from "./define";
import { USER_SCHEMA, type SchemaDefinition } from "./types";

const WORK_HOME_OTHER = ["work", "home", "other"];

const text = (name: string, description: string) => attribute(name, "string", description);

const NAME = complex("name", "The components of the user's real name.", [
  text("formatted", "The full name, including all middle names, titles, and suffixes as appropriate, formatted for display (e.g., 'Ms. Barbara J Jensen, III')."),
  text("familyName", "The family name of the User, or last name in most Western languages (e.g., 'Jensen' given the full name 'Ms. Barbara J Jensen, III')."),
  text("givenName", "The given name of the User, or first name in most Western languages (e.g., 'Barbara' given the full name 'Ms. Barbara J Jensen, III')."),
  text("middleName", "The middle name(s) of the User (e.g., 'Jane' given the full name 'Ms. Barbara J Jensen, III')."),
  text("honorificPrefix", "The honorific prefix(es) of the User, or title in most Western languages (e.g., 'Ms.' given the full name 'Ms. Barbara J Jensen, III')."),
  text("honorificSuffix", "The honorific suffix(es) of the User, or suffix in most Western languages (e.g., 'III' given the full name 'Ms. Barbara J Jensen, III')."),
]);

const ADDRESSES = complex(
  "addresses",
  "A physical mailing address for this User.",
  [
    text("formatted", "The full mailing address, formatted for display or use with a mailing label."),
    text("streetAddress", "The full street address component, which may include house number, street name, P.O. box, and multi-line extended street address information."),
    text("locality", "The city or locality component."),
    text("region", "The state or region component."),
    text("postalCode", "The zip code or postal code component."),
    text("country", "The country name component (ISO 3166-1 alpha-2 code)."),
    attribute("type", "string", "A label indicating the attribute's function, e.g., 'work' or 'home'.", { canonicalValues: WORK_HOME_OTHER }),
    attribute("primary", "boolean", "A Boolean value indicating the 'primary' or preferred address. The primary attribute value 'true' MUST appear no more than once."),
  ],
  { multiValued: true },
);

// Memberships are managed through the Group resource, so every part of `groups` is readOnly.
const readOnly = { mutability: "readOnly" } as const;
const GROUPS = complex(
  "groups",
  "A list of groups to which the user belongs, either through direct membership, through nested groups, or dynamically calculated.",
  [
    attribute("value", "string", "The identifier of the User's group.", readOnly),
    attribute("$ref", "reference", "The URI of the corresponding 'Group' resource to which the user belongs.", { ...readOnly, referenceTypes: ["User", "Group"] }),
    attribute("display", "string", "A human-readable name, primarily used for display purposes.", readOnly),
    attribute("type", "string", "A label indicating the attribute's function, e.g., 'direct' or 'indirect'.", { ...readOnly, canonicalValues: ["direct", "indirect"] }),
  ],
  { ...readOnly, multiValued: true },
);

export const USER_SCHEMA_DEFINITION: SchemaDefinition = {
  id: USER_SCHEMA,
  name: "User",
  description: "User Account",
  attributes: [
    attribute("userName", "string", "Unique identifier for the User, typically used by the user to directly authenticate to the service provider. Each User MUST include a non-empty userName value.", { required: true, uniqueness: "server" }),
    NAME,
    text("displayName", "The name of the User, suitable for display to end-users."),
    text("nickName", "The casual way to address the user in real life, e.g., 'Bob' or 'Bobby' instead of 'Robert'."),
    attribute("profileUrl", "reference", "A fully qualified URL pointing to a page representing the User's online profile.", { referenceTypes: ["external"] }),
    text("title", "The user's title, such as 'Vice President'."),
    text("userType", "Used to identify the relationship between the organization and the user, e.g., 'Contractor', 'Employee', 'Intern'."),
    text("preferredLanguage", "Indicates the User's preferred written or spoken language (e.g., 'en-US')."),
    text("locale", "Used to indicate the User's default location for purposes of localizing items such as currency, date time format, or numerical representations."),
    text("timezone", "The User's time zone in the 'Olson' time zone database format, e.g., 'America/Los_Angeles'."),
    attribute("active", "boolean", "A Boolean value indicating the User's administrative status."),
    attribute("password", "string", "The User's cleartext password. Used to set or compare a password; never returned.", { mutability: "writeOnly", returned: "never" }),
    multiValuedComplex("emails", "Email addresses for the user.", text("value", "Email address for the user."), WORK_HOME_OTHER),
    multiValuedComplex("phoneNumbers", "Phone numbers for the User.", text("value", "Phone number of the User."), ["work", "home", "mobile", "fax", "pager", "other"]),
    multiValuedComplex("ims", "Instant messaging addresses for the User.", text("value", "Instant messaging address for the User."), ["aim", "gtalk", "icq", "xmpp", "msn", "skype", "qq", "yahoo"]),
    multiValuedComplex("photos", "URLs of photos of the User.", attribute("value", "reference", "URL of a photo of the User.", { referenceTypes: ["external"] }), ["photo", "thumbnail"]),
    ADDRESSES,
    GROUPS,
    multiValuedComplex("entitlements", "A list of entitlements for the User that represent a thing the User has.", text("value", "The value of an entitlement.")),
    multiValuedComplex(
      "roles",
      "A list of roles for the User. A value naming a Roster role (admin, editor, viewer or guest; any case) grants that role — the highest one named counts; other values are kept and returned but grant nothing.",
      text("value", "The value of a role: admin, editor, viewer or guest grant that role in Roster."),
    ),
    multiValuedComplex("x509Certificates", "A list of certificates issued to the User.", attribute("value", "binary", "The value of an X.509 certificate.")),
  ],
};
