import type { CategoryNode } from '@/lib/disclosure/categories';

/** The catalogue tree as <option>s, children indented under their parent (a <select> cannot nest deeper). */
export function CategoryOptions({ nodes, en, depth = 0 }: { nodes: CategoryNode[]; en: boolean; depth?: number }) {
  return (
    <>
      {nodes.map((n) => (
        <CategoryOption key={n.code} node={n} en={en} depth={depth} />
      ))}
    </>
  );
}

function CategoryOption({ node, en, depth }: { node: CategoryNode; en: boolean; depth: number }) {
  return (
    <>
      <option value={node.code}>{`${'\u3000'.repeat(depth)}${node.code} ${en ? node.nameEn : node.name}`}</option>
      {node.children.length ? <CategoryOptions nodes={node.children} en={en} depth={depth + 1} /> : null}
    </>
  );
}
