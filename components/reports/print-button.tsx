"use client";

import { Printer } from "lucide-react";
import { buttonClass } from "@/components/ui/button";

/** Opens the browser's print dialog; the page's print styles drop the sidebar and the controls. */
export function PrintButton() {
  return (
    <button type="button" className={buttonClass("secondary", "sm")} onClick={() => window.print()}>
      <Printer aria-hidden className="size-4" />
      Print
    </button>
  );
}
