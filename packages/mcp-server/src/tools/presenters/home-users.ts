import { operations, type PlexHome, type PlexHomeUser } from "@plex-auth/core";
import * as v from "valibot";
import { nullableBoolean, nullableString } from "../result-schemas.ts";
import type { Presenter } from "./types.ts";

const SWITCH = operations.switchHomeUser.tool?.name;

const homeUserSchema = v.object({
  uuid: v.pipe(v.string(), v.description(`What ${SWITCH} takes.`)),
  title: v.string(),
  username: v.pipe(nullableString, v.description("The plex.tv username; null for a managed profile.")),
  admin: v.pipe(nullableBoolean, v.description("The Home's admin.")),
  restricted: v.pipe(nullableBoolean, v.description("A managed profile with a restriction profile.")),
  restrictionProfile: v.pipe(nullableString, v.description("little_kid, older_kid, teen, or null.")),
  protected: v.pipe(nullableBoolean, v.description("Switching to it needs its 4-digit PIN: ask the user for it.")),
  guest: nullableBoolean,
});

const outputSchema = v.object({
  name: v.pipe(nullableString, v.description("The Plex Home's name.")),
  users: v.pipe(v.array(homeUserSchema), v.description("The Home's profiles.")),
});

type HomeUserView = v.InferOutput<typeof homeUserSchema>;

// Field by field: the members' emails and avatars are personal data the model does not need, and any
// field Plex adds stays out.
function viewHomeUser(user: PlexHomeUser): HomeUserView {
  return {
    uuid: user.uuid,
    title: user.title,
    username: user.username ?? null,
    admin: user.admin ?? null,
    restricted: user.restricted ?? null,
    restrictionProfile: user.restrictionProfile ?? null,
    protected: user.protected ?? null,
    guest: user.guest ?? null,
  };
}

function describeUser(user: HomeUserView): string {
  const traits = [
    user.admin ? "admin" : undefined,
    user.restricted ? `managed${user.restrictionProfile ? `, ${user.restrictionProfile}` : ""}` : undefined,
    user.protected ? "PIN-protected" : undefined,
  ].filter((trait) => trait !== undefined);
  return traits.length > 0 ? `"${user.title}" (${traits.join(", ")})` : `"${user.title}"`;
}

/**
 * Shows a Plex Home's name and its profiles, without the members' emails or avatars.
 *
 * @example
 * ```ts
 * (await homeUsersPresenter.present(home, context)).structured; // { name: "…", users: [{ uuid, title, … }] }
 * ```
 */
export const homeUsersPresenter: Presenter<PlexHome> = {
  outputSchema,
  tokenNote: "",
  present(home) {
    const users = home.users.map(viewHomeUser);
    return {
      structured: { name: home.name ?? null, users } satisfies v.InferOutput<typeof outputSchema>,
      summary:
        `The Plex Home${home.name ? ` "${home.name}"` : ""} has ${users.length} profile(s): ` +
        `${users.map(describeUser).join(", ") || "none"}. To act as one, call ${SWITCH} with its uuid; ` +
        "a PIN-protected one also needs its PIN, which only the user can give you.",
    };
  },
};
