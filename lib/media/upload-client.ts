import { isCancelError, uploadData } from 'aws-amplify/storage';
import { storageEndpoint } from './endpoint';
import { randomImageName, uploadPath } from './rules';

/** The browser's half of adding an image: the raw file goes to the author's private upload folder. */

export interface ImageUpload {
  /** Resolves with the upload's storage path; rejects with UploadCanceled if cancelled. */
  result: Promise<string>;
  cancel(): void;
}

export class UploadCanceled extends Error {}

/**
 * Uploads `file` with aws-amplify's uploadData (multipart above 5 MB), reporting progress as a
 * fraction. The path is built from the caller's identity-pool id, so storage's per-identity rule
 * is what keeps authors apart.
 */
export function startImageUpload(file: File, onProgress: (fraction: number) => void): ImageUpload {
  const name = randomImageName();
  const task = uploadData({
    path: ({ identityId }) => uploadPath(identityId ?? 'unknown', name),
    data: file,
    options: {
      contentType: file.type,
      onProgress: ({ transferredBytes, totalBytes }) => onProgress(totalBytes ? transferredBytes / totalBytes : 0),
      // aws-amplify types `customEndpoint` only internally, though every Storage call reads it.
      ...(storageEndpoint() as object),
    },
  });
  const result = task.result.then(
    (item) => item.path,
    (error: unknown) => {
      throw isCancelError(error) ? new UploadCanceled('The upload was cancelled.') : error;
    },
  );
  return { result, cancel: () => task.cancel() };
}
