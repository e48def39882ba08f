export function Logo({ className = "" }: { className?: string }) {
  return (
    <span className={`inline-flex items-center gap-2 font-semibold tracking-tight ${className}`}>
      <svg aria-hidden viewBox="0 0 24 24" className="size-6 text-indigo-600" fill="none" stroke="currentColor" strokeWidth={2}>
        <rect x="3" y="4" width="18" height="16" rx="3" />
        <path d="M7 15l3-3 3 2 4-5" />
      </svg>
      TokenLedger
    </span>
  );
}
