import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { Organization, PersonInput } from "../../bindings/commands";
import PersonForm from "./PersonForm.svelte";

const orgs: Organization[] = [
  {
    id: 4,
    name: "Analytical Engines Limited",
    domain: "engines.example",
    industry: "",
    size: "",
    location: "",
    created_at: "2025-01-01T00:00:00Z",
    updated_at: "2025-01-01T00:00:00Z",
  },
];

function setup(onsave: (input: PersonInput) => Promise<void>) {
  const oncreateorg = vi.fn();
  const result = render(PersonForm, { props: { organizations: orgs, onsave, oncancel: vi.fn(), oncreateorg } });
  return { ...result, oncreateorg };
}

async function type(testid: string, value: string) {
  const el = screen.getByTestId(testid) as HTMLInputElement | HTMLTextAreaElement;
  el.value = value;
  await fireEvent.input(el);
}

/** The field container (label, control, message) the control with `testid` lives in. */
function fieldOf(testid: string): HTMLElement {
  const container = screen.getByTestId(testid).closest<HTMLElement>(".field");
  if (!container) throw new Error(`${testid} is not inside a field`);
  return container;
}

describe("PersonForm", () => {
  it("shows the core's error next to the field it names (emails[1] → emails) and nowhere else", async () => {
    const onsave = vi.fn().mockRejectedValue({
      kind: "invalid_input",
      message: "`not-an-email` is not a valid email address (expected name@example.com)",
      field: "emails[1]",
    });
    setup(onsave);
    await type("field-first_name", "Ada");
    await type("field-emails", "ada@example.com, not-an-email");
    await fireEvent.click(screen.getByTestId("save-person"));

    const error = await screen.findByTestId("field-error");
    expect(error.dataset.field).toBe("emails");
    expect(error.textContent).toContain("is not a valid email address");
    expect(fieldOf("field-emails").contains(error)).toBe(true);
    expect(fieldOf("field-first_name").contains(error)).toBe(false);
    expect(screen.getByTestId("field-emails").getAttribute("aria-invalid")).toBe("true");
    expect(screen.queryByTestId("form-error")).toBeNull();

    expect(onsave).toHaveBeenCalledTimes(1);
    const sent = onsave.mock.calls[0]?.[0] as PersonInput;
    expect(sent.first_name).toBe("Ada");
    expect(sent.emails).toEqual(["ada@example.com", "not-an-email"]);
  });

  it("sends a blank first name to the core (no validation of its own) and shows its answer there", async () => {
    const onsave = vi.fn().mockRejectedValue({
      kind: "invalid_input",
      message: "first_name must not be empty",
      field: "first_name",
    });
    setup(onsave);
    await fireEvent.click(screen.getByTestId("save-person"));

    await waitFor(() => expect(onsave).toHaveBeenCalled());
    const error = await screen.findByTestId("field-error");
    expect(error.dataset.field).toBe("first_name");
    expect(fieldOf("field-first_name").contains(error)).toBe(true);
  });

  it("shows an error that names no field at form level, and clears it on a successful save", async () => {
    const onsave = vi
      .fn()
      .mockRejectedValueOnce({ kind: "conflict", message: "Grace Hopper (id 1) is already the person at the centre" })
      .mockResolvedValueOnce(undefined);
    setup(onsave);
    await type("field-first_name", "Ada");
    await fireEvent.change(screen.getByTestId("field-ring"), { target: { value: "centre" } });
    await fireEvent.click(screen.getByTestId("save-person"));

    const formError = await screen.findByTestId("form-error");
    expect(formError.textContent).toContain("already the person at the centre");
    expect(screen.queryByTestId("field-error")).toBeNull();
    expect((onsave.mock.calls[0]?.[0] as PersonInput).ring).toBe("centre");

    await fireEvent.click(screen.getByTestId("save-person"));
    await waitFor(() => expect(screen.queryByTestId("form-error")).toBeNull());
  });

  it("sends the chosen organization's id", async () => {
    const onsave = vi.fn().mockResolvedValue(undefined);
    setup(onsave);
    await type("field-first_name", "Ada");
    await fireEvent.change(screen.getByTestId("field-organization"), { target: { value: "4" } });
    await type("field-tags", "maths, engines");
    await fireEvent.click(screen.getByTestId("save-person"));
    await waitFor(() => expect(onsave).toHaveBeenCalled());
    const sent = onsave.mock.calls[0]?.[0] as PersonInput;
    expect(sent.organization_id).toBe(4);
    expect(sent.tags).toEqual(["maths", "engines"]);
  });
});
