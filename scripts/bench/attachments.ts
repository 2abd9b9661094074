/**
 * `npm run bench:attachments` — how long a letter attachment takes to check and re-encode (lib/letters/attachments.ts),
 * the part of an upload that dominates it: a 4000 × 3000 phone photo (JPEG with GPS EXIF, textured so it weighs what
 * a photo weighs) → upright, ≤ 2560 px JPEG without metadata, plus the 320 px thumbnail. RUNS (default 5) timed runs
 * after one warm-up; prints min / median / max in ms and the sizes. Single-threaded libvips (SHARP_CONCURRENCY, 1)
 * by default, as on a busy 2-core server.
 */
import sharp from 'sharp';
import { prepareAttachment } from '../../lib/letters/attachments';

async function main() {
  const runs = Number(process.env.RUNS ?? 5);
  sharp.concurrency(Number(process.env.SHARP_CONCURRENCY ?? 1));
  const photo = await sharp({ create: { width: 4000, height: 3000, channels: 3, background: '#808080', noise: { type: 'gaussian', mean: 128, sigma: 40 } } })
    .blur(1.2)
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Make: 'BenchPhone' }, IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '24/1 29/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '118/1 5/1 0/1' } })
    .toBuffer();
  const file = { fileName: 'IMG_0001.jpg', mimeType: 'image/jpeg', bytes: new Uint8Array(photo) };
  await prepareAttachment(file); // warm-up
  const times: number[] = [];
  let out = await prepareAttachment(file);
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    out = await prepareAttachment(file);
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({
    input: { width: 4000, height: 3000, bytes: photo.byteLength },
    output: { width: out.width, height: out.height, bytes: out.data.byteLength, thumbnailBytes: out.thumbnail?.byteLength },
    ms: { min: Math.round(times[0]!), median: Math.round(times[Math.floor(times.length / 2)]!), max: Math.round(times.at(-1)!) },
    runs, concurrency: sharp.concurrency(),
  }, null, 2));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
