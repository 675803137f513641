// Don't be creepy, end to end: facts recorded through the dialog and grouped by bin (never
// hidden until asked), sensitive passages highlighted in a person's notes, a message linted as
// it is typed (with a fix applied), the warm-path introduction request linted too, and the
// tenure thresholds in Settings.
import type { Locator, Page } from "@playwright/test";
import { expect, screenshot, test, type Sphere } from "./fixtures";

interface Ref {
  id: number;
  display_name: string;
}
interface Person extends Ref {
  first_name: string;
  last_name: string;
  emails: string[];
  phones: string[];
  title: string;
  organization_id: number | null;
  ring: string;
  ring_pinned: boolean;
  is_team: boolean;
  tags: string[];
  notes: string;
}
interface PathResult {
  paths: { draft: { connector: Ref } | null }[];
}
interface PersonPage {
  items: Ref[];
}
interface AppInfo {
  me: Ref | null;
}

async function open(page: Page, sphere: Sphere, hash: string) {
  await page.goto(sphere.url);
  await expect(page).not.toHaveURL(/token=/);
  await page.evaluate((h) => (location.hash = h), hash);
}

/** Someone the user has no relationship with (so a message to them is a first contact) who a warm path reaches. */
async function pickStranger(sphere: Sphere): Promise<{ person: Person; teller: Ref }> {
  const beyond = await sphere.api<PersonPage>("person_list", { ring: "beyond", sort: "name", limit: 60 });
  for (const p of beyond.items) {
    const r = await sphere.api<PathResult>("path_find", { to_person: p.id });
    if (r.paths[0]?.draft) {
      const detail = await sphere.api<{ person: Person }>("person_get", { id: p.id });
      const teller = beyond.items.find((x) => x.id !== p.id)!;
      return { person: detail.person, teller };
    }
  }
  throw new Error("the demo network has nobody beyond with a warm path");
}

/** Records a fact through the dialog. */
async function recordFact(page: Page, fact: { category: string; value: string; source?: string; learnedOn?: string; toldBy?: string }) {
  await page.getByTestId("add-fact").click();
  const dialog = page.getByTestId("fact-dialog");
  await expect(dialog).toBeVisible();
  // The dialog opens on the category, grouped by bin, and explains the one chosen.
  await expect(page.getByTestId("fact-category")).toBeFocused();
  await page.getByTestId("fact-category").selectOption(fact.category);
  await expect(page.getByTestId("fact-rationale")).toBeVisible();
  await page.getByTestId("fact-field-value").fill(fact.value);
  if (fact.source) await page.getByTestId("fact-source").fill(fact.source);
  if (fact.learnedOn) await page.getByTestId("fact-learned-on").fill(fact.learnedOn);
  if (fact.toldBy) {
    await page.getByTestId("fact-told-by").fill(fact.toldBy);
    await page.getByTestId("picker-option").filter({ hasText: fact.toldBy }).click();
    await expect(dialog.getByTestId("person-chip")).toContainText(fact.toldBy);
  }
  await page.getByTestId("save-fact").click();
  await expect(dialog).toBeHidden();
}

const group = (page: Page, bin: string): Locator => page.locator(`[data-testid="fact-group"][data-bin="${bin}"]`);

/** The highlights behind a draft must have the text area's exact text metrics, or they drift off the words. */
async function expectMarksAligned(draft: Locator) {
  const mismatches = await draft.evaluate((root) => {
    const area = root.querySelector("textarea")!;
    const want = getComputedStyle(area);
    const keys = ["fontFamily", "fontSize", "fontWeight", "letterSpacing", "wordSpacing", "paddingLeft", "paddingRight"] as const;
    const out: string[] = [];
    for (const mark of root.querySelectorAll<HTMLElement>(".backdrop mark")) {
      const got = getComputedStyle(mark);
      for (const k of keys) {
        const expected = k.startsWith("padding") ? "0px" : want[k];
        if (got[k] !== expected) out.push(`${mark.textContent}: ${k} ${got[k]} ≠ ${expected}`);
      }
    }
    return out;
  });
  expect(mismatches, "the highlights share the text area's metrics").toEqual([]);
}

test("facts by bin, never hidden until asked; notes highlighted; a message linted as it is typed", async ({ page, sphere }) => {
  await sphere.api("demo_load", {});
  const { person, teller } = await pickStranger(sphere);
  const first = person.first_name;
  const errors: string[] = [];
  // The one bad request is the empty value sent on purpose below (the browser logs its 400).
  page.on("console", (m) => m.type() === "error" && !/status of 400 \(Bad Request\)/.test(m.text()) && errors.push(m.text()));
  page.on("pageerror", (e) => errors.push(e.message));
  await open(page, sphere, `#/people/${person.id}`);
  await expect(page.getByTestId("person-name")).toHaveText(person.display_name);

  await test.step("nothing recorded yet: the card says what to do", async () => {
    await expect(page.getByTestId("facts-empty")).toContainText("Record what you learn — Sphere tells you what may be used in outreach.");
  });

  await test.step("a wrong field comes back next to the field", async () => {
    await page.getByTestId("add-fact").click();
    await page.getByTestId("fact-category").selectOption("children");
    await expect(page.getByTestId("fact-rationale")).toHaveAttribute("data-bin", "never");
    await page.getByTestId("save-fact").click();
    await expect(page.locator('[data-testid="field-error"][data-field="value"]')).toContainText("must not be empty");
    await page.keyboard.press("Escape");
    await expect(page.getByTestId("fact-dialog")).toBeHidden();
  });

  await test.step("record a never, a maybe and a fine fact through the dialog", async () => {
    await recordFact(page, {
      category: "children",
      value: "Emma, plays soccer at Lincoln High",
      source: "lunch at the summit",
      learnedOn: "2025-03-02",
    });
    await recordFact(page, { category: "hobbies", value: "Runs marathons", source: "small talk at the conference" });
    await recordFact(page, { category: "certification", value: "PMP, 2023", toldBy: teller.display_name });
    await expect(page.getByTestId("fact-group")).toHaveCount(3);
    await expect(page.getByTestId("fact-group").first()).toHaveAttribute("data-bin", "never");
  });

  await test.step("the never fact is hidden, with the reason; maybe and fine show how they may be used", async () => {
    const hidden = page.getByTestId("never-hidden");
    await expect(hidden).toContainText("1 fact you must never use in outreach is hidden");
    await expect(hidden).toContainText("children never belong in a sales message, even if they told you");
    await expect(page.getByTestId("facts")).not.toContainText("Lincoln High");
    const maybe = group(page, "maybe").getByTestId("fact");
    await expect(maybe.getByTestId("fact-value")).toHaveText("Runs marathons");
    await expect(maybe.getByTestId("fact-usable")).toHaveAttribute("data-usable", "false");
    await expect(maybe.getByTestId("fact-usable")).toContainText("Not yet");
    await expect(maybe.getByTestId("fact-provenance")).toContainText("From small talk at the conference");
    const fine = group(page, "fine").getByTestId("fact");
    await expect(fine.getByTestId("fact-value")).toHaveText("PMP, 2023");
    await expect(fine.getByTestId("fact-provenance")).toContainText(`Told by ${teller.display_name}`);
    await screenshot(page, "privacy-facts");
  });

  await test.step("Show reveals it, Hide hides it again", async () => {
    await page.getByTestId("show-never").click();
    const never = group(page, "never").getByTestId("fact");
    await expect(never.getByTestId("fact-value")).toHaveText("Emma, plays soccer at Lincoln High");
    await expect(never.getByTestId("fact-provenance")).toContainText("From lunch at the summit");
    await expect(never.getByTestId("fact-provenance")).toContainText("Learned 2 Mar 2025");
    await expect(page.getByTestId("hide-never")).toBeFocused();
    await screenshot(page, "privacy-revealed");
    await page.getByTestId("hide-never").click();
    await expect(page.getByTestId("never-hidden")).toBeVisible();
    await expect(page.getByTestId("facts")).not.toContainText("Lincoln High");
    await expect(page.getByTestId("show-never")).toBeFocused();
  });

  await test.step("delete a fact, then undo from the toast", async () => {
    await group(page, "fine").getByTestId("delete-fact").click();
    await expect(group(page, "fine")).toHaveCount(0);
    const toast = page.getByTestId("toast").filter({ hasText: "Deleted the certifications fact" });
    await toast.getByTestId("toast-action").click();
    await expect(group(page, "fine").getByTestId("fact-value")).toHaveText("PMP, 2023");
  });

  await test.step("the notes: the personal sentence is highlighted as never, the professional one is not", async () => {
    const notes = "Her daughter Emma plays for the Lincoln High soccer team. Runs the wellness benefits program for 4,000 employees.";
    await sphere.api("person_update", {
      id: person.id,
      person: {
        first_name: person.first_name,
        last_name: person.last_name,
        emails: person.emails,
        phones: person.phones,
        title: person.title,
        organization_id: person.organization_id,
        ...(person.ring_pinned ? { ring: person.ring } : {}),
        is_team: person.is_team,
        tags: person.tags,
        notes,
      },
    });
    await page.reload();
    // The page hides the never clause until asked, and says so.
    await expect(page.getByTestId("notes-never-hidden")).toBeVisible();
    const box = page.getByTestId("person-notes");
    await expect(box.getByTestId("person-notes-text")).toContainText("[children hidden]. Runs the wellness benefits program");
    await expect(box).not.toContainText("Lincoln High");
    await page.getByTestId("notes-never-hidden").scrollIntoViewIfNeeded();
    await screenshot(page, "privacy-notes-hidden");
    await page.getByTestId("show-never-notes").click();
    await expect(page.getByTestId("notes-never-shown")).toBeVisible();
    await expect(box).toContainText("Lincoln High");
    await expect(box).toHaveAttribute("data-state", "checked");
    await expect(box.getByTestId("passage-summary")).toContainText("1 passage here must never be used in outreach");
    const marks = box.getByTestId("passage");
    await expect(marks).toHaveCount(1);
    await expect(marks.first()).toHaveAttribute("data-bin", "never");
    await expect(marks.first()).toContainText("Emma plays for the Lincoln High soccer team");
    await expect(marks.first()).toHaveAttribute("title", /reveals children/);
    await expect(marks.first()).not.toContainText("wellness");
    await expect(box.getByTestId("person-notes-text")).toContainText("Runs the wellness benefits program for 4,000 employees.");
    await box.getByTestId("passage-why").click();
    await expect(box.getByTestId("passage-reasons")).toContainText("reveals children");
  });

  await test.step(`Write to ${first}: the draft is linted as it is typed`, async () => {
    await page.getByTestId("write-to").click();
    const dialog = page.getByTestId("outreach-dialog");
    await expect(dialog).toBeVisible();
    const text = dialog.getByTestId("draft-text");
    await expect(text).toBeFocused();
    await expect(text).toHaveValue(new RegExp(`^Hello ${first},`));
    await text.fill("");
    await text.pressSequentially(
      `Hey buddy,\n\nI hope Emma is enjoying soccer at Lincoln High. Congrats on your amazing keynote!\n\nWould you have 20 minutes next week?\n\nBest regards,\nJames`,
      { delay: 2 },
    );
    const warnings = dialog.getByTestId("lint-warning");
    const buddy = warnings.filter({ hasText: "“Hey buddy”" });
    const emma = warnings.filter({ hasText: "“Emma”" });
    const keynote = warnings.filter({ hasText: "“your amazing keynote”" });
    await expect(buddy).toHaveAttribute("data-kind", "over_familiar");
    await expect(buddy.getByTestId("lint-reason")).toContainText("Too familiar for a first contact");
    await expect(emma).toHaveAttribute("data-severity", "remove");
    await expect(emma.getByTestId("lint-reason")).toContainText(`one of ${first}'s never facts (children)`);
    await expect(keynote).toHaveAttribute("data-kind", "flattery");
    await expect(keynote.getByTestId("lint-reason")).toContainText("flattery");
    await expect(dialog.getByTestId("lint-summary")).toContainText(/to remove/);
    // Inline: the same spans are highlighted behind the text.
    const marks = dialog.locator(".backdrop mark.lint");
    await expect(marks.filter({ hasText: /^Emma$/ })).toHaveClass(/never/);
    await expect(marks.filter({ hasText: /^Hey buddy$/ })).toHaveClass(/maybe/);
    await expect(marks.filter({ hasText: /^your amazing keynote$/ })).toHaveCount(1);
    await expectMarksAligned(dialog.getByTestId("draft"));
    await screenshot(page, "privacy-lint");
  });

  await test.step("an emoji typed before the warnings: they stay on their words (the core counts characters)", async () => {
    const dialog = page.getByTestId("outreach-dialog");
    const text = dialog.getByTestId("draft-text");
    await text.press("ControlOrMeta+Home");
    await text.pressSequentially("👋 ");
    const wave = dialog.getByTestId("lint-warning").filter({ hasText: "“👋”" });
    await expect(wave).toHaveAttribute("data-kind", "over_familiar");
    const marks = dialog.locator(".backdrop mark.lint");
    await expect(marks.filter({ hasText: /^👋$/ })).toHaveCount(1);
    await expect(marks.filter({ hasText: /^Emma$/ })).toHaveCount(1);
    await expect(marks.filter({ hasText: /^Hey buddy$/ })).toHaveCount(1);
    await wave.getByTestId("apply-fix").click();
    await expect(text).toHaveValue(/^ ?Hey buddy,/);
    await expect(wave).toHaveCount(0);
  });

  await test.step("apply a fix: the text changes and the warning goes", async () => {
    const dialog = page.getByTestId("outreach-dialog");
    const buddy = dialog.getByTestId("lint-warning").filter({ hasText: "“Hey buddy”" });
    await buddy.getByTestId("apply-fix").click();
    await expect(dialog.getByTestId("draft-text")).toHaveValue(new RegExp(`^ ?Hello ${first},\\n\\nI hope Emma`));
    await expect(buddy).toHaveCount(0);
    const emma = dialog.getByTestId("lint-warning").filter({ hasText: "“Emma”" });
    await emma.getByTestId("apply-fix").click();
    await expect(dialog.getByTestId("draft-text")).not.toHaveValue(/Emma|Lincoln High/);
    await expect(dialog.getByTestId("lint-warning").filter({ hasText: "Emma" })).toHaveCount(0);
    // Closing keeps the draft; Escape closes.
    await page.keyboard.press("Escape");
    await expect(dialog).toBeHidden();
    await page.getByTestId("write-to").click();
    await expect(dialog.getByTestId("draft-text")).toHaveValue(new RegExp(`^ ?Hello ${first},`));
    await page.keyboard.press("Escape");
  });

  expect(errors, "no errors in the console").toEqual([]);
});

test("the warm-path introduction request is linted too", async ({ page, sphere }) => {
  await sphere.api("demo_load", {});
  const { person } = await pickStranger(sphere);
  await open(page, sphere, `#/paths?person=${person.id}`);
  const draft = page.getByTestId("draft");
  await expect(draft).toBeVisible();
  await expect(draft.getByTestId("lint-summary")).toContainText("Nothing to fix");
  const text = draft.getByTestId("draft-text");
  await text.press("ControlOrMeta+End");
  await text.pressSequentially("\n\nP.S. I hope your daughter is feeling better.", { delay: 5 });
  const warning = draft.getByTestId("lint-warning").filter({ hasText: "daughter" });
  await expect(warning).toHaveAttribute("data-severity", "remove");
  await expect(warning.getByTestId("lint-reason")).toContainText("reveals children");
  await expect(draft.locator(".backdrop mark.lint.never")).toContainText("daughter");
  // Blanks and warnings alike sit exactly on their words.
  await expect(draft.locator(".backdrop mark.blank").first()).toBeVisible();
  await expectMarksAligned(draft);
  await expect(draft.getByTestId("lint-summary")).toContainText("1 to remove");
  await warning.getByTestId("apply-fix").click();
  await expect(text).not.toHaveValue(/daughter/);
  await expect(draft.getByTestId("lint-summary")).toContainText("Nothing to fix");
});

test("settings: when maybe facts become usable, and the bins explained", async ({ page, sphere }) => {
  await open(page, sphere, "#/settings");
  const years = page.getByTestId("maybe-min-years");
  const strength = page.getByTestId("maybe-min-strength");
  await expect(years).toHaveValue("2");
  await expect(strength).toHaveValue("50");
  await expect(page.getByTestId("tenure-rule")).toContainText(
    "A maybe fact — a promotion, a move, a hobby — becomes usable once you have known someone at least 2 years and your tie is at least 50% strong. Never facts never become usable.",
  );
  await years.fill("60");
  await page.getByTestId("save-tenure").click();
  await expect(page.locator('[data-testid="field-error"][data-field="maybe_min_years"]')).toContainText("between 0 and 50");
  await years.fill("5");
  await strength.fill("70");
  await expect(page.getByTestId("tenure-rule")).toContainText("at least 5 years and your tie is at least 70% strong");
  await page.getByTestId("save-tenure").click();
  await expect(page.getByTestId("toast").filter({ hasText: "usable from 5 years and 70% strength" })).toBeVisible();
  const saved = await sphere.api<{ maybe_min_years: number; maybe_min_strength: number }>("settings_get");
  expect(saved.maybe_min_years).toBe(5);
  expect(saved.maybe_min_strength).toBeCloseTo(0.7);
  const bins = page.getByTestId("category-bin");
  await expect(bins).toHaveCount(3);
  await expect(bins.nth(0)).toHaveAttribute("data-bin", "never");
  await expect(bins.nth(0)).toContainText("Children");
  await expect(bins.nth(1)).toContainText("Promotion");
  await expect(bins.nth(2)).toContainText("Certifications");
  await page.getByTestId("tenure-rule").scrollIntoViewIfNeeded();
  await screenshot(page, "privacy-settings");
});
