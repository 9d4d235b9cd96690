/** A value made on first use, not at load: what start-up need not pay for, it does not. */
export const lazy = <T>(make: () => T) => {
  let made: { value: T } | undefined;
  return (): T => (made ??= { value: make() }).value;
};
