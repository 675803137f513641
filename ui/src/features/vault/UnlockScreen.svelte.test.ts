import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { VaultStatus } from "../../bindings/commands";
import { vault } from "../../lib/vault.svelte";
import UnlockScreen from "./UnlockScreen.svelte";

const api = vi.hoisted(() => ({
  vault_status: vi.fn(),
  vault_unlock: vi.fn(),
  vault_lock: vi.fn(),
  app_info: vi.fn(),
}));
vi.mock("../../lib/api/client", () => ({ client: api }));

const LOCKED: VaultStatus = {
  encrypted: true,
  locked: true,
  db_path: "/home/ada/sphere.db",
  key_store: false,
  remembered: false,
};

describe("the unlock screen", () => {
  beforeEach(() => {
    vi.resetAllMocks();
    vault.status = LOCKED;
    vault.locked = true;
    api.app_info.mockResolvedValue({});
  });

  it("has the passphrase field focused and says which database is locked", async () => {
    render(UnlockScreen);
    const field = screen.getByTestId("unlock-passphrase");
    await waitFor(() => expect(document.activeElement).toBe(field));
    expect(screen.getByTestId("unlock-screen").textContent).toContain("/home/ada/sphere.db");
    expect(screen.queryByTestId("unlock-remember"), "no key store: no remember option").toBeNull();
  });

  it("shows a wrong passphrase under the field, clears it and stays locked", async () => {
    api.vault_unlock.mockRejectedValue({
      kind: "invalid_input",
      field: "passphrase",
      message: "wrong passphrase for /home/ada/sphere.db",
    });
    render(UnlockScreen);
    const field = screen.getByTestId("unlock-passphrase") as HTMLInputElement;
    await fireEvent.input(field, { target: { value: "not it" } });
    await fireEvent.submit(field.form!);
    const error = await screen.findByTestId("field-error");
    expect(error.textContent).toContain("wrong passphrase for /home/ada/sphere.db");
    expect(field.value, "the wrong passphrase is cleared for the next try").toBe("");
    expect(vault.locked).toBe(true);
    expect(api.vault_unlock).toHaveBeenCalledWith({ passphrase: "not it" });
  });

  it("asks for a passphrase before calling the core when the field is empty", async () => {
    render(UnlockScreen);
    await fireEvent.submit((screen.getByTestId("unlock-passphrase") as HTMLInputElement).form!);
    expect((await screen.findByTestId("field-error")).textContent).toContain("Type the passphrase");
    expect(api.vault_unlock).not.toHaveBeenCalled();
  });

  it("unlocks with the right passphrase, remembering the key when asked and a key store exists", async () => {
    vault.status = { ...LOCKED, key_store: true };
    api.vault_unlock.mockResolvedValue({ ...LOCKED, locked: false, key_store: true, remembered: true });
    render(UnlockScreen);
    await fireEvent.click(screen.getByTestId("unlock-remember"));
    const field = screen.getByTestId("unlock-passphrase") as HTMLInputElement;
    await fireEvent.input(field, { target: { value: "correct horse" } });
    await fireEvent.submit(field.form!);
    await waitFor(() => expect(vault.locked).toBe(false));
    expect(api.vault_unlock).toHaveBeenCalledWith({ passphrase: "correct horse", remember: true });
  });
});
