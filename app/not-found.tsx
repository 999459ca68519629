import type { Metadata } from "next";
import Link from "next/link";

export const metadata: Metadata = { title: "Not found" };

// Vigil's own 404 (Next.js's built-in one carries an inline <style> that the Content-Security-Policy refuses).
export default function NotFound() {
  return (
    <main className="flex min-h-screen items-center justify-center px-4">
      <div className="max-w-sm text-center">
        <p className="text-sm font-medium text-slate-500">404</p>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight text-slate-900">There is nothing here</h1>
        <p className="mt-2 text-sm text-slate-600">The address may be mistyped, or what it named has gone.</p>
        <Link href="/" className="mt-6 inline-block rounded-md bg-brand-600 px-4 py-2 text-sm font-medium text-white hover:bg-brand-700">
          Back to the models
        </Link>
      </div>
    </main>
  );
}
