import { Typography } from '@mantine/core';
import ReactMarkdown from 'react-markdown';
import remarkGfm from 'remark-gfm';

/**
 * Renders user-written markdown (descriptions, notes, findings). Raw HTML in the source is shown as text, never
 * parsed, so nothing a user types can inject markup; links open in a new tab without handing over the opener.
 */
export function Markdown({
  source,
  empty = 'Nothing written yet.',
}: {
  source: string | null | undefined;
  empty?: string;
}) {
  if (!source?.trim()) {
    return (
      <p className="cc-markdown-empty" style={{ color: 'var(--mantine-color-dimmed)', margin: 0 }}>
        {empty}
      </p>
    );
  }
  return (
    <Typography className="cc-markdown">
      <ReactMarkdown
        remarkPlugins={[remarkGfm]}
        skipHtml
        components={{
          a: ({ node: _node, ...props }) => <a {...props} target="_blank" rel="noopener noreferrer" />,
        }}
      >
        {source}
      </ReactMarkdown>
    </Typography>
  );
}
