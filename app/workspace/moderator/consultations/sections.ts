import type { ConsultationSection } from '@/lib/consultations/schema';

/**
 * The draft text in one textarea: each section starts with its own line "## heading". Text before the first heading
 * becomes a section headed "正文"; a heading without text keeps an empty body (the schema then says what is missing).
 */
export function parseSections(text: string): ConsultationSection[] {
  const sections: ConsultationSection[] = [];
  let current: { heading: string; lines: string[] } | null = null;
  for (const line of text.replace(/\r\n?/g, '\n').split('\n')) {
    const heading = /^##\s+(.*)$/.exec(line);
    if (heading) {
      if (current) sections.push({ heading: current.heading, body: current.lines.join('\n').trim() });
      current = { heading: heading[1]!.trim(), lines: [] };
    } else if (current) {
      current.lines.push(line);
    } else if (line.trim() !== '') {
      current = { heading: '正文', lines: [line] };
    }
  }
  if (current) sections.push({ heading: current.heading, body: current.lines.join('\n').trim() });
  return sections;
}

export function formatSections(sections: readonly ConsultationSection[]): string {
  return sections.map((s) => `## ${s.heading}\n${s.body}`).join('\n\n');
}
