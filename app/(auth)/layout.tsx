import type { ReactNode } from "react";
import { Logo } from "@/components/shell/logo";

export default function AuthLayout({ children }: { children: ReactNode }) {
  return (
    <div className="flex min-h-screen flex-col items-center justify-center px-4 py-12">
      <header className="mb-8">
        <Logo className="text-xl text-slate-900" />
      </header>
      <main className="w-full max-w-md">{children}</main>
    </div>
  );
}
