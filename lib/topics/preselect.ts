/**
 * The department the write form shows after a topic is chosen (the form imports this; no server code here): the
 * topic's department while the writer has not chosen one themselves; the writer's own choice otherwise.
 */
export function preselectDepartment(state: { current: string; chosenByWriter: boolean }, topicDepartment: string | null): string {
  if (state.chosenByWriter) return state.current;
  return topicDepartment ?? state.current;
}
