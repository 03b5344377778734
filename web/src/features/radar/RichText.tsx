import { Typography } from '@mantine/core';
import { createElement, Fragment, type ReactNode, useMemo } from 'react';
import { Markdown } from '../../components/Markdown';
import { looksLikeHtml, parseRichHtml, type RichNode } from './rich-text';

function render(nodes: RichNode[], prefix: string): ReactNode[] {
  return nodes.map((node, index) => {
    const key = `${prefix}${index}`;
    if (typeof node === 'string') return <Fragment key={key}>{node}</Fragment>;
    if (node.tag === 'br') return <br key={key} />;
    if (node.tag === 'a') {
      return (
        <a key={key} href={node.href} target="_blank" rel="noopener noreferrer">
          {render(node.children, `${key}.`)}
        </a>
      );
    }
    return createElement(node.tag, { key }, ...render(node.children, `${key}.`));
  });
}

/** Sanitised HTML (an imported write-up) as React elements: only the allow-list of rich-text.ts survives. */
function Html({ source }: { source: string }) {
  const nodes = useMemo(() => parseRichHtml(source), [source]);
  return <Typography className="cc-markdown">{render(nodes, '')}</Typography>;
}

/**
 * A technology's write-up, whichever way it came: HTML from an import (sanitised again here) or markdown typed in the
 * app (through Markdown, which drops raw HTML).
 */
export function RichText({ source, empty }: { source: string | null | undefined; empty?: string }) {
  if (source?.trim() && looksLikeHtml(source)) return <Html source={source} />;
  return <Markdown source={source} {...(empty === undefined ? {} : { empty })} />;
}
