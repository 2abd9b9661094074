/** What a list shows when there is nothing in it yet: a sentence, never a blank space. */
export function EmptyState({ children }: { children: React.ReactNode }) {
  return (
    <div className="empty-state" role="status">
      <p>{children}</p>
    </div>
  );
}
