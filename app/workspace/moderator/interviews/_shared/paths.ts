/** Pages that show an interview to staff: revalidated after every change to it. */
export const staffPaths = (interviewId: string) => [
  '/workspace/moderator/interviews',
  `/workspace/moderator/interviews/${interviewId}`,
  '/workspace/leader/interviews',
  `/workspace/leader/interviews/${interviewId}`,
];

/** The leader's pages listing assigned leftover questions: revalidated after assigning and answering. */
export const assigneePaths = ['/workspace/leader', '/workspace/leader/questions'];
