// Short confirmations ("Ada Lovelace was deleted") that fade on their own, optionally with one
// action ("Undo").

export type ToastTone = "success" | "info" | "error";

export interface ToastAction {
  label: string;
  run: () => void | Promise<void>;
}

export interface Toast {
  id: number;
  message: string;
  tone: ToastTone;
  action?: ToastAction | undefined;
}

let nextId = 1;

export const toasts: Toast[] = $state([]);

export function dismissToast(id: number): void {
  const i = toasts.findIndex((t) => t.id === id);
  if (i >= 0) toasts.splice(i, 1);
}

/** Shows a toast; one with an action stays longer (8 s unless told), so there is time to use it. */
export function showToast(message: string, tone: ToastTone = "success", ms?: number, action?: ToastAction): number {
  const id = nextId++;
  toasts.push({ id, message, tone, action });
  if (toasts.length > 3) toasts.shift();
  setTimeout(() => dismissToast(id), ms ?? (action ? 8000 : 4000));
  return id;
}
