import { StatusBoundary } from './_components/StatusBoundary';

export default function NotFound() {
  return <StatusBoundary kind="notFound" />;
}
