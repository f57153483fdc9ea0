/**
 * The browser's storage endpoint option (the offline backend's local S3; empty for AWS), kept apart
 * from the upload code so that pages which only configure it do not load aws-amplify's Storage.
 */
let endpoint: { customEndpoint?: string } = {};

export function setStorageEndpoint(options: { customEndpoint?: string }): void {
  endpoint = options;
}

export function storageEndpoint(): { customEndpoint?: string } {
  return endpoint;
}
