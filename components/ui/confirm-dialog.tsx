"use client";

import { useActionState, useEffect, useId, useRef, useState } from "react";
import { useFormStatus } from "react-dom";
import type { ActionResult } from "@/lib/actions/result";
import { button } from "./styles";

type Action = (state: ActionResult, formData: FormData) => Promise<ActionResult>;

/**
 * A button that opens a modal confirmation (native <dialog>: focus is trapped, Esc cancels and
 * focus returns to the button), whose Confirm submits `fields` to a server action. Errors show
 * inside the dialog; on success it closes and announces the result.
 */
export function ConfirmDialog({
  triggerLabel,
  triggerClassName = button.secondary,
  title,
  children,
  confirmLabel,
  tone = "default",
  action,
  fields,
  disabled,
}: {
  triggerLabel: string;
  triggerClassName?: string;
  title: string;
  children: React.ReactNode;
  confirmLabel: string;
  tone?: "default" | "danger";
  action: Action;
  fields: Record<string, string>;
  disabled?: boolean;
}) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const [round, setRound] = useState(0);
  const [announcement, setAnnouncement] = useState("");
  const titleId = useId();
  const bodyId = useId();

  function open() {
    setRound((r) => r + 1);
    setAnnouncement("");
    dialogRef.current?.showModal();
  }
  function close() {
    dialogRef.current?.close();
  }

  return (
    <>
      <button type="button" className={triggerClassName} onClick={open} disabled={disabled} aria-haspopup="dialog">
        {triggerLabel}
      </button>
      <span role="status" aria-live="polite" className="sr-only">
        {announcement}
      </span>
      <dialog
        ref={dialogRef}
        aria-labelledby={titleId}
        aria-describedby={bodyId}
        aria-modal="true"
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg border border-slate-200 bg-white p-0 text-slate-900 shadow-xl backdrop:bg-slate-900/50"
      >
        <div className="p-6">
          <h2 id={titleId} className="text-lg font-semibold">
            {title}
          </h2>
          <div id={bodyId} className="mt-2 space-y-2 text-sm text-slate-700">
            {children}
          </div>
          <DialogForm
            key={round}
            action={action}
            fields={fields}
            confirmLabel={confirmLabel}
            tone={tone}
            onCancel={close}
            onDone={(message) => {
              setAnnouncement(message);
              close();
            }}
          />
        </div>
      </dialog>
    </>
  );
}

function DialogForm({
  action,
  fields,
  confirmLabel,
  tone,
  onCancel,
  onDone,
}: {
  action: Action;
  fields: Record<string, string>;
  confirmLabel: string;
  tone: "default" | "danger";
  onCancel: () => void;
  onDone: (message: string) => void;
}) {
  const [state, formAction] = useActionState(action, null);
  const onDoneRef = useRef(onDone);
  useEffect(() => {
    onDoneRef.current = onDone;
  });
  useEffect(() => {
    if (state?.ok) onDoneRef.current(state.message);
  }, [state]);
  return (
    <form action={formAction} className="mt-6">
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {state && !state.ok ? (
        <p role="alert" className="mb-4 rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
          {state.message}
        </p>
      ) : null}
      <div className="flex flex-col-reverse gap-2 sm:flex-row sm:justify-end">
        <button type="button" className={button.secondary} onClick={onCancel} autoFocus>
          Cancel
        </button>
        <ConfirmButton label={confirmLabel} tone={tone} />
      </div>
    </form>
  );
}

function ConfirmButton({ label, tone }: { label: string; tone: "default" | "danger" }) {
  const { pending } = useFormStatus();
  return (
    <button type="submit" disabled={pending} className={tone === "danger" ? button.danger : button.primary}>
      {pending ? "Working…" : label}
    </button>
  );
}
