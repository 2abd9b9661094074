import type { CategoryNode } from '@/lib/disclosure/categories';

/** One catalogue category as a select option (DisclosureForms, the archive editor, the consultation feedback). */
export interface CategoryOption { code: string; label: string }

/** The catalogue tree as select options: "07 财务资金", "  0701 财政预决算" … */
export function categoryOptions(tree: CategoryNode[], en: boolean): CategoryOption[] {
  return tree.flatMap((n) => [
    { code: n.code, label: `${n.code} ${en ? n.nameEn : n.name}` },
    ...n.children.map((c) => ({ code: c.code, label: `\u3000${c.code} ${en ? c.nameEn : c.name}` })),
  ]);
}
