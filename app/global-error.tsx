'use client';

/** Last resort when the root layout itself failed: no providers are available, so the text is fixed. */
export default function GlobalError({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <html lang="zh-CN">
      <body style={{ fontFamily: 'system-ui, sans-serif', padding: '2rem', lineHeight: 1.6 }}>
        <main>
          <h1>系统繁忙（500）</h1>
          <p>服务器暂时无法处理您的请求，请稍后重试。</p>
          <p lang="en">Something went wrong. Please try again shortly.</p>
          <button type="button" onClick={reset}>重试 / Try again</button> <a href="/">返回首页</a>
        </main>
      </body>
    </html>
  );
}
