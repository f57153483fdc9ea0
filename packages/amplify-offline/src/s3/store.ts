import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../cognito/persistence';

/** What S3 keeps about an object besides its bytes. */
export interface ObjectMeta {
  key: string;
  size: number;
  /** Quoted, as S3 sends it: the MD5 of the bytes, or of the parts' MD5s plus `-<parts>` after a multipart upload. */
  etag: string;
  lastModified: number;
  /** content-type, cache-control, content-disposition, content-encoding and x-amz-meta-* as stored. */
  headers: Record<string, string>;
}

interface UploadMeta {
  uploadId: string;
  key: string;
  headers: Record<string, string>;
  initiated: number;
}

export interface PartMeta {
  partNumber: number;
  etag: string;
  size: number;
}

const md5 = (bytes: Buffer) => createHash('md5').update(bytes).digest();
const fileId = (key: string) => createHash('sha256').update(key).digest('hex');

/**
 * One bucket's objects on disk under `<data>/s3/<bucket>`: each object's bytes and a JSON record of
 * its metadata, written atomically (a crash never leaves a half object); multipart uploads keep
 * their parts until completed or aborted. An in-memory index answers listings.
 */
export class BucketStore {
  private readonly index = new Map<string, ObjectMeta>();
  private readonly objects: string;
  private readonly uploads: string;

  constructor(directory: string) {
    this.objects = join(directory, 'objects');
    this.uploads = join(directory, 'uploads');
    mkdirSync(this.objects, { recursive: true });
    mkdirSync(this.uploads, { recursive: true });
    for (const name of readdirSync(this.objects)) {
      if (!name.endsWith('.json')) continue;
      const meta = JSON.parse(readFileSync(join(this.objects, name), 'utf8')) as ObjectMeta;
      if (existsSync(join(this.objects, fileId(meta.key)))) this.index.set(meta.key, meta);
    }
  }

  head(key: string): ObjectMeta | undefined {
    return this.index.get(key);
  }

  read(key: string): { meta: ObjectMeta; bytes: Buffer } | undefined {
    const meta = this.index.get(key);
    if (!meta) return undefined;
    return { meta, bytes: readFileSync(join(this.objects, fileId(key))) };
  }

  put(key: string, bytes: Buffer, headers: Record<string, string>, etag = `"${md5(bytes).toString('hex')}"`): ObjectMeta {
    const meta: ObjectMeta = { key, size: bytes.length, etag, lastModified: Date.now(), headers };
    const id = fileId(key);
    writeFileAtomic(join(this.objects, id), bytes);
    writeFileAtomic(join(this.objects, `${id}.json`), JSON.stringify(meta));
    this.index.set(key, meta);
    return meta;
  }

  delete(key: string): void {
    const id = fileId(key);
    rmSync(join(this.objects, `${id}.json`), { force: true });
    rmSync(join(this.objects, id), { force: true });
    this.index.delete(key);
  }

  /** Every key in order (S3 lists in UTF-8 binary order). */
  keys(): string[] {
    return [...this.index.keys()].sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
  }

  createUpload(key: string, headers: Record<string, string>): string {
    const uploadId = randomBytes(24).toString('base64url');
    const meta: UploadMeta = { uploadId, key, headers, initiated: Date.now() };
    mkdirSync(join(this.uploads, uploadId), { recursive: true });
    writeFileAtomic(join(this.uploads, uploadId, 'upload.json'), JSON.stringify(meta));
    return uploadId;
  }

  upload(uploadId: string, key: string): UploadMeta | undefined {
    if (!/^[A-Za-z0-9_-]{32}$/.test(uploadId)) return undefined;
    const file = join(this.uploads, uploadId, 'upload.json');
    if (!existsSync(file)) return undefined;
    const meta = JSON.parse(readFileSync(file, 'utf8')) as UploadMeta;
    return meta.key === key ? meta : undefined;
  }

  putPart(uploadId: string, partNumber: number, bytes: Buffer): PartMeta {
    const part: PartMeta = { partNumber, etag: `"${md5(bytes).toString('hex')}"`, size: bytes.length };
    writeFileAtomic(join(this.uploads, uploadId, `part-${partNumber}`), bytes);
    writeFileAtomic(join(this.uploads, uploadId, `part-${partNumber}.json`), JSON.stringify(part));
    return part;
  }

  parts(uploadId: string): PartMeta[] {
    return readdirSync(join(this.uploads, uploadId))
      .filter((name) => /^part-\d+\.json$/.test(name))
      .map((name) => JSON.parse(readFileSync(join(this.uploads, uploadId, name), 'utf8')) as PartMeta)
      .sort((a, b) => a.partNumber - b.partNumber);
  }

  /** Joins the chosen parts into the object; S3's multipart ETag is the MD5 of the parts' MD5s, then `-<count>`. */
  complete(upload: UploadMeta, chosen: PartMeta[]): ObjectMeta {
    const bytes = Buffer.concat(chosen.map((part) => readFileSync(join(this.uploads, upload.uploadId, `part-${part.partNumber}`))));
    const digests = Buffer.concat(chosen.map((part) => Buffer.from(part.etag.replace(/"/g, ''), 'hex')));
    const meta = this.put(upload.key, bytes, upload.headers, `"${md5(digests).toString('hex')}-${chosen.length}"`);
    this.abort(upload.uploadId);
    return meta;
  }

  abort(uploadId: string): void {
    rmSync(join(this.uploads, uploadId), { recursive: true, force: true });
  }
}
