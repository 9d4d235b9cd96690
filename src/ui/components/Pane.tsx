import { Box } from 'ink';
import type { ReactNode } from 'react';

interface PaneProps {
  width: number;
  height: number;
  paddingX?: number;
  children: ReactNode;
}

/**
 * A column of a fixed size, its content cut off at the bottom. Not at the sides: Ink
 * already wraps or truncates text to the box, and a box that cuts sideways has Ink slice
 * every line in it again on every frame.
 */
export function Pane({ width, height, paddingX, children }: PaneProps) {
  return (
    <Box
      flexDirection="column"
      width={width}
      height={height}
      paddingX={paddingX}
      overflowY="hidden"
    >
      {children}
    </Box>
  );
}
