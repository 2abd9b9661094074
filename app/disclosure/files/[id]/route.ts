import { errorResponse, requestActor } from '@/lib/api/route';
import { contentDisposition, readDownloadableFile } from '@/lib/disclosure/files';

export const dynamic = 'force-dynamic';

type Context = { params: Promise<{ id: string }> };

/**
 * Downloads a document of the disclosure column: a published 主动公开 item's attachment for anyone, an application's
 * reply document for its applicant and the disclosure staff; 404 for everyone else.
 */
export async function GET(_request: Request, { params }: Context): Promise<Response> {
  try {
    const file = await readDownloadableFile(await requestActor(), (await params).id);
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        // Chunks of 64 KB, so a large document is not one giant write.
        for (let offset = 0; offset < file.data.byteLength; offset += 65_536) controller.enqueue(file.data.subarray(offset, offset + 65_536));
        controller.close();
      },
    });
    return new Response(body, {
      headers: {
        'content-type': file.mimeType,
        'content-length': String(file.sizeBytes),
        'content-disposition': contentDisposition(file.fileName),
        'x-content-type-options': 'nosniff',
        'cache-control': file.public ? 'public, max-age=300' : 'private, no-store',
        etag: `"${file.sha256}"`,
      },
    });
  } catch (error) {
    return errorResponse(error);
  }
}
