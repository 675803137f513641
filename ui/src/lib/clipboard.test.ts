import { describe, expect, it, vi } from "vitest";
import { copyText } from "./clipboard";

describe("copyText", () => {
  it("uses the Clipboard API when there is one", async () => {
    const writeText = vi.fn().mockResolvedValue(undefined);
    await copyText("hello", { clipboard: { writeText }, document });
    expect(writeText).toHaveBeenCalledWith("hello");
  });

  it("falls back to select-and-copy when the API refuses, and leaves no trace in the page", async () => {
    const writeText = vi.fn().mockRejectedValue(new DOMException("denied", "NotAllowedError"));
    let copied = "";
    const exec = vi.fn((command: string) => {
      copied = command === "copy" ? (document.querySelector("textarea")?.value ?? "") : "";
      return true;
    });
    Object.defineProperty(document, "execCommand", { value: exec, configurable: true });
    const before = document.body.children.length;
    await copyText("Subject: hi", { clipboard: { writeText }, document });
    expect(exec).toHaveBeenCalledWith("copy");
    expect(copied).toBe("Subject: hi");
    expect(document.body.children.length).toBe(before);
  });

  it("says what to do when no way works", async () => {
    Object.defineProperty(document, "execCommand", { value: () => false, configurable: true });
    await expect(copyText("x", { clipboard: undefined, document })).rejects.toThrow(/Ctrl\+C/);
  });
});
