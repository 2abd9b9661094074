/**
 * Shown for every page while the installation has no organisation yet (an empty database without demo data):
 * how to run the first-run setup, instead of a site without a bureau, departments or anyone to sign in.
 */
export function FirstRun() {
  return (
    <section aria-labelledby="first-run-title" className="first-run">
      <h1 id="first-run-title">民声平台尚未初始化</h1>
      <p className="lead">
        数据库中还没有机构信息和管理员账号。请在服务器上运行初始化命令，创建本机构和第一个管理员账号，然后刷新本页。
      </p>
      <h2>交互式（逐项询问）</h2>
      <pre><code>npm run setup</code></pre>
      <h2>脚本方式</h2>
      <pre><code>{"npm run setup -- --org-name 厦门市文化和旅游局 --org-code XM-WL \\\n  --admin-email admin@example.gov.cn --admin-password '至少10个字符的密码' --admin-name 张三"}</code></pre>
      <p>
        命令使用与应用相同的数据库（环境变量 <code>DATABASE_URL</code>；未设置时为 <code>DATA_DIR</code> 中的内置数据库，运行前需先停止应用）。
        完成后用管理员邮箱登录，在“系统管理”中填写机构信息、添加部门和工作人员。详见 <code>docs/SETUP.md</code>。
      </p>
      <p lang="en">
        Minsheng is not set up yet: run <code>npm run setup</code> on the server to create the organisation and the first admin
        account, then reload this page (see docs/SETUP.md).
      </p>
    </section>
  );
}
