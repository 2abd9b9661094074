import type { Metadata } from 'next';
import { listDepartments } from '@/lib/accounts/departments';
import { requirePermission } from '@/lib/auth/session';
import { db } from '@/lib/db';
import { loadDeadlines } from '@/lib/letters/deadlines';
import { WriteLetterForm } from './WriteLetterForm';

export const metadata: Metadata = { title: '我要写信' };

export default async function NewLetterPage() {
  const { user } = await requirePermission('letters.create', '/letters/new');
  const [departments, limits] = await Promise.all([listDepartments(db()), loadDeadlines(db())]);
  return (
    <>
      <h1>我要写信</h1>
      <p className="lead">
        咨询 {limits.inquiry} 个工作日、建议 {limits.suggestion} 个工作日、投诉 {limits.complaint} 个工作日内答复（自受理之日起计算，法定节假日除外）。
      </p>
      <WriteLetterForm draftKey={`minsheng-letter-draft:${user.publicId}`} departments={departments.map((d) => ({ id: d.id, name: d.name }))} />
    </>
  );
}
