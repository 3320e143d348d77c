/**
 * Text every store can hold: no NUL character and no unpaired surrogate (PostgreSQL refuses both in `jsonb`
 * and `text`; a lone surrogate is not valid Unicode either). Checked where text enters the library, so a
 * record the engine accepted can always be saved.
 */
export const STORABLE_TEXT = /^(?:[^\0\uD800-\uDFFF]|[\uD800-\uDBFF][\uDC00-\uDFFF])*$/;

/** What a refusal of {@link STORABLE_TEXT} says. */
export const NOT_STORABLE = 'must not contain a NUL character or an unpaired surrogate';

/** Whether a text can be stored (see {@link STORABLE_TEXT}). */
export const isStorableText = (text: string): boolean => STORABLE_TEXT.test(text);
