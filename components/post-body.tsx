/**
 * Renders a post body as plain paragraphs. React escapes every character, so no markup an
 * author writes can run; the full markdown pipeline (remark/rehype with sanitize) replaces
 * this renderer in the visitor-experience work.
 */
export function PostBody({ markdown }: { markdown: string }) {
  const paragraphs = markdown
    .replace(/\r\n/g, '\n')
    .split(/\n{2,}/)
    .map((block) => block.trim())
    .filter(Boolean);
  return (
    <div className="post-body">
      {paragraphs.map((paragraph, index) => (
        <p key={index}>{paragraph}</p>
      ))}
    </div>
  );
}
