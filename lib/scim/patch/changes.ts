// What a PATCH changed, so the data layer writes only that.

/** A Group member as the data layer stores it: a reference, read by `value` (and `type`). */
export interface MemberRef {
  value: string;
  type?: string; // "User" | "Group" when the client said
}

/**
 * Membership change, applied by the data layer in this order:
 * 1. `replaceAll !== null`: delete every existing membership row, insert `replaceAll` (then
 *    `add` and `remove` are empty). `replaceAll: []` means "remove all members".
 * 2. otherwise delete the rows of `remove`, then insert `add`, skipping members already present.
 * A value is never in both `add` and `remove`.
 */
export interface MembershipDelta {
  add: MemberRef[];
  remove: string[];
  replaceAll: MemberRef[] | null;
}

export interface PatchChanges {
  /** Canonical top-level attribute names and extension URNs whose value changed. */
  attributes: Set<string>;
  /** Groups only. */
  members?: MembershipDelta;
}

export const isEmptyDelta = (delta: MembershipDelta): boolean =>
  delta.replaceAll === null && delta.add.length === 0 && delta.remove.length === 0;

/**
 * Folds member operations into one delta without knowing the current members
 * (`membersLoaded: false`). Later operations override earlier ones on the same value.
 */
export class MembershipDeltaBuilder {
  private replacement: Map<string, MemberRef> | null = null;
  private readonly added = new Map<string, MemberRef>();
  private readonly removed = new Set<string>();

  add(members: MemberRef[]): void {
    for (const member of members) {
      if (this.replacement) {
        if (!this.replacement.has(member.value)) this.replacement.set(member.value, member);
      } else {
        this.removed.delete(member.value);
        if (!this.added.has(member.value)) this.added.set(member.value, member);
      }
    }
  }

  remove(values: string[]): void {
    for (const value of values) {
      if (this.replacement) {
        this.replacement.delete(value);
      } else {
        this.added.delete(value);
        this.removed.add(value);
      }
    }
  }

  replace(members: MemberRef[]): void {
    this.replacement = new Map();
    this.added.clear();
    this.removed.clear();
    this.add(members);
  }

  build(): MembershipDelta {
    return {
      add: [...this.added.values()],
      remove: [...this.removed],
      replaceAll: this.replacement && [...this.replacement.values()],
    };
  }
}

/** The delta between two loaded member lists (`membersLoaded: true`), by member value. */
export function diffMembers(before: MemberRef[], after: MemberRef[]): MembershipDelta {
  const beforeValues = new Set(before.map((member) => member.value));
  const afterValues = new Set(after.map((member) => member.value));
  return {
    add: after.filter((member) => !beforeValues.has(member.value)),
    remove: [...beforeValues].filter((value) => !afterValues.has(value)),
    replaceAll: null,
  };
}
