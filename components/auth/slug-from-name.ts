"use client";

import type { FieldValues, Path, PathValue, UseFormReturn } from "react-hook-form";
import { slugify } from "@/lib/auth/schemas";

/**
 * register() options for an organization-name field whose address (slug) field follows it until someone edits
 * the address by hand (react-hook-form marks a field dirty only on user input, not on setValue).
 */
export function slugFollowsName<T extends FieldValues>(form: UseFormReturn<T, unknown, FieldValues>, slugField: Path<T>) {
  return {
    onChange: (event: { target: { value: string } }) => {
      if (!form.getFieldState(slugField).isDirty) {
        form.setValue(slugField, slugify(event.target.value) as PathValue<T, Path<T>>);
      }
    },
  };
}
