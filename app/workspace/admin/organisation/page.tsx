import type { Metadata } from 'next';
import Link from 'next/link';
import { getOrganisationProfile } from '@/lib/accounts/organisation';
import { requirePermission } from '@/lib/auth/session';
import { SimpleForm } from '@/app/_components/SimpleForm';
import { saveOrganisation } from '../settings-actions';

export const metadata: Metadata = { title: '机构信息' };

/** The organisation profile: names, the index-number code and the contact block every page's footer shows. */
export default async function OrganisationPage() {
  const actor = await requirePermission('admin.organisation', '/workspace/admin/organisation');
  const org = await getOrganisationProfile(actor);
  return (
    <>
      <p><Link href="/workspace/admin">← 系统管理</Link></p>
      <h1>机构信息</h1>
      <p className="lead">这里的名称和联系方式显示在每个页面的页脚、政府信息公开指南和年度报告中。</p>
      <SimpleForm
        action={saveOrganisation}
        idPrefix="org"
        submit="保存机构信息"
        okText="已保存"
        fields={[
          { name: 'name', label: '机构名称', value: org.name, required: true },
          { name: 'nameEn', label: '英文名称', value: org.nameEn, hint: '英文界面显示；可留空' },
          { name: 'code', label: '机构代码（索引号前缀）', value: org.code, required: true, hint: '大写字母、数字和连字符，如 XM-WL。修改后只影响今后新编的索引号，已发布的索引号不变。' },
          { name: 'address', label: '地址', value: org.address },
          { name: 'postcode', label: '邮政编码', value: org.postcode, hint: '6 位数字' },
          { name: 'phone', label: '电话', type: 'tel', value: org.phone },
          { name: 'email', label: '电子邮箱', type: 'email', value: org.email },
          { name: 'officeHours', label: '办公时间', value: org.officeHours },
          { name: 'disclosureOffice', label: '政府信息公开工作机构', value: org.disclosureOffice },
        ]}
      />
    </>
  );
}
