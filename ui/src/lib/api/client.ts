// The typed client: one function per core command, built from the generated command list so
// it cannot drift from the core. `client.person_list({ search: "ada" })`.
import { COMMANDS, type CommandName, type Commands } from "../../bindings/commands";
import { call } from "./transport";

export type Client = {
  readonly [C in CommandName]: (req: Commands[C]["req"]) => Promise<Commands[C]["res"]>;
};

export const client: Client = Object.freeze(
  Object.fromEntries(COMMANDS.map((cmd) => [cmd, (req: unknown) => call(cmd, req as never)])),
) as Client;
