import Link from "next/link";

export default function Forbidden() {
  return (
    <div className="mx-auto max-w-lg py-24 text-center">
      <p className="text-sm font-semibold text-indigo-700">403</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">You do not have access to this page</h1>
      <p className="mt-2 text-sm text-slate-700">Your role in this organization does not include it. Ask an admin if you need access.</p>
      <p className="mt-6">
        <Link href="/" className="text-sm font-medium text-indigo-700 hover:underline">Back to the overview</Link>
      </p>
    </div>
  );
}
