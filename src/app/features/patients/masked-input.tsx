import { useLayoutEffect, useRef, type InputHTMLAttributes } from 'react';
import type { CountryCode } from 'libphonenumber-js';
import { maskedEdit, type MaskKind } from './input-masks.ts';

type Props = Omit<InputHTMLAttributes<HTMLInputElement>, 'value' | 'onChange'> & {
  readonly mask: MaskKind;
  readonly region: CountryCode;
  readonly value: string;
  readonly onValue: (value: string) => void;
};

/** A text input whose value goes through a mask at every keystroke, keeping the caret on its digit. */
export function MaskedInput({ mask, region, value, onValue, ...rest }: Props) {
  const input = useRef<HTMLInputElement>(null);
  const caret = useRef<number | null>(null);
  useLayoutEffect(() => {
    const element = input.current;
    if (element === null || caret.current === null || document.activeElement !== element) return;
    element.setSelectionRange(caret.current, caret.current);
    caret.current = null;
  });
  return (
    <input
      {...rest}
      ref={input}
      value={value}
      onChange={(event) => {
        const target = event.currentTarget;
        const edit = maskedEdit(
          mask,
          value,
          target.value,
          target.selectionStart ?? target.value.length,
          region,
        );
        caret.current = edit.caret;
        onValue(edit.value);
      }}
    />
  );
}
