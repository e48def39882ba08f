"use client";

import { zodResolver } from "@hookform/resolvers/zod";
import { useState } from "react";
import { type DefaultValues, type FieldValues, type Path, type Resolver, useForm } from "react-hook-form";
import type { z } from "zod";
import type { ActionResult } from "@/lib/actions/action-result";

/**
 * A form validated on the client with the same zod schema the server action parses with; the server's field
 * errors land under the same fields, its other errors at the top.
 */
export function useActionForm<S extends z.ZodType<FieldValues, FieldValues>, T>(options: {
  schema: S;
  defaultValues: DefaultValues<z.input<S>>;
  action: (values: z.output<S>) => Promise<ActionResult<T>>;
  onSuccess?: (data: T) => void;
}) {
  const form = useForm<z.input<S>, unknown, z.output<S>>({
    // The resolver's generics cannot follow a generic schema; the schema itself fixes the types.
    resolver: zodResolver(options.schema as never) as unknown as Resolver<z.input<S>, unknown, z.output<S>>,
    defaultValues: options.defaultValues,
  });
  const [formError, setFormError] = useState<string>();
  const onSubmit = form.handleSubmit(async (values) => {
    setFormError(undefined);
    const result = await options.action(values);
    if (result.ok) {
      options.onSuccess?.(result.data);
      return;
    }
    let placed = false;
    for (const [field, messages] of Object.entries(result.fieldErrors ?? {})) {
      if (field && field in (form.getValues() as object)) {
        form.setError(field as Path<z.input<S>>, { message: messages[0] });
        placed = true;
      }
    }
    if (!placed || !result.fieldErrors) setFormError(result.message);
  });
  const errorOf = (field: Path<z.input<S>>) => form.getFieldState(field, form.formState).error?.message;
  return { form, onSubmit, formError, setFormError, errorOf, submitting: form.formState.isSubmitting };
}
