'use client';

/** Opens the browser's print dialog; hidden when printing (the page's print styles do the rest). */
export function PrintButton({ label }: { label: string }) {
  return (
    <button type="button" className="button-secondary no-print" onClick={() => window.print()}>
      {label}
    </button>
  );
}
