'use client';

/** Prints the page (the print stylesheet leaves out the site header, footer and controls). */
export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" className="button-secondary no-print" onClick={() => window.print()}>
      {label}
    </button>
  );
}
