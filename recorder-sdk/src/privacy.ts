// What rrweb masks and leaves out before anything is serialized (README.md, "Privacy").
import { BLOCK_CLASS, BLOCK_SELECTOR, IGNORE_SELECTOR, MASKED_TEXT_SELECTOR } from './constants';

/**
 * Every input whose value rrweb records, masked whatever the settings. rrweb's `maskAllInputs: true`
 * would replace this list by its own, which leaves out hidden inputs (CSRF tokens, ids the visitor
 * never sees) and file inputs (the chosen file's name).
 */
const MASK_INPUT_OPTIONS = {
  color: true,
  date: true,
  'datetime-local': true,
  email: true,
  file: true,
  hidden: true,
  month: true,
  number: true,
  password: true,
  range: true,
  search: true,
  select: true,
  tel: true,
  text: true,
  textarea: true,
  time: true,
  url: true,
  week: true,
};

/**
 * rrweb's masking options: every input value; marked text and, since the visitor types it like an
 * input's value, the text of contenteditable elements; all text with `maskAllText`.
 */
export function privacyOptions(maskAllText: boolean) {
  return {
    maskAllInputs: false,
    maskInputOptions: MASK_INPUT_OPTIONS,
    blockClass: BLOCK_CLASS,
    blockSelector: BLOCK_SELECTOR,
    ignoreClass: 'rewind-ignore',
    ignoreSelector: IGNORE_SELECTOR,
    maskTextClass: 'rewind-mask',
    maskTextSelector: maskAllText ? '*' : MASKED_TEXT_SELECTOR,
  };
}
