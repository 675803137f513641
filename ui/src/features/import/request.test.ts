import { describe, expect, it } from "vitest";
import type { ImportPreview } from "../../bindings/commands";
import {
  buildImportRequest,
  commitLabel,
  hasWork,
  bytesToBase64,
  emptyChoices,
  mergesStillProposed,
  newJobId,
  orgNamesToSend,
  peopleToImport,
  plural,
  progressFraction,
  progressLabel,
  readPicked,
  withMerge,
  type ImportChoices,
} from "./request";

const enc = new TextEncoder();

function preview(patch: Partial<ImportPreview> = {}): ImportPreview {
  return {
    file_name: "connections.csv",
    format: "linkedin",
    layout: "2025",
    owner: null,
    blocker: null,
    records: 10,
    new: 7,
    updated: 0,
    merged: 1,
    unchanged: 0,
    skipped: [],
    rows: [],
    duplicates: [],
    organizations_new: [],
    organizations_matched: 0,
    abbreviations: [],
    relationships_new: 0,
    facts_new: 0,
    never_facts_new: 0,
    related_people_new: 0,
    photos: 0,
    assumptions: [],
    ...patch,
  };
}

function choices(patch: Partial<ImportChoices>): ImportChoices {
  return { ...emptyChoices(), ...patch };
}

describe("bytesToBase64", () => {
  it("matches the standard alphabet with padding, byte for byte", () => {
    expect(bytesToBase64(new Uint8Array([]))).toBe("");
    expect(bytesToBase64(enc.encode("f"))).toBe("Zg==");
    expect(bytesToBase64(enc.encode("fo"))).toBe("Zm8=");
    expect(bytesToBase64(enc.encode("foo"))).toBe("Zm9v");
  });

  it("keeps every byte value, including ones that are not text (a binary file reaches the core as is)", () => {
    const all = new Uint8Array(256).map((_, i) => i);
    expect(Buffer.from(bytesToBase64(all), "base64")).toEqual(Buffer.from(all));
  });

  it("keeps UTF-8 as bytes (no re-encoding of Zoë or emoji)", () => {
    const text = "Zoë,Müller,🚀";
    expect(Buffer.from(bytesToBase64(enc.encode(text)), "base64").toString("utf8")).toBe(text);
  });

  it("handles files larger than one chunk (no call-stack overflow, no lost tail)", () => {
    const big = new Uint8Array(200_003).map((_, i) => (i * 7) % 256);
    expect(Buffer.from(bytesToBase64(big), "base64").equals(Buffer.from(big))).toBe(true);
  });
});

describe("readPicked", () => {
  it("reads a File as bytes with its name", async () => {
    const file = new File([enc.encode("First Name\nAda")], "c.csv", { type: "text/csv" });
    const picked = await readPicked(file);
    expect(picked.name).toBe("c.csv");
    expect(new TextDecoder().decode(picked.bytes)).toBe("First Name\nAda");
  });
});

describe("orgNamesToSend", () => {
  it("sends trimmed full names and drops blank ones or the abbreviation itself", () => {
    expect(
      orgNamesToSend({
        "Am. Soc. of Assn. Exec.": "  American Society of   Association Executives ",
        "Intl. Bus. Mach.": "   ",
        "Natl. Grid": "Natl. Grid",
      }),
    ).toEqual({ "Am. Soc. of Assn. Exec.": "American Society of Association Executives" });
  });
});

describe("buildImportRequest", () => {
  const file = { name: "connections.csv", data: "Zm9v" };

  it("leaves out everything the user did not decide, so the core's defaults apply", () => {
    expect(buildImportRequest(file, emptyChoices())).toEqual({ file_name: "connections.csv", data: "Zm9v" });
  });

  it("sends a forced format, the team member, full names and merges in line order", () => {
    const req = buildImportRequest(
      file,
      choices({
        format: "google",
        member: 42,
        orgNames: { "Am. Soc.": "American Society" },
        merges: new Set([14, 11]),
      }),
    );
    expect(req).toEqual({
      file_name: "connections.csv",
      data: "Zm9v",
      format: "google",
      as_member: 42,
      org_names: { "Am. Soc.": "American Society" },
      merges: [11, 14],
    });
  });

  it("adds the job id only for a commit", () => {
    expect(buildImportRequest(file, emptyChoices(), "import-1").job).toBe("import-1");
    expect("job" in buildImportRequest(file, emptyChoices())).toBe(false);
  });
});

describe("merge decisions", () => {
  it("toggles a line without touching the set it was given", () => {
    const before = new Set([11]);
    const after = withMerge(before, 14, true);
    expect([...after].sort()).toEqual([11, 14]);
    expect([...before]).toEqual([11]);
    expect([...withMerge(after, 11, false)]).toEqual([14]);
  });

  it("forgets decisions for lines the preview no longer proposes", () => {
    const p = preview({
      duplicates: [
        {
          line: 11,
          name: "Christopher Lee",
          organization: "Northwind Traders Inc",
          person: null,
          other_line: 10,
          other_name: "Chris Lee",
          reason: "same last name at the same organization",
          accepted: false,
        },
      ],
    });
    expect([...mergesStillProposed(new Set([11, 30]), p)]).toEqual([11]);
  });
});

describe("progress", () => {
  it("is a fraction once the core knows the total, and indeterminate before", () => {
    expect(progressFraction(null)).toBeNull();
    expect(progressFraction({ phase: "reading", done: 0, total: 0 })).toBeNull();
    expect(progressFraction({ phase: "people", done: 5, total: 20 })).toBe(0.25);
    expect(progressFraction({ phase: "people", done: 30, total: 20 })).toBe(1);
  });

  it("says what is happening in words", () => {
    expect(progressLabel(null)).toBe("Starting the import…");
    expect(progressLabel({ phase: "people", done: 0, total: 0 })).toBe("People…");
    expect(progressLabel({ phase: "writing people", done: 1200, total: 4000 })).toBe("Writing people (1,200 of 4,000)");
  });
});

describe("words", () => {
  it("counts people to import: new and updated (a merged record adds no one)", () => {
    expect(peopleToImport(preview({ new: 7, updated: 2, merged: 1, unchanged: 5 }))).toBe(9);
  });

  it("names the commit by the people it writes, and says when there is nothing to write", () => {
    expect(commitLabel(preview({ new: 6, updated: 0 }))).toBe("Import 6 people");
    expect(commitLabel(preview({ new: 0, updated: 1 }))).toBe("Import 1 person");
    expect(commitLabel(preview({ new: 0, updated: 0, merged: 0, unchanged: 8 }))).toBe("Nothing new to import");
    expect(commitLabel(preview({ new: 0, updated: 0, relationships_new: 3 }))).toBe("Import");
    expect(hasWork(preview({ new: 0, updated: 0, unchanged: 8 }))).toBe(false);
  });

  it("pluralises", () => {
    expect(plural(1, "person", "people")).toBe("1 person");
    expect(plural(1200, "person", "people")).toBe("1,200 people");
  });

  it("makes distinct job ids", () => {
    expect(newJobId(() => 0.5, () => 1000)).toBe("import-rs-" + Math.floor(0.5 * 36 ** 6).toString(36));
    expect(newJobId()).not.toBe(newJobId());
  });
});
