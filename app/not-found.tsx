import type { Metadata } from "next";
import { StatusPage } from "@/components/shell/status-page";

export const metadata: Metadata = { title: "Not found" };

// Vigil's own 404 (Next.js's built-in one carries an inline <style> that the Content-Security-Policy refuses).
export default function NotFound() {
  return (
    <StatusPage status={404} title="There is nothing here">
      <p>The address may be mistyped, or what it named has gone.</p>
    </StatusPage>
  );
}
