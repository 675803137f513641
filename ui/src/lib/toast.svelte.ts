// Short confirmations ("Ada Lovelace was deleted") that fade on their own.

export type ToastTone = "success" | "info" | "error";

export interface Toast {
  id: number;
  message: string;
  tone: ToastTone;
}

let nextId = 1;

export const toasts: Toast[] = $state([]);

export function dismissToast(id: number): void {
  const i = toasts.findIndex((t) => t.id === id);
  if (i >= 0) toasts.splice(i, 1);
}

export function showToast(message: string, tone: ToastTone = "success", ms = 4000): void {
  const id = nextId++;
  toasts.push({ id, message, tone });
  if (toasts.length > 3) toasts.shift();
  setTimeout(() => dismissToast(id), ms);
}
