import { StatusBoundary } from './_components/StatusBoundary';

export default function Forbidden() {
  return <StatusBoundary kind="forbidden" />;
}
