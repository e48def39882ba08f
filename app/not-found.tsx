import Link from "next/link";

export default function NotFound() {
  return (
    <div className="mx-auto max-w-lg py-24 text-center">
      <p className="text-sm font-semibold text-indigo-700">404</p>
      <h1 className="mt-2 text-2xl font-semibold text-slate-900">Not found</h1>
      <p className="mt-2 text-sm text-slate-700">This page does not exist, or it belongs to an organization you are not a member of.</p>
      <p className="mt-6">
        <Link href="/" className="text-sm font-medium text-indigo-700 hover:underline">Back to the overview</Link>
      </p>
    </div>
  );
}
