'use client';

import { useCallback, useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { startImageUpload, UploadCanceled, type ImageUpload } from '@/lib/media/upload-client';
import { ACCEPTED_IMAGE_TYPES, altTextSchema, IMAGE_LIMITS, imageFileProblem, type MediaImage } from '@/lib/media/rules';
import { addImage, discardImage } from '../media-actions';

export interface AddedImage {
  url: string;
  width: number;
  height: number;
  alt: string;
}

type Step =
  | { step: 'idle' }
  | { step: 'uploading'; name: string; fraction: number }
  | { step: 'processing'; name: string }
  | { step: 'describe'; name: string; image: Omit<AddedImage, 'alt'> }
  | { step: 'failed'; message: string };

/**
 * Adding one image: the file is checked here (type, size), uploaded with a progress bar and a
 * cancel button, processed by the server (metadata stripped), and placed only once it has alt text.
 * `take` lets the owner hand in a file from elsewhere (a paste or drop on the editor).
 */
export function useImageAdder() {
  const [state, setState] = useState<Step>({ step: 'idle' });
  const upload = useRef<ImageUpload | null>(null);
  // Each file taken gets a number; answers for an earlier one (a second file was pasted while the
  // first was being prepared) are ignored.
  const turn = useRef(0);

  const take = useCallback(async (file: File) => {
    const mine = ++turn.current;
    const problem = imageFileProblem(file);
    if (problem) {
      upload.current?.cancel();
      setState({ step: 'failed', message: problem });
      return;
    }
    upload.current?.cancel();
    setState({ step: 'uploading', name: file.name, fraction: 0 });
    const current = startImageUpload(file, (fraction) =>
      setState((before) => (before.step === 'uploading' && upload.current === current ? { ...before, fraction } : before)),
    );
    upload.current = current;
    let path: string;
    try {
      path = await current.result;
    } catch (error) {
      if (upload.current !== current) return; // replaced by a newer file
      upload.current = null;
      setState(error instanceof UploadCanceled ? { step: 'idle' } : { step: 'failed', message: `The upload of “${file.name}” failed: ${String(error)}` });
      return;
    }
    if (upload.current !== current) return;
    upload.current = null;
    setState({ step: 'processing', name: file.name });
    const added = await addImage(path).catch(() => ({ ok: false as const, message: 'The server did not answer. Try again in a moment.' }));
    if (mine !== turn.current) {
      if (added.ok) void discardImage(added.image.url); // superseded before it could be placed
      return;
    }
    setState(added.ok ? { step: 'describe', name: file.name, image: added.image } : { step: 'failed', message: added.message });
  }, []);

  const cancel = useCallback(() => {
    upload.current?.cancel();
  }, []);

  const reset = useCallback(() => {
    turn.current += 1;
    setState({ step: 'idle' });
  }, []);

  // Leaving the page mid-upload stops it rather than finishing in the background.
  useEffect(() => () => upload.current?.cancel(), []);

  return { state, take, cancel, reset };
}

export type ImageAdderState = ReturnType<typeof useImageAdder>;

/**
 * The controls for one image slot: a file picker, then progress, then alt text. `placeLabel` names
 * what happens on confirm ("Insert image", "Use as cover").
 */
export function ImageAdder({
  adder,
  name,
  pickLabel,
  placeLabel,
  fixedAlt,
  onPlace,
}: {
  adder: ImageAdderState;
  /** Names the group for assistive technology (and tests): "Body image", "Cover image". */
  name: string;
  pickLabel: string;
  placeLabel: string;
  /** The alt text when it follows from context (an avatar is its author's name): no alt field then. */
  fixedAlt?: string;
  onPlace: (image: AddedImage) => void;
}) {
  const id = useId();
  // The picker disappears once a file is taken: focus follows to what the author does next
  // (Cancel while it uploads, then the alt text, or the confirm button when there is none).
  const next = useRef<HTMLInputElement & HTMLButtonElement>(null);
  const step = adder.state.step;
  useEffect(() => {
    if (step === 'uploading' || step === 'describe') next.current?.focus();
  }, [step]);
  const [alt, setAlt] = useState('');
  const [altError, setAltError] = useState<string | null>(null);
  const { state } = adder;

  const place = () => {
    if (state.step !== 'describe') return;
    if (fixedAlt !== undefined) {
      onPlace({ ...state.image, alt: fixedAlt });
      adder.reset();
      return;
    }
    const valid = altTextSchema.safeParse(alt);
    if (!valid.success) {
      setAltError(valid.error.issues[0]?.message ?? 'Describe the image.');
      return;
    }
    onPlace({ ...state.image, alt: valid.data });
    setAlt('');
    setAltError(null);
    adder.reset();
  };

  const discard = () => {
    if (state.step === 'describe') void discardImage(state.image.url);
    setAlt('');
    setAltError(null);
    adder.reset();
  };

  return (
    <div className="image-adder" role="group" aria-label={name}>
      {state.step === 'idle' || state.step === 'failed' ? (
        <div className="image-pick">
          <input
            id={`${id}-file`}
            className="file-input"
            type="file"
            accept={ACCEPTED_IMAGE_TYPES}
            aria-describedby={`${id}-hint`}
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = ''; // choosing the same file again still fires
              if (file) void adder.take(file);
            }}
          />
          {/* The input is hidden (its own button cannot be styled); its label looks like a button and shows its focus. */}
          <label className="button secondary" htmlFor={`${id}-file`}>
            {pickLabel}
          </label>
          <span className="hint" id={`${id}-hint`}>
            JPEG, PNG, WebP, AVIF or GIF, up to {IMAGE_LIMITS.bytes / (1024 * 1024)} MB. Location and camera details are removed.
          </span>
        </div>
      ) : null}
      {state.step === 'failed' ? (
        <p className="error" role="alert">
          {state.message}
        </p>
      ) : null}
      {state.step === 'uploading' ? (
        <div className="image-progress">
          <label htmlFor={`${id}-progress`}>Uploading {state.name}</label>
          <progress id={`${id}-progress`} max={1} value={state.fraction}>
            {Math.round(state.fraction * 100)}%
          </progress>
          <span aria-hidden="true">{Math.round(state.fraction * 100)}%</span>
          <button type="button" className="secondary" onClick={adder.cancel} ref={next}>
            Cancel upload
          </button>
        </div>
      ) : null}
      {state.step === 'processing' ? (
        <p className="meta" role="status">
          Preparing {state.name}…
        </p>
      ) : null}
      {state.step === 'describe' ? (
        <div className="image-describe">
          {/* The studio shows the processed original; visitors get resized versions. */}
          {/* eslint-disable-next-line @next/next/no-img-element */}
          <img src={state.image.url} alt="" width={state.image.width} height={state.image.height} className="image-thumb" />
          {fixedAlt === undefined ? (
            <div className="field">
              <label htmlFor={`${id}-alt`}>Alt text</label>
              <input
                id={`${id}-alt`}
                ref={next}
                value={alt}
                maxLength={IMAGE_LIMITS.alt + 20}
                aria-invalid={Boolean(altError)}
                aria-describedby={altError ? `${id}-alt-error` : `${id}-alt-hint`}
                onChange={(event) => setAlt(event.target.value)}
                onKeyDown={(event) => {
                  if (event.key === 'Enter') {
                    event.preventDefault();
                    place();
                  }
                }}
              />
              <p className="hint" id={`${id}-alt-hint`}>
                What the image shows, for readers who cannot see it.
              </p>
              {altError ? (
                <p className="error" id={`${id}-alt-error`} role="alert">
                  {altError}
                </p>
              ) : null}
            </div>
          ) : null}
          <div className="actions">
            <button type="button" onClick={place} ref={fixedAlt === undefined ? undefined : next}>
              {placeLabel}
            </button>
            <button type="button" className="secondary" onClick={discard}>
              Discard image
            </button>
          </div>
        </div>
      ) : null}
    </div>
  );
}

/**
 * An image a form already holds (a cover, an avatar): the picture, what goes with it (`children`,
 * e.g. its alt-text field) and a button that takes it away.
 */
export function CurrentImage({
  image,
  alt,
  className,
  imageClassName,
  removeLabel,
  onRemove,
  children,
}: {
  image: Pick<MediaImage, 'url' | 'width' | 'height'>;
  alt: string;
  className: string;
  imageClassName: string;
  removeLabel: string;
  onRemove: () => void;
  children?: ReactNode;
}) {
  return (
    <div className={className}>
      {/* eslint-disable-next-line @next/next/no-img-element -- the studio shows the stored image; visitors get resized versions */}
      <img src={image.url} alt={alt} width={image.width} height={image.height} className={imageClassName} />
      {children}
      <button type="button" className="secondary" onClick={onRemove}>
        {removeLabel}
      </button>
    </div>
  );
}
