/** A milestone progress bar: a native <progress> with its text beside it (the text is what is read out). */
export function ProgressBar({ done, total, text }: { done: number; total: number; text: string }) {
  return (
    <span className="action-progress" data-testid="action-progress">
      {total > 0 ? <progress value={done} max={total} aria-hidden="true" /> : null} <span>{text}</span>
    </span>
  );
}
